"""Records in the reader's language, in Chromium: an organisation's administrator writes a
Spanish summary of the record and an English one of a project, through the real forms; a
partner reading the portal in Spanish gets the Spanish summary (marked lang="es") and, for the
project without one, the French text marked lang="fr"; the three languages pass axe."""

import re

import pytest
from playwright.sync_api import expect

from members.models import Organisation
from projects.models import Project
from tests.browser.helpers import log_in
from tests.members.factories import OrganisationFactory, member_of
from tests.projects.factories import ProjectFactory

pytestmark = pytest.mark.django_db(transaction=True)

SPANISH = "Misiones de salud comunitaria en Haití desde 2004."
ENGLISH = "Youth volunteer work camps between Guadeloupe and Dominica."
FRENCH_PROJECT = "Chantiers de jeunes volontaires entre la Guadeloupe et la Dominique."


def test_summaries_written_in_the_forms_reach_readers_in_their_language(
    live_server, page, checks, territories
):
    organisation = OrganisationFactory(
        name="Action Santé Caraïbe",
        short_description="Missions de santé communautaire en Haïti depuis 2004.",
    )
    project = ProjectFactory(lead=organisation, title="Chantiers de jeunes Guadeloupe–Dominique")
    administrator = member_of(organisation, role="admin")
    log_in(page, live_server, administrator)

    # The record: only the Spanish summary typed, the rest left as it was.
    page.goto(f"{live_server.url}/organisations/{organisation.slug}/edit/")
    spanish = page.get_by_label("Résumé en espagnol")
    expect(spanish).to_have_attribute("lang", "es")
    spanish.fill(SPANISH)
    checks.accessible()
    page.get_by_role("button", name="Enregistrer", exact=True).click()
    expect(page.get_by_text("La fiche a été mise à jour.")).to_be_visible()
    organisation.refresh_from_db()
    assert (organisation.summary_es, organisation.summary_en) == (SPANISH, "")

    # The project: an English summary only.
    page.goto(f"{live_server.url}/projects/{project.slug}/edit/")
    page.get_by_label("Résumé en anglais").fill(ENGLISH)
    page.get_by_role("button", name="Enregistrer le projet").click()
    expect(page.get_by_text("Le projet a été enregistré.")).to_be_visible()
    assert Project.objects.get(pk=project.pk).summary_en == ENGLISH

    # A French reader reads the French texts, unmarked.
    page.goto(f"{live_server.url}/organisations/{organisation.slug}/")
    expect(page.locator("p.lead")).to_have_text(organisation.short_description)
    expect(page.locator("p.lead")).to_have_attribute("lang", "fr")
    checks.accessible()

    # In Spanish: the Spanish summary; the project has none, so its French one, marked.
    page.get_by_role("button", name=re.compile("Español")).click()
    expect(page.locator("html")).to_have_attribute("lang", "es")
    lead = page.locator("p.lead")
    expect(lead).to_have_text(SPANISH)
    expect(lead).to_have_attribute("lang", "es")
    checks.accessible()
    page.goto(f"{live_server.url}/projects/{project.slug}/")
    expect(page.locator("html")).to_have_attribute("lang", "es")
    expect(page.locator("p.lead")).to_have_text(FRENCH_PROJECT)
    expect(page.locator("p.lead")).to_have_attribute("lang", "fr")
    expect(page.get_by_role("heading", level=1)).to_have_attribute("lang", "fr")
    checks.accessible()

    # In English: the project's English summary.
    page.get_by_role("button", name=re.compile("English")).click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("p.lead")).to_have_text(ENGLISH)
    expect(page.locator("p.lead")).to_have_attribute("lang", "en")
    checks.accessible()

    # The directory finds the records that have a Spanish summary.
    page.goto(f"{live_server.url}/directory/?summary=es")
    expect(page.get_by_role("heading", name=re.compile("Action Santé Caraïbe"))).to_be_visible()
    checks.accessible()
    assert Organisation.objects.exclude(summary_es="").count() == 1
