"""Steps the journeys share."""

import re
import time

from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from playwright.sync_api import expect

from tests.members import factories


def log_in(
    page,
    live_server,
    user,
    *,
    totp=False,
    password=factories.PASSWORD,
    secret=factories.TOTP_SECRET,
):
    """Log in through the form (and the authenticator code): the person lands on their dashboard."""
    page.goto(live_server.url + "/accounts/login/")
    page.locator("#id_login").fill(user.email)
    page.locator("#id_password").fill(password)
    page.get_by_role("button", name="Connexion", exact=True).click()
    if totp:
        expect(page).to_have_url(re.compile(r"/accounts/2fa/authenticate/"))
        code = format_hotp_value(hotp_value(secret, int(time.time()) // 30))
        page.locator("#id_code").fill(code)
        page.get_by_role("button", name=re.compile("Se connecter|Connexion|Valider")).click()
    expect(page.get_by_role("heading", name="Mon tableau de bord")).to_be_visible()


def log_out(page):
    page.get_by_role("button", name="Se déconnecter").click()
