"""After login each role lands on its dashboard, with a panel per role the person holds."""

from datetime import datetime, time, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from members.models import Invitation, JoinRequest, Membership, Organisation
from members.services import organisation_confirm
from rrma.dashboards import LIST_SIZE
from tests.calls.factories import CallFactory
from tests.members.factories import PASSWORD, OrganisationFactory, UserFactory, member_of
from tests.projects.factories import ProjectFactory
from tests.support.factories import SupportRequestFactory
from tests.trainings.factories import RegistrationFactory, SessionFactory, TrainingFactory

pytestmark = pytest.mark.django_db


def stale(**kwargs) -> Organisation:
    organisation = OrganisationFactory(**kwargs)
    long_ago = timezone.now() - timedelta(days=400)
    Organisation.objects.filter(pk=organisation.pk).update(created_at=long_ago)
    return organisation


def dashboard(client, user):
    client.force_login(user)
    response = client.get(reverse("dashboard"))
    assert response.status_code == 200
    return response


def test_logging_in_leads_to_the_dashboard(client, member):
    response = client.post(reverse("account_login"), {"login": member.email, "password": PASSWORD})
    assert response["Location"] == reverse("dashboard")


def test_members_see_their_organisations_projects_registrations_and_requests(client, guadeloupe):
    organisation = stale(name="Les Amis de Roseau", territory=guadeloupe)
    admin = member_of(organisation, "admin")
    ProjectFactory(lead=organisation, title="Jardins partagés", published=False)
    ProjectFactory(title="Projet d'une autre association")
    RegistrationFactory(
        user=admin,
        organisation=organisation,
        session=SessionFactory(training=TrainingFactory(title="Monter un dossier Interreg")),
    )
    JoinRequest.objects.create(user=UserFactory(first_name="Nadia"), organisation=organisation)
    JoinRequest.objects.create(user=admin, organisation=OrganisationFactory(name="Caraïbe Santé"))
    Invitation.objects.create(
        organisation=OrganisationFactory(name="Kaz a Lectures"), email=admin.email
    )

    context = dashboard(client, admin).context
    text = dashboard(client, admin).text
    assert [m.organisation for m in context["member"]["memberships"]] == [organisation]
    assert "fiche à confirmer" in text
    assert [p.title for p in context["member"]["projects"]] == ["Jardins partagés"]
    assert "Monter un dossier Interreg" in text
    assert [r.user.first_name for r in context["member"]["requests_to_answer"]] == ["Nadia"]
    assert "Caraïbe Santé" in text
    assert "Kaz a Lectures" in text
    assert context["coordinator_panels"] == []
    assert context["state"] is None


def test_coordinators_see_their_queue_coming_sessions_with_fill_rates_and_stale_records(
    client, guadeloupe, martinique, coordinator_gp
):
    OrganisationFactory(name="En attente", territory=guadeloupe, status="pending")
    OrganisationFactory(name="En attente ailleurs", territory=martinique, status="pending")
    stale(name="Vieille fiche", territory=guadeloupe)
    fresh = stale(name="Fiche confirmée", territory=guadeloupe)
    organisation_confirm(organisation=fresh, by=coordinator_gp)
    session = SessionFactory(capacity=4, training=TrainingFactory(territory=guadeloupe))
    for _n in range(3):
        RegistrationFactory(session=session)

    response = dashboard(client, coordinator_gp)
    (panel,) = response.context["coordinator_panels"]
    assert [o.name for o in panel["pending"]] == ["En attente"]
    assert [(row["session"], row["fill_rate"]) for row in panel["sessions"]] == [(session, 75)]
    assert [o.name for o in panel["stale"]] == ["Vieille fiche"]
    assert "75 %" in response.text
    assert response.context["state"] is None


