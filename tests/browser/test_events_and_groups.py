"""Network events and working groups in Chromium, as a coordinator and a member use them: the
coordinator creates a working group through its form, then a general assembly with one session
(optional fields left empty), edits it to make it the group's meeting and publishes it; an
organisation's admin finds it among the events and registers. No accessibility violation on
any page on the way."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone
from django.utils.translation import gettext as _
from playwright.sync_api import expect

from members.models import WorkingGroup
from tests.browser.helpers import log_in, log_out
from tests.members import factories
from tests.members.factories import OrganisationFactory, member_of
from tests.resources.factories import ResourceFactory
from trainings.models import Registration, Training

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _private_files(settings, tmp_path):
    settings.PRIVATE_FILES_ROOT = tmp_path / "private"


def test_a_coordinator_creates_a_group_and_its_general_assembly_and_a_member_registers(
    live_server, page, checks, territories
):
    guadeloupe, martinique = territories["guadeloupe"], territories["martinique"]
    coordinator = factories.coordinator(guadeloupe)
    school = OrganisationFactory(name="Lycée de Baimbridge", territory=guadeloupe)
    OrganisationFactory(name="Madinina Jeunesse", territory=martinique)
    OrganisationFactory(name="Réseau Jeunesse Caraïbe", territory=guadeloupe)
    admin = member_of(school, "admin")
    agenda = ResourceFactory(title="Ordre du jour de l’assemblée", territory=guadeloupe)
    day = timezone.localdate() + timedelta(days=30)

    # The working group, through its form.
    log_in(page, live_server, coordinator, totp=True)
    page.goto(f"{live_server.url}/networks/guadeloupe/groups/")
    checks.accessible()
    page.get_by_role("link", name=_("New working group")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(_("New working group"))
    checks.accessible()
    page.locator("#id_name").fill("Éducation et jeunesse")
    page.locator("#id_description").fill("Les mobilités d’élèves et de jeunes dans la Caraïbe.")
    page.get_by_label("Jeunesse et mobilité", exact=True).check()
    # Members found by the form's own search (its button: nothing saved, nothing lost).
    for words, name in (("baimbridge", "Lycée de Baimbridge"), ("madinina", "Madinina Jeunesse")):
        page.locator("#id_organisations_find").fill(words)
        page.get_by_role("button", name=_("Find"), exact=True).click()
        expect(page.locator("#id_name")).to_have_value("Éducation et jeunesse")
        page.get_by_label(re.compile(f"^{name}")).check()
        checks.accessible()
    page.get_by_role("button", name=_("Save the working group")).click()
    expect(page.get_by_text(_("The working group has been saved."))).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text("Éducation et jeunesse")
    expect(page.get_by_role("link", name="Madinina Jeunesse")).to_be_visible()
    checks.accessible()
    group = WorkingGroup.objects.get()
    assert (group.territory, group.is_active) == (guadeloupe, True)
    assert {o.name for o in group.organisations.all()} == {
        "Lycée de Baimbridge",
        "Madinina Jeunesse",
    }

    # A general assembly with one session, optional fields left empty.
    page.goto(f"{live_server.url}/events/new/")
    expect(page.get_by_role("heading", level=1)).to_have_text(_("New event"))
    expect(page.locator("#id_kind")).to_have_value("general-assembly")
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
    expect(page.get_by_text(_("The event has been saved."))).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text("Assemblée générale de Karib Horizon")
    checks.accessible()
    event = Training.objects.get()
    assert page.url == f"{live_server.url}/events/{event.slug}/"
    assert (event.kind, event.status, event.working_group, event.trainers) == (
        "general-assembly",
        "draft",
        None,
        "",
    )
    assert list(event.materials.all()) == []

    # Edited: the group's meeting now, with fewer seats; then published.
    page.get_by_role("link", name=_("Edit the event")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        _("Edit %(title)s") % {"title": event.title}
    )
    checks.accessible()
    page.locator("#id_working_group").select_option(label="Éducation et jeunesse (Guadeloupe)")
    page.locator("#id_sessions-0-capacity").fill("80")
    # A document of the library, found by the form's search: the rest of the form stays typed.
    page.locator("#id_materials_find").fill("ordre du jour")
    page.get_by_role("button", name=_("Find"), exact=True).click()
    expect(page.locator("#id_sessions-0-capacity")).to_have_value("80")
    checks.accessible()
    page.get_by_label("Ordre du jour de l’assemblée", exact=True).check()
    page.get_by_role("button", name=_("Save the event")).click()
    expect(page.get_by_text(_("The event has been saved."))).to_be_visible()
    expect(page.get_by_role("link", name="Éducation et jeunesse")).to_be_visible()
    checks.accessible()
    page.get_by_role("button", name=_("Publish")).click()
    expect(page.get_by_text(_("The event is published."))).to_be_visible()
    checks.accessible()
    event.refresh_from_db()
    assert (event.status, event.working_group, event.sessions.get().capacity) == (
        "published",
        group,
        80,
    )
    assert list(event.materials.all()) == [agenda]
    page.goto(live_server.url + group.get_absolute_url())
    expect(page.get_by_role("link", name="Assemblée générale de Karib Horizon")).to_be_visible()
    checks.accessible()
    log_out(page)

    # An organisation's admin finds it among the events and registers.
    log_in(page, live_server, admin)
    page.goto(f"{live_server.url}/events/")
    expect(page.get_by_role("heading", level=1)).to_have_text(_("Events of the networks"))
    checks.accessible()
    page.get_by_role("link", name="Assemblée générale de Karib Horizon").click()
    page.get_by_role("button", name=_("Register")).click()
    expect(
        page.get_by_text(f"{_('Your registration:')} {Registration.Status.CONFIRMED.label}")
    ).to_be_visible()
    checks.accessible()
    registration = Registration.objects.get()
    assert (registration.user, registration.organisation, registration.status) == (
        admin,
        school,
        "confirmed",
    )
    assert mail.outbox[-1].to == [admin.email]
    page.goto(f"{live_server.url}/trainings/mine/")
    expect(page.get_by_role("link", name="Assemblée générale de Karib Horizon")).to_be_visible()
    checks.accessible()
