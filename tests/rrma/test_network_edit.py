"""A network's page as its coordinators edit it: its name, lead body, presentation, logo,
founding documents (PDF, checked by content) and links; every change in its history; nobody
else edits it."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from members.models import Territory
from tests.calls.factories import MINIMAL_PDF
from tests.members import factories
from tests.members.image_files import png

pytestmark = pytest.mark.django_db

EDIT = reverse("network_edit", args=["guadeloupe"])
PAGE = reverse("network", args=["guadeloupe"])


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def form(**values):
    return {
        "network_name": "Karib Horizon",
        "lead_body": "CO.RE.CA",
        "presentation": "Le réseau des acteurs guadeloupéens de la coopération.",
        "contact_email": "contact@karib-horizon.example",
        "website": "https://karib-horizon.example",
        **values,
    }


def test_a_coordinator_edits_the_network_page_and_visitors_read_it(client, guadeloupe):
    coordinator = factories.coordinator(guadeloupe)
    client.force_login(coordinator)
    charter = SimpleUploadedFile("charte.pdf", MINIMAL_PDF, content_type="application/pdf")

    response = client.post(
        EDIT,
        form(
            facebook="https://facebook.com/karibhorizon",
            charter=charter,
            logo=SimpleUploadedFile("logo.png", png(), content_type="image/png"),
        ),
    )

    assert response.status_code == 302
    assert response["Location"] == PAGE
    territory = Territory.objects.get(slug="guadeloupe")
    assert (territory.network_name, territory.lead_body) == ("Karib Horizon", "CO.RE.CA")
    assert territory.charter.name.startswith("networks/")
    assert not territory.charter.name.endswith("charte.pdf")
    client.logout()
    text = client.get(PAGE).text
    assert "Karib Horizon" in text
    assert "Le réseau des acteurs guadeloupéens" in text
    assert territory.charter.url in text
    assert territory.logo.url in text
    assert 'href="https://facebook.com/karibhorizon"' in text
    record = territory.history.latest("history_date")
    assert (record.history_user, record.network_name) == (coordinator, "Karib Horizon")


def test_a_document_that_is_not_a_pdf_is_refused_next_to_its_field(client, guadeloupe):
    client.force_login(factories.coordinator(guadeloupe))
    fake = SimpleUploadedFile("statuts.pdf", png(), content_type="application/pdf")

    response = client.post(EDIT, form(statutes=fake))

    assert response.status_code == 200
    assert "n’est pas un document PDF" in str(response.context["form"].errors["statutes"])
    assert Territory.objects.get(slug="guadeloupe").network_name == ""


def test_a_bad_address_is_refused_and_nothing_is_saved(client, guadeloupe):
    client.force_login(factories.coordinator(guadeloupe))

    response = client.post(EDIT, form(website="pas une adresse"))

    assert response.status_code == 200
    assert "website" in response.context["form"].errors
    assert Territory.objects.get(slug="guadeloupe").lead_body == ""


def test_the_other_territory_s_coordinator_and_state_services_may_not_edit(client, territories):
    for person in (
        factories.coordinator(territories["martinique"]),
        factories.state_services(),
        factories.UserFactory(),
    ):
        client.force_login(person)
        assert client.post(EDIT, form()).status_code == 403
    assert Territory.objects.get(slug="guadeloupe").network_name == ""


def test_only_those_who_edit_it_see_the_edit_link(client, territories):
    link = f'href="{EDIT}"'
    assert link not in client.get(PAGE).text
    client.force_login(factories.coordinator(territories["martinique"]))
    assert link not in client.get(PAGE).text
    client.force_login(factories.coordinator(territories["guadeloupe"]))
    assert link in client.get(PAGE).text
