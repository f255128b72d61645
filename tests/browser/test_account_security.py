"""Account security in Chromium: a guessable password refused at sign-up, the list of one's
sessions with "log out the other sessions", and an email change that asks for the password."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from members.models import User
from tests.browser.helpers import log_in
from tests.members import factories

pytestmark = pytest.mark.django_db(transaction=True)

EMAIL = re.compile(r"^Courriel")
PASSWORD_LABEL = re.compile(r"^Mot de passe\s*\*?$")
CONFIRMATION = re.compile(r"^Mot de passe \(confirmation\)")
STRONG = "bambou cerf-volant lanterne marée"


def test_sign_up_refuses_a_guessable_password_says_what_to_do_then_accepts_a_strong_one(
    live_server, page, checks, territories
):
    page.goto(live_server.url + "/accounts/signup/")
    expect(page.get_by_text("au moins quatre mots").first).to_be_visible()
    page.get_by_label(EMAIL).fill("line.bellance@example.org")
    page.get_by_label(PASSWORD_LABEL).fill("Martinique972")
    page.get_by_label(CONFIRMATION).fill("Martinique972")
    page.get_by_role("button", name="Création de compte").click()

    field = page.locator(".field-error", has=page.locator("#id_password1"))
    expect(field).to_contain_text("Ce mot de passe est trop facile à deviner")
    expect(field).to_contain_text("Les noms des Antilles")
    expect(field).to_contain_text("Que faire\u00a0: choisissez une phrase")
    # The message is tied to the password field, for screen readers.
    described_by = page.get_by_label(PASSWORD_LABEL).get_attribute("aria-describedby") or ""
    assert "id_password1_error" in described_by
    checks.accessible()
    assert not User.objects.filter(email="line.bellance@example.org").exists()

    page.get_by_label(PASSWORD_LABEL).fill(STRONG)
    page.get_by_label(CONFIRMATION).fill(STRONG)
    page.get_by_role("button", name="Création de compte").click()
    expect(page).to_have_url(re.compile(r"/accounts/confirm-email/$"))
    checks.accessible()
    assert User.objects.get(email="line.bellance@example.org").check_password(STRONG)


def test_a_member_sees_their_sessions_and_logs_the_other_ones_out(
    live_server, browser, page, checks, territories
):
    member = factories.UserFactory()
    phone = browser.new_context(locale="fr-FR", user_agent="Mozilla/5.0 (iPhone) Safari/604.1")
    other_page = phone.new_page()
    log_in(other_page, live_server, member)
    log_in(page, live_server, member)

    page.get_by_role("link", name="Mon compte").click()
    page.get_by_role("link", name="Mes sessions actives").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mes sessions actives")
    rows = page.locator("tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.filter(has_text="iPhone")).to_have_count(1)
    expect(rows.filter(has_text="cette session")).to_have_count(1)
    checks.accessible()

    page.get_by_role("button", name="Déconnecter les autres sessions").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mes sessions actives")
    expect(rows).to_have_count(1)
    expect(page.get_by_text("Vous n’êtes connecté·e nulle part ailleurs.")).to_be_visible()
    checks.accessible()

    other_page.goto(live_server.url + "/account/")
    expect(other_page).to_have_url(re.compile(r"/accounts/login/"))
    phone.close()


def test_changing_ones_email_address_asks_for_the_password_first(
    live_server, page, checks, territories
):
    member = factories.UserFactory(email="ancienne@example.org")
    log_in(page, live_server, member)
    page.get_by_role("link", name="Mon compte").click()
    page.get_by_role("link", name="Changer mon adresse électronique").click()
    checks.accessible()
    page.locator("#id_email").fill("nouvelle@example.org")
    mail.outbox.clear()
    page.get_by_role("button", name="Changer d’adresse").click()

    expect(page).to_have_url(re.compile(r"/accounts/reauthenticate/"))
    checks.accessible()
    page.get_by_label(PASSWORD_LABEL).fill("not-my-password")
    page.get_by_role("button", name="Confirmer").click()
    expect(page).to_have_url(re.compile(r"/accounts/reauthenticate/"))
    assert not member.emailaddress_set.filter(email="nouvelle@example.org").exists()

    page.get_by_label(PASSWORD_LABEL).fill(factories.PASSWORD)
    page.get_by_role("button", name="Confirmer").click()
    expect(page.get_by_text("nouvelle@example.org").first).to_be_visible()
    checks.accessible()
    address = member.emailaddress_set.get(email="nouvelle@example.org")
    assert not address.verified
    assert ["nouvelle@example.org"] in [message.to for message in mail.outbox]
