"""Data quality of the census: identifiers, positions, postal codes, territories, resubmission,
and how places and countries are shown and listed."""

from decimal import Decimal

import lxml.html
import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import translation

from members.forms import OrganisationForm
from members.models import Commune, Organisation
from members.services import organisation_refuse, organisation_resubmit
from members.validators import validate_rna, validate_siren, validate_siret
from tests.members.factories import OrganisationFactory, coordinator, member_of
from tests.pages import changed, form_data
from toolbox.text import normalize_text

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("validator", "value"),
    [
        (validate_siret, "00000000000000"),
        (validate_siret, "000 000 000 00018"),  # a valid-looking NIC on a SIREN of zeros
        (validate_siren, "000000000"),
        (validate_rna, "W000000000"),
    ],
)
def test_identifiers_made_of_zeros_are_refused(validator, value):
    with pytest.raises(ValidationError):
        validator(value)


@pytest.fixture
def organisation(territories):
    return OrganisationFactory(name="Eau Partage Antilles", commune=Commune.objects.get(pk="97120"))


@pytest.fixture
def editor(client, organisation):
    user = member_of(organisation, role="editor")
    client.force_login(user)
    return user


def post_edit(client, organisation, **values):
    url = reverse("members:organisation_edit", args=[organisation.slug])
    return client.post(url, changed(form_data(client.get(url)), **values))


@pytest.mark.parametrize(
    ("latitude", "longitude"),
    [
        ("999", "-500"),  # not on Earth
        ("14.6037", "-61.0742"),  # Fort-de-France: Martinique, not Guadeloupe
        ("16.2411", ""),  # half a position
    ],
)
def test_a_position_outside_the_territory_is_refused_at_its_field(
    client, editor, organisation, latitude, longitude
):
    response = post_edit(client, organisation, latitude=latitude, longitude=longitude)
    assert response.status_code == 200
    assert set(response.context["form"].errors) & {"latitude", "longitude"}
    organisation.refresh_from_db()
    assert organisation.latitude is None


def test_a_position_inside_the_territory_is_saved(client, editor, organisation):
    response = post_edit(client, organisation, latitude="16.24125", longitude="-61.53254")
    assert response.status_code == 302
    organisation.refresh_from_db()
    assert organisation.position == (16.24125, -61.53254)


def test_the_database_refuses_a_position_off_the_globe(organisation):
    organisation.latitude, organisation.longitude = Decimal("999"), Decimal("-500")
    with pytest.raises(IntegrityError), transaction.atomic():
        organisation.save()


def test_the_postal_code_comes_from_a_commune_with_only_one(territories):
    form = OrganisationForm(
        data={
            "name": "Ateliers du Bèlè",
            "kind": "association",
            "commune": "97128",  # Sainte-Anne (Guadeloupe), 97180
            "short_description": "Musiques à tambour.",
            "themes": ["culture-heritage"],
        }
    )
    assert form.is_valid(), form.errors
    assert form.cleaned_data["postal_code"] == "97180"


def test_a_postal_code_of_another_commune_is_refused(client, editor, organisation):
    response = post_edit(client, organisation, postal_code="97180")  # Sainte-Anne's
    assert "97110" in response.context["form"].errors["postal_code"][0]


def test_the_record_shows_the_postal_code_with_the_address_not_the_insee_code(client, organisation):
    Organisation.objects.filter(pk=organisation.pk).update(
        address="12 rue Frébault", postal_code="97120", commune="97101"
    )
    response = client.get(organisation.get_absolute_url())
    assert "12 rue Frébault, 97120 Les Abymes" in response.text
    assert "(97101)" not in response.text


def test_moving_an_active_record_to_the_other_territory_sends_it_back_to_moderation(
    client, editor, organisation, territories, django_capture_on_commit_callbacks
):
    martinique = coordinator(territories["martinique"])
    guadeloupe = coordinator(territories["guadeloupe"])
    with django_capture_on_commit_callbacks(execute=True):
        response = post_edit(client, organisation, commune="97209", postal_code="")
    assert response.status_code == 302
    organisation.refresh_from_db()
    assert (organisation.territory.slug, organisation.status) == ("martinique", "pending")
    assert [m.to for m in mail.outbox] == [[martinique.email]]
    assert guadeloupe.email not in mail.outbox[0].to
    history = organisation.history.first()
    assert history.history_change_reason == "moved"


