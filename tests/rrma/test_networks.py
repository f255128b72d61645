"""Each network's public page: its members by kind, newest members, projects and coming
trainings, computed once for every visitor until something they show changes."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from members.models import Organisation, RoleGrant
from rrma.networks import LIST_SIZE, network_figures
from tests.members import factories
from tests.members.factories import OrganisationFactory
from tests.news.factories import PostFactory
from tests.projects.caching import memory_cache  # noqa: F401 (a fixture)
from tests.projects.factories import ProjectFactory
from tests.trainings.factories import SessionFactory, TrainingFactory
from toolbox.public_cache import public_cached

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("memory_cache")]

URL = reverse("network", args=["guadeloupe"])


def page(client):
    response = client.get(URL)
    assert response.status_code == 200
    return response


def test_the_page_shows_the_territory_s_public_data_only(client, guadeloupe, martinique):
    OrganisationFactory(territory=guadeloupe, name="Kaz Solidarité", kind="association")
    OrganisationFactory(territory=guadeloupe, kind="association")
    OrganisationFactory(territory=guadeloupe, kind="school")
    OrganisationFactory(territory=guadeloupe, name="En attente", status="pending")
    OrganisationFactory(territory=martinique, name="Madinina")
    kaz = Organisation.objects.get(name="Kaz Solidarité")
    ProjectFactory(lead=kaz, title="Jardins")
    ProjectFactory(lead=kaz, title="Brouillon", published=False)
    SessionFactory(training=TrainingFactory(title="Dossier FCR"))
    SessionFactory(training=TrainingFactory(title="Formation brouillon", status="draft"))
    response = page(client)
    assert response.context["total"] == 3
    assert [(row["code"], row["count"]) for row in response.context["by_kind"]] == [
        ("association", 2),
        ("school", 1),
    ]
    text = response.text
    for shown in (
        "Kaz Solidarité",
        "Jardins",
        "Dossier FCR",
        "?territory=guadeloupe&amp;kind=school",
    ):
        assert shown in text
    for hidden in ("En attente", "Madinina", "Brouillon", "Formation brouillon"):
        assert hidden not in text


def test_an_unknown_territory_is_a_404(client, territories):
    assert client.get(reverse("network", args=["corse"])).status_code == 404


@pytest.mark.parametrize("count", [1, 12])
def test_the_page_reads_a_constant_number_of_queries(
    client, guadeloupe, count, django_assert_max_num_queries
):
    for n in range(count):
        ProjectFactory(lead=OrganisationFactory(territory=guadeloupe, kind="association"))
        starts = timezone.now() + timedelta(days=5 + n)
        SessionFactory(
            starts_at=starts,
            ends_at=starts + timedelta(hours=3),
            registration_deadline=starts - timedelta(days=1),
        )
        PostFactory(title=f"Nouvelle {n}")
    # The territory and its groups, its organisations by kind, the newest, the projects, the
    # sessions, the latest news; its coordinators (never cached); the networks of the header.
    with django_assert_max_num_queries(8):
        response = page(client)
    assert response.context["total"] == count
    assert len(response.context["news"]) == min(count, 3)
    shown = min(count, LIST_SIZE)
    assert len(response.context["newest"]) == shown
    assert len(response.context["projects"]) == shown
    assert len(response.context["sessions"]) == shown


def test_the_figures_are_computed_once_and_follow_every_change(
    client, guadeloupe, member, django_assert_num_queries
):
    client.force_login(member)  # a logged-in page: the view runs each time
    OrganisationFactory(territory=guadeloupe, name="Première")
    assert page(client).context["total"] == 1
    with django_assert_num_queries(0):
        figures = public_cached("network:guadeloupe", lambda: network_figures("guadeloupe"))
    assert [o["name"] for o in figures["newest"]] == ["Première"]
    OrganisationFactory(territory=guadeloupe, name="Seconde")
    response = page(client)
    assert response.context["total"] == 2
    assert "Seconde" in response.text
    ProjectFactory(lead=Organisation.objects.get(name="Seconde"), title="Coopération nouvelle")
    assert "Coopération nouvelle" in page(client).text


def test_a_coordinator_appointed_or_revoked_shows_at_once(client, guadeloupe, member):
    client.force_login(member)
    assert "Maryse Lollia" not in page(client).text
    coordinator = factories.coordinator(guadeloupe, first_name="Maryse", last_name="Lollia")
    assert "Maryse Lollia" in page(client).text
    RoleGrant.objects.filter(user=coordinator).delete()
    assert "Maryse Lollia" not in page(client).text
