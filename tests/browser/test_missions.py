"""Missions and obstacles in Chromium, through the real pages: an organisation's admin records an
outgoing mission to Haiti with two obstacles, leaving the extra obstacle rows empty, then edits
it (more participants, one obstacle removed, the extra rows still empty); the territory's
coordinator opens the obstacles report, reads its figures and downloads it as CSV. No
accessibility violation on any page on the way."""

import re
from datetime import date
from pathlib import Path

import pytest
from django.utils import timezone
from django.utils.translation import gettext as _
from playwright.sync_api import expect

from missions.models import Mission
from tests.browser.helpers import log_in, log_out
from tests.members import factories
from tests.members.factories import OrganisationFactory, member_of

pytestmark = pytest.mark.django_db(transaction=True)


def test_an_admin_records_a_mission_and_its_obstacles_and_the_coordinator_reads_the_report(
    live_server, page, checks, territories
):
    guadeloupe = territories["guadeloupe"]
    organisation = OrganisationFactory(name="Karib Santé", territory=guadeloupe)
    admin = member_of(organisation, "admin")
    coordinator = factories.coordinator(guadeloupe)
    day = date(timezone.localdate().year, 3, 2)

    # The mission, through its form, two obstacles typed and the other rows left empty.
    log_in(page, live_server, admin)
    page.goto(f"{live_server.url}/missions/")
    expect(page.get_by_role("heading", level=1)).to_have_text(_("Missions and delegations"))
    checks.accessible()
    page.get_by_role("link", name=_("Record a mission")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(_("Record a mission"))
    checks.accessible()
    page.get_by_label(_("Outgoing (our people travel to the country)")).check()
    page.locator("#id_country").select_option("HT")
    page.locator("#id_start_date").fill(f"{day:%Y-%m-%d}")
    page.locator("#id_end_date").fill(f"{day.replace(day=9):%Y-%m-%d}")
    page.locator("#id_participants").fill("4")
    page.locator("#id_purpose").fill("Formation des agents de santé communautaire à Jacmel.")
    page.locator("#id_obstacles-0-kind").select_option("visa-refused")
    page.locator("#id_obstacles-0-note").fill("Visa refusé à notre infirmière coordinatrice.")
    page.locator("#id_obstacles-1-kind").select_option("transport-cost")
    expect(page.locator("#id_obstacles-2-kind")).to_have_value("")
    page.get_by_role("button", name=_("Save the mission")).click()
    expect(page.get_by_text(_("The mission has been saved."))).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile("Haïti"))
    expect(page.get_by_text("Visa refusé à notre infirmière coordinatrice.")).to_be_visible()
    checks.accessible()
    mission = Mission.objects.get()
    assert (mission.organisation, mission.country_id, mission.participants) == (
        organisation,
        "HT",
        4,
    )
    assert sorted(mission.obstacles.values_list("kind", flat=True)) == [
        "transport-cost",
        "visa-refused",
    ]

    # The edit: six participants, the cost of transport removed, the extra rows still empty.
    page.get_by_role("link", name=_("Edit the mission")).click()
    checks.accessible()
    page.locator("#id_participants").fill("6")
    transport = next(
        index
        for index in range(2)
        if page.locator(f"#id_obstacles-{index}-kind").input_value() == "transport-cost"
    )
    page.locator(f"#id_obstacles-{transport}-DELETE").check()
    page.get_by_role("button", name=_("Save the mission")).click()
    expect(page.get_by_text(_("The mission has been saved."))).to_be_visible()
    checks.accessible()
    mission.refresh_from_db()
    assert mission.participants == 6
    assert list(mission.obstacles.values_list("kind", flat=True)) == ["visa-refused"]
    log_out(page)

    # The coordinator's report, and its CSV.
    log_in(page, live_server, coordinator, totp=True)
    page.goto(f"{live_server.url}/missions/obstacles/")
    expect(page.get_by_role("heading", level=1)).to_have_text(_("Obstacles met by the missions"))
    table = page.locator("#obstacles-by-country-kind")
    row = table.get_by_role("row").filter(has_text="Haïti")
    expect(row).to_have_count(1)
    expect(row.get_by_role("cell")).to_have_text(
        [_("Visa refused"), "1", "1", "Visa refusé à notre infirmière coordinatrice."]
    )
    # Missions recorded, missions affected, obstacles met.
    totals = page.locator("#obstacles-by-country").get_by_role("row").filter(has_text="Haïti")
    expect(totals.get_by_role("cell")).to_have_text(["1", "1", "1"])
    checks.accessible()
    with page.expect_download() as download:
        page.get_by_role("link", name=_("Download the report (CSV)")).click()
    assert download.value.suggested_filename.startswith("obstacles-guadeloupe-")
    text = Path(download.value.path()).read_text(encoding="utf-8-sig")
    assert f"Haïti;HT;{_('Visa refused')};1;1;" in text
    assert _("Cost of transport") not in text
