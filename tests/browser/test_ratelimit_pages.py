"""The invitation form in Chromium at its limits: an address longer than the portal stores is
refused next to its field, and invitations beyond the rate limit get the 429 page."""

import re

import pytest
from playwright.sync_api import expect

from members.models import Invitation
from tests.browser.helpers import expect_error_summary, log_in
from tests.members.factories import OrganisationFactory, member_of

pytestmark = pytest.mark.django_db(transaction=True)

OVERLONG = "a" * 250 + "@example.org"  # 262 characters: a valid address, too long to store


def open_members_page(page, live_server, organisation):
    page.goto(f"{live_server.url}/organisations/{organisation.slug}/members/")
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Membres de {organisation.name}")


def test_an_address_too_long_to_store_is_refused_next_to_its_field(
    live_server, page, checks, territories
):
    organisation = OrganisationFactory(name="Solidarité Marie-Galante")
    log_in(page, live_server, member_of(organisation, role="admin"))
    open_members_page(page, live_server, organisation)
    field = page.locator("#id_email")
    expect(field).to_have_attribute("maxlength", "254")
    # Typed, it stops at the limit; forced in (an old browser, a script), the server says why.
    field.fill(OVERLONG)
    assert len(field.input_value()) == 254
    field.evaluate("(element, value) => { element.value = value; }", OVERLONG)
    page.get_by_role("button", name="Envoyer l’invitation").click()
    expect_error_summary(page, checks)
    expect(page.locator("#id_email_error")).to_contain_text("au plus 254 caractères")
    expect(page.locator("#id_email")).to_have_attribute(
        "aria-describedby", re.compile(r"\bid_email_error\b")
    )
    assert not Invitation.objects.exists()


def test_invitations_beyond_the_limit_get_the_429_page(
    live_server, page, checks, territories, settings
):
    # The live server runs in this process: the test's limits are its limits.
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "invite": "1/h/user,50/h/ip"}
    organisation = OrganisationFactory(name="Caraïbes Horizons")
    log_in(page, live_server, member_of(organisation, role="admin"))
    open_members_page(page, live_server, organisation)
    page.locator("#id_email").fill("premiere@example.org")
    page.get_by_role("button", name="Envoyer l’invitation").click()
    expect(page.get_by_text("Invitation envoyée à premiere@example.org.")).to_be_visible()

    page.locator("#id_email").fill("seconde@example.org")
    page.get_by_role("button", name="Envoyer l’invitation").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Trop de tentatives")
    expect(page).to_have_title(re.compile("Trop de tentatives"))
    expect(page.get_by_role("link", name="Retour à l’accueil")).to_be_visible()
    checks.accessible()
    assert list(Invitation.objects.values_list("email", flat=True)) == ["premiere@example.org"]
