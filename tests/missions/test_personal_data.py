"""A mission's author is personal data: exported with their data, forgotten with their
account; the mission stays with its organisation."""

import json

import pytest
from django.urls import reverse

from missions.models import Mission
from tests.members.factories import PASSWORD, OrganisationFactory, member_of
from tests.missions.factories import MissionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def author(client, territories):
    organisation = OrganisationFactory()
    member_of(organisation, "admin")  # another admin: no hand-over needed
    user = member_of(organisation, "admin")
    MissionFactory(organisation=organisation, created_by=user, purpose="Atelier planted zq9")
    client.force_login(user)
    return user


def test_the_personal_data_export_includes_the_missions_recorded(client, author):
    response = client.get(reverse("members:data_export"))
    assert response.status_code == 200
    data = json.loads(response.content)
    (mission,) = data["missions.Mission.created_by"]
    assert mission["purpose"] == "Atelier planted zq9"
    assert mission["created_by"] == author.pk


def test_deleting_the_account_keeps_the_mission_without_its_author(client, author):
    response = client.post(reverse("members:account_delete"), {"password": PASSWORD})
    assert response.status_code == 302
    mission = Mission.objects.get()
    assert mission.created_by is None
    assert mission.purpose == "Atelier planted zq9"
