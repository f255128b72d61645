from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.trainings.factories import RegistrationFactory, SessionFactory, TrainingFactory

pytestmark = pytest.mark.django_db

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


@pytest.mark.parametrize("count", [2, 15])
def test_the_number_of_queries_does_not_grow_with_the_sessions(
    client, territories, count, django_assert_max_num_queries
):
    for _n in range(count):
        session = SessionFactory()
        RegistrationFactory(session=session)
    with django_assert_max_num_queries(8):
        response = client.get(URL)
    assert response.status_code == 200
    assert f"{count} sessions" in response.text
    with django_assert_max_num_queries(10):
        response = client.get(session.training.get_absolute_url())
    assert response.status_code == 200
    assert session.training.title in response.text
