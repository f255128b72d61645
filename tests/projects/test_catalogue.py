from datetime import date

import pytest
from django.urls import reverse

from members.models import Organisation
from projects.models import FundingLine, Project
from tests.members.factories import OrganisationFactory
from tests.projects.caching import memory_cache  # noqa: F401 (a fixture)
from tests.projects.factories import FundingLineFactory, ProjectFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("memory_cache")]

URL = reverse("projects:catalogue")


def titles(response) -> set[str]:
    return {p.title for p in response.context["page"]}


@pytest.fixture
def sample(territories):
    gp = OrganisationFactory(name="Eau Partage Antilles", territory=territories["guadeloupe"])
    mq = OrganisationFactory(name="Madinina Santé", territory=territories["martinique"])
    water = ProjectFactory(
        title="Puits solaires en Haïti",
        summary="Accès à l'eau potable dans le Sud d'Haïti.",
        lead=gp,
        countries=["HT"],
        themes=["water-sanitation"],
        status=Project.Status.COMPLETED,
        start_date=date(2019, 3, 1),
        end_date=date(2021, 6, 30),
    )
    water.sdgs.set([6])
    FundingLineFactory(project=water, funder=FundingLine.Funder.AFD)
    health = ProjectFactory(
        title="Santé maternelle à Sainte-Lucie",
        summary="Formation de sages-femmes et coopération hospitalière.",
        lead=mq,
        countries=["LC", "DM"],
        themes=["health"],
        start_date=date(2023, 1, 1),
        end_date=None,
    )
    FundingLineFactory(project=health, funder=FundingLine.Funder.INTERREG)
    ProjectFactory(title="Brouillon non publié", lead=gp, published=False)
    ProjectFactory(
        title="Projet d'une structure en attente",
        lead=OrganisationFactory(status=Organisation.Status.PENDING),
    )
    return {"water": water, "health": health}


def test_the_catalogue_lists_published_projects_of_active_organisations_only(client, sample):
    assert titles(client.get(URL)) == {"Puits solaires en Haïti", "Santé maternelle à Sainte-Lucie"}


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"territory": "guadeloupe"}, {"Puits solaires en Haïti"}),
        ({"territory": "martinique"}, {"Santé maternelle à Sainte-Lucie"}),
        ({"country": "HT"}, {"Puits solaires en Haïti"}),
        ({"country": "DM"}, {"Santé maternelle à Sainte-Lucie"}),
        ({"theme": "health"}, {"Santé maternelle à Sainte-Lucie"}),
        ({"status": "completed"}, {"Puits solaires en Haïti"}),
        ({"funder": "afd"}, {"Puits solaires en Haïti"}),
        ({"funder": "interreg"}, {"Santé maternelle à Sainte-Lucie"}),
        ({"sdg": "6"}, {"Puits solaires en Haïti"}),
        ({"year": "2020"}, {"Puits solaires en Haïti"}),
        ({"year": "2025"}, {"Santé maternelle à Sainte-Lucie"}),
        ({"year": "2022"}, set()),
        ({"q": "eau potable"}, {"Puits solaires en Haïti"}),
        ({"q": "SANTE"}, {"Santé maternelle à Sainte-Lucie"}),
        ({"q": "brouillon"}, set()),
    ],
)
def test_each_filter_is_a_get_parameter(client, sample, params, expected):
    assert titles(client.get(URL, params)) == expected


def test_the_catalogue_names_funders(client, sample):
    text = client.get(URL).text
    assert "AFD" in text
    assert "Interreg Caraïbes" in text


def test_htmx_requests_receive_the_results_fragment_only(client, sample):
    response = client.get(URL, {"country": "HT"}, headers={"HX-Request": "true"})
    assert response.text.lstrip().startswith('<section id="project-results"')


