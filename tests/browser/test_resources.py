"""The resource library in Chromium, with axe on every page: a coordinator adds a PDF through the
real form, leaving every optional field empty, then edits it (a theme ticked, made
members-only); adds a recording as an external link; a visitor finds the public resource with
a filter, downloads nothing they may not, and never sees the members-only one.

Texts are looked up through the catalogues (gettext, in the portal's French): the strings new
with the library are translated by the lead afterwards, and the test reads them either way."""

import re
from pathlib import Path

import pytest
from django.utils.translation import gettext as _
from playwright.sync_api import expect

from resources.models import Resource
from tests.browser.helpers import expect_error_summary, log_in
from tests.members import factories, image_files
from tests.resources import files
from tests.resources.factories import ResourceFactory, link, members_only

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
    page.get_by_role("button", name=_("Save the resource")).click()


def open_new_resource_form(page, live_server, checks):
    page.goto(live_server.url + "/resources/")
    checks.accessible()
    page.get_by_role("link", name=_("Add a resource")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(_("New resource"))
    checks.accessible()


def choose_file(page, name: str, content: bytes, mime_type: str = "application/pdf"):
    page.locator("#id_file").set_input_files(
        files=[{"name": name, "mimeType": mime_type, "buffer": content}]
    )


def test_a_coordinator_adds_a_pdf_then_edits_it(live_server, page, checks, coordinator, settings):
    open_new_resource_form(page, live_server, checks)
    page.locator("#id_title").fill("Guide du montage d'un dossier FCR")
    choose_file(page, "guide-fcr.pdf", files.PDF)
    save(page)

    resource = Resource.objects.get()
    expect(page).to_have_url(live_server.url + resource.get_absolute_url())
    expect(page.get_by_text(_("The resource has been added to the library."))).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text("Guide du montage d'un dossier FCR")
    checks.accessible()
    # Everything optional left as the form offers it.
    assert (resource.kind, resource.language_id, resource.audience, resource.status) == (
        "guide",
        "fr",
        "public",
        "published",
    )
    assert (resource.description, resource.url, resource.working_group) == ("", "", None)
    assert resource.territory.slug == "guadeloupe"
    assert not resource.themes.exists()
    assert resource.added_by == coordinator
    stored = Path(resource.file.path)
    assert stored.is_relative_to(Path(settings.PRIVATE_FILES_ROOT).resolve())
    assert stored.read_bytes() == files.PDF
    assert stored.suffix == ".pdf"

    # Edited: a theme ticked, a description, for members only; the file kept.
    page.get_by_role("link", name=_("Edit the resource")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        _("Edit %(title)s") % {"title": resource.title}
    )
    expect(page.locator("#id_title")).to_have_value("Guide du montage d'un dossier FCR")
    checks.accessible()
    page.locator("#id_description").fill("Les étapes du dépôt, pièce par pièce.")
    page.get_by_label("Santé", exact=True).check()
    page.locator("#id_audience_1").check()
    save(page)

    expect(page.get_by_text(_("The resource has been saved."))).to_be_visible()
    expect(page.get_by_text(_("Members only")).first).to_be_visible()
    checks.accessible()
    resource.refresh_from_db()
    assert resource.audience == "members"
    assert resource.description == "Les étapes du dépôt, pièce par pièce."
    assert [t.pk for t in resource.themes.all()] == ["health"]
    assert Path(resource.file.path) == stored
    assert resource.history.count() == 2


def test_a_coordinator_adds_a_recording_as_a_link(live_server, page, checks, coordinator):
    open_new_resource_form(page, live_server, checks)
    page.locator("#id_title").fill("Replay — formation Interreg Caraïbes")
    page.locator("#id_kind").select_option("video")
    page.locator("#id_url").fill("https://videos.example.org/replays/interreg")
    save(page)

    resource = Resource.objects.get()
    expect(page).to_have_url(live_server.url + resource.get_absolute_url())
    link_button = page.get_by_role("link", name=_("Open the link"))
    expect(link_button).to_have_attribute("href", "https://videos.example.org/replays/interreg")
    checks.accessible()
    assert (resource.kind, resource.file.name, resource.file_type) == ("video", "", "")


def test_a_file_the_library_refuses_is_said_next_to_the_field(
    live_server, page, checks, coordinator
):
    open_new_resource_form(page, live_server, checks)
    page.locator("#id_title").fill("Logo du réseau")
    choose_file(page, "logo.pdf", image_files.SVG)
    save(page)

    expect_error_summary(page, checks)
    expect(page.locator("#id_file_error")).to_contain_text(
        _("SVG drawings are not accepted: export the drawing as PDF or as a PNG picture.")
    )
    expect(page.locator("#id_title")).to_have_value("Logo du réseau")
    assert not Resource.objects.exists()


def test_a_visitor_finds_the_public_resource_and_never_the_members_only_one(
    live_server, page, checks, territories
):
    ResourceFactory(title="Guide du montage d'un dossier FCR")
    link(title="Replay — formation Interreg Caraïbes")
    secret = members_only(title="Compte rendu de l'assemblée générale", kind="minutes")

    page.goto(live_server.url + "/resources/")
    results = page.locator("#resource-results")
    expect(results.get_by_role("heading", level=3)).to_have_count(2)
    expect(results).not_to_contain_text("assemblée générale")
    checks.accessible()

    # A filter chosen: the results change without reloading the page.
    page.locator("#id_kind").select_option("video")
    expect(results.get_by_role("heading", level=3)).to_have_count(1)
    expect(page).to_have_url(re.compile(r"/resources/\?(.*&)?kind=video(&|$)"))
    checks.accessible()
    page.locator("#id_kind").select_option("minutes")
    expect(results.get_by_role("heading", level=3)).to_have_count(0)
    page.locator("#id_kind").select_option("")
    # Typed in the search box: accents and case ignored, every word found.
    page.locator("#id_q").fill("")
    page.locator("#id_q").press_sequentially("reseau dossier")
    expect(results.get_by_role("heading", level=3)).to_have_count(0)
    page.locator("#id_q").fill("DÉPOT fcr")
    page.locator("#id_q").press("Enter")
    expect(results.get_by_role("heading", level=3)).to_have_count(1)
    results.get_by_role("link", name="Guide du montage d'un dossier FCR").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Guide du montage d'un dossier FCR")
    checks.accessible()

    # The members-only resource does not exist for them: they are invited to log in.
    response = page.goto(live_server.url + secret.get_absolute_url())
    assert response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text(_("Resource not found"))
    checks.accessible()
    assert page.request.get(live_server.url + f"/resources/{secret.slug}/download/").status == 404
