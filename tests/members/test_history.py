"""The history of a record reads as sentences: translated reasons, who decided, local times,
and the changes to its contact persons."""

from datetime import UTC, datetime

import lxml.html
import pytest
from django.urls import reverse

from members.models import ContactPerson
from members.services import organisation_refuse, organisation_validate
from tests.members.factories import OrganisationFactory, coordinator

pytestmark = pytest.mark.django_db


@pytest.fixture
def moderator(client, guadeloupe):
    user = coordinator(guadeloupe, first_name="Maryse", last_name="Lollia")
    client.force_login(user)
    return user


def history(client, organisation):
    response = client.get(reverse("members:organisation_history", args=[organisation.slug]))
    assert response.status_code == 200
    rows = lxml.html.fromstring(response.content).cssselect("tbody tr")
    return response, [[cell.text_content().strip() for cell in row.cssselect("td")] for row in rows]


def test_a_refusal_reads_as_a_refusal_with_its_reason(client, moderator, territories):
    organisation = OrganisationFactory(status="pending")
    organisation_refuse(organisation=organisation, by=moderator, reason="Hors champ.")
    response, rows = history(client, organisation)
    _when, who, what = rows[0]
    assert who == "Maryse Lollia"
    assert what.startswith("Refus")
    assert "Hors champ." in what
    assert "Validé par" not in response.text
    assert "(refused)" not in response.text


def test_a_validation_reads_as_a_validation(client, moderator, territories):
    organisation = OrganisationFactory(status="pending")
    organisation_validate(organisation=organisation, by=moderator)
    _response, rows = history(client, organisation)
    assert rows[0][2].startswith("Validation")
    assert "En attente de validation → Active" in rows[0][2]


def test_times_are_the_territorys_local_times(client, moderator, territories):
    organisation = OrganisationFactory()
    organisation.confirmed_at = datetime(2026, 3, 2, 15, 30, tzinfo=UTC)
    organisation.save()
    organisation.history.update(history_date=datetime(2026, 3, 2, 15, 30, tzinfo=UTC))
    organisation.name = "Nouveau nom"
    organisation.confirmed_at = datetime(2026, 4, 1, 2, 0, tzinfo=UTC)
    organisation.save()
    organisation.history.filter(name="Nouveau nom").update(
        history_date=datetime(2026, 4, 1, 2, 0, tzinfo=UTC)
    )
    _response, rows = history(client, organisation)
    assert rows[0][0] == "31/03/2026 22:00 UTC−4"  # 02:00 UTC is 22:00 the day before in Guadeloupe
    assert rows[-1][0] == "02/03/2026 11:30 UTC−4"
    assert "02/03/2026 11:30 → 31/03/2026 22:00" in rows[0][2]


def test_changes_to_contact_persons_are_in_the_history(client, moderator, territories):
    organisation = OrganisationFactory()
    contact = ContactPerson.objects.create(organisation=organisation, name="Nadège Calixte")
    contact.role = "Présidente"
    contact.save()
    contact.delete()
    _response, rows = history(client, organisation)
    contact_rows = [what for _when, _who, what in rows if "Nadège Calixte" in what]
    assert len(contact_rows) == 3
    assert contact_rows[0].startswith("Personne à contacter\u00a0: Nadège Calixte — Suppression")
    assert "Fonction dans la structure\u00a0: — → Présidente" in contact_rows[1]
    assert contact_rows[2].endswith("Ajout")
