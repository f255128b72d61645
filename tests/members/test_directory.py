from decimal import Decimal

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


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("developement", {"Agence Caraïbe"}),
        ("cooperations", {"Lycée Schœlcher"}),
        ("potabl", {"Eau Partage Antilles"}),
        ("asociation", {"Association Karib"}),
        ("guadelope", {"Association Karib"}),
        ("asociation guadelope", {"Association Karib"}),
        ("Shoelcher", {"Lycée Schœlcher"}),
    ],
)
def test_search_tolerates_small_typos_and_inflections_on_every_database(
    client, sample, query, expected
):
    OrganisationFactory(
        name="Association Karib",
        territory=sample["water"].territory,
        commune=sample["water"].commune,
        short_description="Solidarité entre la Guadeloupe et la Dominique.",
    )
    found = names(client.get(URL, {"q": query}))
    assert expected <= found
    assert "Pas encore validée" not in found


def test_a_search_lists_the_best_match_first(client, sample):
    OrganisationFactory(
        name="Partenaires du développement",
        territory=sample["water"].territory,
        commune=sample["water"].commune,
        short_description="Santé.",
    )
    response = client.get(URL, {"q": "developpement"})
    assert next(o.name for o in response.context["page"]) == "Partenaires du développement"


def test_a_search_for_short_words_only_is_not_an_error(client, sample):
    response = client.get(URL, {"q": "à - de"})
    assert response.status_code == 200


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
    assert 'data-hx-swap-oob="innerHTML"' in response.text
    assert "Eau Partage Antilles" in response.text


MAP_URL = reverse("members:directory_map")


def test_the_directory_page_names_the_map_source_for_its_filters_not_the_positions(client, sample):
    response = client.get(URL, {"territory": "martinique", "page": "1"})
    assert response.context["map_data"] == {"source": f"{MAP_URL}?territory=martinique"}
    assert '"lat"' not in response.text


def test_the_map_source_groups_the_matching_organisations_with_their_positions(client, sample):
    data = client.get(MAP_URL, {"territory": "martinique", "zoom": "7"}).json()
    assert data["total"] == 2
    south, west, north, east = data["bounds"]
    assert 14.3 < south <= north < 14.9
    assert -61.3 < west <= east < -60.8
    # Both lie in Fort-de-France: one cluster of two, in that commune.
    assert [cell[2:] for cell in data["cells"]] == [[2, None, None, "97209"]]


def test_a_cell_of_one_organisation_is_its_marker_with_name_and_link(client, sample):
    data = client.get(MAP_URL, {"territory": "guadeloupe", "zoom": "12"}).json()
    [[lat, _lon, count, name, url, commune]] = data["cells"]
    assert (count, name, commune) == (1, "Eau Partage Antilles", "97120")
    assert url == sample["water"].get_absolute_url()
    assert 15.9 < lat < 16.6


def test_the_map_source_sends_only_the_positions_inside_the_visible_box(client, sample):
    martinique_only = "-61.3,14.3,-60.8,14.9"
    data = client.get(MAP_URL, {"zoom": "9", "bbox": martinique_only}).json()
    assert data["total"] == 3  # the bounds and total are those of every match
    assert sum(cell[2] for cell in data["cells"]) == 2


@pytest.mark.parametrize("zoom", ["19", "0", "x", "-5", "99"])
def test_the_map_answer_is_bounded_whatever_the_zoom_and_box(client, territories, zoom):
    from members.maps import MAX_CELLS

    commune = territories["guadeloupe"].communes.first()
    for n in range(30):
        OrganisationFactory(
            name=f"Structure {n:02}",
            territory=territories["guadeloupe"],
            commune=commune,
            latitude=commune.latitude + Decimal(n) / 1000,
            longitude=commune.longitude,
        )
    data = client.get(MAP_URL, {"zoom": zoom, "bbox": "-180,-90,180,90"}).json()
    assert len(data["cells"]) <= MAX_CELLS
    assert sum(cell[2] for cell in data["cells"]) == 30


@pytest.mark.parametrize("bbox", ["", "1,2,3", "a,b,c,d", "10,10,0,0", "nan,0,1,1", "0,-100,1,1"])
def test_an_invalid_box_is_ignored_not_an_error(client, sample, bbox):
    response = client.get(MAP_URL, {"bbox": bbox})
    assert response.status_code == 200
    assert response.json()["total"] == 3


def test_the_map_never_shows_non_public_organisations(client, sample):
    data = client.get(MAP_URL, {"zoom": "18"}).json()
    assert data["total"] == 3
    assert not {cell[3] for cell in data["cells"]} & {"Pas encore validée", "Refusée", "Archivée"}


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
    # A first view: the page, its reference lists, two grouped facet queries, and the
    # database cache read and written (no SQL for the cache with Redis).
    with django_assert_max_num_queries(19):  # 1: the networks of the header
        response = client.get(URL, {"theme": "health"})
    assert response.status_code == 200
    assert f"{count} structures trouvées" in response.text
    # The filter's value checked, two aggregates, and the database cache read and written.
    with django_assert_max_num_queries(10):
        response = client.get(MAP_URL, {"theme": "health", "zoom": "12"})
    assert response.json()["total"] == count


def test_facet_counts_come_from_the_cache_until_a_public_record_changes(
    client, sample, django_assert_max_num_queries
):
    client.get(URL, {"territory": "martinique"})
    with django_assert_max_num_queries(12):  # no facet query: from the cache (1: the networks)
        response = client.get(URL, {"territory": "martinique"})
    assert response.context["counts"]["kind"] == {"school": 1, "company": 1}
    sample["dev"].kind = Organisation.Kind.ASSOCIATION
    sample["dev"].save()
    counts = client.get(URL, {"territory": "martinique"}).context["counts"]
    assert counts["kind"] == {"school": 1, "association": 1}


def test_a_search_pages_through_name_matches_then_the_others_without_repeating(client, territories):
    for n in range(23):
        OrganisationFactory(name=f"Mangrove {n:02}", short_description="Littoral.")
    for n in range(12):
        OrganisationFactory(name=f"Littoral {n:02}", short_description="Protège la mangrove.")
    OrganisationFactory(name="Sans rapport", short_description="Rien à voir.")
    pages = [client.get(URL, {"q": "mangroves", "page": n}) for n in (1, 2)]
    seen = [o.name for response in pages for o in response.context["page"]]
    assert seen == [f"Mangrove {n:02}" for n in range(23)] + [f"Littoral {n:02}" for n in range(12)]
    assert "35 structures trouvées" in pages[0].text
    by_name = client.get(URL, {"q": "mangrove", "sort": "name"}).context["page"]
    assert next(iter(by_name)).name == "Littoral 00"
