"""The call forms in Chromium, filled as a coordinator fills them: a call created with only what
the person types (optional fields left empty), then edited (deadline moved, a theme ticked,
rates set), a PDF attached on the edit page; a deadline before the opening date and a picture
sent as a PDF refused next to their fields.

Texts are looked up through the catalogues (gettext, in the portal's French): the strings new
with the calls are translated by the lead afterwards, and the test reads them either way."""

from datetime import UTC, datetime
from pathlib import Path

import pytest
from django.utils.translation import gettext as _
from playwright.sync_api import expect

from calls.models import Call, CallDocument
from tests.browser.helpers import expect_error_summary, log_in
from tests.calls.factories import MINIMAL_PDF
from tests.members import factories, image_files

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _files(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_FILES_ROOT = tmp_path / "private"


@pytest.fixture
def coordinator(live_server, page, territories):
    user = factories.coordinator(territories["guadeloupe"])
    log_in(page, live_server, user, totp=True)
    return user


def save(page):
    page.get_by_role("button", name=_("Save the call")).click()


def fill_new_call(page, live_server, checks, *, opens_on: str, deadline: str):
    """What a coordinator types for a new call: nothing optional."""
    page.goto(live_server.url + "/calls/new/")
    expect(page.get_by_role("heading", level=1)).to_have_text(_("New funding call"))
    checks.accessible()
    page.locator("#id_title").fill("Appel à projets FCR Guadeloupe 2027")
    page.locator("#id_funder").select_option(label="FCR Guadeloupe")
    page.locator("#id_summary").fill("Soutenir les projets de coopération avec la Caraïbe.")
    page.get_by_label("Guadeloupe", exact=True).check()
    page.locator("#id_opens_on").fill(opens_on)
    page.locator("#id_deadline").fill(deadline)


def expect_message_after_saving(page, live_server, checks, call, message):
    """Saving leads to the call's page (rrma/call_page.py), which shows the message; while
    that page is not there yet, the message waits for the next page shown, the edit page."""
    expect(page).to_have_url(live_server.url + call.get_absolute_url())
    if not page.get_by_text(message).count():
        open_edit_page(page, live_server, call, checks)
    expect(page.get_by_text(message)).to_be_visible()
    checks.accessible()


def open_edit_page(page, live_server, call, checks):
    page.goto(f"{live_server.url}/calls/{call.slug}/edit/")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        _("Edit %(title)s") % {"title": call.title}
    )
    checks.accessible()


def choose_document(page, name: str, content: bytes, mime_type: str = "application/pdf"):
    page.locator("#id_document-file").set_input_files(
        files=[{"name": name, "mimeType": mime_type, "buffer": content}]
    )


def test_a_coordinator_creates_a_call_edits_it_and_attaches_a_pdf(
    live_server, page, checks, coordinator, settings
):
    fill_new_call(page, live_server, checks, opens_on="2027-01-15", deadline="2027-03-31T12:00")
    save(page)

    call = Call.objects.get()
    expect_message_after_saving(
        page,
        live_server,
        checks,
        call,
        _("The call has been saved as a draft: publish it from its page when it is ready."),
    )
    assert (call.title, call.funder, call.status, call.created_by) == (
        "Appel à projets FCR Guadeloupe 2027",
        "fcr-guadeloupe",
        "draft",
        coordinator,
    )
    assert call.deadline == datetime(2027, 3, 31, 16, 0, tzinfo=UTC)  # 12:00 at UTC−4
    assert [t.slug for t in call.territories.all()] == ["guadeloupe"]
    assert (call.programme, call.description, call.official_url, call.predeposit_on) == (
        "",
        "",
        "",
        None,
    )
    assert (call.whole_caribbean, call.cofinancing_min, call.grant_max) == (True, None, None)
    assert not call.themes.exists()

    # The existing call, edited: the deadline moved, a theme ticked, rates set.
    open_edit_page(page, live_server, call, checks)
    expect(page.locator("#id_deadline")).to_have_value("2027-03-31T12:00")
    page.locator("#id_deadline").fill("2027-04-15T17:00")
    page.get_by_label("Santé", exact=True).check()
    page.locator("#id_cofinancing_min").fill("20")
    page.locator("#id_cofinancing_max").fill("80")
    save(page)

    expect_message_after_saving(page, live_server, checks, call, _("The call has been saved."))
    call.refresh_from_db()
    assert call.deadline == datetime(2027, 4, 15, 21, 0, tzinfo=UTC)
    assert (call.cofinancing_min, call.cofinancing_max) == (20, 80)
    assert [t.pk for t in call.themes.all()] == ["health"]
    assert call.history.count() == 2

    # A PDF, uploaded on the edit page.
    open_edit_page(page, live_server, call, checks)
    page.locator("#id_document-title").fill("Règlement de l’appel")
    choose_document(page, "reglement.pdf", MINIMAL_PDF)
    page.get_by_role("button", name=_("Add the document")).click()

    expect(page.get_by_text(_("The document has been added."))).to_be_visible()
    documents = page.locator("#documents tbody tr")
    expect(documents).to_have_count(1)
    expect(documents.first).to_contain_text("Règlement de l’appel")
    checks.accessible()
    document = CallDocument.objects.get()
    assert (document.call, document.size) == (call, len(MINIMAL_PDF))
    stored = Path(document.file.path)
    assert stored.is_relative_to(Path(settings.PRIVATE_FILES_ROOT).resolve())
    assert stored.read_bytes() == MINIMAL_PDF
    # The history, for the call's coordinators: the creation and the edit, by them.
    history = page.locator("#history tbody tr")
    expect(history).to_have_count(2)
    expect(history.first).to_contain_text(str(coordinator))
    expect(history.last).to_contain_text(_("Creation"))


def test_a_deadline_before_the_opening_date_is_refused_next_to_its_field(
    live_server, page, checks, coordinator
):
    fill_new_call(page, live_server, checks, opens_on="2027-03-01", deadline="2027-02-28T12:00")
    save(page)

    expect_error_summary(page, checks)
    message = _("The deadline must come after the opening date: correct one or the other.")
    expect(page.locator(".error-summary")).to_contain_text(message)
    expect(page.locator("#id_deadline_error")).to_contain_text(message)
    expect(page.locator("#id_title")).to_have_value("Appel à projets FCR Guadeloupe 2027")
    assert not Call.objects.exists()


def test_a_picture_sent_as_a_pdf_is_refused_next_to_the_file(
    live_server, page, checks, coordinator
):
    fill_new_call(page, live_server, checks, opens_on="2027-01-15", deadline="2027-03-31T12:00")
    save(page)
    call = Call.objects.get()
    open_edit_page(page, live_server, call, checks)

    page.locator("#id_document-title").fill("Budget prévisionnel")
    choose_document(page, "budget.pdf", image_files.png())
    page.get_by_role("button", name=_("Add the document")).click()

    expect_error_summary(page, checks)
    expect(page.locator("#id_document-file_error")).to_contain_text(
        _(
            "This file is not a PDF document, whatever its name says: save or export it as "
            "PDF and send the new file."
        )
    )
    assert not CallDocument.objects.exists()
