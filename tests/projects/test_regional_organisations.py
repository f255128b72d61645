"""The countries' regional organisations (OECS, CARICOM, ACS) on the public pages of the
cooperation: shown with their status, and a filter of the catalogue, the partners, the
cooperation by country and the API, in the same number of queries as without it."""

import pytest
from django.urls import reverse
from django.utils import translation

from members.enums import MembershipStatus
from members.models import Country
from members.reference.caribbean import ORGANISATIONS
from tests.projects.caching import memory_cache  # noqa: F401 (a fixture)
from tests.projects.factories import PartnerFactory, ProjectFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("memory_cache")]

CATALOGUE = reverse("projects:catalogue")
PARTNERS = reverse("projects:partners")
BY_COUNTRY = reverse("projects:by_country")


def partner(name: str, code: str):
    return PartnerFactory(name=name, country=Country.objects.get(code=code))


def french(label) -> str:
    """A label (lazy, or a msgid) as the pages show it, in French."""
    with translation.override("fr"):
        return translation.gettext(label) if isinstance(label, str) else str(label)


@pytest.fixture
def sample(territories):
    """Projects in an OECS member (two of them), a CARICOM member, an applicant to CARICOM, a
    territory represented by France at the ACS, a territory of none; their partners."""
    ProjectFactory(
        title="Dominique et Sainte-Lucie", countries=["DM", "LC"]
    ).caribbean_partners.set(
        [partner("Roseau Youth Council", "DM"), partner("Castries Council", "LC")]
    )
    ProjectFactory(title="Haïti", countries=["HT"]).caribbean_partners.set(
        [partner("Mairie de Jacmel", "HT")]
    )
    ProjectFactory(title="République dominicaine", countries=["DO"]).caribbean_partners.set(
        [partner("Ayuntamiento de Santiago", "DO")]
    )
    ProjectFactory(title="Guyane", countries=["GF"])
    ProjectFactory(title="Porto Rico", countries=["PR"]).caribbean_partners.set(
        [partner("Universidad de Puerto Rico", "PR")]
    )


def titles(response) -> list[str]:
    return sorted(p.title for p in response.context["page"])


def names(response) -> list[str]:
    return [p.name for p in response.context["page"]]


@pytest.mark.parametrize(
    ("organisation", "expected"),
    [
        # Each project once, whatever the number of its countries in the organisation.
        ("OECS", ["Dominique et Sainte-Lucie"]),
        # The Dominican Republic and French Guiana only applied to CARICOM.
        ("CARICOM", ["Dominique et Sainte-Lucie", "Haïti"]),
        # French Guiana takes part in the ACS through France.
        ("ACS", ["Dominique et Sainte-Lucie", "Guyane", "Haïti", "République dominicaine"]),
    ],
)
def test_the_catalogue_keeps_projects_with_a_country_taking_part_in_the_organisation(
    client, sample, organisation, expected
):
    response = client.get(CATALOGUE, {"member_of": organisation})
    assert response.status_code == 200
    assert titles(response) == expected
    assert response.context["page"].paginator.count == len(expected)
    both = client.get(CATALOGUE, {"member_of": organisation, "country": "DM"})
    assert titles(both) == ["Dominique et Sainte-Lucie"]


def test_the_catalogue_filter_offers_the_organisations_and_answers_htmx(client, sample):
    response = client.get(CATALOGUE)
    assert 'name="member_of"' in response.text
    assert french(ORGANISATIONS["CARICOM"]) in response.text
    htmx = client.get(CATALOGUE, {"member_of": "OECS"}, headers={"HX-Request": "true"})
    assert htmx.text.lstrip().startswith('<section id="project-results"')
    assert "Dominique et Sainte-Lucie" in htmx.text
    assert "Haïti" not in htmx.text


def test_an_organisation_that_cannot_be_is_said_next_to_its_field(client, sample):
    for page in (CATALOGUE, PARTNERS, BY_COUNTRY):
        response = client.get(page, {"member_of": "OAS"})
        assert response.status_code == 200, page
        assert "member_of" in response.context["filter"].form.errors, page


@pytest.mark.parametrize("count", [2, 25])
def test_the_catalogue_filtered_by_organisation_reads_a_constant_number_of_queries(
    client, territories, count, django_assert_max_num_queries
):
    for n in range(count):
        ProjectFactory(countries=["DM", "LC", "HT"][: 1 + n % 3])
    # As filtered by a country: the count, the page (its keys, then its rows) and its three
    # lists, the four lists of the filters' choices, the networks of the header.
    with django_assert_max_num_queries(11):
        response = client.get(CATALOGUE, {"member_of": "OECS"})
    assert response.status_code == 200
    assert response.context["page"].paginator.count == count
    assert len(response.context["page"]) == min(count, 20)