def test_state_services_see_headline_figures_and_recent_changes(
    client, guadeloupe, martinique, state_user
):
    OrganisationFactory(territory=guadeloupe)
    OrganisationFactory(territory=guadeloupe, status="pending")
    changed = OrganisationFactory(territory=martinique, name="Réseau Madinina")
    changed.email = "contact@madinina.example"
    changed.save()

    state = dashboard(client, state_user).context["state"]
    figures = {row["territory"].slug: row for row in state["figures"]}
    assert (figures["guadeloupe"]["active"], figures["guadeloupe"]["pending"]) == (1, 1)
    assert figures["martinique"]["active"] == 1
    assert state["changes"][0]["entry"].name == "Réseau Madinina"
    assert str(state["changes"][0]["what"]) == "Modification"


def past_session(days_ago: int, **kwargs):
    starts = timezone.now() - timedelta(days=days_ago)
    return SessionFactory(
        starts_at=starts,
        ends_at=starts + timedelta(hours=3),
        registration_deadline=starts - timedelta(days=1),
        **kwargs,
    )


def coordination_data(territory, coordinator, count: int) -> None:
    """`count` of every list the coordinator's and the member's panels show."""
    for n in range(count):
        organisation = stale(territory=territory, status="active", name=f"Ancienne {n:02}")
        member_of(organisation, "admin", email=f"x{organisation.pk}@example.org")
        Membership.objects.create(user=coordinator, organisation=organisation, role="admin")
        ProjectFactory(lead=organisation)
        pending = OrganisationFactory(
            territory=territory, status="pending", name=f"Nouvelle {n:02}"
        )
        Organisation.objects.filter(pk=pending.pk).update(
            created_at=timezone.now() - timedelta(days=100 - n)
        )
        session = SessionFactory(
            training=TrainingFactory(territory=territory),
            starts_at=timezone.now() + timedelta(days=10 + n),
            ends_at=timezone.now() + timedelta(days=10 + n, hours=3),
            registration_deadline=timezone.now() + timedelta(days=8 + n),
        )
        RegistrationFactory(user=coordinator, organisation=organisation, session=session)
        JoinRequest.objects.create(user=UserFactory(), organisation=organisation)
        RegistrationFactory(session=past_session(30 + n, training=TrainingFactory()))
        asked = timezone.now() - timedelta(days=30 + n)
        SupportRequestFactory(organisation=organisation, created_at=asked, awaiting_since=asked)


@pytest.mark.parametrize("count", [1, 14])
def test_the_dashboard_reads_a_fixed_number_of_queries(
    client, guadeloupe, coordinator_gp, count, django_assert_max_num_queries
):
    """A coordinator who is also an organisation's admin: every panel but State services'."""
    coordination_data(guadeloupe, coordinator_gp, count)
    for _n in range(count):
        CallFactory(themes=["health"])
    client.force_login(coordinator_gp)
    # The person, their roles and two-factor; the member's panel, with the number of rows of
    # its four lists when longer than shown (support requests included), and the open calls
    # with their eligibility and the organisations' profiles ("calls for you"); the
    # coordinator's six counts (support requests: one grouped query) and four lists (the
    # requests waiting too long); the networks of the header.
    with django_assert_max_num_queries(38):
        response = client.get(reverse("dashboard"))
    assert response.status_code == 200
    (panel,) = response.context["coordinator_panels"]
    shown = min(count, LIST_SIZE)
    assert (len(panel["pending"]), panel["pending_count"]) == (shown, count)
    assert (len(panel["stale"]), panel["stale_count"]) == (shown, count)
    assert (len(panel["sessions"]), panel["session_count"]) == (shown, count)
    member = response.context["member"]
    assert (len(member["memberships"]), member["memberships_count"]) == (shown, count)
    assert (len(member["registrations"]), member["registrations_count"]) == (shown, count)
    assert (len(member["requests_to_answer"]), member["requests_to_answer_count"]) == (
        shown,
        count,
    )
    assert panel["open_calls"] == count
    assert all(row["count"] == count for row in member["calls"])
    assert (panel["support_open"], panel["support_new"], panel["overdue"]) == (count,) * 3
    assert len(panel["support_overdue"]) == shown
    assert (len(member["support_requests"]), member["support_requests_count"]) == (shown, count)