def test_cooperation_by_country_shows_a_chart_and_the_same_figures_in_a_table(client, sample):
    from members.models import Country
    from tests.projects.factories import PartnerFactory

    sample["water"].caribbean_partners.add(
        PartnerFactory(name="Mairie de Jacmel", country=Country.objects.get(code="HT"))
    )
    response = client.get(reverse("projects:by_country"))
    rows = {str(r["country"]): r["projects"] for r in response.context["rows"]}
    assert rows == {"Haïti": 1, "Sainte-Lucie": 1, "Dominique": 1}
    partners = {str(r["country"]): r["partners"] for r in response.context["rows"]}
    assert partners == {"Haïti": 1, "Sainte-Lucie": 0, "Dominique": 0}
    assert "<svg" in response.text
    assert "<table>" in response.text
    assert f"{URL}?country=HT" in response.text


@pytest.mark.parametrize("count", [2, 25])
def test_the_number_of_queries_does_not_grow_with_the_projects(
    client, territories, count, django_assert_max_num_queries
):
    for _n in range(count):
        FundingLineFactory(project=ProjectFactory(countries=["HT", "DM"]))
    # The country asked for, the count, the page (its keys, then its rows) and its three
    # lists, the four lists of the filters' choices; unfiltered, the number of public
    # projects comes from the cache.
    with django_assert_max_num_queries(12):  # 1: the networks of the header
        response = client.get(URL, {"country": "HT"})
    assert response.status_code == 200
    assert f"{count} projets trouvés" in response.text
    for page in (1, 2):
        with django_assert_max_num_queries(11):
            response = client.get(URL, {"page": page})
        assert response.status_code == 200
        assert f"{count} projets trouvés" in response.text
        # Beyond the last page, the last one.
        expected = count - 20 if page == 2 and count > 20 else min(count, 20)
        assert len(response.context["page"]) == expected
    with django_assert_max_num_queries(4):
        response = client.get(reverse("projects:by_country"))
    assert response.status_code == 200
    assert response.text.count("<tr>") == 1 + 2  # the header, then Haïti and Dominique
    with django_assert_max_num_queries(6):
        response = client.get(reverse("projects:partners"))
    assert response.status_code == 200
    assert "<h1>Partenaires caribéens</h1>" in response.text


def test_without_a_search_the_latest_started_come_first_on_every_page(client, territories):
    ProjectFactory(title="Ancien", start_date=date(2018, 1, 1))
    ProjectFactory(title="Récent", start_date=date(2024, 1, 1))
    ProjectFactory(title="B même jour", start_date=date(2021, 1, 1))
    ProjectFactory(title="A même jour", start_date=date(2021, 1, 1))
    order = [p.title for p in client.get(URL).context["page"]]
    assert order == ["Récent", "A même jour", "B même jour", "Ancien"]
    for n in range(20):
        ProjectFactory(title=f"Plus ancien {n:02}", start_date=date(2010, 1, 1 + n))
    second = client.get(URL, {"page": 2}).context["page"]
    assert [p.title for p in second] == [f"Plus ancien {n:02}" for n in range(3, -1, -1)]
    assert [c.code for c in second[0].countries.all()] == ["DM"]


def test_a_search_comes_by_relevance_rather_than_by_date(client, territories):
    ProjectFactory(
        title="Jardins créoles", summary="Des jardins partagés.", start_date=date(2018, 1, 1)
    )
    ProjectFactory(
        title="Formation", summary="Visite de jardins en fin de stage.", start_date=date(2024, 1, 1)
    )
    assert [p.title for p in client.get(URL).context["page"]] == ["Formation", "Jardins créoles"]
    found = [p.title for p in client.get(URL, {"q": "jardins"}).context["page"]]
    assert found == ["Jardins créoles", "Formation"]


def test_the_number_of_public_projects_follows_a_change_at_once(client, territories):
    project = ProjectFactory()
    assert "1 projet trouvé" in client.get(URL).text
    ProjectFactory()
    assert "2 projets trouvés" in client.get(URL).text
    project.published = False
    project.save()
    assert "1 projet trouvé" in client.get(URL).text


@pytest.mark.parametrize("count", [1, 10])
def test_a_project_page_costs_a_constant_number_of_queries(
    client, territories, count, django_assert_max_num_queries
):
    project = ProjectFactory()
    for _n in range(count):
        FundingLineFactory(project=project)
    with django_assert_max_num_queries(9):
        response = client.get(project.get_absolute_url())
    assert response.status_code == 200
    assert project.title in response.text
