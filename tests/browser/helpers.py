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


DANGER = "rgb(164, 38, 44)"  # the stylesheet's --danger


def confirm(page, disclosure: str, button: str):
    """Open a confirmation disclosure (<details>) and press its red button."""
    details = page.locator("details", has=page.locator("summary", has_text=disclosure))
    details.locator("summary").click()
    confirmation = details.get_by_role("button", name=button)
    expect(confirmation).to_be_visible()
    expect(confirmation).to_have_class(re.compile(r"\bbutton-danger\b"))
    expect(confirmation).to_have_css("background-color", DANGER)
    confirmation.click()


def expect_error_summary(page, checks):
    """The page came back with its error summary focused and announced, the title saying so,
    and no accessibility violation in that state."""
    summary = page.locator(".error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_have_attribute("role", "alert")
    expect(summary).to_be_focused()
    expect(page).to_have_title(re.compile(r"^Erreur"))
    checks.accessible()
