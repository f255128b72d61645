"""The public read API: public records only, the pages' filters, cursor pagination, query
ceilings that do not grow with the data, the rate limit, CORS, the standard codes."""

import pytest
from django.urls import reverse

from members.reference.caribbean import COUNTRIES
from members.reference.standard_codes import COUNTRY_ALPHA3, THEME_DAC_SECTORS
from members.reference.themes import THEMES
from tests.calls.factories import CallFactory
from tests.members.factories import OrganisationFactory, UserFactory
from tests.news.factories import PostFactory
from tests.projects.factories import FundingLineFactory, ProjectFactory
from tests.trainings.factories import EventFactory, SessionFactory, TrainingFactory

pytestmark = pytest.mark.django_db

LISTS = ["organisations", "projects", "trainings", "events", "calls", "news"]


def url(name: str, **kwargs) -> str:
    return reverse(f"api-v1:{name}", kwargs=kwargs)


def one_of_each(count: int = 1) -> None:
    for _n in range(count):
        project = ProjectFactory(countries=["HT", "DM"], themes=["water-sanitation", "health"])
        FundingLineFactory(project=project)
        SessionFactory(training=TrainingFactory(themes=["health", "digital"]))
        SessionFactory(training=EventFactory(kind="general-assembly"))
        CallFactory(themes=["health"], countries=["HT"])
        PostFactory(themes=["health"])


def test_lists_hold_public_records_only(client, territories):
    one_of_each()
    OrganisationFactory(name="En attente", status="pending")
    ProjectFactory(title="Brouillon", published=False)
    TrainingFactory(title="Formation brouillon", status="draft")
    CallFactory(title="Appel brouillon", status="draft")
    PostFactory(title="Billet brouillon", draft=True)
    PostFactory(title="Billet de demain", scheduled=True)
    for name in LISTS:
        response = client.get(url(name))
        assert response.status_code == 200, name
        assert response["Content-Type"] == "application/json; charset=utf-8"
        assert "brouillon" not in response.text.lower()
        assert "En attente" not in response.text
        assert "demain" not in response.text
        assert response.json()["results"], name


def test_a_project_carries_its_dac_sectors_and_alpha3_countries(client, territories):
    project = ProjectFactory(countries=["HT", "DM"], themes=["water-sanitation", "health"])
    FundingLineFactory(project=project, amount_requested="87654.32")
    (row,) = client.get(url("projects")).json()["results"]
    assert row["slug"] == project.slug
    assert row["countries"] == ["DM", "HT"]
    assert row["countries_alpha3"] == ["DMA", "HTI"]
    assert row["dac_sectors"] == ["121", "140"]
    assert row["crs_purposes"] == ["12110", "14030"]
    assert row["funders"] == ["fcr-guadeloupe"]
    assert "87654" not in str(row)
    assert client.get(url("project", slug=project.slug)).json() == row


def test_lists_filter_as_the_pages_do(client, territories):
    OrganisationFactory(name="Santé Haïti", themes=["health"], countries=["HT"])
    OrganisationFactory(name="Sport Cuba", themes=["sport"], countries=["CU"])
    OrganisationFactory(
        name="Martinique Culture",
        territory=territories["martinique"],
        themes=["sport"],
        countries=["CU"],
    )
    names = lambda response: [row["name"] for row in response.json()["results"]]  # noqa: E731
    assert names(client.get(url("organisations"), {"theme": "sport"})) == [
        "Sport Cuba",
        "Martinique Culture",
    ]
    assert names(client.get(url("organisations"), {"country": "HT"})) == ["Santé Haïti"]
    assert names(client.get(url("organisations"), {"territory": "martinique"})) == [
        "Martinique Culture"
    ]
    assert names(client.get(url("organisations"), {"q": "cuba"})) == ["Sport Cuba"]


def test_trainings_and_events_filter_on_their_sessions(client, territories):
    SessionFactory(training=TrainingFactory(title="En ligne", format="online"))
    SessionFactory(training=TrainingFactory(title="Sur place", format="in-person"))
    SessionFactory(training=EventFactory(title="AG", kind="general-assembly"))
    SessionFactory(training=EventFactory(title="Worklab", kind="worklab"))
    titles = lambda response: [row["title"] for row in response.json()["results"]]  # noqa: E731
    assert titles(client.get(url("trainings"), {"format": "online"})) == ["En ligne"]
    assert titles(client.get(url("events"), {"kind": "worklab"})) == ["Worklab"]
    assert titles(client.get(url("events"))) == ["AG", "Worklab"]
    (training,) = client.get(url("trainings"), {"format": "online"}).json()["results"]
    (session,) = training["sessions"]
    assert session["venue"] == "Maison des associations"
    assert "online_url" not in session


def test_a_filter_value_the_page_would_refuse_is_refused_with_its_reason(client, territories):
    response = client.get(url("organisations"), {"territory": "atlantis"})
    assert response.status_code == 400
    assert "territory" in response.json()["errors"]
    response = client.get(url("calls"), {"q": "eau\x00"})
    assert response.status_code == 400
    assert "q" in response.json()["errors"]
    response = client.get(url("projects"), {"cursor": "not-a-cursor"})
    assert response.status_code == 400
    assert response.json()["errors"] == {"cursor": ["This cursor was not given by the API."]}


