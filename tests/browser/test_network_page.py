"""A coordinator edits the network's page in Chromium through its form: identity, a PDF
charter, a link; saved unchanged a second time; a bad document refused next to its field."""

import pytest
from playwright.sync_api import expect

from members.models import Territory
from tests.browser.helpers import expect_error_summary, log_in
from tests.calls.factories import MINIMAL_PDF
from tests.members import factories
from tests.members.image_files import png

pytestmark = pytest.mark.django_db(transaction=True)


def save(page):
    page.get_by_role("button", name="Enregistrer la page du réseau").click()


def test_a_coordinator_edits_the_network_page_then_saves_it_unchanged(
    live_server, page, checks, territories, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"
    coordinator = factories.coordinator(territories["guadeloupe"])
    log_in(page, live_server, coordinator, totp=True)
    page.goto(live_server.url + "/networks/guadeloupe/")
    page.get_by_role("link", name="Modifier la page du réseau").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Modifier la page du réseau de Guadeloupe"
    )
    checks.accessible()

    # A picture sent as the charter: refused next to its field, nothing saved.
    page.get_by_label("Nom du réseau").fill("Karib Horizon")
    page.get_by_label("Charte (PDF)").set_input_files(
        files=[{"name": "charte.pdf", "mimeType": "application/pdf", "buffer": png()}]
    )
    save(page)
    expect_error_summary(page, checks)
    expect(page.locator("#id_charter_error")).to_contain_text("n’est pas un document PDF")
    assert Territory.objects.get(slug="guadeloupe").network_name == ""

    page.get_by_label("Nom du réseau").fill("Karib Horizon")
    page.get_by_label("Structure animatrice").fill("CO.RE.CA")
    page.get_by_label("Présentation").fill("Le réseau des acteurs de la coopération.")
    page.get_by_label("Charte (PDF)").set_input_files(
        files=[{"name": "charte.pdf", "mimeType": "application/pdf", "buffer": MINIMAL_PDF}]
    )
    page.get_by_label("Page Facebook").fill("https://facebook.com/karibhorizon")
    save(page)
    expect(page.get_by_text("La page du réseau a été enregistrée.")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Karib Horizon")
    expect(page.get_by_role("link", name="Charte (PDF)")).to_be_visible()
    checks.accessible()
    territory = Territory.objects.get(slug="guadeloupe")
    assert (territory.network_name, territory.lead_body) == ("Karib Horizon", "CO.RE.CA")
    charter = territory.charter.name
    assert charter

    # Opened again and saved as it is: the charter stays.
    page.get_by_role("link", name="Modifier la page du réseau").click()
    save(page)
    expect(page.get_by_text("La page du réseau a été enregistrée.")).to_be_visible()
    assert Territory.objects.get(slug="guadeloupe").charter.name == charter
