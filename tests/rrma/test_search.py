"""The portal-wide search: every kind of record, the same matching as the directory, only what
the person may see, and a cost that does not grow with the records."""

import pytest
from django.urls import reverse

from resources.models import Resource
from tests.calls.factories import CallFactory
from tests.members import factories
from tests.members.factories import OrganisationFactory
from tests.news.factories import PostFactory
from tests.projects.factories import ProjectFactory
from tests.trainings.factories import TrainingFactory
from trainings.enums import TrainingKind

pytestmark = pytest.mark.django_db


def _post(territory, title, **kwargs):
    return PostFactory(title=title, territory=territory, summary="Des nouvelles.", **kwargs)


def _resource(title, **kwargs):
    return Resource.objects.create(
        title=title,
        url="https://example.org/guide",
        description="Pour les porteurs de projets.",
        **kwargs,
    )


@pytest.fixture
def one_of_each(territories):
    guadeloupe = territories["guadeloupe"]
    organisation = OrganisationFactory(name="Association Mangrove Solidaire", territory=guadeloupe)
    return {
        "organisation": organisation,
        "project": ProjectFactory(title="Mangrove et littoral en Dominique", lead=organisation),
        "training": TrainingFactory(title="Monter un projet mangrove"),
        "event": TrainingFactory(
            title="Assemblée générale : la mangrove", kind=TrainingKind.GENERAL_ASSEMBLY
        ),
        "call": CallFactory(title="Appel FCR mangroves et côtes"),
        "news": _post(guadeloupe, "Retour sur la journée Mangrove"),
        "resource": _resource("Guide de la mangrove"),
    }


def test_the_search_finds_one_record_of_each_kind_labelled_by_its_kind(client, one_of_each):
    response = client.get(reverse("search"), {"q": "mangrove"})

    assert response.status_code == 200
    page = response.content.decode()
    for record in one_of_each.values():
        assert record.get_absolute_url() in page
    found = {group.kind: group.count for group in response.context["groups"] if group.count}
    assert found == dict.fromkeys(
        ["organisation", "project", "training", "call", "news", "resource"], 1
    ) | {"training": 2}
    for kind in found:
        assert f'id="search-{kind}"' in page  # each kind's section, labelled


def test_accents_and_case_are_ignored_as_in_the_directory(client, territories):
    _post(territories["guadeloupe"], "Coopération éducative avec Haïti")
    CallFactory(title="Appel à projets ÉDUCATION")

    page = client.get(reverse("search"), {"q": "cooperation educative haiti"}).content.decode()
    assert "Coopération éducative avec Haïti" in page
    assert (
        "Appel à projets ÉDUCATION"
        in client.get(reverse("search"), {"q": "education"}).content.decode()
    )


def test_a_typo_is_corrected_towards_a_word_only_a_training_holds(client, territories):
    TrainingFactory(title="Worklab consortium caribéen")

    response = client.get(reverse("search"), {"q": "consortum"})

    assert "Worklab consortium caribéen" in response.content.decode()


def test_words_are_found_at_the_start_of_the_records_words_only(client, territories):
    _post(territories["guadeloupe"], "Rencontre en Martinique")

    assert (
        "Rencontre en Martinique"
        not in client.get(reverse("search"), {"q": "tiniq"}).content.decode()
    )
    assert (
        "Rencontre en Martinique" in client.get(reverse("search"), {"q": "martin"}).content.decode()
    )


def test_drafts_and_members_only_resources_stay_hidden_from_visitors(client, territories):
    _post(territories["guadeloupe"], "Brouillon secret", draft=True)
    TrainingFactory(title="Formation secrète", status="draft")
    CallFactory(title="Appel secret", status="draft")
    _resource("Compte rendu secret", audience=Resource.Audience.MEMBERS)

    page = client.get(reverse("search"), {"q": "secret"}).content.decode()
    for title in ("Brouillon secret", "Formation secrète", "Appel secret", "Compte rendu secret"):
        assert title not in page
    assert "0 résultat" in page


def test_a_member_finds_the_members_only_resources(client, territories):
    _resource("Compte rendu du bureau", audience=Resource.Audience.MEMBERS)
    client.force_login(factories.UserFactory())

    page = client.get(reverse("search"), {"q": "bureau"}).content.decode()
    assert "Compte rendu du bureau" in page


def test_a_query_too_long_is_refused_next_to_its_field(client, territories):
    response = client.get(reverse("search"), {"q": "mangrove " * 30})

    assert response.status_code == 200
    assert 'aria-invalid="true"' in response.content.decode()


def test_an_empty_query_shows_the_form_only(client, territories):
    response = client.get(reverse("search"))

    assert response.status_code == 200
    assert 'name="q"' in response.content.decode()


@pytest.mark.parametrize("copies", [1, 12])
def test_the_search_costs_the_same_whatever_the_number_of_matches(
    client, territories, django_assert_max_num_queries, copies
):
    guadeloupe = territories["guadeloupe"]
    for n in range(copies):
        organisation = OrganisationFactory(name=f"Mangrove {n}", territory=guadeloupe)
        ProjectFactory(title=f"Mangrove {n}", lead=organisation)
        TrainingFactory(title=f"Mangrove {n}")
        CallFactory(title=f"Mangrove {n}")
        _post(guadeloupe, f"Mangrove {n}")
        _resource(f"Mangrove {n}")

    with django_assert_max_num_queries(16):
        response = client.get(reverse("search"), {"q": "mangrove"})

    assert response.status_code == 200
    assert "Mangrove 0" in response.content.decode()
