"""The organisation forms in Chromium, filled as a person fills them: registration with only
the required fields (the optional rows left untouched), the record saved unchanged, then
changed (a contact person added), the error pattern of a refused submission, and a move to
the other territory."""

import re

import pytest
from playwright.sync_api import expect

from members.demo import DEMO_PASSWORD
from members.models import Commune, ContactPerson, Membership, Organisation, User
from tests.browser.helpers import log_in
from tests.members import factories
from tests.members.factories import OrganisationFactory, member_of

pytestmark = pytest.mark.django_db(transaction=True)

UPDATED = "La fiche a été mise à jour."


def open_edit_page(page, live_server, organisation, checks):
    """From the record, the way its editors go: the "Modifier la fiche" button."""
    page.goto(f"{live_server.url}/organisations/{organisation.slug}/")
    checks.accessible()
    page.get_by_role("link", name="Modifier la fiche").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Modifier {organisation.name}")
    expect(page.locator(".error-summary")).to_have_count(0)
    checks.accessible()


def save(page):
    page.get_by_role("button", name="Enregistrer", exact=True).click()


def an_organisation_with_a_contact(**kwargs):
    """An active record as people leave it: identifiers, address, links, one contact person."""
    organisation = OrganisationFactory(
        acronym="ASC",
        siret="73282932000074",
        rna="W9G1002345",
        year_founded=2004,
        address="12 rue Frébault",
        postal_code="97139",
        description="Missions de santé communautaire en Haïti depuis 2004.",
        email="contact@asc.example",
        phone="+590590123456",
        website="https://asc.example",
        **kwargs,
    )
    ContactPerson.objects.create(
        organisation=organisation,
        name="Marie-Line Jean-Baptiste",
        role="Présidente",
        email="marie-line@asc.example",
        phone="+590690123456",
    )
    return organisation


