import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from background.enums import EmailStatus
from background.models import OutgoingEmail
from members.models import ContactPerson, Membership, Organisation
from tests.conftest import run_worker
from tests.members.factories import OrganisationFactory, UserFactory, coordinator, state_services

pytestmark = pytest.mark.django_db

URL = reverse("members:organisation_register")
VALID_SIRET = "73282932000074"  # a real SIRET with a valid checksum


def form_data(**overrides):
    data = {
        "name": "Association Caraïbe Avenir",
        "acronym": "ACA",
        "kind": "association",
        "siret": "",
        "rna": "W9G2001234",
        "commune": "97120",
        "short_description": "Échanges de jeunes avec la Dominique.",
        "themes": ["youth-mobility"],
        "countries": ["DM"],
        "languages": ["fr", "en"],
        "sdgs": ["4"],
        "phone": "0590 12 34 56",
        "contact_name": "Rose Bellance",
        "contact_role": "Présidente",
        "contact_phone": "0690 12 34 56",
    }
    data.update(overrides)
    return data


@pytest.fixture
def applicant(client, territories):
    user = UserFactory(email="rose@example.org")
    client.force_login(user)
    return user


def test_a_member_registers_an_organisation_that_stays_pending_and_becomes_its_admin(
    client, applicant, guadeloupe, django_capture_on_commit_callbacks
):
    gp_coordinator = coordinator(guadeloupe, language="en")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(URL, form_data())
    organisation = Organisation.objects.get(name="Association Caraïbe Avenir")
    assert response.status_code == 302
    assert response["Location"] == organisation.get_absolute_url()
    assert organisation.status == Organisation.Status.PENDING
    assert organisation.territory == guadeloupe
    assert organisation.phone == "+590590123456"
    membership = Membership.objects.get(organisation=organisation)
    assert (membership.user, membership.role) == (applicant, "admin")
    contact = ContactPerson.objects.get(organisation=organisation)
    assert (contact.name, contact.email, contact.is_public) == (
        "Rose Bellance",
        applicant.email,
        False,
    )
    assert [m.to for m in mail.outbox] == [[gp_coordinator.email]]
    assert "Organisation to validate" in mail.outbox[0].subject  # the coordinator's language
    assert f"/organisations/{organisation.slug}/moderate/" in mail.outbox[0].body


def test_the_coordinators_of_the_other_territory_are_not_told(
    client, applicant, martinique, django_capture_on_commit_callbacks
):
    coordinator(martinique)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(URL, form_data())
    assert mail.outbox == []


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("siret", "73282932000075", "Saisissez un numéro SIRET valide"),
        ("rna", "X123", "Saisissez un numéro RNA"),
        ("phone", "0590 12", "Saisissez un numéro de téléphone valide"),
        ("contact_phone", "12", "Saisissez un numéro de téléphone valide"),
        ("themes", [], "Ce champ est obligatoire"),
        ("short_description", "x" * 281, "280 caractères"),
    ],
)
def test_bad_input_gets_a_translated_message_at_its_field_and_nothing_is_saved(
    client, applicant, field, value, message
):
    response = client.post(URL, form_data(**{field: value}))
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert field in errors
    assert message in " ".join(errors[field])
    assert not Organisation.objects.exists()
    assert not Membership.objects.exists()
    assert not ContactPerson.objects.exists()


def test_only_associations_have_an_rna_number(client, applicant):
    response = client.post(URL, form_data(kind="company"))
    assert "rna" in response.context["form"].errors
    assert not Organisation.objects.exists()


def test_the_same_siret_cannot_be_registered_twice(client, applicant):
    existing = OrganisationFactory(name="Déjà là", siret=VALID_SIRET)
    response = client.post(
        URL, form_data(name="Autre nom", rna="", kind="company", siret="732 829 320 00074")
    )
    assert response.status_code == 200
    assert "siret" in response.context["form"].errors
    assert existing.get_absolute_url() in response.text
    assert Organisation.objects.count() == 1


def test_the_same_rna_cannot_be_registered_twice(client, applicant):
    OrganisationFactory(name="Déjà là", rna="W9G2001234")
    response = client.post(URL, form_data(name="Autre nom"))
    assert "rna" in response.context["form"].errors
    assert Organisation.objects.count() == 1


def test_a_very_similar_name_in_the_territory_asks_for_confirmation_first(
    client, applicant, guadeloupe
):
    similar = OrganisationFactory(name="Association Caraibe Avenir", territory=guadeloupe)
    response = client.post(URL, form_data())
    assert response.status_code == 200
    assert response.context["duplicates"].similar_name == [similar]
    assert reverse("members:organisation_join", args=[similar.slug]) in response.text
    assert Organisation.objects.count() == 1
    response = client.post(URL, form_data(confirm_not_duplicate="on"))
    assert response.status_code == 302
    assert Organisation.objects.count() == 2


def test_a_similar_name_in_the_other_territory_is_not_a_duplicate(client, applicant, martinique):
    OrganisationFactory(name="Association Caraibe Avenir", territory=martinique)
    assert client.post(URL, form_data()).status_code == 302


def test_a_failing_mail_server_never_loses_a_registration_nor_its_email(
    client, applicant, guadeloupe, monkeypatch, database_tasks
):
    coordinator(guadeloupe)

    def broken(*args, **kwargs):
        raise ConnectionRefusedError("mail server down")

    monkeypatch.setattr("django.core.mail.EmailMessage.send", broken)
    response = client.post(URL, form_data())
    assert response.status_code == 302
    assert Organisation.objects.filter(status="pending").count() == 1
    run_worker()
    email = OutgoingEmail.objects.get(purpose="members/email/organisation_pending")
    assert (email.status, email.attempts) == (EmailStatus.PENDING, 1)
    assert "mail server down" in email.last_error
    assert email.next_attempt_at > timezone.now()


def test_a_pending_organisation_is_invisible_to_the_public(client, applicant):
    client.post(URL, form_data())
    organisation = Organisation.objects.get()
    assert client.get(organisation.get_absolute_url()).status_code == 200  # its admin sees it
    client.logout()
    assert client.get(organisation.get_absolute_url()).status_code == 404
    assert organisation.name not in client.get(reverse("members:directory")).text


def test_state_services_cannot_register_an_organisation(client, territories):
    client.force_login(state_services())
    assert client.post(URL, form_data()).status_code == 403
    assert not Organisation.objects.exists()
