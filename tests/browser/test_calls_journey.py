"""A funding call's whole journey in Chromium: a coordinator of Guadeloupe creates it through
the form (only what a person types) and publishes it; an admin of an organisation it matches
sees it on their dashboard with the reason, and asks to be emailed about each call; the
reminder runs send the opening email, then the 14-day reminder, each once; the reminder's
unsubscribe link, opened logged out, ends the alert, and nothing more is sent.

Texts are read through the catalogues (gettext, in the portal's French): the strings new with
the calls are translated by the lead afterwards, and the test reads them either way."""

import re
import time
from collections import Counter
from datetime import datetime, timedelta
from datetime import time as time_of_day
from io import StringIO

import pytest
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.core import mail
from django.core.management import call_command
from django.utils import translation
from django.utils.translation import gettext, ngettext
from playwright.sync_api import expect

from background.models import OutgoingEmail
from calls.enums import AlertFrequency, AlertKind
from calls.models import AlertSent, Call, OrganisationAlert, local_today, local_zone
from calls.services.alerts import call_alerts_send
from members.models import Theme
from tests.browser.conftest import PageChecks
from tests.members import factories
from tests.members.factories import OrganisationFactory, member_of

pytestmark = pytest.mark.django_db(transaction=True)

TITLE = "Santé et coopération avec Haïti 2027"
ORGANISATION = "Santé Karukera"
SUBJECT_PREFIX = "[RRMA Antilles] "


def french(text) -> str:
    """The words as the French pages and emails show them (the catalogue's, or the English
    until the lead translates them); a lazy label is read in French."""
    with translation.override("fr"):
        return gettext(text) if isinstance(text, str) else str(text)


def french_plural(singular: str, plural: str, number: int) -> str:
    with translation.override("fr"):
        return ngettext(singular, plural, number)


@pytest.fixture
def stranger_page(browser, browser_context_args):
    """A browser of its own, with no cookie of the people who logged in: the mail client of
    someone reading the email anywhere."""
    context = browser.new_context(**browser_context_args)
    yield context.new_page()
    context.close()


