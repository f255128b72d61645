"""Recording and editing a mission through its page: the form, its obstacles, and the input a
real person (or a hostile client) sends."""

from datetime import date

import pytest
from django.urls import reverse

from missions.models import Mission, Obstacle
from tests.members.factories import OrganisationFactory, member_of
from tests.missions.factories import MissionFactory, ObstacleFactory
from tests.projects.factories import ProjectFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def organisation(territories):
    return OrganisationFactory(slug="karib-sante", territory=territories["guadeloupe"])


@pytest.fixture
def admin(client, organisation):
    user = member_of(organisation, "admin")
    client.force_login(user)
    return user


def form_data(organisation, *, obstacles=(), existing=(), extra=3, **fields):
    """What the browser posts: the mission's fields, its obstacles' rows (those given, then
    `extra` rows left untouched, exactly as a browser sends them empty)."""
    data = {
        "organisation": str(organisation.pk),
        "direction": "outgoing",
        "country": "HT",
        "start_date": "2026-03-02",
        "end_date": "2026-03-06",
        "participants": "4",
        "purpose": "Formation des agents de santé communautaire à Jacmel.",
        "project": "",
        **fields,
    }
    rows = [*existing, *obstacles, *[{}] * extra]
    data |= {
        "obstacles-TOTAL_FORMS": str(len(rows)),
        "obstacles-INITIAL_FORMS": str(len(existing)),
        "obstacles-MIN_NUM_FORMS": "0",
        "obstacles-MAX_NUM_FORMS": "20",
    }
    for index, row in enumerate(rows):
        data[f"obstacles-{index}-kind"] = row.get("kind", "")
        data[f"obstacles-{index}-note"] = row.get("note", "")
        if "id" in row:
            data[f"obstacles-{index}-id"] = str(row["id"])
            data[f"obstacles-{index}-mission"] = str(row["mission"])
        if row.get("DELETE"):
            data[f"obstacles-{index}-DELETE"] = "on"
    return data


def test_an_admin_records_a_mission_with_its_obstacles_leaving_extra_rows_empty(
    client, organisation, admin
):
    project = ProjectFactory(lead=organisation)
    response = client.post(
        reverse("missions:mission_create"),
        form_data(
            organisation,
            project=str(project.pk),
            obstacles=[
                {"kind": "visa-refused", "note": "Consulat de Port-au-Prince"},
                {"kind": "transport-cost"},
            ],
        ),
    )
    mission = Mission.objects.get()
    assert response.status_code == 302
    assert response["Location"] == mission.get_absolute_url()
    assert (mission.organisation, mission.project, mission.participants) == (
        organisation,
        project,
        4,
    )
    assert mission.created_by == admin
    assert list(mission.obstacles.values_list("kind", "note")) == [
        ("visa-refused", "Consulat de Port-au-Prince"),
        ("transport-cost", ""),
    ]


def test_a_mission_without_obstacles_saves_with_every_row_left_empty(client, organisation, admin):
    response = client.post(reverse("missions:mission_create"), form_data(organisation, extra=3))
    assert response.status_code == 302
    assert Mission.objects.count() == 1
    assert not Obstacle.objects.exists()


def test_the_form_offers_only_the_organisations_own_projects(client, organisation, admin):
    own = ProjectFactory(lead=organisation, title="Santé communautaire à Jacmel")
    ProjectFactory(title="Projet d'une autre association")
    response = client.get(reverse("missions:mission_create"))
    assert response.status_code == 200
    assert own.title in response.text
    assert "Projet d'une autre association" not in response.text


def test_another_organisations_project_is_refused_next_to_the_field(client, organisation, admin):
    other = ProjectFactory()
    response = client.post(
        reverse("missions:mission_create"), form_data(organisation, project=str(other.pk))
    )
    assert response.status_code == 200
    assert "project" in response.context["form"].errors
    assert not Mission.objects.exists()