def test_the_cursor_walks_every_record_once_in_the_order_of_their_keys(client, territories):
    created = [OrganisationFactory().slug for _n in range(7)]
    seen, address = [], url("organisations") + "?limit=3&theme=health"
    pages = 0
    while address:
        payload = client.get(address).json()
        seen += [row["slug"] for row in payload["results"]]
        address = payload["next"]
        pages += 1
    assert seen == created
    assert pages == 3
    following = client.get(url("organisations"), {"limit": 3, "theme": "health"}).json()["next"]
    assert "theme=health" in following


def test_a_missing_or_hidden_record_is_404(client, territories):
    hidden = OrganisationFactory(status="pending")
    assert client.get(url("organisation", slug=hidden.slug)).status_code == 404
    response = client.get(url("organisation", slug="nobody"))
    assert response.status_code == 404
    assert response.json() == {"detail": "Not Found"}


def test_head_is_answered_as_get(client, territories):
    one_of_each()
    for name in [*LISTS, "openapi-json", "openapi-view"]:
        response = client.head(url(name))
        assert response.status_code == 200, name
        assert response.content == b""
    assert client.head(url("news"))["Content-Type"] == "application/json; charset=utf-8"


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_nobody_writes_through_the_api(client, territories, method):
    client.force_login(UserFactory())
    for name in LISTS:
        assert getattr(client, method)(url(name)).status_code == 405


# The rate limit's counter and its lock in the tests' database cache (Redis in production):
# reads, writes and their savepoints.
RATE_LIMIT_QUERIES = 12
# The page, then one query per list of its records (prefetches), whatever their number.
CEILINGS = {
    "organisations": RATE_LIMIT_QUERIES + 5,  # themes, countries, languages, SDGs
    "projects": RATE_LIMIT_QUERIES + 4,  # countries, themes, funders
    "trainings": RATE_LIMIT_QUERIES + 3,  # themes, sessions
    "events": RATE_LIMIT_QUERIES + 3,
    "calls": RATE_LIMIT_QUERIES + 5,  # territories, applicants, themes, countries
    "news": RATE_LIMIT_QUERIES + 2,  # themes
}


@pytest.mark.parametrize("count", [1, 30])
@pytest.mark.parametrize("name", LISTS)
def test_the_number_of_queries_does_not_grow_with_the_records(
    client, territories, name, count, django_assert_max_num_queries
):
    one_of_each(count)
    with django_assert_max_num_queries(CEILINGS[name]):
        response = client.get(url(name), {"limit": 20})
    assert response.status_code == 200
    payload = response.json()
    assert len(payload["results"]) == min(count, 20)
    assert (payload["next"] is None) == (count <= 20)
    # Filtered: the territory's and the theme's lookups (one query each).
    with django_assert_max_num_queries(CEILINGS[name] + 2):
        response = client.get(url(name), {"theme": "health", "territory": "guadeloupe"})
    assert response.status_code == 200
    assert len(response.json()["results"]) == (0 if name == "events" else count)


def test_beyond_the_rate_the_api_answers_429_in_json_with_retry_after(
    client, territories, settings
):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "api_read": "3/m/ip"}
    for _n in range(3):
        assert client.get(url("news"), REMOTE_ADDR="203.0.113.9").status_code == 200
    response = client.get(url("news"), REMOTE_ADDR="203.0.113.9")
    assert response.status_code == 429
    assert response["Retry-After"] == "60"
    assert response.json() == {"detail": "Too many requests."}
    # Another client still reads.
    assert client.get(url("news"), REMOTE_ADDR="198.51.100.4").status_code == 200


def test_answers_are_never_kept_whole_where_they_would_escape_the_rate_limit(client, territories):
    assert client.get(url("news"))["Cache-Control"] == "no-cache"


def test_any_origin_reads_the_api_but_not_the_rest_of_the_portal(client, territories):
    origin = {"Origin": "https://data.example.org"}
    response = client.get(url("news"), headers=origin)
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Credentials" not in response
    preflight = client.options(
        url("news"), headers={**origin, "Access-Control-Request-Method": "GET"}
    )
    assert preflight.status_code == 200
    assert preflight["Access-Control-Allow-Methods"] == "GET, HEAD, OPTIONS"
    assert "Access-Control-Allow-Origin" not in client.get(reverse("home"), headers=origin)


def test_the_schema_and_its_documentation_are_served(client, territories):
    schema = client.get(url("openapi-json")).json()
    assert schema["openapi"].startswith("3.")
    assert set(schema["paths"]) >= {f"/api/v1/{name}/" for name in LISTS}
    docs = client.get(url("openapi-view"))
    assert docs.status_code == 200
    assert "/static/ninja/swagger-ui-bundle.js" in docs.text
    assert "cdn" not in docs.text.lower()


def test_every_theme_and_country_has_its_standard_codes():
    assert set(THEME_DAC_SECTORS) == set(THEMES)
    assert set(COUNTRIES) | {"GP", "MQ"} == set(COUNTRY_ALPHA3)
    for sector in THEME_DAC_SECTORS.values():
        assert len(sector.sector) == 3
        assert len(sector.purpose) == 5
        assert sector.purpose.startswith(sector.sector[:2])
    assert all(len(code) == 3 and code.isupper() for code in COUNTRY_ALPHA3.values())