def test_a_member_registers_an_organisation_with_only_the_required_fields(
    live_server, page, checks, territories
):
    applicant = factories.UserFactory(email="gerty@example.org")

    log_in(page, live_server, applicant)
    page.goto(live_server.url + "/organisations/register/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    checks.accessible()
    page.locator("#id_name").fill("Les Ailes du Gosier")
    page.locator("#id_kind").select_option(label="Association")
    page.locator("#id_commune").select_option(label="Le Gosier")
    page.locator("#id_short_description").fill("Échanges sportifs de jeunes avec Sainte-Lucie.")
    page.get_by_label("Sport", exact=True).check()
    page.locator("#id_contact_name").fill("Gerty Ramassamy")
    page.get_by_role("button", name="Inscrire la structure").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Les Ailes du Gosier")
    expect(page.get_by_text("En attente de validation")).to_be_visible()
    checks.accessible()
    organisation = Organisation.objects.get()
    assert organisation.status == "pending"
    assert organisation.territory.slug == "guadeloupe"
    assert organisation.commune.name == "Le Gosier"
    assert organisation.postal_code == "97190"  # the commune's only one
    assert list(organisation.themes.values_list("code", flat=True)) == ["sport"]
    assert not organisation.countries.exists()
    assert (organisation.siret, organisation.rna, organisation.phone) == ("", "", "")
    contact = organisation.contacts.get()
    assert (contact.name, contact.email, contact.is_public) == (
        "Gerty Ramassamy",
        "gerty@example.org",
        False,
    )
    assert Membership.objects.get(organisation=organisation).user == applicant


def test_an_editor_saves_an_existing_organisation_unchanged_then_adds_a_contact_person(
    live_server, page, checks, territories
):
    organisation = an_organisation_with_a_contact()
    editor = member_of(organisation, role="editor")
    fields = ["name", "siret", "rna", "phone", "postal_code", "status", "territory_id"]
    before = Organisation.objects.values(*fields).get()

    log_in(page, live_server, editor)
    open_edit_page(page, live_server, organisation, checks)
    save(page)
    expect(page.get_by_text(UPDATED)).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text(str(organisation))
    checks.accessible()
    assert Organisation.objects.values(*fields).get() == before
    assert organisation.contacts.count() == 1
    assert list(organisation.themes.values_list("code", flat=True)) == ["health"]
    assert list(organisation.countries.values_list("code", flat=True)) == ["HT"]

    open_edit_page(page, live_server, organisation, checks)
    expect(page.locator("#id_contacts-0-name")).to_have_value("Marie-Line Jean-Baptiste")
    expect(page.locator("#id_contacts-1-name")).to_have_value("")
    page.locator("#id_description").fill("Santé communautaire et formation de soignants.")
    page.locator("#id_contacts-1-name").fill("Jocelyn Bernier")
    page.locator("#id_contacts-1-role").fill("Trésorier")
    page.locator("#id_contacts-1-email").fill("jocelyn@asc.example")
    save(page)
    expect(page.get_by_text(UPDATED)).to_be_visible()
    checks.accessible()
    organisation.refresh_from_db()
    assert organisation.description == "Santé communautaire et formation de soignants."
    assert organisation.status == "active"
    assert list(organisation.contacts.values_list("name", "email")) == [
        ("Jocelyn Bernier", "jocelyn@asc.example"),
        ("Marie-Line Jean-Baptiste", "marie-line@asc.example"),
    ]


def test_a_refused_submission_shows_the_error_summary_linked_to_its_fields(
    live_server, page, checks, territories
):
    organisation = OrganisationFactory(name="Réseau Santé Caraïbe")
    editor = member_of(organisation, role="admin")

    log_in(page, live_server, editor)
    open_edit_page(page, live_server, organisation, checks)
    page.locator("#id_siret").fill("732 829 320 00075")  # wrong check digit
    save(page)

    summary = page.locator(".error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_have_attribute("role", "alert")
    expect(page).to_have_title(re.compile(r"^Erreur"))
    expect(summary).to_be_focused()  # once forms.js has run
    assert page.evaluate("document.activeElement.classList.contains('error-summary')")
    checks.accessible()
    error = page.locator("#id_siret_error")
    expect(error).to_contain_text("numéro SIRET valide")
    expect(page.locator("#id_siret")).to_have_attribute(
        "aria-describedby", re.compile(r"\bid_siret_error\b")
    )
    link = summary.locator('a[href="#id_siret"]')
    expect(link).to_contain_text("numéro SIRET valide")
    link.click()
    expect(page.locator("#id_siret")).to_be_focused()
    organisation.refresh_from_db()
    assert organisation.siret == ""

    # A position off the globe, said next to the latitude.
    page.locator("#id_siret").fill("")
    page.locator("#id_latitude").fill("999")
    page.locator("#id_longitude").fill("-61.5")
    save(page)
    expect(page).to_have_title(re.compile(r"^Erreur"))
    expect(page.locator("#id_latitude_error")).to_contain_text("inférieure ou égale à 90")
    expect(page.locator("#id_siret_error")).to_have_count(0)
    expect(page.locator('.error-summary a[href="#id_latitude"]').first).to_be_visible()
    checks.accessible()
    organisation.refresh_from_db()
    assert (organisation.latitude, organisation.longitude) == (None, None)


def test_an_editor_who_moves_an_active_organisation_to_martinique_sends_it_to_moderation(
    live_server, page, checks, territories
):
    organisation = OrganisationFactory(name="Karaïb Santé")
    assert organisation.status == "active"
    assert organisation.territory.slug == "guadeloupe"
    editor = member_of(organisation, role="admin")
    lamentin = Commune.objects.get(territory__slug="martinique", name="Le Lamentin")

    log_in(page, live_server, editor)
    open_edit_page(page, live_server, organisation, checks)
    option = page.locator("#id_commune optgroup[label='Martinique'] option", has_text="Le Lamentin")
    expect(option).to_have_attribute("value", str(lamentin.pk))
    page.locator("#id_commune").select_option(label="Le Lamentin")
    save(page)

    expect(page.get_by_text(UPDATED)).to_be_visible()
    expect(
        page.get_by_text(
            "La structure relève désormais de la Martinique\u00a0: elle attend la validation "
            "de la coordination de ce réseau"
        )
    ).to_be_visible()
    checks.accessible()
    organisation.refresh_from_db()
    assert organisation.status == "pending"
    assert organisation.territory.slug == "martinique"
    assert organisation.commune == lamentin
    assert organisation.postal_code == "97232"


def test_the_demo_organisation_admin_saves_each_of_their_records_unchanged(
    live_server, page, checks, demo
):
    admin = User.objects.get(email="admin.asso@rrma.example")
    organisations = list(Organisation.objects.filter(memberships__user=admin).order_by("name"))
    assert organisations
    fields = ["name", "siret", "rna", "phone", "postal_code", "status", "territory_id", "logo"]
    before = {
        o.pk: (Organisation.objects.values(*fields).get(pk=o.pk), o.contacts.count())
        for o in organisations
    }

    log_in(page, live_server, admin, password=DEMO_PASSWORD)
    for organisation in organisations:
        open_edit_page(page, live_server, organisation, checks)
        save(page)
        expect(page.get_by_text(UPDATED)).to_be_visible()
        checks.accessible()
        after = Organisation.objects.values(*fields).get(pk=organisation.pk)
        assert (after, organisation.contacts.count()) == before[organisation.pk]
