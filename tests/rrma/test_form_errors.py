"""Forms in error follow the State design systems' pattern on every page: a summary at the top
linking to each field, "Erreur :" before the title, each message tied to its field; and a
record holding a value saved before today's checks says so, instead of failing silently."""

import lxml.html
import pytest
from django.urls import reverse

from members.models import ContactPerson, Organisation
from tests.members.factories import OrganisationFactory, member_of
from tests.pages import changed, form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def organisation(territories):
    return OrganisationFactory(name="Eau Partage Antilles", phone="+590590831020")


@pytest.fixture
def editor(client, organisation):
    user = member_of(organisation, role="editor")
    client.force_login(user)
    return user


def edit_url(organisation):
    return reverse("members:organisation_edit", args=[organisation.slug])


def test_a_failed_submission_leads_with_a_summary_linking_to_each_field(
    client, editor, organisation
):
    url = edit_url(organisation)
    data = changed(form_data(client.get(url)), siret="732 829 320 00075", latitude="999")
    response = client.post(url, data)
    page = lxml.html.fromstring(response.content)

    assert response.status_code == 200
    assert page.findtext(".//title").startswith("Erreur\u00a0: ")
    summary = page.cssselect(".error-summary")[0]
    assert summary.get("role") == "alert"
    assert summary.get("tabindex") == "-1"
    links = {a.get("href"): a.text_content() for a in summary.cssselect("a")}
    assert "#id_siret" in links
    assert "#id_latitude" in links
    assert "numéro SIRET valide" in links["#id_siret"]
    siret = page.get_element_by_id("id_siret")
    assert siret.get("aria-invalid") == "true"
    assert "id_siret_error" in siret.get("aria-describedby").split()
    assert "numéro SIRET valide" in page.get_element_by_id("id_siret_error").text_content()
    assert "field-error" in siret.getparent().get("class")
    organisation.refresh_from_db()
    assert organisation.siret == ""


def test_a_choice_list_in_error_is_a_fieldset_the_summary_links_to(client, editor, organisation):
    url = edit_url(organisation)
    response = client.post(url, changed(form_data(client.get(url)), themes=None))
    page = lxml.html.fromstring(response.content)
    fieldset = page.get_element_by_id("id_themes")
    assert fieldset.tag == "fieldset"
    assert "id_themes_error" in fieldset.get("aria-describedby")
    assert page.cssselect('.error-summary a[href="#id_themes"]')


def test_pages_without_errors_have_no_summary_nor_error_title(client, editor, organisation):
    response = client.get(edit_url(organisation))
    page = lxml.html.fromstring(response.content)
    assert not page.cssselect(".error-summary")
    assert not page.findtext(".//title").startswith("Erreur")


def test_checkbox_help_texts_are_shown_and_described(client, editor, organisation):
    response = client.get(reverse("projects:project_create"))
    page = lxml.html.fromstring(response.content)
    box = page.get_element_by_id("id_amounts_public")
    assert "id_amounts_public_helptext" in box.get("aria-describedby")
    assert (
        "sans les montants" in page.get_element_by_id("id_amounts_public_helptext").text_content()
    )


def test_formset_rows_in_error_are_named_in_the_summary(client, editor, organisation):
    url = edit_url(organisation)
    data = changed(form_data(client.get(url)), contacts__0__email="pas-une-adresse")
    response = client.post(url, data)
    summary = lxml.html.fromstring(response.content).cssselect(".error-summary")[0]
    link = summary.cssselect('a[href="#id_contacts-0-email"]')[0]
    assert link.text_content().startswith("Personne à contacter 1 — Adresse électronique")


def test_the_census_filter_says_what_is_wrong_with_a_value(client, territories):
    from tests.members import factories

    client.force_login(factories.state_services())
    response = client.get(reverse("census"), {"confirmed_before": "pas-une-date"})
    page = lxml.html.fromstring(response.content)
    assert response.status_code == 200
    assert (
        "Saisissez une date valide"
        in page.get_element_by_id("id_confirmed_before_error").text_content()
    )
    assert page.cssselect('.error-summary a[href="#id_confirmed_before"]')


@pytest.fixture
def stale_phone(organisation):
    """A number saved before the validator existed (an unassigned block of the plan)."""
    Organisation.objects.filter(pk=organisation.pk).update(phone="+590590711234")
    organisation.refresh_from_db()
    return organisation


def test_opening_a_record_with_an_outdated_value_lists_it_first(client, editor, stale_phone):
    response = client.get(edit_url(stale_phone))
    page = lxml.html.fromstring(response.content)
    panel = page.get_element_by_id("stored-problems-title").getparent()
    assert "Valeurs enregistrées auparavant à corriger" in panel.text_content()
    assert panel.cssselect('a[href="#id_phone"]')
    assert not page.cssselect(".error-summary")


def test_saving_without_touching_an_outdated_value_says_the_saved_value_is_the_problem(
    client, editor, stale_phone
):
    url = edit_url(stale_phone)
    data = changed(form_data(client.get(url)), description="Nouvelle description.")
    response = client.post(url, data)
    errors = response.context["form"].errors["phone"]
    assert errors[0].startswith("La valeur enregistrée auparavant ne passe plus les contrôles")
    assert "numéro de téléphone valide" in errors[1]
    data = changed(data, phone="0590 83 10 20")
    assert client.post(url, data).status_code == 302
    stale_phone.refresh_from_db()
    assert (stale_phone.phone, stale_phone.description) == (
        "+590590831020",
        "Nouvelle description.",
    )


def test_an_outdated_contact_phone_is_listed_with_its_row(client, editor, organisation):
    contact = ContactPerson.objects.create(organisation=organisation, name="Sully Zébus")
    ContactPerson.objects.filter(pk=contact.pk).update(phone="+590590711234")
    response = client.get(edit_url(organisation))
    panel = lxml.html.fromstring(response.content).get_element_by_id("stored-problems-title")
    assert "Personne à contacter 1 — Téléphone" in panel.getparent().text_content()