def test_a_coordinator_of_both_territories_moves_a_record_without_moderation(
    client, organisation, territories
):
    both = coordinator(territories["guadeloupe"])
    from members.models import RoleGrant

    RoleGrant.objects.create(user=both, role="coordinator", territory=territories["martinique"])
    client.force_login(both)
    assert post_edit(client, organisation, commune="97209", postal_code="").status_code == 302
    organisation.refresh_from_db()
    assert (organisation.territory.slug, organisation.status) == ("martinique", "active")


@pytest.fixture
def refused(organisation, territories):
    organisation_refuse(
        organisation=organisation,
        by=coordinator(territories["guadeloupe"]),
        reason="Aucune action de coopération décrite.",
    )
    return organisation


def test_a_refusal_does_not_record_the_refuser_as_validator(refused):
    refused.refresh_from_db()
    assert refused.validated_by is None
    assert refused.history.first().history_change_reason == "refused"


def test_the_admin_of_a_refused_record_corrects_and_resubmits_it(
    client, refused, territories, django_capture_on_commit_callbacks
):
    admin = member_of(refused, role="admin")
    client.force_login(admin)
    page = client.get(refused.get_absolute_url())
    assert "Soumettre de nouveau à validation" in page.text
    assert "Aucune action de coopération décrite." in page.text
    coordinators = coordinator(territories["guadeloupe"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("members:organisation_resubmit", args=[refused.slug]))
    assert response.status_code == 302
    refused.refresh_from_db()
    assert refused.status == "pending"
    told = {address for message in mail.outbox for address in message.to}
    assert coordinators.email in told
    assert admin.email not in told
    reasons = list(refused.history.values_list("history_change_reason", flat=True)[:2])
    assert reasons == ["resubmitted", "refused"]


def test_only_a_refused_record_is_resubmitted(organisation):
    with pytest.raises(ValueError, match="refused"):
        organisation_resubmit(organisation=organisation, by=member_of(organisation, "admin"))


def options(response, select_id):
    select = lxml.html.fromstring(response.content).get_element_by_id(select_id)
    return [
        (group.get("label"), [o.text.rsplit(" (", 1)[0] for o in group.findall("option")])
        for group in select.findall("optgroup")
    ]


@pytest.mark.parametrize("url_name", ["members:directory", "census"])
def test_the_directory_and_census_list_communes_by_territory(client, organisation, url_name):
    from tests.members.factories import state_services

    client.force_login(state_services())
    response = client.get(reverse(url_name))
    groups = dict(options(response, "id_commune"))
    assert set(groups) == {"Guadeloupe", "Martinique"}
    assert "Sainte-Anne" in groups["Guadeloupe"]
    assert "Sainte-Anne" in groups["Martinique"]
    assert (len(groups["Guadeloupe"]), len(groups["Martinique"])) == (32, 34)


@pytest.mark.parametrize(
    ("language", "first"), [("fr", ["Anguilla", "Antigua-et-Barbuda"]), ("en", ["Anguilla"])]
)
def test_country_lists_follow_the_alphabet_of_the_language(territories, language, first):
    with translation.override(language):
        labels = [str(label) for _value, label in OrganisationForm().fields["countries"].choices]
    assert labels[: len(first)] == first
    assert labels == sorted(labels, key=normalize_text)
    if language == "fr":
        assert labels.index("Haïti") < labels.index("Jamaïque")


def test_the_registration_page_lists_countries_alphabetically(client, territories):
    from tests.members.factories import UserFactory

    client.force_login(UserFactory())
    page = lxml.html.fromstring(client.get(reverse("members:organisation_register")).content)
    fieldset = page.get_element_by_id("id_countries")
    labels = [label.text_content() for label in fieldset.cssselect("label")]
    assert labels == sorted(labels, key=normalize_text)
    assert labels.index("Dominique") < labels.index("Haïti")


def test_the_projects_catalogue_lists_countries_alphabetically(client, territories):
    page = lxml.html.fromstring(client.get(reverse("projects:catalogue")).content)
    labels = [o.text for o in page.get_element_by_id("id_country").findall("option")][1:]
    assert labels == sorted(labels, key=normalize_text)
    assert labels.index("Cuba") < labels.index("Dominique")


def test_a_position_is_typed_with_the_decimal_comma_of_french_and_shown_so(
    client, editor, organisation
):
    response = post_edit(client, organisation, latitude="16,24125", longitude="-61,53254")
    assert response.status_code == 302
    organisation.refresh_from_db()
    assert organisation.position == (16.24125, -61.53254)
    url = reverse("members:organisation_edit", args=[organisation.slug])
    assert form_data(client.get(url))["latitude"] == ["16,24125"]
    assert client.post(url, form_data(client.get(url))).status_code == 302
