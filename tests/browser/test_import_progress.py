"""While the worker checks the rows of a large file, the coordinator's page shows a progress
bar that htmx refreshes; once the worker is done, the page becomes the review by itself."""

import pytest
from playwright.sync_api import expect

from imports.enums import ImportStatus
from imports.models import Import
from members.models import Commune
from tests.browser.helpers import log_in
from tests.conftest import run_worker
from tests.imports.conftest import csv_bytes, network_rows
from tests.members import factories

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_progress_bar_gives_way_to_the_review_once_the_worker_is_done(
    live_server, page, checks, territories, database_tasks, tmp_path
):
    martinique = territories["martinique"]
    communes = list(Commune.objects.filter(territory=martinique).order_by("insee_code"))
    file = tmp_path / "reseau.csv"
    file.write_bytes(csv_bytes(network_rows(communes, 400)))
    log_in(page, live_server, factories.coordinator(martinique), totp=True)

    page.goto(live_server.url + "/imports/new/")
    page.locator("#id_file").set_input_files(file)
    page.locator("form.record-form button[type=submit]").click()
    page.locator("form.record-form button[type=submit]").click()

    source = Import.objects.get()
    expect(page).to_have_url(f"{live_server.url}/imports/{source.pk}/")
    bar = page.locator("#import-progress progress")
    expect(bar).to_have_attribute("max", "400")
    expect(bar).to_have_attribute("value", "0")
    checks.accessible()
    assert Import.objects.get().status == ImportStatus.ANALYSING

    run_worker()
    # The next poll (every two seconds) finds the work done and loads the review.
    expect(page.locator('a[href="?show=new"]')).to_contain_text("(400)", timeout=15_000)
    expect(page.locator("#import-progress")).to_have_count(0)
    checks.accessible()