def test_a_mission_is_recorded_only_for_the_persons_own_organisations(client, organisation, admin):
    stranger = OrganisationFactory()
    response = client.post(reverse("missions:mission_create"), form_data(stranger))
    assert response.status_code == 200
    assert "organisation" in response.context["form"].errors
    assert not Mission.objects.exists()


def test_the_organisation_is_preselected_from_the_address(client, organisation, admin):
    second = OrganisationFactory(name="Lycée de Baimbridge", slug="baimbridge")
    member_of(second, "editor")
    from members.models import Membership

    Membership.objects.create(user=admin, organisation=second, role="editor")
    response = client.get(reverse("missions:mission_create") + "?organisation=baimbridge")
    assert response.context["form"]["organisation"].value() == second.pk
    # Junk in the address preselects nothing, and breaks nothing.
    response = client.get(reverse("missions:mission_create") + "?organisation=%00x")
    assert response.status_code == 200
    assert response.context["form"]["organisation"].value() is None


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("participants", "0"),
        ("participants", "abc"),
        ("participants", "99999999999999999999999"),
        ("end_date", "2026-03-01"),  # before the start
        ("start_date", "0001-01-01"),
        ("start_date", "32768-01-01"),
        ("purpose", "Mission\x00"),
        ("country", "ZZ"),
        ("direction", "sideways"),
        ("project", "99999999999999999999999"),
    ],
)
def test_bad_input_gets_a_message_next_to_its_field(client, organisation, admin, field, value):
    response = client.post(
        reverse("missions:mission_create"), form_data(organisation, **{field: value})
    )
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not Mission.objects.exists()


def test_an_obstacle_row_with_a_note_but_no_kind_asks_for_the_kind(client, organisation, admin):
    response = client.post(
        reverse("missions:mission_create"),
        form_data(organisation, obstacles=[{"note": "Vol annulé"}]),
    )
    assert response.status_code == 200
    assert "kind" in response.context["obstacles"].forms[0].errors
    assert not Mission.objects.exists()


def test_a_forged_number_of_rows_is_refused_with_a_message(client, organisation, admin):
    data = form_data(organisation)
    data["obstacles-TOTAL_FORMS"] = "100000"
    response = client.post(reverse("missions:mission_create"), data)
    assert response.status_code == 200
    assert response.context["obstacles"].non_form_errors()
    assert not Mission.objects.exists()


def test_editing_changes_the_participants_and_removes_an_obstacle_leaving_extra_rows_empty(
    client, organisation, admin
):
    mission = MissionFactory(organisation=organisation, start_date=date(2026, 3, 2))
    kept = ObstacleFactory(mission=mission, kind="visa-refused", note="Consulat")
    removed = ObstacleFactory(mission=mission, kind="transport-cost")
    url = reverse("missions:mission_edit", kwargs={"pk": mission.pk})
    page = client.get(url)
    assert page.status_code == 200
    assert page.context["form"].fields["organisation"].disabled
    existing = [
        {"id": kept.pk, "mission": mission.pk, "kind": "visa-refused", "note": "Consulat"},
        {"id": removed.pk, "mission": mission.pk, "kind": "transport-cost", "DELETE": True},
    ]
    # A disabled field is not sent; a forged organisation is ignored.
    data = form_data(OrganisationFactory(), existing=existing, participants="6")
    response = client.post(url, data)
    assert response.status_code == 302
    mission.refresh_from_db()
    assert (mission.participants, mission.organisation) == (6, organisation)
    assert list(mission.obstacles.values_list("kind", flat=True)) == ["visa-refused"]


def test_a_failed_submission_shows_the_error_summary(client, organisation, admin):
    response = client.post(
        reverse("missions:mission_create"), form_data(organisation, participants="")
    )
    assert response.status_code == 200
    assert 'class="error-summary"' in response.text
    assert 'href="#id_participants"' in response.text
