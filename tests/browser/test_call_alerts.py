"""An organisation's admin chooses how to hear of its funding calls, then unsubscribes from the
link of an email, logged out."""

import pytest
from django.core import mail
from django.utils import translation
from django.utils.translation import gettext
from playwright.sync_api import expect

from calls.enums import AlertFrequency
from calls.models import OrganisationAlert
from calls.services.alerts import call_alerts_send
from tests.browser.helpers import log_in, log_out
from tests.calls.factories import CallFactory
from tests.members.factories import OrganisationFactory, member_of

pytestmark = pytest.mark.django_db(transaction=True)


def french(text) -> str:
    """The words as the French pages show them (the catalogue's, or the English until then)."""
    with translation.override("fr"):
        return gettext(str(text)) if isinstance(text, str) else str(text)


def choose(page, section, label: str):
    section.get_by_label(label, exact=True).check()
    section.get_by_role("button").click()
    expect(page.locator(".message-success")).to_be_visible()


def test_an_admin_chooses_the_alerts_of_their_organisation_then_unsubscribes_from_an_email(
    live_server, page, checks, territories
):
    organisation = OrganisationFactory(name="Jeunesse Karukera")
    admin = member_of(organisation, "admin")
    CallFactory(title="Je coopère avec Haïti", themes=["health"])

    log_in(page, live_server, admin)
    page.goto(live_server.url + "/calls/alerts/")
    checks.accessible()
    section = page.locator("section", has=page.get_by_role("heading", name="Jeunesse Karukera"))
    expect(section.get_by_label(french("No email"), exact=True)).to_be_checked()
    section.locator("summary").click()
    expect(section.get_by_role("link", name="Je coopère avec Haïti")).to_be_visible()

    choose(page, section, french(AlertFrequency.EACH_CALL.label))
    alert = OrganisationAlert.objects.get(user=admin, organisation=organisation)
    assert alert.frequency == AlertFrequency.EACH_CALL
    checks.accessible()

    choose(page, section, french(AlertFrequency.WEEKLY.label))
    alert.refresh_from_db()
    assert alert.frequency == AlertFrequency.WEEKLY
    expect(section.get_by_label(french(AlertFrequency.WEEKLY.label), exact=True)).to_be_checked()
    checks.accessible()

    choose(page, section, french("No email"))
    assert not OrganisationAlert.objects.exists()
    choose(page, section, french(AlertFrequency.EACH_CALL.label))
    log_out(page)

    assert call_alerts_send(base_url=live_server.url) == 1
    link = mail.outbox[-1].extra_headers["List-Unsubscribe"].strip("<>")
    assert link in mail.outbox[-1].body
    page.goto(link)
    expect(page.get_by_text("Jeunesse Karukera")).to_be_visible()
    checks.accessible()
    page.get_by_role("button", name=french("Unsubscribe"), exact=True).click()
    expect(page.locator(".message-success")).to_contain_text("Jeunesse Karukera")
    checks.accessible()
    assert not OrganisationAlert.objects.exists()
