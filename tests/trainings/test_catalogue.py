from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.projects.caching import memory_cache  # noqa: F401 (a fixture)
from tests.trainings.factories import RegistrationFactory, SessionFactory, TrainingFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("memory_cache")]

URL = reverse("trainings:catalogue")


def titles(response) -> set[str]:
    return {s.training.title for s in response.context["page"]}


@pytest.fixture
def sample(martinique):
    now = timezone.now()
    SessionFactory(training=TrainingFactory(title="Dossier FCR", themes=["local-governance"]))
    SessionFactory(
        training=TrainingFactory(
            title="Travailler en anglais", territory=martinique, format="online", themes=["digital"]
        ),
        starts_at=now + timedelta(days=40),
        ends_at=now + timedelta(days=40, hours=3),
        registration_deadline=now + timedelta(days=38),
    )
    SessionFactory(
        training=TrainingFactory(title="Session passée"),
        starts_at=now - timedelta(days=30),
        ends_at=now - timedelta(days=30) + timedelta(hours=3),
        registration_deadline=now - timedelta(days=32),
    )
    SessionFactory(training=TrainingFactory(title="Brouillon", status="draft"))


def test_the_catalogue_lists_coming_sessions_of_published_trainings(client, sample):
    assert titles(client.get(URL)) == {"Dossier FCR", "Travailler en anglais"}


def test_the_archive_lists_past_sessions(client, sample):
    assert titles(client.get(reverse("trainings:archive"))) == {"Session passée"}


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"territory": "martinique"}, {"Travailler en anglais"}),
        ({"territory": "guadeloupe"}, {"Dossier FCR"}),
        ({"theme": "local-governance"}, {"Dossier FCR"}),
        ({"format": "online"}, {"Travailler en anglais"}),
    ],
)
def test_each_filter_is_a_get_parameter(client, sample, params, expected):
    assert titles(client.get(URL, params)) == expected


def test_the_month_filter_keeps_the_sessions_of_that_month(client, sample):
    month = (timezone.now() + timedelta(days=40)).strftime("%Y-%m")
    assert "Travailler en anglais" in titles(client.get(URL, {"month": month}))
    assert titles(client.get(URL, {"month": "2001-01"})) == set()


@pytest.mark.parametrize("count", [2, 25])
def test_the_number_of_queries_does_not_grow_with_the_sessions(
    client, territories, count, django_assert_max_num_queries
):
    for _n in range(count):
        session = SessionFactory()
        RegistrationFactory(session=session)
    # The count, the page, its trainings' themes, its seats, the filters' territories and
    # themes; the networks of the header.
    for page in (1, 2):
        with django_assert_max_num_queries(7):
            response = client.get(URL, {"page": page})
        assert response.status_code == 200
        assert f"{count} sessions" in response.text
        assert "1 places prises sur 10" in response.text
    with django_assert_max_num_queries(8):
        response = client.get(URL, {"theme": "local-governance"})
    assert response.status_code == 200
    assert f"{count} sessions" in response.text
    with django_assert_max_num_queries(10):
        response = client.get(session.training.get_absolute_url())
    assert response.status_code == 200
    assert session.training.title in response.text


@pytest.mark.parametrize("count", [2, 25])
def test_the_archive_reads_a_constant_number_of_queries(
    client, territories, count, django_assert_max_num_queries
):
    now = timezone.now()
    for n in range(count):
        starts = now - timedelta(days=10 + n)
        RegistrationFactory(
            session=SessionFactory(
                starts_at=starts,
                ends_at=starts + timedelta(hours=3),
                registration_deadline=starts - timedelta(days=1),
            ),
            status="attended",
        )
    with django_assert_max_num_queries(6):  # 1: the networks of the header
        response = client.get(reverse("trainings:archive"), {"page": 2})
    assert response.status_code == 200
    assert f"{count} sessions" in response.text
    starts = [s.starts_at for s in response.context["page"]]
    assert starts == sorted(starts, reverse=True), "the latest first"


def test_each_session_says_its_seats_taken_and_its_waiting_list(client, territories):
    full = SessionFactory(capacity=2, training=TrainingFactory(title="Complète"))
    for status in ("confirmed", "attended", "waitlisted", "cancelled", "pending"):
        RegistrationFactory(session=full, status=status)
    open_session = SessionFactory(capacity=10, training=TrainingFactory(title="Ouverte"))
    RegistrationFactory(session=open_session, status="confirmed")
    RegistrationFactory(session=open_session, status="cancelled")
    SessionFactory(capacity=5, training=TrainingFactory(title="Vide"))
    response = client.get(URL)
    seats = {
        s.training.title: (s.confirmed_count, s.waitlist_count) for s in response.context["page"]
    }
    assert seats == {"Complète": (2, 1), "Ouverte": (1, 0), "Vide": (0, 0)}
    assert "Complet — 1 personne en liste d’attente" in response.text
    assert "1 places prises sur 10" in response.text
    assert "0 places prises sur 5" in response.text
