"""The filterable lists say their count in a live region that stays in place, as the directory
does: the page holds it once, with role=status; htmx's answer to a filter carries the new count
out of band (`data-hx-swap-oob="innerHTML"`), so that only its text changes and screen readers
announce it (a live region replaced whole, or inserted, is not announced)."""

import lxml.html
import pytest
from django.urls import reverse

from tests.members.factories import OrganisationFactory
from tests.projects.factories import ProjectFactory
from tests.trainings.factories import SessionFactory, TrainingFactory

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}


@pytest.fixture
def lists(territories):
    martinique = OrganisationFactory(territory=territories["martinique"])
    for n in range(3):
        ProjectFactory(title=f"Projet {n}", countries=["HT"] if n else ["LC"])
    ProjectFactory(title="Projet de Martinique", lead=martinique, countries=["HT"])
    for n in range(3):
        SessionFactory(training=TrainingFactory(title=f"Formation {n}"))
    SessionFactory(training=TrainingFactory(title="Formation", territory=territories["martinique"]))
    SessionFactory(training=TrainingFactory(title="Assemblée", kind="general-assembly"))
    SessionFactory(
        training=TrainingFactory(
            title="Réunion", kind="meeting", territory=territories["martinique"]
        )
    )


CASES = [
    # list, its live region's id, a filter, the count on the page, the count filtered
    ("projects:catalogue", "project-status", {"country": "HT"}, "4 projets", "3 projets"),
    (
        "trainings:catalogue",
        "session-status",
        {"territory": "martinique"},
        "4 sessions",
        "1 session",
    ),
    ("trainings:events", "session-status", {"territory": "martinique"}, "2 sessions", "1 session"),
]


@pytest.mark.parametrize(("name", "status", "params", "whole", "filtered"), CASES)
def test_the_page_holds_one_live_region_with_the_count(
    client, lists, name, status, params, whole, filtered
):
    page = lxml.html.fromstring(client.get(reverse(name)).content)
    regions = page.xpath(f'//*[@id="{status}"]')
    assert len(regions) == 1
    assert regions[0].get("role") == "status"
    assert regions[0].text_content().strip().startswith(whole)
    # Outside the results that htmx replaces, where it would be replaced whole.
    assert not regions[0].xpath("ancestor::section[contains(@class, 'results')]")


@pytest.mark.parametrize(("name", "status", "params", "whole", "filtered"), CASES)
def test_the_htmx_answer_carries_the_new_count_out_of_band(
    client, lists, django_assert_max_num_queries, name, status, params, whole, filtered
):
    with django_assert_max_num_queries(12):
        response = client.get(reverse(name), params, headers=HTMX)
    assert response.status_code == 200
    assert "<html" not in response.text
    fragment = lxml.html.fragments_fromstring(response.text)
    assert fragment[0].get("class") == "results"  # the results first, swapped in place
    (out_of_band,) = [e for e in fragment if e.get("id") == status]
    assert out_of_band.get("data-hx-swap-oob") == "innerHTML"
    assert out_of_band.text_content().strip().startswith(filtered)
    assert out_of_band.get("role") is None  # the page's element keeps its role; only text moves
