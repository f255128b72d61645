from pathlib import Path

import pytest
from django.core import mail
from playwright.sync_api import expect

from tests.browser.helpers import log_in, log_out
from tests.members import factories
from tests.members.factories import OrganisationFactory, member_of
from tests.trainings.factories import SessionFactory, TrainingFactory
from trainings.models import Registration

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_training_is_published_filled_and_its_waiting_list_promoted(
    live_server, page, checks, territories
):
    training = TrainingFactory(title="Monter un dossier Interreg", status="draft")
    session = SessionFactory(training=training, capacity=1)
    coordinator = factories.coordinator(territories["guadeloupe"])
    organisation = OrganisationFactory(name="Jeunesse Karukera")
    first, second = member_of(organisation), member_of(organisation)

    log_in(page, live_server, coordinator, totp=True)
    page.goto(live_server.url + training.get_absolute_url())
    checks.accessible()
    page.get_by_role("button", name="Publier").click()
    expect(page.get_by_text("Annuler la formation", exact=True)).to_be_visible()
    checks.accessible()
    log_out(page)

    log_in(page, live_server, first)
    page.goto(live_server.url + "/trainings/")
    checks.accessible()
    page.get_by_role("link", name="Monter un dossier Interreg").click()
    page.get_by_role("button", name="S’inscrire").click()
    expect(page.get_by_text("Votre inscription\u00a0: Confirmée")).to_be_visible()
    checks.accessible()
    assert mail.outbox[-1].to == [first.email]
    assert mail.outbox[-1].attachments[0][2] == "text/calendar"
    with page.expect_download() as download:
        page.get_by_role("link", name="Ajouter à mon agenda (.ics)").click()
    assert "BEGIN:VCALENDAR" in Path(download.value.path()).read_text()
    log_out(page)

    log_in(page, live_server, second)
    page.goto(live_server.url + training.get_absolute_url())
    page.get_by_role("button", name="Rejoindre la liste d’attente").click()
    expect(page.get_by_text("Votre inscription\u00a0: Sur liste d’attente")).to_be_visible()
    checks.accessible()
    log_out(page)

    log_in(page, live_server, first)
    page.goto(live_server.url + "/trainings/mine/")
    checks.accessible()
    page.get_by_text("Annuler mon inscription", exact=True).click()
    page.get_by_role("button", name="Oui, annuler mon inscription").click()
    expect(page.get_by_text("L’inscription est annulée.")).to_be_visible()
    checks.accessible()
    assert Registration.objects.get(session=session, user=second).status == "confirmed"
    assert mail.outbox[-1].to == [second.email]
