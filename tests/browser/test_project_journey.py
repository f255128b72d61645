import re

import pytest
from playwright.sync_api import expect

from projects.models import CaribbeanPartner, Project
from tests.browser.helpers import log_in
from tests.members.factories import OrganisationFactory, member_of

pytestmark = pytest.mark.django_db(transaction=True)


def test_an_editor_declares_a_project_with_a_new_partner_and_finds_it_by_country(
    live_server, page, checks, territories
):
    organisation = OrganisationFactory(
        name="Jeunesse Karukera", territory=territories["guadeloupe"]
    )
    editor = member_of(organisation, role="editor")

    log_in(page, live_server, editor)
    page.goto(live_server.url + "/projects/")
    checks.accessible()
    page.get_by_role("link", name="Déclarer un projet").click()
    checks.accessible()
    page.locator("#id_title").fill("Chantiers de jeunes à Saint-Vincent")
    page.locator("#id_summary").fill("Chantiers solidaires de jeunes volontaires.")
    page.locator("#id_status").select_option("ongoing")
    page.locator("#id_start_date").fill("2025-09-01")
    page.get_by_label("Jeunesse et mobilité").check()
    page.locator("#id_total_budget").fill("48000")
    page.locator("#id_partners-0-name").fill("Youth Council of Saint Vincent")
    page.locator("#id_partners-0-country").select_option("VC")
    page.locator("#id_partners-0-kind").select_option("ngo")
    page.locator("#id_funding-0-funder").select_option("fcr-guadeloupe")
    page.locator("#id_funding-0-amount_requested").fill("30000")
    page.locator("#id_funding-1-funder").select_option("own")
    page.locator("#id_funding-1-amount_requested").fill("18000")
    page.get_by_role("button", name="Enregistrer le projet").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Chantiers de jeunes à Saint-Vincent")
    expect(page.get_by_text("Non publié")).to_be_visible()
    checks.accessible()
    project = Project.objects.get()
    assert project.funding_lines.count() == 2
    assert CaribbeanPartner.objects.get().country_id == "VC"
    assert list(project.countries.values_list("code", flat=True)) == ["VC"]

    page.get_by_role("button", name="Publier").click()
    expect(page.get_by_text("Le projet est publié.")).to_be_visible()
    checks.accessible()

    page.goto(live_server.url + "/projects/?country=VC")
    expect(page.get_by_role("link", name="Chantiers de jeunes à Saint-Vincent")).to_be_visible()
    checks.accessible()
    page.goto(live_server.url + "/projects/by-country/")
    expect(page.get_by_role("row", name=re.compile("Saint-Vincent"))).to_be_visible()
    checks.accessible()
