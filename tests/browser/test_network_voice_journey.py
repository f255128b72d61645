"""The network's own voice, end to end in Chromium (issue 15's journey): the Guadeloupe
coordinator names the network on its page, publishes a news post with an image and a resource,
creates a general assembly open to registration, composes an issue of the newsletter from them
and sends it; a visitor who subscribed and confirmed receives it and unsubscribes in one click
from the email's link. The header's search then finds what was published. axe: no violation on
any page visited."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from playwright.sync_api import expect

from newsletter.models import Subscriber
from resources.models import Resource
from tests.browser.helpers import confirm, log_in, log_out
from tests.conftest import run_worker
from tests.members import factories, image_files
from tests.resources import files
from trainings.models import Training

pytestmark = pytest.mark.django_db(transaction=True)
VISITOR = "lectrice.karion@example.org"


@pytest.fixture(autouse=True)
def _files(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_FILES_ROOT = tmp_path / "private"


def link_in(body: str, path: str) -> str:
    return re.search(rf"(https?://\S+{path}\S+/)", body)[1]


def test_a_coordinator_publishes_and_sends_the_newsletter_a_visitor_receives_it_and_leaves(
    live_server, page, checks, territories, database_tasks
):
    coordinator = factories.coordinator(territories["guadeloupe"], email="coord@rrma.example")
    day = timezone.localdate() + timedelta(days=30)

    # A visitor subscribes to the Guadeloupe newsletter and confirms from the emailed link.
    page.goto(live_server.url + "/")
    checks.accessible()
    page.get_by_role("link", name=_("Subscribe to the newsletter")).click()
    checks.accessible()
    page.get_by_label(_("Your email address")).fill(VISITOR)
    page.get_by_label("Kari'On (Guadeloupe)").check()
    page.get_by_role("button", name=_("Subscribe"), exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(_("Check your inbox"))
    checks.accessible()
    run_worker()
    (confirmation,) = mail.outbox
    page.goto(link_in(confirmation.body, "/newsletter/confirm/"))
    checks.accessible()
    page.get_by_role("button", name=_("Confirm"), exact=True).click()
    expect(page.locator(".message-success")).to_contain_text(VISITOR)
    assert Subscriber.objects.get().is_confirmed

    # The coordinator gives the network its name: the header shows it on every page.
    log_in(page, live_server, coordinator, totp=True)
    page.goto(live_server.url + "/networks/guadeloupe/")
    page.get_by_role("link", name=_("Edit the network's page")).click()
    checks.accessible()
    page.locator("#id_network_name").fill("Karib Horizon")
    page.locator("#id_lead_body").fill("CO.RE.CA")
    page.get_by_role("button", name=_("Save the network's page")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Karib Horizon")
    expect(page.get_by_role("navigation", name=_("The networks"))).to_contain_text("Karib Horizon")
    checks.accessible()

    # A news post with an image and its alternative text, published.
    page.goto(live_server.url + "/news/new/")
    checks.accessible()
    page.locator("#id_title").fill("Karib Horizon accueille ses partenaires haïtiens")
    page.locator("#id_summary").fill("Une délégation de Jacmel reçue à Pointe-à-Pitre.")
    page.locator("#id_body").fill("## Au programme\n\n- les projets d'eau ;\n- les bourses.")
    page.locator("#id_image").set_input_files(
        files=[
            {"name": "jacmel.jpg", "mimeType": "image/jpeg", "buffer": image_files.jpeg_with_gps()}
        ]
    )
    page.locator("#id_image_alt").fill("La délégation de Jacmel devant le Mémorial ACTe.")
    page.get_by_role("button", name=_("Save the post")).click()
    page.get_by_role("button", name=_("Publish")).click()
    expect(page.get_by_text(_("The post is published."))).to_be_visible()
    expect(page.locator("article img")).to_have_attribute(
        "alt", "La délégation de Jacmel devant le Mémorial ACTe."
    )
    checks.accessible()

    # A resource: a PDF guide, the optional fields left as offered.
    page.goto(live_server.url + "/resources/new/")
    checks.accessible()
    page.locator("#id_title").fill("Guide de l'accueil des délégations haïtiennes")
    page.locator("#id_file").set_input_files(
        files=[{"name": "guide.pdf", "mimeType": "application/pdf", "buffer": files.PDF}]
    )
    page.get_by_role("button", name=_("Save the resource")).click()
    expect(page.get_by_text(_("The resource has been added to the library."))).to_be_visible()
    checks.accessible()
    assert Resource.objects.get().audience == Resource.Audience.PUBLIC

    # A general assembly with one session open to registration, published.
    page.goto(live_server.url + "/events/new/")
    checks.accessible()
    page.locator("#id_title").fill("Assemblée générale de Karib Horizon")
    page.locator("#id_summary").fill("Bilan de l’année, comptes et orientations du réseau.")
    page.get_by_label("Gouvernance locale et décentralisation", exact=True).check()
    page.locator("#id_sessions-0-starts_at").fill(f"{day:%Y-%m-%d}T09:00")
    page.locator("#id_sessions-0-ends_at").fill(f"{day:%Y-%m-%d}T16:30")
    page.locator("#id_sessions-0-capacity").fill("120")
    page.locator("#id_sessions-0-registration_deadline").fill(
        f"{day - timedelta(days=3):%Y-%m-%d}T18:00"
    )
    page.get_by_role("button", name=_("Save the event")).click()
    page.get_by_role("button", name=_("Publish")).click()
    expect(page.get_by_text(_("The event is published."))).to_be_visible()
    checks.accessible()
    assert Training.objects.get().kind == Training.Kind.GENERAL_ASSEMBLY

    # The issue: what was just published is offered, ticked; previewed, tested, sent.
    page.goto(live_server.url + "/newsletter/issues/")
    checks.accessible()
    page.get_by_role("link", name=re.compile(_("Compose an issue"))).click()
    checks.accessible()
    page.get_by_label(capfirst(_("subject"))).fill("Les nouvelles de décembre")
    page.get_by_role("button", name=_("Save and preview")).click()
    preview = page.get_by_role("region", name=_("Preview"))
    expect(preview).to_contain_text("Karib Horizon accueille ses partenaires haïtiens")
    expect(preview).to_contain_text("Assemblée générale de Karib Horizon")
    checks.accessible()
    page.get_by_role("button", name=_("Send a test to me")).click()
    checks.accessible()
    confirm(page, _("Send the issue"), _("Yes, send it"))
    expect(page.locator(".message-success")).to_be_visible()
    run_worker()
    page.reload()
    expect(page.get_by_role("region", name=_("Deliveries"))).to_be_visible()
    checks.accessible()

    # The header's search finds each thing published, labelled by its kind.
    page.locator("#site-search-q").fill("karib horizon")
    page.locator("#site-search-q").press("Enter")
    results = page.locator("main")
    expect(results.get_by_role("link", name="Assemblée générale de Karib Horizon")).to_be_visible()
    expect(
        results.get_by_role("link", name="Karib Horizon accueille ses partenaires haïtiens")
    ).to_be_visible()
    checks.accessible()
    log_out(page)

    # The visitor received the issue and leaves in one click from its link.
    (email,) = [m for m in mail.outbox if m.to == [VISITOR] and m is not confirmation]
    assert "Assemblée générale de Karib Horizon" in email.body
    assert email.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    page.goto(email.extra_headers["List-Unsubscribe"].strip("<>"))
    checks.accessible()
    page.get_by_role("button", name=_("Unsubscribe"), exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(_("Unsubscribed"))
    checks.accessible()
    assert not Subscriber.objects.exists()
