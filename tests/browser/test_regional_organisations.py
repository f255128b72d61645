"""The regional organisations' filter in Chromium with axe: the cooperation by country and the
partners narrowed to one organisation's countries without reloading the page, each country's
memberships spelt out."""

import pytest
from django.utils import translation
from playwright.sync_api import expect

from members.models import Country
from members.reference.caribbean import ORGANISATIONS
from tests.projects.factories import PartnerFactory, ProjectFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_visitor_narrows_the_cooperation_to_the_oecs_countries_then_their_partners(
    live_server, page, checks, territories
):
    for code, name in (("DM", "Roseau Youth Council"), ("HT", "Mairie de Jacmel")):
        ProjectFactory(countries=[code]).caribbean_partners.set(
            [PartnerFactory(name=name, country=Country.objects.get(code=code))]
        )
    with translation.override("fr"):
        oecs = str(ORGANISATIONS["OECS"])

    page.goto(live_server.url + "/projects/by-country/")
    results = page.locator("#country-results")
    expect(results.get_by_role("row", name="Haïti")).to_be_visible()
    # Each country's memberships, the acronyms spelt out.
    expect(
        results.get_by_role("row", name="Dominique").locator(f'abbr[title="{oecs}"]')
    ).to_be_visible()
    checks.accessible()

    page.locator("#id_member_of").select_option("OECS")
    expect(results.get_by_role("row", name="Haïti")).to_have_count(0)
    expect(results.get_by_role("row", name="Dominique")).to_be_visible()
    expect(page).to_have_url(live_server.url + "/projects/by-country/?member_of=OECS")
    checks.accessible()

    page.goto(live_server.url + "/projects/partners/")
    page.locator("#id_member_of").select_option("OECS")
    partners = page.locator("#partner-results")
    expect(partners.get_by_role("cell", name="Mairie de Jacmel")).to_have_count(0)
    expect(partners.get_by_role("cell", name="Roseau Youth Council")).to_be_visible()
    checks.accessible()
