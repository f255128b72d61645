"""Hostile or broken input in Chromium: a shared link with a year no filter takes, a period in
year 9999, a name pasted with a control character. Each is said next to its field, in the
error pattern of every form, and the page stays usable."""

import re

import pytest
from playwright.sync_api import expect

from members.models import Organisation
from tests.browser.helpers import expect_error_summary, log_in
from tests.members import factories
from tests.members.factories import OrganisationFactory, member_of
from tests.projects.factories import ProjectFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_link_with_a_year_no_filter_takes_shows_the_catalogue_with_the_message(
    live_server, page, checks, territories
):
    ProjectFactory(title="Chantiers de jeunes à la Dominique")

    page.goto(live_server.url + "/projects/?year=32768")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    expect(page.locator("#id_year_error")).to_contain_text(
        "Saisissez une année entre 1900 et 2100."
    )
    expect(page.locator("#id_year")).to_have_attribute("aria-invalid", "true")
    expect_error_summary(page, checks)
    expect(page.get_by_text("Chantiers de jeunes à la Dominique")).to_be_visible()

    # Corrected, the list follows (htmx, which puts the filters in the address); the address,
    # opened again, shows no error.
    page.locator("#id_year").fill("2025")
    page.get_by_role("button", name="Filtrer").click()
    expect(page).to_have_url(re.compile(r"year=2025"))
    expect(page.get_by_text("Chantiers de jeunes à la Dominique")).to_be_visible()
    page.reload()
    expect(page.locator("#id_year_error")).to_have_count(0)
    checks.accessible()


def test_a_coordinator_asking_for_statistics_of_year_9999_is_told_the_range(
    live_server, page, checks, territories
):
    coordinator = factories.coordinator(territories["guadeloupe"])
    log_in(page, live_server, coordinator, totp=True)

    page.goto(live_server.url + "/census/statistics/")
    page.locator("#id_start").fill("9999-01-01")
    page.locator("#id_end").fill("9999-12-31")
    page.get_by_role("button", name="Afficher").click()

    expect(page.locator("#id_start_error")).to_contain_text(
        "Saisissez une date entre le 01/01/1900 et le 31/12/2100."
    )
    expect(page.locator("#id_end_error")).to_contain_text("entre le 01/01/1900 et le 31/12/2100")
    expect_error_summary(page, checks)
    # The charts of the default period are still there, and their file downloads.
    expect(page.locator("svg[role=img]").first).to_be_visible()
    with page.expect_download() as download:
        page.get_by_role("link", name=re.compile("Télécharger les chiffres")).click()
    assert download.value.suggested_filename.startswith("statistiques-rrma-")


def test_a_name_pasted_with_a_control_character_is_refused_next_to_it(
    live_server, page, checks, territories
):
    organisation = OrganisationFactory(name="Réseau Santé Caraïbe")
    editor = member_of(organisation, role="editor")
    log_in(page, live_server, editor)

    page.goto(f"{live_server.url}/organisations/{organisation.slug}/edit/")
    # A vertical tab, as documents pasted from some word processors hold.
    page.locator("#id_name").fill("Réseau Santé\x0bCaraïbe")
    page.get_by_role("button", name="Enregistrer", exact=True).click()

    expect_error_summary(page, checks)
    expect(page.locator("#id_name_error")).to_contain_text(
        "Ce champ contient des caractères invisibles ou invalides"
    )
    expect(page.locator('.error-summary a[href="#id_name"]')).to_be_visible()
    assert Organisation.objects.get(pk=organisation.pk).name == "Réseau Santé Caraïbe"

    page.locator("#id_name").fill("Réseau Santé Caraïbe Antilles")
    page.get_by_role("button", name="Enregistrer", exact=True).click()
    expect(page.get_by_text("La fiche a été mise à jour.")).to_be_visible()
    assert Organisation.objects.get(pk=organisation.pk).name == "Réseau Santé Caraïbe Antilles"
