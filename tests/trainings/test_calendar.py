from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from icalendar import Calendar

from tests.members.factories import OrganisationFactory, member_of
from tests.trainings.factories import RegistrationFactory, SessionFactory, TrainingFactory

pytestmark = pytest.mark.django_db


def events(response):
    calendar = Calendar.from_ical(response.content)
    return list(calendar.walk("VEVENT"))


def test_a_9_am_session_in_martinique_is_13_00_utc_in_the_feed(client, martinique):
    start = datetime(2027, 3, 10, 9, 0, tzinfo=ZoneInfo("America/Martinique"))
    SessionFactory(
        training=TrainingFactory(title="Gestion financière", territory=martinique),
        starts_at=start,
        ends_at=start.replace(hour=12),
        registration_deadline=start.replace(day=8),
    )
    response = client.get(reverse("trainings:feed"))
    assert response["Content-Type"].startswith("text/calendar")
    (event,) = events(response)
    assert str(event["summary"]) == "Gestion financière"
    assert event.decoded("dtstart") == datetime(2027, 3, 10, 13, 0, tzinfo=UTC)
    assert event.decoded("dtend") == datetime(2027, 3, 10, 16, 0, tzinfo=UTC)


def test_the_feed_holds_published_sessions_only_and_filters_by_territory(client, martinique):
    SessionFactory(training=TrainingFactory(title="Publiée Guadeloupe"))
    SessionFactory(training=TrainingFactory(title="Publiée Martinique", territory=martinique))
    SessionFactory(training=TrainingFactory(title="Brouillon", status="draft"))
    titles = {str(e["summary"]) for e in events(client.get(reverse("trainings:feed")))}
    assert titles == {"Publiée Guadeloupe", "Publiée Martinique"}
    url = reverse("trainings:territory_feed", args=["martinique"])
    assert {str(e["summary"]) for e in events(client.get(url))} == {"Publiée Martinique"}


def test_the_online_link_goes_only_to_confirmed_participants(client, territories):
    session = SessionFactory(online_url="https://visio.example/salle-42")
    url = reverse("trainings:session_ics", args=[session.pk])
    assert "salle-42" not in client.get(url).content.decode()
    organisation = OrganisationFactory()
    participant = member_of(organisation)
    RegistrationFactory(session=session, user=participant, organisation=organisation)
    client.force_login(participant)
    assert "salle-42" in client.get(url).content.decode()
    detail = client.get(session.training.get_absolute_url()).text
    assert "https://visio.example/salle-42" in detail
    client.logout()
    assert "salle-42" not in client.get(session.training.get_absolute_url()).text
