from datetime import date

import factory

from members.models import Country
from missions.models import Mission, Obstacle
from tests.members.factories import OrganisationFactory


class MissionFactory(factory.django.DjangoModelFactory):
    """An outgoing mission of three people of a Guadeloupe organisation to Haiti, in March."""

    class Meta:
        model = Mission

    organisation = factory.SubFactory(OrganisationFactory)
    direction = Mission.Direction.OUTGOING
    country = factory.LazyFunction(lambda: Country.objects.get(code="HT"))
    start_date = factory.LazyFunction(lambda: date(date.today().year, 3, 2))
    end_date = factory.LazyAttribute(lambda m: m.start_date)
    purpose = "Rencontres avec les partenaires de Jacmel."
    participants = 3


class ObstacleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Obstacle

    mission = factory.SubFactory(MissionFactory)
    kind = Obstacle.Kind.VISA_REFUSED
    note = ""


def mission_with(*kinds: str, **kwargs) -> Mission:
    """A mission that met these obstacles (one of each, in order)."""
    mission = MissionFactory(**kwargs)
    for kind in kinds:
        ObstacleFactory(mission=mission, kind=kind)
    return mission
