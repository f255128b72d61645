"""After login each role lands on its dashboard, with a panel per role the person holds."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from members.models import Invitation, JoinRequest, Membership, Organisation
from members.services import organisation_confirm
from tests.members.factories import PASSWORD, OrganisationFactory, UserFactory, member_of
from tests.projects.factories import ProjectFactory
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


def test_the_dashboard_reads_a_fixed_number_of_queries(
    client, guadeloupe, coordinator_gp, django_assert_max_num_queries
):
    """A coordinator who is also an organisation's admin: every panel but State services'."""
    for round_number in range(2):
        organisation = stale(territory=guadeloupe, status="active")
        member_of(organisation, "admin", email=f"x{organisation.pk}@example.org")
        Membership.objects.create(user=coordinator_gp, organisation=organisation, role="admin")
        ProjectFactory(lead=organisation)
        OrganisationFactory(territory=guadeloupe, status="pending")
        RegistrationFactory(user=coordinator_gp, organisation=organisation)
        JoinRequest.objects.create(user=UserFactory(), organisation=organisation)
        client.force_login(coordinator_gp)
        with django_assert_max_num_queries(25):
            response = client.get(reverse("dashboard"))
        assert response.status_code == 200
        assert len(response.context["coordinator_panels"]) == 1
        assert len(response.context["member"]["memberships"]) == round_number + 1


def test_the_state_panel_reads_a_fixed_number_of_queries(
    client, guadeloupe, state_user, django_assert_max_num_queries
):
    for _round in range(2):
        for _n in range(5):
            ProjectFactory(lead=OrganisationFactory(territory=guadeloupe))
        client.force_login(state_user)
        with django_assert_max_num_queries(25):
            response = client.get(reverse("dashboard"))
        assert response.status_code == 200
        assert len(response.context["state"]["new_projects"]) == 5