def log_in(page, live_server, checks, user, *, totp=False):
    """tests/browser/helpers.log_in, with the login form and the authenticator's form checked
    too: every page of the journey goes through axe."""
    page.goto(live_server.url + "/accounts/login/")
    checks.accessible()
    page.locator("#id_login").fill(user.email)
    page.locator("#id_password").fill(factories.PASSWORD)
    page.get_by_role("button", name="Connexion", exact=True).click()
    if totp:
        expect(page).to_have_url(re.compile(r"/accounts/2fa/authenticate/"))
        checks.accessible()
        code = format_hotp_value(hotp_value(factories.TOTP_SECRET, int(time.time()) // 30))
        page.locator("#id_code").fill(code)
        page.get_by_role("button", name=re.compile("Se connecter|Connexion|Valider")).click()
    expect(page.get_by_role("heading", name="Mon tableau de bord")).to_be_visible()
    checks.accessible()


def log_out(page, checks):
    page.get_by_role("button", name="Se déconnecter").click()
    expect(page.get_by_role("navigation").get_by_role("link", name="Se connecter")).to_be_visible()
    checks.accessible()


def emails_to(address: str) -> Counter:
    """How many emails of each subject the mail server received for that address."""
    return Counter(m.subject for m in mail.outbox if m.to == [address])


def calls_emails_recorded() -> Counter:
    """How many emails of each kind (its template) the portal recorded for each address: the
    log an administrator reads (OutgoingEmail)."""
    return Counter(
        (tuple(e.to), e.purpose) for e in OutgoingEmail.objects.filter(purpose__startswith="calls/")
    )


def send_call_alerts(live_server) -> str:
    """The hourly run, as the worker or a person by hand does it (its links to the live
    server, so that the browser can follow them)."""
    out = StringIO()
    call_command("send_call_alerts", base_url=live_server.url, stdout=out)
    return out.getvalue().strip()


def test_a_call_created_and_published_reaches_a_matching_organisation_until_it_unsubscribes(
    live_server, page, checks, stranger_page, territories
):
    organisation = OrganisationFactory(name=ORGANISATION)  # Guadeloupe, health, with Haiti
    admin = member_of(organisation, "admin")  # with a verified address (UserFactory)
    coordinator = factories.coordinator(territories["guadeloupe"])  # two-factor enrolled
    today = local_today()
    # In 20 days at noon, local time: beyond the 14-day reminder, so the first run sends only
    # the opening email.
    deadline = datetime.combine(today + timedelta(days=20), time_of_day(12), local_zone())

    # 1. The coordinator creates the call, filling only what a person would, then publishes it.
    log_in(page, live_server, checks, coordinator, totp=True)
    page.goto(live_server.url + "/calls/new/")
    expect(page.get_by_role("heading", level=1)).to_have_text(french("New funding call"))
    checks.accessible()
    page.locator("#id_title").fill(TITLE)
    page.locator("#id_funder").select_option(label="FCR Guadeloupe")
    page.locator("#id_summary").fill("Soutenir les projets de santé menés avec Haïti.")
    # A coordinator of one territory finds it ticked already: ticking it again changes nothing.
    territory = page.get_by_label("Guadeloupe", exact=True)
    expect(territory).to_be_checked()
    territory.check()
    page.get_by_label("Santé", exact=True).check()
    page.locator("#id_opens_on").fill(today.isoformat())
    page.locator("#id_deadline").fill(f"{deadline:%Y-%m-%d}T12:00")
    page.get_by_role("button", name=french("Save the call")).click()

    call = Call.objects.get()
    expect(page).to_have_url(live_server.url + call.get_absolute_url())
    expect(
        page.get_by_text(
            french("The call has been saved as a draft: publish it from its page when it is ready.")
        )
    ).to_be_visible()
    expect(
        page.get_by_text(
            french("This call is a draft: only the coordinators of its territories see it.")
        )
    ).to_be_visible()
    checks.accessible()
    assert (call.status, call.created_by, call.opens_on, call.deadline) == (
        Call.Status.DRAFT,
        coordinator,
        today,
        deadline,
    )
    assert [t.slug for t in call.territories.all()] == ["guadeloupe"]
    assert [t.pk for t in call.themes.all()] == ["health"]

    page.get_by_role("button", name=french("Publish"), exact=True).click()
    expect(page.get_by_text(french("The call is published."))).to_be_visible()
    expect(page.get_by_role("button", name=french("Unpublish"), exact=True)).to_be_visible()
    checks.accessible()
    call.refresh_from_db()
    assert call.status == Call.Status.PUBLISHED
    log_out(page, checks)

    # 2. The organisation's admin finds the call on their dashboard, with why it is for them.
    log_in(page, live_server, checks, admin)
    panel = page.locator(
        "section", has=page.get_by_role("heading", name=french("Calls for you"), exact=True)
    )
    expect(panel.get_by_role("heading", name=ORGANISATION, exact=True)).to_be_visible()
    offered = panel.get_by_role("listitem").filter(has=page.get_by_role("link", name=TITLE))
    expect(offered).to_have_count(1)
    with translation.override("fr"):
        health = str(Theme.objects.get(pk="health"))
    reason = french("your themes: %(themes)s") % {"themes": health}
    expect(offered).to_contain_text(reason)

    panel.get_by_role("link", name=french("Be told by email of the calls for you")).click()
    expect(page).to_have_url(live_server.url + "/calls/alerts/")
    checks.accessible()
    section = page.locator("section", has=page.get_by_role("heading", name=ORGANISATION))
    expect(section.get_by_label(french("No email"), exact=True)).to_be_checked()
    section.get_by_label(french(AlertFrequency.EACH_CALL.label), exact=True).check()
    section.get_by_role("button").click()
    expect(page.locator(".message-success")).to_contain_text(ORGANISATION)
    expect(section.get_by_label(french(AlertFrequency.EACH_CALL.label), exact=True)).to_be_checked()
    checks.accessible()
    alert = OrganisationAlert.objects.get()
    assert (alert.user, alert.organisation, alert.frequency) == (
        admin,
        organisation,
        AlertFrequency.EACH_CALL,
    )
    log_out(page, checks)

    # 3. The hourly run emails the opening; run again, it sends nothing more.
    assert send_call_alerts(live_server) == "1 call alert(s) queued."
    opening = SUBJECT_PREFIX + french("Call open: %(title)s") % {"title": TITLE}
    assert emails_to(admin.email) == Counter({opening: 1})
    assert calls_emails_recorded() == Counter({((admin.email,), "calls/email/opening"): 1})
    assert send_call_alerts(live_server) == "0 call alert(s) queued."

    # Thirteen days before the deadline, the 14-day reminder is due. Neither the command nor
    # the worker's hourly task takes a "now": the service they run is called with one.
    later = call.deadline - timedelta(days=13)
    assert call_alerts_send(now=later, base_url=live_server.url) == 1
    reminder = SUBJECT_PREFIX + french_plural(
        "Deadline in %(days)s day: %(title)s", "Deadline in %(days)s days: %(title)s", 13
    ) % {"days": 13, "title": TITLE}
    assert call_alerts_send(now=later, base_url=live_server.url) == 0
    assert send_call_alerts(live_server) == "0 call alert(s) queued."
    assert emails_to(admin.email) == Counter({opening: 1, reminder: 1})
    assert calls_emails_recorded() == Counter(
        {((admin.email,), "calls/email/opening"): 1, ((admin.email,), "calls/email/deadline"): 1}
    )
    assert sorted(AlertSent.objects.values_list("kind", flat=True)) == sorted(
        [AlertKind.OPENING, AlertKind.DEADLINE_14]
    )

    # 4. The reminder's unsubscribe link, in its body and in its List-Unsubscribe header (the
    # opening email carries the same), opened in another browser by someone not logged in.
    (email,) = [m for m in mail.outbox if m.subject == reminder]
    assert email.to == [admin.email]
    assert TITLE in email.body
    assert reason in email.body
    links = re.findall(r"https?://\S+/calls/unsubscribe/\S+/", email.body)
    assert links == [f"{live_server.url}/calls/unsubscribe/{alert.token}/"]
    for message in mail.outbox:
        if message.to == [admin.email]:
            assert message.extra_headers["List-Unsubscribe"] == f"<{links[0]}>"
            assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"

    stranger = PageChecks(stranger_page)
    stranger_page.goto(links[0])
    expect(
        stranger_page.get_by_role("navigation").get_by_role("link", name="Se connecter")
    ).to_be_visible()
    expect(stranger_page.get_by_role("heading", level=1)).to_have_text(french("Unsubscribe"))
    expect(stranger_page.locator("main")).to_contain_text(ORGANISATION)
    stranger.accessible()
    # Opening the link unsubscribes from nothing (mail scanners follow links): the button does.
    assert OrganisationAlert.objects.exists()
    stranger_page.get_by_role("button", name=french("Unsubscribe"), exact=True).click()
    expect(stranger_page.get_by_role("heading", level=1)).to_have_text(french("Unsubscribed"))
    expect(stranger_page.locator(".message-success")).to_contain_text(ORGANISATION)
    stranger.accessible()
    assert not OrganisationAlert.objects.exists()

    # Two days before the deadline the 3-day reminder would be due: nobody is told any more.
    assert call_alerts_send(now=call.deadline - timedelta(days=2), base_url=live_server.url) == 0
    assert send_call_alerts(live_server) == "0 call alert(s) queued."
    assert emails_to(admin.email) == Counter({opening: 1, reminder: 1})
    assert calls_emails_recorded().total() == 2
