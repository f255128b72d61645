"""A coordinator opens their network's activity report from the dashboard, changes the year,
follows a figure to the census it counts, downloads the report as XLSX and prints it: without
the menus, one figure per row; every page passes axe."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone
from openpyxl import load_workbook
from playwright.sync_api import expect

from members.models import Organisation
from rrma.models import ExportLog
from tests.browser.helpers import log_in
from tests.members import factories
from tests.members.factories import OrganisationFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_coordinator_reads_changes_follows_downloads_and_prints_the_report(
    live_server, page, checks, territories, tmp_path
):
    year = timezone.localdate().year
    guadeloupe = territories["guadeloupe"]
    for name in ("Alizés", "Mangrove"):
        OrganisationFactory(name=name, territory=guadeloupe)
    OrganisationFactory(name="Commune amie", territory=guadeloupe, kind="local-authority")
    old = OrganisationFactory(name="Ancienne", territory=guadeloupe)
    Organisation.objects.filter(pk=old.pk).update(
        validated_at=datetime(year - 1, 5, 1, tzinfo=ZoneInfo("America/Guadeloupe"))
    )
    OrganisationFactory(name="Voisine", territory=territories["martinique"])
    coordinator = factories.coordinator(guadeloupe)
    log_in(page, live_server, coordinator, totp=True)

    page.goto(live_server.url + "/dashboard/")
    page.locator('a[href="/networks/guadeloupe/report/"]').click()
    expect(page).to_have_url(live_server.url + "/networks/guadeloupe/report/")
    members = page.locator('table[data-table="members"] tbody tr').first
    expect(members.locator("td")).to_have_text("4")
    checks.accessible()

    # Last year: one member then, and no link (the census counts today's records).
    page.locator("#id_year").fill(str(year - 1))
    page.locator("#id_year").press("Enter")
    expect(page).to_have_url(f"{live_server.url}/networks/guadeloupe/report/?year={year - 1}")
    expect(members.locator("td")).to_have_text("1")
    expect(members.locator("td a")).to_have_count(0)
    checks.accessible()

    page.locator("#id_year").fill(str(year))
    page.locator("#id_year").press("Enter")
    expect(page).to_have_url(f"{live_server.url}/networks/guadeloupe/report/?year={year}")
    by_kind = page.locator('table[data-table="members_by_kind"]')
    link = by_kind.locator("tbody tr", has_text="Collectivité").locator("td a").first
    expect(link).to_have_text("1")
    link.click()
    expect(page).to_have_url(
        f"{live_server.url}/census/?territory=guadeloupe&status=active&kind=local-authority"
    )
    expect(page.locator("#census-results")).to_contain_text("1")
    expect(page.get_by_role("cell", name="Commune amie")).to_be_visible()
    page.go_back()

    with page.expect_download() as download:
        page.locator(f'a[href="/networks/guadeloupe/report.xlsx?year={year}"]').click()
    name = download.value.suggested_filename
    assert name == f"bilan-activite-guadeloupe-{year}-01-01-{year}-12-31.xlsx"
    download.value.save_as(tmp_path / name)
    lines = list(load_workbook(tmp_path / name).active.iter_rows(values_only=True))
    assert lines[0][:5] == ("Rubrique", "Tableau", "Ligne", "Colonne", "Valeur")
    assert lines[1][4] == 4, "the members, first figure of the file"
    assert ExportLog.objects.get().user == coordinator

    page.emulate_media(media="print")
    expect(page.locator(".site-header")).to_be_hidden()
    expect(page.locator(".site-footer")).to_be_hidden()
    expect(page.locator(".report-controls")).to_be_hidden()
    expect(members).to_be_visible()
    # One figure per row: each table starts below the one before it, none beside another.
    tops = page.locator(".report-figure").evaluate_all(
        "figures => figures.map(f => f.getBoundingClientRect()).map(box => [box.top, box.left])"
    )
    assert len({left for _top, left in tops}) == 1
    assert [top for top, _left in tops] == sorted(top for top, _left in tops)
    page.emulate_media(media="screen")
    expect(page.locator(".site-header")).to_be_visible()

    # A range of dates: an end before the start is said next to its field (and in the summary),
    # the figures staying those of the year; a range that can be is shown.
    page.locator("#id_start").fill(f"{year}-06-30")
    page.locator("#id_end").fill(f"{year}-03-01")
    page.get_by_role("button", name="Afficher cette période").click()
    expect(page.locator(".error-summary")).to_contain_text("La fin de la période précède son début")
    expect(members.locator("td")).to_have_text("4")
    checks.accessible()
    page.locator("#id_end").fill(f"{year}-12-31")
    page.locator("#id_start").fill(f"{year}-01-01")
    page.get_by_role("button", name="Afficher cette période").click()
    expect(page).to_have_url(
        f"{live_server.url}/networks/guadeloupe/report/?start={year}-01-01&end={year}-12-31"
    )
    expect(page.locator(".lead")).to_have_text(f"Année {year}")
    expect(members.locator("td")).to_have_text("4")
