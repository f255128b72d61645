"""A State services agent asks for a census export too large to send at once: the census page
says it is being prepared, offers it once the worker has built it (htmx asks again every few
seconds), and the file downloads; every state of the page passes axe."""

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from rrma import exports
from rrma.models import PreparedExport
from tests.browser.helpers import log_in
from tests.conftest import run_worker
from tests.members import factories
from tests.members.factories import OrganisationFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_state_services_ask_for_a_large_export_and_download_it_when_ready(
    live_server, page, checks, territories, database_tasks, settings, tmp_path, monkeypatch
):
    settings.PRIVATE_FILES_ROOT = tmp_path
    # Three organisations stand for the thousands that make an export too large to stream.
    monkeypatch.setattr(exports, "STREAMED_EXPORT_MAX_ROWS", 2)
    for name in ("Alizés", "Mangrove", "=Formule"):
        OrganisationFactory(name=name, territory=territories["guadeloupe"])
    state = factories.state_services()
    log_in(page, live_server, state, totp=True)

    page.goto(live_server.url + "/census/")
    page.get_by_role("link", name="XLSX", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Recensement des acteurs")
    expect(page.locator(".messages")).to_contain_text("XLSX")
    pending = page.locator("#prepared-exports li")
    expect(pending).to_have_count(1)
    expect(pending.locator(".badge")).to_be_visible()
    # Without JavaScript, a link refreshes the list; htmx polls it meanwhile.
    expect(pending.get_by_role("link")).to_have_attribute("href", "/census/exports/")
    checks.accessible()

    run_worker()
    (export,) = PreparedExport.objects.all()
    download_link = page.locator(
        f'#prepared-exports a[href="/census/exports/{export.pk}/download"]'
    )
    expect(download_link).to_be_visible(timeout=15_000)
    expect(page.locator("#prepared-exports .badge")).to_have_count(0)
    checks.accessible()
    with page.expect_download() as download:
        download_link.click()
    name = download.value.suggested_filename
    assert name.startswith("recensement-rrma-")
    assert name.endswith(".xlsx")
    download.value.save_as(tmp_path / name)
    sheet = load_workbook(tmp_path / name).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "Nom"
    assert [row[0] for row in rows[1:]] == ["=Formule", "Alizés", "Mangrove"]
    assert sheet["A2"].data_type == "s"  # text, not a formula

    page.goto(live_server.url + "/census/exports/")
    expect(page.locator(f'a[href="/census/exports/{export.pk}/download"]')).to_be_visible()
    checks.accessible()
