"""The language switcher in Chromium, with the page cache on as in production: visitors switch
without a CSRF cookie (their pages are shared), logged-in people with their token, and the
account remembers their choice."""

import re

import pytest
from playwright.sync_api import expect

from members.models import User
from tests.browser.helpers import log_in
from tests.members import factories

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 300


def cookie_names(page) -> set[str]:
    return {cookie["name"] for cookie in page.context.cookies()}


def test_a_visitor_switches_language_on_shared_pages_and_back(
    live_server, page, checks, territories
):
    factories.OrganisationFactory(name="Association Mangrove Vivante")
    page.goto(live_server.url + "/directory/")
    page.goto(live_server.url)  # both pages now kept, in French, for every visitor
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    assert cookie_names(page) == set()  # no CSRF cookie, no session: a shared page

    page.get_by_role("button", name=re.compile("English")).click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", name="Two networks, one portal")).to_be_visible()
    checks.accessible()
    page.get_by_role("navigation").get_by_role("link", name="Directory").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_text("Association Mangrove Vivante")).to_be_visible()
    assert cookie_names(page) == {"django_language"}

    page.get_by_role("button", name=re.compile("Français")).click()
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    expect(page.get_by_role("navigation").get_by_role("link", name="Annuaire")).to_be_visible()
    checks.accessible()


def test_a_logged_in_person_switches_language_and_the_account_remembers_it(
    live_server, page, checks, territories
):
    person = factories.UserFactory()
    page.goto(live_server.url)  # the visitors' home page, kept
    log_in(page, live_server, person)
    page.get_by_role("link", name="Accueil").first.click()
    # Not the visitors' kept page: the person's own, with their menu.
    expect(page.get_by_role("button", name="Se déconnecter")).to_be_visible()

    page.get_by_role("button", name=re.compile("English")).click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("button", name="Log out")).to_be_visible()
    checks.accessible()
    assert User.objects.get(pk=person.pk).language == "en"
