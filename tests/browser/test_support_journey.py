"""Advisory support in Chromium, through the real pages: an organisation's admin asks for help
on an FCR file; the coordinator takes it, answers with a message and an internal note,
schedules an appointment and closes the request with "file submitted"; the organisation reads
the message and the appointment, never the note. No accessibility violation on the way."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from playwright.sync_api import expect

from members.models import Membership
from support.enums import Mode, Outcome, Status, Topic
from support.models import SupportRequest
from tests.browser.helpers import log_in, log_out
from tests.members import factories
from tests.members.factories import OrganisationFactory, member_of
from tests.projects.factories import ProjectFactory

pytestmark = pytest.mark.django_db(transaction=True)

NOTE = "Dossier fragile : le cofinancement n'est pas encore acquis."
ANSWER = "Bonjour, envoyez-nous votre budget prévisionnel avant le rendez-vous."


def test_an_admin_asks_for_help_and_the_coordinator_follows_it_to_closure(
    live_server, page, checks, territories
):
    guadeloupe = territories["guadeloupe"]
    school = OrganisationFactory(name="Lycée de Baimbridge", territory=guadeloupe)
    admin = member_of(school, "admin", first_name="Rony", last_name="Bellance")
    coordinator = factories.coordinator(guadeloupe, first_name="Maëva", last_name="Jean")

    # The organisation's admin asks, from the dashboard, filling in only what they need.
    log_in(page, live_server, admin)
    page.get_by_role("link", name=_("Ask for support")).first.click()
    checks.accessible()
    page.get_by_label(_("Topic")).select_option(label=str(Topic.FUNDING_FCR.label))
    page.get_by_label(_("Description")).fill(
        "Nous préparons un dossier FCR pour un échange avec un lycée de Roseau."
    )
    page.get_by_label(str(Mode.REMOTE.label)).check()
    page.get_by_role("button", name=_("Send the request")).click()
    expect(
        page.get_by_text(_("Your request has been sent to the coordinators of the network."))
    ).to_be_visible()
    checks.accessible()
    request = SupportRequest.objects.get()
    assert (request.organisation, request.topic, request.project) == (
        school,
        Topic.FUNDING_FCR,
        None,
    )
    assert [m.to for m in mail.outbox] == [[coordinator.email]]
    log_out(page)

    # The coordinator takes it, answers, writes a note, schedules, closes.
    log_in(page, live_server, coordinator, totp=True)
    page.goto(live_server.url + "/support/")
    checks.accessible()
    page.get_by_role("link", name=str(request)).click()
    page.get_by_role("button", name=_("Take this request")).click()
    expect(page.get_by_text(_("You follow this request."))).to_be_visible()
    page.get_by_role("textbox", name=re.compile("^" + capfirst(_("message")))).fill(ANSWER)
    page.get_by_role("button", name=_("Send"), exact=True).click()
    expect(page.get_by_text(_("Your message has been sent."))).to_be_visible()
    page.get_by_role("textbox", name=re.compile("^" + capfirst(_("message")))).fill(NOTE)
    page.get_by_label(capfirst(_("internal note"))).check()
    page.get_by_label(capfirst(_("time spent (minutes)"))).fill("30")
    page.get_by_role("button", name=_("Send"), exact=True).click()
    expect(page.get_by_text(_("The internal note has been saved."))).to_be_visible()
    checks.accessible()

    page.get_by_role("link", name=_("Schedule an appointment")).click()
    checks.accessible()
    when = timezone.localtime() + timedelta(days=7)
    page.get_by_label(capfirst(_("date and time"))).fill(when.strftime("%Y-%m-%dT10:00"))
    page.get_by_label(capfirst(_("link"))).fill("https://visio.example/baimbridge")
    page.get_by_role("button", name=_("Schedule the appointment")).click()
    expect(
        page.get_by_text(_("The appointment has been scheduled and sent to the organisation."))
    ).to_be_visible()

    page.get_by_label(str(Status.CLOSED.label)).check()
    page.get_by_label(_("Outcome")).select_option(label=str(Outcome.FILE_SUBMITTED.label))
    page.get_by_role("button", name=_("Update the request")).click()
    expect(page.get_by_text(_("The request has been updated."))).to_be_visible()
    checks.accessible()
    request.refresh_from_db()
    assert (request.status, request.outcome, request.assignee) == (
        Status.CLOSED,
        Outcome.FILE_SUBMITTED,
        coordinator,
    )
    assert request.minutes_spent() == 30
    log_out(page)

    # The organisation reads the answer and the appointment, never the note.
    log_in(page, live_server, admin)
    page.goto(live_server.url + request.get_absolute_url())
    expect(page.get_by_text(ANSWER)).to_be_visible()
    expect(page.get_by_text(NOTE)).to_have_count(0)
    expect(page.locator("dd", has_text=str(Outcome.FILE_SUBMITTED.label))).to_be_visible()
    expect(
        page.get_by_role("link", name=re.compile(re.escape(_("Add to my calendar (.ics)"))))
    ).to_be_visible()
    expect(page.get_by_role("link", name="https://visio.example/baimbridge")).to_be_visible()
    checks.accessible()
    recipients = [m.to for m in mail.outbox]
    assert [admin.email] in recipients
    assert all(NOTE not in m.body for m in mail.outbox)


def test_a_person_of_two_organisations_asks_for_the_second_about_one_of_its_projects(
    live_server, page, checks, territories
):
    """The form names each project with its organisation; a project of the other organisation
    is refused next to its field, and nothing is saved until the choice agrees."""
    guadeloupe = territories["guadeloupe"]
    school = OrganisationFactory(name="Lycée de Baimbridge", territory=guadeloupe)
    club = OrganisationFactory(name="Club Karukera", territory=guadeloupe)
    person = member_of(school, "admin")
    Membership.objects.create(user=person, organisation=club, role="editor")
    ProjectFactory(lead=school, title="Échanges avec Roseau")
    ProjectFactory(lead=club, title="Tournoi de la Caraïbe")
    factories.coordinator(guadeloupe)

    log_in(page, live_server, person)
    page.goto(live_server.url + "/support/new/")
    page.get_by_label(_("Organisation")).select_option(label="Club Karukera")
    page.get_by_label(_("Topic")).select_option(label=str(Topic.PARTNER_SEARCH.label))
    page.get_by_label(_("Description")).fill("Nous cherchons un club partenaire à Sainte-Lucie.")
    # The school's project, chosen by mistake for the club.
    project = page.get_by_label(capfirst(_("project concerned")))
    project.select_option(label="Échanges avec Roseau (Lycée de Baimbridge)")
    page.get_by_label(str(Mode.PHONE.label)).check()
    page.get_by_role("button", name=_("Send the request")).click()
    expect(page.locator(".error-summary")).to_contain_text(
        _("This project is not one of the organisation's.")
    )
    assert not SupportRequest.objects.exists()
    checks.accessible()

    project.select_option(label="Tournoi de la Caraïbe (Club Karukera)")
    page.get_by_role("button", name=_("Send the request")).click()
    expect(
        page.get_by_text(_("Your request has been sent to the coordinators of the network."))
    ).to_be_visible()
    request = SupportRequest.objects.get()
    assert (request.organisation, request.project.title, request.preferred_mode) == (
        club,
        "Tournoi de la Caraïbe",
        Mode.PHONE,
    )
