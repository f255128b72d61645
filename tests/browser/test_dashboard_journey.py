"""Each audience's pages on the demo data set, in Chromium, with axe: dashboards, the census and
its statistics, the network pages, and the record confirmation link."""

import pytest
from playwright.sync_api import expect

from members.demo import DEMO_PASSWORD, DEMO_TOTP_SECRET
from members.models import Organisation, User
from members.services import record_confirmation_url
from tests.browser.helpers import log_in

pytestmark = pytest.mark.django_db(transaction=True)


def demo_log_in(page, live_server, email, *, totp=True):
    user = User.objects.get(email=email)
    log_in(page, live_server, user, totp=totp, password=DEMO_PASSWORD, secret=DEMO_TOTP_SECRET)


def test_state_services_go_from_their_dashboard_to_the_census_and_its_statistics(
    live_server, page, checks, demo
):
    demo_log_in(page, live_server, "etat@rrma.example")
    expect(page.get_by_role("heading", name="Le recensement en chiffres")).to_be_visible()
    checks.accessible()

    page.get_by_role("link", name="Ouvrir le recensement").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Recensement des acteurs")
    checks.accessible()
    page.locator("#id_status").select_option("pending")
    page.get_by_role("button", name="Filtrer").click()
    expect(page.get_by_role("heading", name="6 structures")).to_be_visible()
    checks.accessible()

    page.goto(live_server.url + "/census/statistics/")
    expect(
        page.get_by_role("heading", name="Structures par territoire et par type")
    ).to_be_visible()
    expect(page.locator("svg[role=img]").first).to_be_visible()
    checks.accessible()
    page.locator("#id_end").fill("2020-01-01")
    page.get_by_role("button", name="Afficher").click()
    expect(page.locator("#id_end_error")).to_contain_text("La fin de la période précède son début.")
    checks.accessible()


def test_a_coordinator_lands_on_the_networks_queue_sessions_and_stale_records(
    live_server, page, checks, demo
):
    demo_log_in(page, live_server, "coordination.guadeloupe@rrma.example")
    expect(page.get_by_role("heading", name="Coordination du réseau de Guadeloupe")).to_be_visible()
    expect(page.get_by_role("heading", name="Sessions à venir")).to_be_visible()
    checks.accessible()
    page.get_by_role("link", name="Ouvrir la file de modération").click()
    checks.accessible()


def test_an_organisation_admin_confirms_the_record_from_the_emailed_link(
    live_server, page, checks, demo
):
    admin = User.objects.get(email="admin.asso@rrma.example")
    demo_log_in(page, live_server, admin.email, totp=False)
    expect(page.get_by_role("heading", name="Mes structures")).to_be_visible()
    checks.accessible()

    organisation = Organisation.objects.filter(
        memberships__user=admin, memberships__role="admin", status="active"
    ).first()
    page.goto(live_server.url + record_confirmation_url(organisation=organisation, user=admin))
    checks.accessible()
    page.get_by_role("button", name="Cette fiche est toujours exacte").click()
    expect(page.get_by_text("Merci")).to_be_visible()
    checks.accessible()
    organisation.refresh_from_db()
    assert not organisation.needs_confirmation()


@pytest.mark.parametrize("territory", ["guadeloupe", "martinique"])
def test_each_networks_public_page_is_accessible(live_server, page, checks, demo, territory):
    page.goto(f"{live_server.url}/networks/{territory}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text(territory.capitalize())
    checks.accessible()
