import pytest
from django.urls import reverse

from members.models import Organisation
from tests.members.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

URL = reverse("members:directory")


def names(response) -> set[str]:
    return {o.name for o in response.context["page"]}


@pytest.fixture
def sample(territories):
    from members.models import Commune

    gp, mq = territories["guadeloupe"], territories["martinique"]
    pap = Commune.objects.get(insee_code="97120")  # Pointe-à-Pitre
    fdf = Commune.objects.get(insee_code="97209")  # Fort-de-France
    return {
        "water": OrganisationFactory(
            name="Eau Partage Antilles",
            territory=gp,
            commune=pap,
            short_description="Accès à l'eau potable en Haïti.",
            themes=["water-sanitation"],
            countries=["HT"],
        ),
        "school": OrganisationFactory(
            name="Lycée Schœlcher",
            kind=Organisation.Kind.SCHOOL,
            territory=mq,
            commune=fdf,
            short_description="Échanges scolaires avec Sainte-Lucie : coopération éducative.",
            themes=["education-training"],
            countries=["LC"],
        ),
        "dev": OrganisationFactory(
            name="Agence Caraïbe",
            kind=Organisation.Kind.COMPANY,
            territory=mq,
            commune=fdf,
            short_description="Développement économique et économie sociale.",
            themes=["economic-development"],
            countries=["DO", "LC"],
        ),
        "pending": OrganisationFactory(name="Pas encore validée", status="pending", territory=gp),
        "refused": OrganisationFactory(
            name="Refusée", status="refused", refusal_reason="Doublon", territory=gp
        ),
        "archived": OrganisationFactory(name="Archivée", status="archived", territory=mq),
    }


def test_the_directory_lists_only_active_organisations(client, sample):
    assert names(client.get(URL)) == {"Eau Partage Antilles", "Lycée Schœlcher", "Agence Caraïbe"}


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"territory": "guadeloupe"}, {"Eau Partage Antilles"}),
        ({"territory": "martinique"}, {"Lycée Schœlcher", "Agence Caraïbe"}),
        ({"kind": "school"}, {"Lycée Schœlcher"}),
        ({"theme": "water-sanitation"}, {"Eau Partage Antilles"}),
        ({"country": "LC"}, {"Lycée Schœlcher", "Agence Caraïbe"}),
        ({"country": "LC", "kind": "company"}, {"Agence Caraïbe"}),
        ({"commune": "97120"}, {"Eau Partage Antilles"}),
        ({"language": "fr"}, set()),
    ],
)
def test_each_filter_is_a_get_parameter(client, sample, params, expected):
    assert names(client.get(URL, params)) == expected


def test_the_language_filter_keeps_organisations_working_in_that_language(client, sample):
    sample["school"].languages.set(["en", "fr"])
    assert names(client.get(URL, {"language": "en"})) == {"Lycée Schœlcher"}


def test_an_unknown_filter_value_is_an_empty_result_not_an_error(client, sample):
    response = client.get(URL, {"country": "ZZ", "territory": "corse", "kind": "x"})
    assert response.status_code == 200


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("pointe a pitre", {"Eau Partage Antilles"}),
        ("POINTE-À-PITRE", {"Eau Partage Antilles"}),
        ("cooperation", {"Lycée Schœlcher"}),
        ("Schoelcher", {"Lycée Schœlcher"}),
        ("eau potable", {"Eau Partage Antilles"}),
    ],
)
def test_search_ignores_accents_and_case(client, sample, query, expected):
    assert names(client.get(URL, {"q": query})) == expected


@pytest.mark.postgres
@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("developement", {"Agence Caraïbe"}),
        ("cooperations", {"Lycée Schœlcher"}),
        ("potabl", {"Eau Partage Antilles"}),
    ],
)
def test_search_tolerates_small_typos_and_stems_words_on_postgresql(
    client, sample, query, expected
):
    assert expected <= names(client.get(URL, {"q": query}))
    assert "Pas encore validée" not in names(client.get(URL, {"q": query}))


def test_search_never_finds_non_public_organisations(client, sample):
    assert names(client.get(URL, {"q": "validée"})) == set()
    assert names(client.get(URL, {"q": "archivée"})) == set()


def test_counts_are_shown_next_to_filter_options(client, sample):
    response = client.get(URL, {"territory": "martinique"})
    counts = response.context["counts"]
    assert counts["kind"] == {"school": 1, "company": 1}
    assert counts["country"] == {"LC": 2, "DO": 1}
    assert counts["territory"] == {"martinique": 2}
    assert "Lycée (1)" not in response.text  # options are labelled with kind names
    assert "(2)" in response.text


def test_sorting_by_name_or_by_recent_update(client, sample):
    by_name = [o.name for o in client.get(URL, {"sort": "name"}).context["page"]]
    assert by_name == sorted(by_name)
    Organisation.objects.filter(pk=sample["water"].pk).update(name="Eau Partage Antilles")
    sample["water"].save()  # the most recently updated
    recent = [o.name for o in client.get(URL, {"sort": "-updated"}).context["page"]]
    assert recent[0] == "Eau Partage Antilles"


def test_results_are_paginated_by_twenty(client, territories):
    for n in range(25):
        OrganisationFactory(name=f"Structure {n:02}")
    first = client.get(URL)
    assert len(first.context["page"]) == 20
    second = client.get(URL, {"page": 2})
    assert len(second.context["page"]) == 5
    assert 'rel="next"' in first.text


def test_htmx_requests_receive_the_results_fragment_only(client, sample):
    response = client.get(URL, {"country": "HT"}, headers={"HX-Request": "true"})
    assert response.text.lstrip().startswith('<section id="directory-results"')
    assert "<html" not in response.text
    assert 'hx-swap-oob="innerHTML"' in response.text
    assert "Eau Partage Antilles" in response.text


def test_the_map_data_holds_every_matching_organisation_with_a_position(client, sample):
    response = client.get(URL, {"territory": "martinique"})
    points = response.context["map_points"]
    assert {p["name"] for p in points} == {"Lycée Schœlcher", "Agence Caraïbe"}
    assert all(14.3 < p["lat"] < 14.9 and -61.3 < p["lon"] < -60.8 for p in points)


def test_the_directory_works_without_javascript(client, sample):
    text = client.get(URL).text
    assert 'method="get"' in text
    assert '<button type="submit">' in text
    assert "Eau Partage Antilles" in text


@pytest.mark.parametrize("count", [3, 30])
def test_the_number_of_queries_does_not_grow_with_the_organisations(
    client, territories, count, django_assert_max_num_queries
):
    for n in range(count):
        OrganisationFactory(name=f"Structure {n:02}", themes=["health", "energy"], countries=["HT"])
    with django_assert_max_num_queries(17):
        response = client.get(URL, {"theme": "health"})
    assert response.status_code == 200
    assert f"{count} structures trouvées" in response.text
