"""Accounts through allauth: sign-up with mandatory verification, email login, no enumeration."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password
from django.core import mail
from django.urls import reverse

from members.models import User
from tests.members.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

GOOD_PASSWORD = "mangrove-and-coral-reef"


def signup(client, email, password=GOOD_PASSWORD):
    return client.post(
        reverse("account_signup"), {"email": email, "password1": password, "password2": password}
    )


def test_sign_up_sends_a_verification_email_and_refuses_login_until_verified(client):
    response = signup(client, "nouvelle@example.org")
    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    assert len(mail.outbox) == 1
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+/", mail.outbox[0].body).group(0)

    client.logout()
    login = client.post(
        reverse("account_login"), {"login": "nouvelle@example.org", "password": GOOD_PASSWORD}
    )
    assert login["Location"] == reverse("account_email_verification_sent")

    path = link.split("://", 1)[1].split("/", 1)[1]
    client.post("/" + path)
    assert EmailAddress.objects.get(email="nouvelle@example.org").verified
    login = client.post(
        reverse("account_login"), {"login": "NOUVELLE@example.org", "password": GOOD_PASSWORD}
    )
    assert login["Location"] == reverse("dashboard")


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("short-pass1", "au minimum 12 caractères"),
        ("123456789012345", "entièrement numérique"),
        ("password1234", "trop courant"),
    ],
)
def test_weak_passwords_are_refused_with_a_message_in_french(client, password, message):
    response = signup(client, "weak@example.org", password)
    assert response.status_code == 200
    assert message in response.text
    assert not User.objects.filter(email="weak@example.org").exists()


def test_sign_up_with_a_known_address_does_not_reveal_it(client):
    UserFactory(email="known@example.org")
    known = signup(client, "known@example.org")
    client.logout()
    unknown = signup(client, "unknown@example.org")
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]
    # The owner of the known address is told by email instead.
    assert [m.to for m in mail.outbox] == [["known@example.org"], ["unknown@example.org"]]


def test_password_reset_answers_the_same_for_known_and_unknown_addresses(client):
    UserFactory(email="known@example.org")
    url = reverse("account_reset_password")
    known = client.post(url, {"email": "known@example.org"})
    unknown = client.post(url, {"email": "nobody@example.org"})
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]


def test_failed_logins_are_rate_limited(client):
    user = UserFactory()
    for _ in range(5):
        client.post(reverse("account_login"), {"login": user.email, "password": "wrong" * 4})
    response = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert response.status_code in {200, 429}
    assert not response.wsgi_request.user.is_authenticated


def test_passwords_are_hashed_with_argon2_in_production(settings):
    from django.conf import settings as live

    assert live.PASSWORD_HASHERS  # the fixture replaced them; the module keeps the truth
    from rrma import settings as project

    assert project.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"
    settings.PASSWORD_HASHERS = project.PASSWORD_HASHERS
    assert make_password("mangrove-and-coral-reef").startswith("argon2$")


def test_log_out_is_a_post(client, member):
    client.force_login(member)
    client.post(reverse("account_logout"))
    assert client.get(reverse("members:account")).status_code == 302


def test_the_account_page_lists_roles_and_addresses(client, coordinator_gp):
    client.force_login(coordinator_gp)
    text = client.get(reverse("members:account")).text
    assert coordinator_gp.email in text
    assert "Coordination du réseau Guadeloupe" in text or "Guadeloupe" in text