def test_the_partners_list_shows_each_partners_memberships_and_filters_by_them(client, sample):
    response = client.get(PARTNERS)
    assert response.status_code == 200
    oecs = french(ORGANISATIONS["OECS"])
    member = french(MembershipStatus.MEMBER.label)
    assert f'<abbr title="{oecs}">' in response.text
    assert f"— {member}" in response.text
    assert names(client.get(PARTNERS, {"member_of": "OECS"})) == [
        "Roseau Youth Council",
        "Castries Council",
    ]
    # Ordered by country code: Dominica, the Dominican Republic, Haiti, Saint Lucia.
    acs = client.get(PARTNERS, {"member_of": "ACS"})
    assert names(acs) == [
        "Roseau Youth Council",
        "Ayuntamiento de Santiago",
        "Mairie de Jacmel",
        "Castries Council",
    ]
    assert acs.context["page"].paginator.count == 4
    caricom_haiti = client.get(PARTNERS, {"member_of": "CARICOM", "country": "HT"})
    assert names(caricom_haiti) == ["Mairie de Jacmel"]
    assert caricom_haiti.context["page"].paginator.count == 1
    nowhere = client.get(PARTNERS, {"member_of": "OECS", "country": "PR"})
    assert (names(nowhere), nowhere.context["page"].paginator.count) == ([], 0)
    htmx = client.get(PARTNERS, {"member_of": "OECS"}, headers={"HX-Request": "true"})
    assert htmx.text.lstrip().startswith('<section id="partner-results"')


@pytest.mark.parametrize("count", [3, 45])
def test_the_partners_filtered_by_organisation_read_a_constant_number_of_queries(
    client, territories, count, django_assert_max_num_queries
):
    ProjectFactory(countries=["HT", "DM"]).caribbean_partners.set(
        [partner(f"Partenaire {n:02}", ["HT", "DM", "PR"][n % 3]) for n in range(count)]
    )
    # The figures by country (cached after the first), the page, its partners' projects, the
    # countries of the filter, the networks of the header.
    with django_assert_max_num_queries(6):
        response = client.get(PARTNERS, {"member_of": "CARICOM"})
    assert response.status_code == 200
    expected = len([n for n in range(count) if n % 3 != 2])
    assert response.context["page"].paginator.count == expected
    assert len(response.context["page"]) == min(expected, 20)


def test_cooperation_by_country_shows_memberships_and_keeps_one_organisations_countries(
    client, sample
):
    response = client.get(BY_COUNTRY)
    assert {r["country"].code for r in response.context["rows"]} == {
        "DM",
        "LC",
        "HT",
        "DO",
        "GF",
        "PR",
    }
    france = french(MembershipStatus.THROUGH_FRANCE.label)
    acs = french(ORGANISATIONS["ACS"])
    assert f'<abbr title="{acs}">' in response.text
    assert f"— {france}" in response.text
    oecs = client.get(BY_COUNTRY, {"member_of": "OECS"})
    assert [r["country"].code for r in oecs.context["rows"]] == ["DM", "LC"]
    assert oecs.context["total"] == 2
    caricom = client.get(BY_COUNTRY, {"member_of": "CARICOM"})
    assert {r["country"].code for r in caricom.context["rows"]} == {"DM", "LC", "HT"}
    htmx = client.get(BY_COUNTRY, {"member_of": "ACS"}, headers={"HX-Request": "true"})
    assert htmx.text.lstrip().startswith('<section id="country-results"')
    assert "<svg" in htmx.text
    assert "Porto Rico" not in htmx.text


@pytest.mark.parametrize("count", [2, 30])
def test_cooperation_by_country_filtered_reads_a_constant_number_of_queries(
    client, territories, count, django_assert_max_num_queries
):
    for n in range(count):
        ProjectFactory(countries=["HT", "DM", "LC", "CU"][: 1 + n % 4])
    # Projects by country, partners by country, the countries kept, the networks of the header.
    with django_assert_max_num_queries(4):
        response = client.get(BY_COUNTRY, {"member_of": "OECS"})
    assert response.status_code == 200
    assert {r["country"].code for r in response.context["rows"]} == (
        {"DM", "LC"} if count > 2 else {"DM"}
    )


def test_a_project_page_names_the_regional_organisations_of_its_countries(client, territories):
    project = ProjectFactory(countries=["GF", "PR"])
    response = client.get(project.get_absolute_url())
    assert response.status_code == 200
    html = response.text
    section = html[html.index('id="partners-title"') : html.index('id="goals-title"')]
    assert french("Regional organisations") in section
    assert french(MembershipStatus.APPLICANT.label) in section
    assert french(MembershipStatus.THROUGH_FRANCE.label) in section
    assert f'<abbr title="{french(ORGANISATIONS["CARICOM"])}">' in section
    # Puerto Rico belongs to none of them.
    assert "Porto Rico" in section
    assert section.count("<li>") == 2


def test_the_api_filters_projects_by_regional_organisation(client, sample):
    url = reverse("api-v1:projects")
    response = client.get(url, {"member_of": "CARICOM"})
    assert response.status_code == 200
    assert sorted(r["title"] for r in response.json()["results"]) == [
        "Dominique et Sainte-Lucie",
        "Haïti",
    ]
    assert client.get(url, {"member_of": "OAS"}).status_code in (400, 422)
    schema = client.get(reverse("api-v1:openapi-json")).json()
    parameters = schema["paths"]["/api/v1/projects/"]["get"]["parameters"]
    member_of = next(p for p in parameters if p["name"] == "member_of")
    assert "applicants" in member_of["description"]
