"""The missions' rules, as the model and the database keep them."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation

from missions.models import Mission, Obstacle
from tests.missions.factories import MissionFactory, ObstacleFactory
from tests.projects.factories import ProjectFactory

pytestmark = pytest.mark.django_db


def test_a_mission_cannot_end_before_it_starts(territories):
    mission = MissionFactory.build(
        organisation=MissionFactory().organisation,
        start_date=date(2026, 3, 10),
        end_date=date(2026, 3, 9),
    )
    with pytest.raises(ValidationError) as error:
        mission.full_clean()
    assert "end_date" in error.value.message_dict
    with pytest.raises(IntegrityError), transaction.atomic():
        mission.save()


def test_a_mission_has_at_least_one_participant(territories):
    mission = MissionFactory()
    mission.participants = 0
    with pytest.raises(ValidationError) as error:
        mission.full_clean()
    assert "participants" in error.value.message_dict
    with pytest.raises(IntegrityError), transaction.atomic():
        Mission.objects.filter(pk=mission.pk).update(participants=0)


def test_dates_beyond_the_portal_range_are_refused(territories):
    mission = MissionFactory.build(
        organisation=MissionFactory().organisation,
        start_date=date(1900, 1, 1),
        end_date=date(1900, 1, 2),
    )
    with pytest.raises(ValidationError) as error:
        mission.full_clean()
    assert "start_date" in error.value.message_dict
    with pytest.raises(IntegrityError), transaction.atomic():
        mission.save()


def test_the_project_of_a_mission_is_one_of_its_organisations(territories):
    mission = MissionFactory()
    mission.project = ProjectFactory()  # led by another organisation
    with pytest.raises(ValidationError) as error:
        mission.full_clean()
    assert "project" in error.value.message_dict
    mission.project = ProjectFactory(lead=mission.organisation)
    mission.full_clean()


def test_an_unknown_kind_of_obstacle_is_refused_by_the_database(territories):
    obstacle = ObstacleFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Obstacle.objects.filter(pk=obstacle.pk).update(kind="made-up")


def test_a_mission_is_named_by_its_direction_and_country(territories):
    with translation.override("en"):
        assert MissionFactory().title == "Mission to Haiti"
        incoming = MissionFactory(direction=Mission.Direction.INCOMING)
        assert incoming.title == "Delegation from Haiti"


def test_deleting_a_mission_deletes_its_obstacles(territories):
    obstacle = ObstacleFactory()
    obstacle.mission.delete()
    assert not Obstacle.objects.exists()
