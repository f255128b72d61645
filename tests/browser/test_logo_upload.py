"""The organisation form's logo in Chromium: uploaded at registration and replaced when editing,
stored re-encoded without its metadata; a GIF/script polyglot refused next to the field."""

import re
from io import BytesIO

import pytest
from PIL import Image
from playwright.sync_api import expect

from members.models import Organisation
from tests.browser.helpers import expect_error_summary, log_in
from tests.members import factories, image_files
from tests.members.factories import OrganisationFactory, member_of

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def choose_logo(page, name: str, mime_type: str, content: bytes) -> None:
    page.locator("#id_logo").set_input_files(
        files=[{"name": name, "mimeType": mime_type, "buffer": content}]
    )


def stored_logo(organisation) -> Image.Image:
    organisation.refresh_from_db()
    with organisation.logo.open("rb") as stored:
        return Image.open(BytesIO(stored.read()))


def test_a_logo_uploaded_at_registration_is_stored_re_encoded_and_shown(
    live_server, page, checks, territories
):
    log_in(page, live_server, factories.UserFactory())
    page.goto(live_server.url + "/organisations/register/")
    page.locator("#id_name").fill("Kaz a Lespwa")
    page.locator("#id_kind").select_option(label="Association")
    page.locator("#id_commune").select_option(label="Le Gosier")
    page.locator("#id_short_description").fill("Soutien scolaire avec Haïti.")
    page.get_by_label("Santé", exact=True).check()
    page.locator("#id_contact_name").fill("Line Bellance")
    assert page.locator("#id_logo").get_attribute("accept") == (
        "image/png,image/jpeg,image/gif,image/webp"
    )
    choose_logo(page, "photo du local.jpg", "image/jpeg", image_files.jpeg_with_gps())
    page.get_by_role("button", name="Inscrire la structure").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Kaz a Lespwa")
    checks.accessible()
    organisation = Organisation.objects.get(name="Kaz a Lespwa")
    # The record shows the stored copy (served by the web server from MEDIA_ROOT in production).
    expect(page.locator("img.org-logo")).to_have_attribute("src", organisation.logo.url)
    assert re.fullmatch(r"logos/[\w-]{22}\.jpg", organisation.logo.name)
    stored = stored_logo(organisation)
    assert stored.format == "JPEG"
    assert not stored.getexif()


def test_an_editor_replaces_the_logo_and_a_polyglot_is_refused_at_the_field(
    live_server, page, checks, territories
):
    organisation = OrganisationFactory(name="Lyannaj Kréyòl")
    editor = member_of(organisation, role="editor")
    log_in(page, live_server, editor)
    edit = f"{live_server.url}/organisations/{organisation.slug}/edit/"

    page.goto(edit)
    choose_logo(page, "logo.gif", "image/gif", image_files.gif_js_polyglot())
    page.get_by_role("button", name="Enregistrer", exact=True).click()
    expect_error_summary(page, checks)
    field = page.locator(".field-error", has=page.locator("#id_logo"))
    expect(field).to_contain_text("Ce fichier contient autre chose que l’image")
    organisation.refresh_from_db()
    assert not organisation.logo

    choose_logo(page, "logo.png", "image/png", image_files.png(size=(2400, 1200)))
    page.get_by_role("button", name="Enregistrer", exact=True).click()
    expect(page.get_by_text("La fiche a été mise à jour.")).to_be_visible()
    checks.accessible()
    assert stored_logo(organisation).size == (1024, 512)
    expect(page.locator("img.org-logo")).to_have_attribute("src", organisation.logo.url)
