"""Sessions at ASVS level 2 (rrma/sessions.py): an inactivity timeout, shorter for privileged
roles, an absolute lifetime, re-authentication before changing an email address, the list of
one's sessions, `Cache-Control: no-store` on non-public pages, two-factor offered to all."""

import time

import pytest
from allauth.account.models import EmailAddress
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse

from members.models import Invitation
from rrma import sessions
from tests.members import factories
from tests.members.factories import PASSWORD, OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db

HOUR = 3600


class Clock:
    def __init__(self):
        self.now = time.time()

    def __call__(self):
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
def clock(monkeypatch):
    clock = Clock()
    monkeypatch.setattr(sessions, "clock", clock)
    return clock


def log_in(client, user, *, remember=True):
    """Through allauth's login form, as people log in (members have no two-factor)."""
    data = {"login": user.email, "password": PASSWORD}
    if remember:
        data["remember"] = "on"
    response = client.post(reverse("account_login"), data, HTTP_USER_AGENT="Firefox/140.0")
    assert response.status_code == 302
    assert response["Location"] == reverse("dashboard")
    # The browser follows the redirection: the first request of the login.
    assert client.get(response["Location"]).status_code == 200


def is_logged_in(client) -> bool:
    return client.get(reverse("members:account")).status_code == 200


