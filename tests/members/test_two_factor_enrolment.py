import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from tests.members.factories import UserFactory, coordinator, site_admin, state_services

pytestmark = pytest.mark.django_db

ENROL = reverse("mfa_activate_totp")


def test_grant_role_sends_the_new_coordinator_to_enrolment_before_any_page(client, territories):
    user = UserFactory()
    client.force_login(user)
    assert client.get(reverse("members:account")).status_code == 200
    call_command(
        "grant_role", user.email, "coordinator", "--territory", "martinique", stdout=io.StringIO()
    )
    for url in [reverse("members:account"), reverse("home"), reverse("admin:index")]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"] == ENROL


@pytest.mark.parametrize("make", [state_services, site_admin])
def test_every_privileged_role_is_sent_to_enrolment(client, territories, make):
    client.force_login(make(two_factor=False))
    assert client.get(reverse("home"))["Location"] == ENROL


def test_the_enrolment_page_itself_and_log_out_stay_reachable(client, guadeloupe):
    client.force_login(coordinator(guadeloupe, two_factor=False))
    response = client.get(ENROL, follow=True)
    assert response.status_code == 200
    assert response.redirect_chain == [] or response.redirect_chain[-1][0] != ENROL
    assert client.post(reverse("account_logout")).status_code == 302


def test_once_enrolled_a_coordinator_reaches_every_page(client, guadeloupe):
    client.force_login(coordinator(guadeloupe, two_factor=True))
    assert client.get(reverse("members:account")).status_code == 200


def test_a_member_is_never_asked_to_enrol(client, member):
    client.force_login(member)
    assert client.get(reverse("members:account")).status_code == 200
