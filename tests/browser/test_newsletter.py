"""A visitor subscribes to Kari'On and confirms from the emailed link; the coordinator composes
an issue from what the network published, previews it, sends a test, sends it; the worker
delivers it; the visitor leaves in one click from the link of the email. Every page passes axe."""

import re

import pytest
from django.core import mail
from django.utils import translation
from django.utils.text import capfirst
from django.utils.translation import gettext
from playwright.sync_api import expect

from newsletter.models import Issue, Subscriber
from tests.browser.helpers import confirm, log_in, log_out
from tests.calls.factories import CallFactory
from tests.conftest import run_worker
from tests.members import factories
from tests.news.factories import PostFactory
from tests.trainings.factories import SessionFactory, TrainingFactory

pytestmark = pytest.mark.django_db(transaction=True)
VISITOR = "lectrice.karion@example.org"


def french(text: str) -> str:
    """The words as the French pages show them (the catalogue's, or the English until then)."""
    with translation.override("fr"):
        return gettext(text)


def link_in(body: str, path: str) -> str:
    return re.search(rf"(https?://\S+{path}\S+/)", body)[1]


def test_a_visitor_subscribes_a_coordinator_sends_an_issue_and_the_visitor_leaves_in_one_click(
    live_server, page, checks, territories, database_tasks
):
    PostFactory(title="Le réseau accueille ses partenaires haïtiens")
    CallFactory(title="Je coopère avec les pays de l'OECO")
    SessionFactory(training=TrainingFactory(title="Monter un dossier FCR"))

    # A visitor subscribes, without an account.
    page.goto(live_server.url + "/newsletter/")
    checks.accessible()
    page.get_by_label(french("Your email address")).fill(VISITOR)
    page.get_by_label("Kari'On (Guadeloupe)").check()
    page.get_by_role("button", name=french("Subscribe"), exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(french("Check your inbox"))
    expect(page.locator(".message-success")).to_contain_text(VISITOR)
    checks.accessible()

    run_worker()
    (confirmation,) = mail.outbox
    assert confirmation.to == [VISITOR]
    page.goto(link_in(confirmation.body, "/newsletter/confirm/"))
    expect(page.get_by_text("Kari'On")).to_be_visible()
    checks.accessible()
    assert not Subscriber.objects.get().is_confirmed  # opening the link confirms nothing
    page.get_by_role("button", name=french("Confirm"), exact=True).click()
    expect(page.locator(".message-success")).to_contain_text(VISITOR)
    checks.accessible()
    assert Subscriber.objects.get().is_confirmed

    # The coordinator composes an issue, keeping what is offered ticked.
    coordinator = factories.coordinator(territories["guadeloupe"], email="coord@rrma.example")
    log_in(page, live_server, coordinator, totp=True)
    page.goto(live_server.url + "/newsletter/issues/")
    checks.accessible()
    page.get_by_role("link", name=re.compile(french("Compose an issue"))).click()
    expect(page.get_by_label("Je coopère avec les pays de l'OECO", exact=False)).to_be_checked()
    checks.accessible()
    page.get_by_label(capfirst(french("subject"))).fill("Les nouvelles de décembre")
    page.get_by_label(capfirst(french("introduction"))).fill("Bonjour à toutes et à tous !")
    page.get_by_role("button", name=french("Save and preview")).click()

    preview = page.get_by_role("region", name=french("Preview"))
    expect(preview).to_contain_text("Le réseau accueille ses partenaires haïtiens")
    expect(preview).to_contain_text("Monter un dossier FCR")
    expect(preview).to_contain_text("Bonjour à toutes et à tous !")
    checks.accessible()
    issue = Issue.objects.get()
    assert issue.is_draft

    page.get_by_role("button", name=french("Send a test to me")).click()
    expect(page.locator(".message-success")).to_contain_text("coord@rrma.example")
    checks.accessible()
    run_worker()
    test = mail.outbox[-1]
    assert test.to == ["coord@rrma.example"]
    assert "Les nouvelles de décembre" in test.subject

    confirm(page, french("Send the issue"), french("Yes, send it"))
    expect(page.locator(".message-success")).to_be_visible()
    checks.accessible()
    issue.refresh_from_db()
    assert (issue.status, issue.number) == ("sending", 1)

    # The worker delivers it.
    run_worker()
    (email,) = [m for m in mail.outbox if m.to == [VISITOR] and "Kari'On" in m.subject]
    unsubscribe = email.extra_headers["List-Unsubscribe"].strip("<>")
    assert email.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert unsubscribe in email.body
    assert "Je coopère avec les pays de l'OECO" in email.body
    page.reload()
    expect(page.get_by_role("region", name=french("Deliveries"))).to_be_visible()
    checks.accessible()
    assert Issue.objects.with_counts().get().sent_count == 1
    log_out(page)

    # The web version, for anyone.
    page.goto(link_in(email.body, "/newsletter/guadeloupe"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Les nouvelles de décembre")
    checks.accessible()

    # The visitor leaves from the link of the email.
    page.goto(unsubscribe)
    expect(page.get_by_text(VISITOR)).to_be_visible()
    checks.accessible()
    page.get_by_role("button", name=french("Unsubscribe"), exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(french("Unsubscribed"))
    checks.accessible()
    assert not Subscriber.objects.exists()