def messages_of(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def test_a_member_idle_for_more_than_two_hours_is_logged_out_and_told_why(client, clock):
    log_in(client, UserFactory())
    clock.advance(2 * HOUR + 60)
    response = client.get(reverse("members:account"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert messages_of(response)[-1] == (
        "Vous avez été déconnecté·e après 2\u00a0heures sans activité\u00a0: veuillez vous "
        "reconnecter."
    )
    assert not is_logged_in(client)


def test_a_member_active_at_least_every_two_hours_stays_logged_in(client, clock):
    log_in(client, UserFactory())
    for _ in range(3):
        clock.advance(2 * HOUR - 60)
        assert is_logged_in(client)


@pytest.mark.parametrize(
    "make",
    [
        lambda: factories.coordinator(factories.Territory.objects.get(slug="guadeloupe")),
        factories.state_services,
        factories.site_admin,
    ],
    ids=["coordinator", "state", "site_admin"],
)
def test_privileged_roles_are_logged_out_after_thirty_minutes_without_activity(
    client, clock, territories, make
):
    client.force_login(make())
    clock.advance(29 * 60)
    assert is_logged_in(client)
    clock.advance(31 * 60)
    response = client.get(reverse("members:account"))
    assert response.status_code == 302
    assert "30\u00a0minutes sans activité" in messages_of(response)[-1]


def test_a_member_stays_logged_in_after_thirty_minutes(client, clock):
    client.force_login(UserFactory())
    clock.advance(45 * 60)
    assert is_logged_in(client)


def test_a_login_lasts_twelve_hours_at_most_however_active(client, clock):
    log_in(client, UserFactory())
    for _ in range(11):
        clock.advance(HOUR)
        assert is_logged_in(client)
    clock.advance(HOUR + 60)
    response = client.get(reverse("dashboard"))
    assert response.status_code == 302
    assert "une connexion dure au plus 12\u00a0heures" in messages_of(response)[-1]
    assert not is_logged_in(client)


def test_an_expired_login_on_a_public_page_shows_the_page_to_a_visitor(client, clock):
    log_in(client, UserFactory())
    clock.advance(3 * HOUR)
    response = client.get(reverse("home"))
    assert response.status_code == 200
    assert not response.wsgi_request.user.is_authenticated
    assert "sans activité" in response.text


def test_the_stored_session_and_its_cookie_expire_with_inactivity(client, territories):
    log_in(client, UserFactory())
    assert client.session.get_expiry_age() == 2 * HOUR
    assert client.cookies["sessionid"]["max-age"] == 2 * HOUR
    other = Client()
    other.force_login(factories.state_services())
    other.get(reverse("dashboard"))
    assert other.session.get_expiry_age() == 30 * 60


def test_a_login_not_remembered_still_ends_when_the_browser_closes(client):
    log_in(client, UserFactory(), remember=False)
    assert client.session.get_expire_at_browser_close()
    assert client.cookies["sessionid"]["max-age"] == ""


def test_the_last_activity_is_written_at_most_once_a_minute(client, clock):
    log_in(client, UserFactory())
    first = client.session[sessions.LAST_SEEN]
    clock.advance(30)
    client.get(reverse("members:account"))
    assert client.session[sessions.LAST_SEEN] == first
    clock.advance(40)
    client.get(reverse("members:account"))
    assert client.session[sessions.LAST_SEEN] == first + 70


# Cache-Control: no-store


def cache_control(response) -> str:
    return response.headers.get("Cache-Control", "")


@pytest.mark.parametrize(
    "url",
    [
        reverse("dashboard"),
        reverse("members:account"),
        reverse("members:data_export"),
        reverse("home"),
        reverse("members:directory"),
        reverse("usersessions_list"),
    ],
)
def test_every_page_for_a_logged_in_person_says_no_store(client, member, url):
    client.force_login(member)
    response = client.get(url)
    assert response.status_code == 200
    assert "no-store" in cache_control(response)


@pytest.mark.parametrize("file_format", ["csv", "xlsx", "json"])
def test_census_exports_say_no_store(client, state_user, file_format):
    client.force_login(state_user)
    response = client.get(reverse("census_export", args=[file_format]))
    assert response.status_code == 200
    assert "no-store" in cache_control(response)


@pytest.mark.parametrize(
    "url", [reverse("home"), reverse("members:directory"), reverse("opendata")]
)
def test_public_pages_stay_cacheable_for_visitors(client, territories, url):
    response = client.get(url)
    assert response.status_code == 200
    assert "no-store" not in cache_control(response)


def test_account_pages_and_personal_links_say_no_store_to_visitors_too(client, territories):
    invitation = Invitation.objects.create(
        organisation=OrganisationFactory(), email="invited@example.org", role="editor"
    )
    for url in (
        reverse("account_login"),
        reverse("account_signup"),
        reverse("account_reset_password"),
        reverse("members:invitation", args=[invitation.token]),
    ):
        response = client.get(url)
        assert "no-store" in cache_control(response), url


# Re-authentication


def test_adding_an_email_address_asks_for_the_password_again(client, mailoutbox):
    person = UserFactory()
    log_in(client, person)
    add = {"email": "nouvelle.adresse@example.org", "action_add": ""}
    response = client.post(reverse("account_email"), add)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_reauthenticate"))
    assert not EmailAddress.objects.filter(email="nouvelle.adresse@example.org").exists()

    wrong = client.post(response["Location"], {"password": "not-my-password"})
    assert wrong.status_code == 200
    assert not EmailAddress.objects.filter(email="nouvelle.adresse@example.org").exists()

    resumed = client.post(response["Location"], {"password": PASSWORD}, follow=True)
    assert resumed.status_code == 200
    address = EmailAddress.objects.get(email="nouvelle.adresse@example.org")
    assert (address.user, address.verified) == (person, False)
    assert "nouvelle.adresse@example.org" in [m.to[0] for m in mailoutbox]


def test_changing_the_password_needs_the_current_one(client):
    person = UserFactory()
    log_in(client, person)
    new = "bambou cerf-volant lanterne marée"
    response = client.post(
        reverse("account_change_password"),
        {"oldpassword": "not-my-password", "password1": new, "password2": new},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["oldpassword"]
    person.refresh_from_db()
    assert person.check_password(PASSWORD)


# The list of one's sessions


def test_a_person_sees_their_sessions_and_logs_the_other_ones_out(client, member):
    laptop, phone = client, Client()
    log_in(laptop, member)
    log_in(phone, member)
    page = laptop.get(reverse("usersessions_list"))
    assert page.status_code == 200
    assert page.context["session_count"] == 2
    assert page.text.count("Firefox/140.0") == 4  # two rows: text and title
    assert "cette session" in page.text

    response = laptop.post(reverse("usersessions_list"))
    assert response.status_code == 302
    assert is_logged_in(laptop)
    assert not is_logged_in(phone)
    assert laptop.get(reverse("usersessions_list")).context["session_count"] == 1


def test_the_account_page_links_the_sessions_and_offers_two_factor_to_every_member(client, member):
    client.force_login(member)
    page = client.get(reverse("members:account"))
    assert f'href="{reverse("usersessions_list")}"' in page.text
    assert f'href="{reverse("mfa_index")}"' in page.text
    assert "Non activée (facultative)" in page.text
    two_factor = client.get(reverse("mfa_index"))
    assert two_factor.status_code == 200
    assert reverse("mfa_activate_totp") in two_factor.text