def test_long_lists_are_summarised_with_a_link_to_the_whole_list(
    client, guadeloupe, coordinator_gp
):
    coordination_data(guadeloupe, coordinator_gp, LIST_SIZE + 4)
    response = dashboard(client, coordinator_gp)
    (panel,) = response.context["coordinator_panels"]
    # The oldest waiting first, as in the queue.
    assert [o.name for o in panel["pending"]] == [f"Nouvelle {n:02}" for n in range(LIST_SIZE)]
    text = response.text
    assert f"{LIST_SIZE + 4} structures en attente de validation" in text
    assert f"{LIST_SIZE + 4} fiches non confirmées depuis un an" in text
    assert reverse("members:moderation_queue", args=["guadeloupe"]) in text
    assert f"{reverse('trainings:catalogue')}?territory=guadeloupe" in text
    assert f'href="{reverse("members:account")}"' in text
    assert f"Sessions à venir ({LIST_SIZE + 4})" in text
    assert text.count("/moderate/") == LIST_SIZE


def test_the_page_stays_the_same_size_whatever_the_number_of_records(
    client, guadeloupe, martinique, coordinator_gp
):
    coordination_data(guadeloupe, coordinator_gp, LIST_SIZE)
    small = len(dashboard(client, coordinator_gp).content)
    coordination_data(martinique, UserFactory(), 3)
    coordination_data(guadeloupe, UserFactory(), 3 * LIST_SIZE)
    large = len(dashboard(client, coordinator_gp).content)
    # Only the figures grow (a digit or two each).
    assert large - small < 200


@pytest.mark.parametrize("count", [1, 8])
def test_the_state_panel_reads_a_fixed_number_of_queries(
    client, guadeloupe, martinique, state_user, count, django_assert_max_num_queries
):
    for territory in (guadeloupe, martinique):
        for _n in range(count):
            ProjectFactory(lead=OrganisationFactory(territory=territory))
            stale(territory=territory)
            OrganisationFactory(territory=territory, status="pending")
            RegistrationFactory(
                session=SessionFactory(training=TrainingFactory(territory=territory))
            )
    client.force_login(state_user)
    with django_assert_max_num_queries(19):
        response = client.get(reverse("dashboard"))
    assert response.status_code == 200
    figures = {row["territory"].slug: row for row in response.context["state"]["figures"]}
    for slug in ("guadeloupe", "martinique"):
        assert figures[slug]["pending"] == count
        assert figures[slug]["stale"] == count
        assert figures[slug]["projects"] == count
        assert figures[slug]["sessions"] == count
        assert figures[slug]["participants"] == count
    # Each project's lead, each stale record, and the registrations' organisations (Guadeloupe).
    assert figures["martinique"]["active"] == 2 * count
    assert len(response.context["state"]["new_projects"]) == min(2 * count, 5)
    # The latest change of each record, four records per round and territory.
    assert len(response.context["state"]["changes"]) == min(LIST_SIZE, 8 * count)


def test_this_year_s_sessions_start_on_january_first_local_time(client, guadeloupe, state_user):
    new_year = timezone.localdate().replace(month=1, day=1)
    local_midnight = timezone.make_aware(datetime.combine(new_year, time.min))
    for starts in (local_midnight, local_midnight - timedelta(minutes=1)):
        SessionFactory(
            training=TrainingFactory(territory=guadeloupe),
            starts_at=starts,
            ends_at=starts + timedelta(hours=3),
            registration_deadline=starts - timedelta(days=1),
        )
    state = dashboard(client, state_user).context["state"]
    figures = {row["territory"].slug: row for row in state["figures"]}
    assert figures["guadeloupe"]["sessions"] == 1
