"""The public list of Caribbean partners and the cooperation by country: the same partners,
counted in grouped queries, a page at a time, cached for every visitor until a change."""

import pytest
from django.urls import reverse

from members.models import Country, Organisation
from projects.views.figures import public_cooperation_by_country
from tests.members.factories import OrganisationFactory
from tests.projects.caching import memory_cache  # noqa: F401 (a fixture)
from tests.projects.factories import PartnerFactory, ProjectFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("memory_cache")]

URL = reverse("projects:partners")
BY_COUNTRY = reverse("projects:by_country")


def country(code: str) -> Country:
    return Country.objects.get(code=code)


@pytest.fixture
def sample(territories):
    """Two partners of Haiti and one of Dominica on public projects; one partner only on a
    draft, one only on a project of a pending organisation, one on no project at all."""
    jacmel = PartnerFactory(name="Mairie de Jacmel", country=country("HT"))
    fokal = PartnerFactory(name="Fokal", country=country("HT"))
    roseau = PartnerFactory(name="Roseau Youth Council", country=country("DM"))
    first = ProjectFactory(countries=["HT", "DM"])
    first.caribbean_partners.set([jacmel, fokal, roseau])
    # A partner based in Haiti counts for Haiti even on a project in Dominica only.
    ProjectFactory(countries=["DM"]).caribbean_partners.set([jacmel])
    ProjectFactory(countries=["LC"], published=False).caribbean_partners.set(
        [PartnerFactory(name="Brouillon Sainte-Lucie", country=country("LC"))]
    )
    ProjectFactory(
        countries=["CU"], lead=OrganisationFactory(status=Organisation.Status.PENDING)
    ).caribbean_partners.set([PartnerFactory(name="En attente Cuba", country=country("CU"))])
    PartnerFactory(name="Sans projet", country=country("HT"))
    return {"jacmel": jacmel, "fokal": fokal, "roseau": roseau}


def names(response) -> list[str]:
    return [p.name for p in response.context["page"]]


def test_the_list_holds_the_partners_of_public_projects_by_country_then_name(client, sample):
    response = client.get(URL)
    assert response.status_code == 200
    # Dominica (DM) before Haiti (HT), by their codes; then by name.
    assert names(response) == ["Roseau Youth Council", "Fokal", "Mairie de Jacmel"]
    counts = {p.name: p.project_count for p in response.context["page"]}
    assert counts == {"Roseau Youth Council": 1, "Fokal": 1, "Mairie de Jacmel": 2}
    assert response.context["page"].paginator.count == 3
    for hidden in ("Brouillon Sainte-Lucie", "En attente Cuba", "Sans projet"):
        assert hidden not in response.text


def test_the_list_is_filtered_by_country(client, sample):
    response = client.get(URL, {"country": "HT"})
    assert names(response) == ["Fokal", "Mairie de Jacmel"]
    assert response.context["page"].paginator.count == 2
    assert names(client.get(URL, {"country": "CU"})) == []
    htmx = client.get(URL, {"country": "DM"}, headers={"HX-Request": "true"})
    assert htmx.text.lstrip().startswith('<section id="partner-results"')
    assert "Roseau Youth Council" in htmx.text


def test_a_country_that_cannot_be_is_said_next_to_its_field(client, sample):
    response = client.get(URL, {"country": "XX"})
    assert response.status_code == 200
    assert "country" in response.context["filter"].form.errors
    assert len(names(response)) == 3


@pytest.mark.parametrize("count", [3, 45])
def test_the_list_comes_a_page_at_a_time_in_a_constant_number_of_queries(
    client, territories, count, django_assert_max_num_queries
):
    project = ProjectFactory(countries=["HT"])
    project.caribbean_partners.set(
        [PartnerFactory(name=f"Partenaire {n:02}", country=country("HT")) for n in range(count)]
    )
    for page, expected in ((1, min(count, 20)), (3, count - 40 if count > 40 else count % 20)):
        # The figures by country (the number of partners), the page, its partners' projects,
        # the countries of the filter.
        with django_assert_max_num_queries(6):  # 1: the networks of the header
            response = client.get(URL, {"page": page})
        assert response.status_code == 200
        assert len(response.context["page"]) == expected
        assert response.context["page"].paginator.count == count
        assert "Partenaire 00" in response.text or page > 1
    if count > 40:
        assert names(response) == [f"Partenaire {n:02}" for n in range(40, count)]


def test_cooperation_by_country_counts_projects_and_partners_in_separate_queries(client, sample):
    response = client.get(BY_COUNTRY)
    rows = {r["country"].code: (r["projects"], r["partners"]) for r in response.context["rows"]}
    # Haiti: one project, two partners based there; Dominica: two projects, one partner.
    assert rows == {"DM": (2, 1), "HT": (1, 2)}
    assert [r["country"].code for r in response.context["rows"]] == ["DM", "HT"]
    assert response.context["total"] == 3
    assert f'href="{URL}?country=HT">2</a>' in response.text


def test_the_figures_follow_a_change_at_once(client, sample):
    assert client.get(BY_COUNTRY).context["total"] == 3
    assert len(names(client.get(URL))) == 3
    project = ProjectFactory(countries=["LC"])
    project.caribbean_partners.add(PartnerFactory(name="Castries Council", country=country("LC")))
    rows = {r["country"].code: r["projects"] for r in client.get(BY_COUNTRY).context["rows"]}
    assert rows["LC"] == 1
    assert "Castries Council" in names(client.get(URL, {"country": "LC"}))
    project.published = False
    project.save()
    assert "LC" not in {r["country"].code for r in client.get(BY_COUNTRY).context["rows"]}
    assert client.get(URL).context["page"].paginator.count == 3


@pytest.mark.parametrize("count", [2, 30])
def test_cooperation_by_country_reads_a_constant_number_of_queries(
    client, territories, count, django_assert_max_num_queries, django_assert_num_queries
):
    for n in range(count):
        project = ProjectFactory(countries=["HT", "DM", "LC"][: 1 + n % 3])
        project.caribbean_partners.set(
            [PartnerFactory(name=f"P{n}-{m}", country=country("HT")) for m in range(2)]
        )
    # Projects by country, partners by country, the countries' names.
    with django_assert_max_num_queries(4):  # 1: the networks of the header
        response = client.get(BY_COUNTRY)
    assert response.status_code == 200
    assert response.context["rows"][0]["projects"] == count
    assert response.context["rows"][0]["partners"] == 2 * count
    # Once computed, the figures are read from the cache, whoever asks.
    with django_assert_num_queries(0):
        figures = public_cooperation_by_country()
    assert figures["projects"]["HT"] == count
