import csv
import io
import json

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from rrma.models import ExportLog
from tests.members.factories import OrganisationFactory
from tests.projects.factories import ProjectFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def census_data(guadeloupe, martinique):
    OrganisationFactory(name="Active Guadeloupe", territory=guadeloupe)
    OrganisationFactory(name="Pending Guadeloupe", territory=guadeloupe, status="pending")
    OrganisationFactory(name="Active Martinique", territory=martinique)
    ProjectFactory(lead=OrganisationFactory(name="With project", territory=martinique))


def names(response):
    return {o.name for o in response.context["page"]}


def test_state_services_see_both_territories_in_any_status(client, census_data, state_user):
    client.force_login(state_user)
    assert names(client.get(reverse("census"))) == {
        "Active Guadeloupe",
        "Pending Guadeloupe",
        "Active Martinique",
        "With project",
    }


def test_a_coordinator_sees_only_their_territory(client, census_data, coordinator_gp):
    client.force_login(coordinator_gp)
    assert names(client.get(reverse("census"))) == {"Active Guadeloupe", "Pending Guadeloupe"}


def test_census_filters_add_status_and_projects(client, census_data, state_user):
    client.force_login(state_user)
    assert names(client.get(reverse("census"), {"status": "pending"})) == {"Pending Guadeloupe"}
    assert names(client.get(reverse("census"), {"has_projects": "true"})) == {"With project"}


def test_exports_hold_exactly_the_filtered_rows_and_are_logged(client, census_data, state_user):
    client.force_login(state_user)
    params = {"territory": "martinique"}
    response = client.get(reverse("census_export", args=["csv"]), params)
    rows = list(csv.reader(io.StringIO(response.getvalue().decode("utf-8-sig")), delimiter=";"))
    assert rows[0][0] == "Nom"
    assert {row[0] for row in rows[1:]} == {"Active Martinique", "With project"}
    workbook = load_workbook(
        io.BytesIO(client.get(reverse("census_export", args=["xlsx"]), params).getvalue())
    )
    sheet_rows = list(workbook.active.iter_rows(values_only=True))
    assert {row[0] for row in sheet_rows[1:]} == {"Active Martinique", "With project"}
    data = json.loads(client.get(reverse("census_export", args=["json"]), params).getvalue())
    assert {row["name"] for row in data} == {"Active Martinique", "With project"}
    logs = list(ExportLog.objects.order_by("created_at"))
    assert [(log.file_format, log.row_count, log.filters) for log in logs] == [
        ("csv", 2, params),
        ("xlsx", 2, params),
        ("json", 2, params),
    ]
    assert all(log.user == state_user for log in logs)


def test_a_coordinators_export_holds_only_their_territory(client, census_data, coordinator_mq):
    client.force_login(coordinator_mq)
    data = json.loads(client.get(reverse("census_export", args=["json"])).getvalue())
    assert {row["territory"] for row in data} == {"Martinique"}


def test_members_are_refused(client, census_data, member):
    client.force_login(member)
    assert client.get(reverse("census")).status_code == 403
    assert client.get(reverse("census_export", args=["csv"])).status_code == 403
    assert not ExportLog.objects.exists()


@pytest.mark.parametrize("count", [2, 20])
def test_the_census_costs_a_constant_number_of_queries(
    client, state_user, territories, count, django_assert_max_num_queries
):
    for n in range(count):
        OrganisationFactory(name=f"Structure {n}", themes=["health", "energy"])
    client.force_login(state_user)
    with django_assert_max_num_queries(20):
        response = client.get(reverse("census"))
    assert response.status_code == 200
    assert f"{count} structures" in response.text
    with django_assert_max_num_queries(12):
        response = client.get(reverse("census_export", args=["csv"]))
        # Streamed: the rows are read while the file is written.
        body = response.getvalue()
    assert response.status_code == 200
    assert body.decode("utf-8-sig").count("\n") == count + 1


def test_the_menu_offers_the_census_to_those_who_may_read_it(client, state_user, member):
    client.force_login(member)
    assert reverse("census") not in client.get(reverse("home")).text
    client.force_login(state_user)
    assert reverse("census") in client.get(reverse("home")).text
