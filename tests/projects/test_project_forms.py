"""The project form as a browser submits it: untouched extra rows never block a save, and the
funding plan says what is inconsistent next to the line concerned."""

from decimal import Decimal

import pytest
from django.urls import reverse

from projects.models import CaribbeanPartner, FundingLine, Project
from tests.members.factories import OrganisationFactory, member_of
from tests.pages import changed, form_data
from tests.projects.factories import FundingLineFactory, ProjectFactory

pytestmark = pytest.mark.django_db
F = FundingLine.Funder


@pytest.fixture
def editor(territories):
    return member_of(OrganisationFactory(name="Jeunesse Karukera"), role="editor")


def test_a_project_declared_with_only_the_required_fields_is_saved(client, editor):
    client.force_login(editor)
    page = client.get(reverse("projects:project_create"))
    data = changed(
        form_data(page),
        title="Chantiers de jeunes à Saint-Vincent",
        summary="Chantiers solidaires.",
        themes="youth-mobility",
    )
    response = client.post(reverse("projects:project_create"), data)
    assert response.status_code == 302, response.context and response.context["form"].errors
    project = Project.objects.get()
    assert project.title == "Chantiers de jeunes à Saint-Vincent"
    assert not CaribbeanPartner.objects.exists()
    assert not project.funding_lines.exists()


def test_the_new_partner_row_starts_blank_so_an_untouched_row_sends_nothing(client, editor):
    client.force_login(editor)
    data = form_data(client.get(reverse("projects:project_create")))
    assert data["partners-0-kind"] == [""]
    assert data["partners-0-country"] == [""]


def test_an_existing_project_saved_unchanged_stays_as_it_was(client, editor):
    project = ProjectFactory(lead=editor.memberships.get().organisation)
    FundingLineFactory(
        project=project,
        amount_requested=Decimal("60000"),
        amount_granted=Decimal("50000"),
        decision_date="2025-03-01",
    )
    FundingLineFactory(project=project, funder=F.OWN, amount_requested=Decimal("20000"))
    client.force_login(editor)
    url = reverse("projects:project_edit", args=[project.slug])
    response = client.post(url, form_data(client.get(url)))
    assert response.status_code == 302
    assert project.funding_lines.count() == 2
    assert not CaribbeanPartner.objects.exists()


@pytest.fixture
def edit(client, editor):
    """Post the edit page of a project with a funding line changed as given."""
    project = ProjectFactory(lead=editor.memberships.get().organisation)
    client.force_login(editor)
    url = reverse("projects:project_edit", args=[project.slug])

    def post(**values):
        return client.post(url, changed(form_data(client.get(url)), **values))

    post.project = project
    return post


def test_a_grant_above_the_amount_requested_is_refused_next_to_its_line(edit):
    response = edit(
        funding__0__funder=F.FCR_GUADELOUPE,
        funding__0__amount_requested="30000",
        funding__0__amount_granted="35000",
        funding__0__decision_date="2025-05-02",
    )
    assert response.status_code == 200
    errors = response.context["funding"].forms[0].errors
    assert "amount_granted" in errors
    assert "dépasse le montant demandé" in errors["amount_granted"][0]
    assert 'id="id_funding-0-amount_granted_error"' in response.text
    assert not edit.project.funding_lines.exists()


def test_a_grant_needs_its_decision_date_but_own_funds_do_not(edit):
    response = edit(
        funding__0__funder=F.FCR_GUADELOUPE,
        funding__0__amount_requested="30000",
        funding__0__amount_granted="25000",
        funding__1__funder=F.OWN,
        funding__1__amount_requested="10000",
        funding__1__amount_granted="10000",
    )
    assert list(response.context["funding"].forms[0].errors) == ["decision_date"]
    assert not response.context["funding"].forms[1].errors
    response = edit(
        funding__0__funder=F.FCR_GUADELOUPE,
        funding__0__amount_requested="30000",
        funding__0__amount_granted="25000",
        funding__0__decision_date="2025-05-02",
        funding__1__funder=F.OWN,
        funding__1__amount_requested="10000",
        funding__1__amount_granted="10000",
    )
    assert response.status_code == 302
    assert edit.project.funding_lines.count() == 2


def test_grants_adding_up_to_more_than_the_budget_are_refused(edit):
    response = edit(
        total_budget="20000",
        funding__0__funder=F.FCR_GUADELOUPE,
        funding__0__amount_requested="30000",
        funding__0__amount_granted="25000",
        funding__0__decision_date="2025-05-02",
    )
    assert response.status_code == 200
    assert "plus que le budget total" in str(response.context["funding"].non_form_errors())
    assert "Erreur" in response.text.split("</title>")[0]


def test_a_date_beyond_2100_is_a_message_next_to_the_field_not_a_crash(edit):
    response = edit(start_date="9999-12-31")
    assert response.status_code == 200
    assert "start_date" in response.context["form"].errors
