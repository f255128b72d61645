"""The demo's missions pass the form's checks (they are typed into it) and give the report
figures: missions of both territories, with and without obstacles."""

import pytest

from members.demo import load_demo_accounts
from members.demo_organisations import load_demo_organisations
from missions.demo import MISSIONS, load_demo_missions
from missions.models import Mission, Obstacle
from projects.demo import load_demo_projects

pytestmark = pytest.mark.django_db


def test_the_demo_missions_load_through_the_form(settings, territories):
    settings.DEBUG = True  # demo accounts need it
    accounts = {user.email: user for user in load_demo_accounts()}
    coordinators = {
        "guadeloupe": accounts["coordination.guadeloupe@rrma.example"],
        "martinique": accounts["coordination.martinique@rrma.example"],
    }
    admin = accounts["admin.asso@rrma.example"]
    load_demo_organisations(admin=admin, validator=coordinators)
    load_demo_projects()
    missions = load_demo_missions(admin=admin)
    assert len(missions) == Mission.objects.count() == len(MISSIONS)
    assert set(Mission.objects.values_list("organisation__territory__slug", flat=True)) == {
        "guadeloupe",
        "martinique",
    }
    assert Mission.objects.filter(obstacles__isnull=True).exists()
    assert Obstacle.objects.filter(mission__country="HT", kind="visa-refused").exists()
    assert Obstacle.objects.filter(mission__country="DM", kind="no-direct-transport").exists()
    assert Obstacle.objects.filter(mission__country="CU", kind="language").exists()
    # The demo admin recorded those of their organisations; nobody named a participant.
    assert Mission.objects.filter(created_by=admin).exists()
    assert not Mission.objects.filter(created_by__isnull=True).exists()
