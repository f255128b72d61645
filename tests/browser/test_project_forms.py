"""The project form in Chromium, filled as a person fills it: creation with only the required
fields (the extra partner and funding rows left untouched), saving unchanged, the funding-plan
rules, and an existing project with its funding lines saved as it is."""

import re
from datetime import date
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from members.demo import DEMO_PASSWORD
from members.models import User
from projects.models import FundingLine, Project
from tests.browser.helpers import expect_error_summary, log_in
from tests.members.factories import OrganisationFactory, member_of
from tests.projects.factories import FundingLineFactory, PartnerFactory, ProjectFactory

pytestmark = pytest.mark.django_db(transaction=True)

SAVED = "Le projet a été enregistré."


def funding_plan(project):
    return list(
        project.funding_lines.order_by("pk").values_list(
            "funder", "amount_requested", "amount_granted", "decision_date"
        )
    )


def save(page):
    page.get_by_role("button", name="Enregistrer le projet").click()


def expect_saved(page, checks, title):
    expect(page.get_by_text(SAVED)).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    checks.accessible()


def open_edit_page(page, live_server, project):
    page.goto(f"{live_server.url}/projects/{project.slug}/edit/")
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Modifier {project.title}")
    expect(page.locator(".error-summary")).to_have_count(0)


def test_an_editor_declares_a_project_with_only_a_title_a_summary_and_a_theme(
    live_server, page, checks, territories
):
    organisation = OrganisationFactory(name="Jeunesse Karukera")
    editor = member_of(organisation, role="editor")

    log_in(page, live_server, editor)
    page.goto(live_server.url + "/projects/new/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Déclarer un projet")
    checks.accessible()
    page.locator("#id_title").fill("Ateliers de théâtre avec Sainte-Lucie")
    page.locator("#id_summary").fill("Des ateliers de théâtre entre jeunes de deux îles.")
    page.get_by_label("Culture et patrimoine", exact=True).check()
    save(page)

    expect_saved(page, checks, "Ateliers de théâtre avec Sainte-Lucie")
    project = Project.objects.get()
    assert project.lead == organisation
    assert project.created_by == editor
    assert list(project.themes.values_list("code", flat=True)) == ["culture-heritage"]
    assert not project.funding_lines.exists()
    assert not project.caribbean_partners.exists()
    assert project.total_budget is None


def test_an_editor_saves_an_existing_project_unchanged_then_completes_its_funding_plan(
    live_server, page, checks, territories
):
    organisation = OrganisationFactory()
    editor = member_of(organisation, role="editor")
    log_in(page, live_server, editor)

    # Declared with the required fields only, then opened again and saved as it is.
    page.goto(live_server.url + "/projects/new/")
    page.locator("#id_title").fill("Potagers scolaires à la Dominique")
    page.locator("#id_summary").fill("Des potagers dans les écoles de Roseau.")
    page.get_by_label("Agriculture et sécurité alimentaire", exact=True).check()
    save(page)
    expect_saved(page, checks, "Potagers scolaires à la Dominique")
    project = Project.objects.get()

    open_edit_page(page, live_server, project)
    checks.accessible()
    save(page)
    expect_saved(page, checks, "Potagers scolaires à la Dominique")
    assert Project.objects.get().summary == "Des potagers dans les écoles de Roseau."
    assert not FundingLine.objects.exists()

    # A grant above the amount requested: said next to the line, nothing saved.
    open_edit_page(page, live_server, project)
    page.locator("#id_funding-0-funder").select_option(label="FCR Guadeloupe")
    page.locator("#id_funding-0-amount_requested").fill("30000")
    page.locator("#id_funding-0-amount_granted").fill("35000")
    save(page)
    expect_error_summary(page, checks)
    expect(page.locator("#id_funding-0-amount_granted_error")).to_contain_text(
        "dépasse le montant demandé"
    )
    expect(page.locator("#id_funding-0-amount_granted")).to_have_attribute(
        "aria-describedby", re.compile(r"\bid_funding-0-amount_granted_error\b")
    )
    expect(page.locator('.error-summary a[href="#id_funding-0-amount_granted"]')).to_be_visible()
    assert not FundingLine.objects.exists()

    # Granted, but without the date of the decision.
    page.locator("#id_funding-0-amount_granted").fill("25000")
    save(page)
    expect_error_summary(page, checks)
    expect(page.locator("#id_funding-0-amount_granted_error")).to_have_count(0)
    expect(page.locator("#id_funding-0-decision_date_error")).to_contain_text(
        "Indiquez la date de la décision"
    )
    assert not FundingLine.objects.exists()

    page.locator("#id_funding-0-decision_date").fill("2026-02-16")
    save(page)
    expect_saved(page, checks, "Potagers scolaires à la Dominique")
    line = FundingLine.objects.get()
    assert (line.funder, line.amount_requested, line.amount_granted, line.decision_date) == (
        "fcr-guadeloupe",
        Decimal("30000"),
        Decimal("25000"),
        date(2026, 2, 16),
    )

    # Own funds: no one decides them, so no decision date is asked for.
    open_edit_page(page, live_server, project)
    expect(page.locator("#id_funding-0-amount_granted")).to_have_value("25000.00")
    page.locator("#id_funding-1-funder").select_option(label="Fonds propres")
    page.locator("#id_funding-1-amount_requested").fill("5000")
    page.locator("#id_funding-1-amount_granted").fill("5000")
    save(page)
    expect_saved(page, checks, "Potagers scolaires à la Dominique")
    own = FundingLine.objects.get(funder="own")
    assert (own.amount_granted, own.decision_date) == (Decimal("5000"), None)
    assert project.funding_lines.count() == 2


