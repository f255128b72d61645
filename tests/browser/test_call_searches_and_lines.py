"""Two forms the funding calls added or changed, in Chromium through their pages: a visitor
saves a search of the calendar and confirms it from the emailed link; an editor names, then
changes, the call a funding line answered."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from calls.models import SavedSearch
from projects.models import FundingLine
from tests.browser.helpers import log_in
from tests.calls.factories import CallFactory
from tests.members.factories import OrganisationFactory, member_of
from tests.projects.factories import ProjectFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_visitor_saves_a_search_of_the_calendar_and_confirms_it_from_the_email(
    live_server, page, checks, territories
):
    CallFactory(title="Coopérer avec la Dominique", themes=["health"])
    page.goto(live_server.url + "/calls/")
    page.get_by_label("Thématique").select_option(label="Santé")
    page.get_by_role("button", name="Filtrer").click()
    expect(page).to_have_url(re.compile(r"theme=health"))
    page.get_by_role("button", name="Enregistrer cette recherche").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Enregistrer cette recherche")
    expect(page.get_by_text("Santé")).to_be_visible()
    checks.accessible()
    page.get_by_label("Votre adresse électronique").fill("veille@example.org")
    page.get_by_role("button", name="Enregistrer cette recherche").click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    checks.accessible()

    search = SavedSearch.objects.get()
    assert (search.email, search.query, search.confirmed_at) == (
        "veille@example.org",
        "theme=health",
        None,
    )
    (message,) = mail.outbox
    link = re.search(r"https?://\S+/calls/searches/confirm/\S+/", message.body).group(0)
    page.goto(link)
    checks.accessible()
    search.refresh_from_db()
    assert search.confirmed_at is None, "opening the link confirms nothing"
    page.locator("main form button[type=submit]").click()
    expect(page.locator(".message-success")).to_be_visible()
    checks.accessible()
    search.refresh_from_db()
    assert search.confirmed_at is not None


def test_an_editor_names_the_call_a_funding_line_answered_then_changes_it(
    live_server, page, checks, territories
):
    organisation = OrganisationFactory()
    editor = member_of(organisation, role="editor")
    project = ProjectFactory(lead=organisation, title="Potagers scolaires à la Dominique")
    first = CallFactory(title="FCR Guadeloupe 2027")
    second = CallFactory(title="FCR Guadeloupe 2028")
    log_in(page, live_server, editor)

    page.goto(f"{live_server.url}/projects/{project.slug}/edit/")
    page.locator("#id_funding-0-funder").select_option(label="FCR Guadeloupe")
    page.locator("#id_funding-0-call").select_option(
        label=f"FCR Guadeloupe 2027 ({first.local_deadline:%Y})"
    )
    page.locator("#id_funding-0-amount_requested").fill("30000")
    page.get_by_role("button", name="Enregistrer le projet").click()
    expect(page.get_by_text("Le projet a été enregistré.")).to_be_visible()
    expect(page.get_by_role("link", name="FCR Guadeloupe 2027")).to_be_visible()
    checks.accessible()
    assert FundingLine.objects.get().call == first

    page.goto(f"{live_server.url}/projects/{project.slug}/edit/")
    expect(page.locator("#id_funding-0-call")).to_have_value(str(first.pk))
    page.locator("#id_funding-0-call").select_option(
        label=f"FCR Guadeloupe 2028 ({second.local_deadline:%Y})"
    )
    page.get_by_role("button", name="Enregistrer le projet").click()
    expect(page.get_by_text("Le projet a été enregistré.")).to_be_visible()
    checks.accessible()
    assert FundingLine.objects.get().call == second
