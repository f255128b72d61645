import csv
import io
import json

import pytest
from django.urls import reverse

from members.models import ContactPerson
from tests.members.factories import OrganisationFactory
from tests.projects.factories import FundingLineFactory, ProjectFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def data(territories):
    active = OrganisationFactory(name="Eau Partage Antilles", themes=["water-sanitation"])
    ContactPerson.objects.create(organisation=active, name="PLANTEDCONTACT", email="p@x.example")
    OrganisationFactory(name="PLANTEDPENDING", status="pending")
    project = ProjectFactory(title="Puits solaires", lead=active, countries=["HT"])
    FundingLineFactory(project=project, amount_requested="87654.32")
    ProjectFactory(title="PLANTEDDRAFT", lead=active, published=False)
    return active


def test_the_organisations_csv_holds_the_public_records_with_every_documented_field(client, data):
    response = client.get(reverse("opendata_organisations_csv"))
    rows = list(csv.DictReader(io.StringIO(response.getvalue().decode())))
    assert [r["name"] for r in rows] == ["Eau Partage Antilles"]
    assert rows[0]["themes"] == "water-sanitation"
    assert rows[0]["territory"] == "guadeloupe"
    from rrma.opendata import ORGANISATION_FIELDS

    assert list(rows[0]) == list(ORGANISATION_FIELDS)


def test_the_geojson_is_a_feature_collection_of_points(client, data):
    payload = json.loads(client.get(reverse("opendata_organisations_geojson")).getvalue())
    assert payload["type"] == "FeatureCollection"
    (feature,) = payload["features"]
    longitude, latitude = feature["geometry"]["coordinates"]
    assert 15.8 < latitude < 16.6
    assert -61.9 < longitude < -61.0
    assert "Licence Ouverte" in payload["licence"]


def test_the_projects_json_names_funders_without_amounts(client, data):
    payload = json.loads(client.get(reverse("opendata_projects_json")).getvalue())
    assert [p["title"] for p in payload["data"]] == ["Puits solaires"]
    assert payload["data"][0]["funders"] == ["fcr-guadeloupe"]


def test_projects_carry_the_dac_sectors_of_their_themes_and_alpha3_countries(client, data):
    (project,) = json.loads(client.get(reverse("opendata_projects_json")).getvalue())["data"]
    assert project["themes"] == ["youth-mobility"]
    assert project["dac_sectors"] == ["998"]
    assert project["crs_purposes"] == ["99810"]
    assert project["countries"] == ["HT"]
    assert project["countries_alpha3"] == ["HTI"]
    response = client.get(reverse("opendata_projects_csv"))
    (row,) = csv.DictReader(io.StringIO(response.getvalue().decode()))
    assert (row["dac_sectors"], row["countries_alpha3"]) == ("998", "HTI")
    from rrma.opendata import PROJECT_FIELDS

    assert list(row) == list(PROJECT_FIELDS)


@pytest.mark.parametrize(
    "name",
    [
        "opendata_organisations_csv",
        "opendata_organisations_json",
        "opendata_organisations_geojson",
        "opendata_projects_csv",
        "opendata_projects_json",
    ],
)
def test_open_data_never_holds_private_values(client, data, name):
    body = client.get(reverse(name)).getvalue().decode()
    for planted in ("PLANTEDCONTACT", "PLANTEDPENDING", "PLANTEDDRAFT", "87654", "p@x.example"):
        assert planted not in body


def test_the_network_page_shows_members_by_kind_coordinators_and_news(client, data, coordinator_gp):
    coordinator_gp.first_name, coordinator_gp.last_name = "Maryse", "Lollia"
    coordinator_gp.save()
    response = client.get(reverse("network", args=["guadeloupe"]))
    assert "Maryse Lollia" in response.text
    assert response.context["total"] == 1
    assert "Eau Partage Antilles" in response.text
    assert "Puits solaires" in response.text
    assert coordinator_gp.email not in response.text


def test_every_page_links_the_privacy_legal_and_accessibility_pages(client, territories):
    text = client.get(reverse("home")).text
    for name in ("privacy", "legal", "accessibility"):
        assert f'href="{reverse(name)}"' in text


def test_forms_collecting_personal_data_link_the_privacy_policy(client, member, territories):
    assert reverse("privacy") in client.get(reverse("account_signup")).text
    client.force_login(member)
    assert reverse("privacy") in client.get(reverse("members:organisation_register")).text


def test_an_organisation_and_a_project_read_the_same_in_the_open_data_and_the_api(client, data):
    """One writing of the public fields (api/records.py): the open data and the API agree,
    field by field, the organisations' alpha-3 countries included."""
    data.countries.set(["DM"])
    (organisation,) = json.loads(client.get(reverse("opendata_organisations_json")).getvalue())[
        "data"
    ]
    assert organisation["countries_alpha3"] == ["DMA"]
    assert client.get(f"/api/v1/organisations/{data.slug}/").json() == organisation
    (project,) = json.loads(client.get(reverse("opendata_projects_json")).getvalue())["data"]
    assert client.get(f"/api/v1/projects/{project['slug']}/").json() == project