def test_a_budget_below_the_amounts_granted_is_refused_with_the_funding_plan_error(
    live_server, page, checks, territories
):
    organisation = OrganisationFactory()
    editor = member_of(organisation, role="admin")
    project = ProjectFactory(lead=organisation, title="Radio communautaire en Haïti")
    FundingLineFactory(
        project=project,
        funder="interreg",
        amount_requested=Decimal("60000"),
        amount_granted=Decimal("50000"),
        decision_date=date(2025, 6, 2),
    )

    log_in(page, live_server, editor)
    open_edit_page(page, live_server, project)
    page.locator("#id_total_budget").fill("40000")
    save(page)
    expect_error_summary(page, checks)
    error = page.locator(".message-error", has_text="Les montants accordés totalisent")
    expect(error).to_be_visible()
    expect(error).to_contain_text("50\u202f000,00\u00a0€")
    expect(page.locator(".error-summary")).to_contain_text("Les montants accordés totalisent")
    project.refresh_from_db()
    assert project.total_budget == Decimal("100000.00")

    page.locator("#id_total_budget").fill("80000")
    save(page)
    expect_saved(page, checks, "Radio communautaire en Haïti")
    project.refresh_from_db()
    assert project.total_budget == Decimal("80000.00")


def test_an_editor_saves_unchanged_a_project_with_partners_and_funding_lines(
    live_server, page, checks, territories
):
    organisation = OrganisationFactory()
    editor = member_of(organisation, role="editor")
    project = ProjectFactory(
        lead=organisation,
        title="Gestion des déchets avec la Dominique",
        end_date=date(2027, 12, 31),
        description="Tri et compostage dans deux communes.",
        beneficiaries_count=400,
    )
    project.caribbean_partners.add(PartnerFactory())
    project.local_partners.add(OrganisationFactory())
    FundingLineFactory(project=project)  # requested, not decided yet
    FundingLineFactory(
        project=project,
        funder="afd",
        amount_requested=Decimal("20000"),
        amount_granted=Decimal("15000"),
        decision_date=date(2025, 11, 3),
    )
    FundingLineFactory(
        project=project, funder="own", amount_requested=Decimal("5000"), amount_granted=5000
    )
    before = funding_plan(project)

    log_in(page, live_server, editor)
    open_edit_page(page, live_server, project)
    checks.accessible()
    save(page)
    expect_saved(page, checks, "Gestion des déchets avec la Dominique")
    project.refresh_from_db()
    assert funding_plan(project) == before
    assert project.caribbean_partners.count() == 1
    assert project.local_partners.count() == 1
    assert project.end_date == date(2027, 12, 31)
    assert project.beneficiaries_count == 400


def test_the_demo_organisation_admin_saves_each_of_their_projects_unchanged(
    live_server, page, checks, demo
):
    admin = User.objects.get(email="admin.asso@rrma.example")
    projects = list(Project.objects.filter(lead__memberships__user=admin).order_by("title"))
    assert projects
    before = {
        p.pk: (funding_plan(p), set(p.caribbean_partners.all()), set(p.countries.all()))
        for p in projects
    }

    log_in(page, live_server, admin, password=DEMO_PASSWORD)
    for project in projects:
        open_edit_page(page, live_server, project)
        checks.accessible()
        save(page)
        expect_saved(page, checks, project.title)
        after = (
            funding_plan(project),
            set(project.caribbean_partners.all()),
            set(project.countries.all()),
        )
        assert after == before[project.pk]
