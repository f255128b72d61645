import re
import time

import pytest
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.core import mail
from playwright.sync_api import expect

from members.models import User
from tests.members import factories

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "mangrove-and-coral-reef"
EMAIL = re.compile(r"^Courriel")
PASSWORD_LABEL = re.compile(r"^Mot de passe\s*\*?$")


def test_a_visitor_signs_up_verifies_logs_in_and_out(live_server, page, checks, territories):
    page.goto(live_server.url)
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    checks.accessible()

    page.get_by_role("link", name="Créer un compte").first.click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    checks.accessible()
    page.get_by_label(EMAIL).fill("nadia.hippolyte@example.org")
    page.get_by_label(PASSWORD_LABEL).fill(PASSWORD)
    page.get_by_label(re.compile(r"^Mot de passe \(confirmation\)")).fill(PASSWORD)
    page.get_by_role("button", name="Création de compte").click()
    expect(page).to_have_url(re.compile(r"/accounts/confirm-email/$"))
    checks.accessible()

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["nadia.hippolyte@example.org"]
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+/", message.body).group(0)
    page.goto(live_server.url + "/" + link.split("://", 1)[1].split("/", 1)[1])
    checks.accessible()
    page.get_by_role("button", name="Confirmer").click()
    checks.accessible()

    page.goto(live_server.url + "/accounts/login/")
    checks.accessible()
    page.get_by_label(EMAIL).fill("nadia.hippolyte@example.org")
    page.get_by_label(PASSWORD_LABEL).fill(PASSWORD)
    page.get_by_role("button", name="Connexion", exact=True).click()
    expect(page.get_by_role("heading", name="Mon tableau de bord")).to_be_visible()
    checks.accessible()
    page.get_by_role("link", name="Mon compte").click()
    expect(page.get_by_text("vérifiée")).to_be_visible()
    checks.accessible()

    page.get_by_role("button", name="Se déconnecter").click()
    expect(page.get_by_role("navigation").get_by_role("link", name="Se connecter")).to_be_visible()
    checks.accessible()
    assert User.objects.get(email="nadia.hippolyte@example.org").emailaddress_set.get().verified


def test_the_language_switcher_shows_english_and_remembers_it(
    live_server, page, checks, territories
):
    page.goto(live_server.url)
    page.get_by_role("button", name=re.compile("English")).click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", name="Two networks, one portal")).to_be_visible()
    checks.accessible()
    page.goto(live_server.url + "/accounts/login/")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    checks.accessible()


def test_a_new_coordinator_must_enrol_two_factor_authentication(
    live_server, page, checks, guadeloupe
):
    user = factories.coordinator(guadeloupe, two_factor=False)
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label(EMAIL).fill(user.email)
    page.get_by_label(PASSWORD_LABEL).fill(factories.PASSWORD)
    page.get_by_role("button", name="Connexion", exact=True).click()
    expect(page.get_by_text("Votre rôle donne accès à des données non publiques")).to_be_visible()
    # allauth asks for the password again before adding an authenticator.
    expect(page).to_have_url(re.compile(r"/accounts/reauthenticate/"))
    checks.accessible()
    page.get_by_label(PASSWORD_LABEL).fill(factories.PASSWORD)
    page.get_by_role("button", name="Confirmer").click()
    expect(page).to_have_url(re.compile(r"/accounts/2fa/totp/activate/$"))
    checks.accessible()

    page.goto(live_server.url + "/account/")
    expect(page).to_have_url(re.compile(r"/accounts/2fa/totp/activate/$"))
    secret = page.locator("#authenticator_secret").input_value()
    code = format_hotp_value(hotp_value(secret, int(time.time()) // 30))
    page.get_by_label(re.compile(r"^Code de l.authentificateur")).fill(code)
    page.get_by_role("button", name="Activer").click()
    expect(page.get_by_role("heading", name="Codes de récupération")).to_be_visible()
    checks.accessible()

    page.goto(live_server.url + "/account/")
    expect(page.get_by_text("Activée (application d’authentification)")).to_be_visible()
    checks.accessible()
