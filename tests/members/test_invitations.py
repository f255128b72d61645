"""Invitations and what people type: bad input is said next to the field, never a 500."""

import pytest
from django.urls import reverse

from members.models import Invitation
from tests.members.factories import OrganisationFactory, member_of

pytestmark = pytest.mark.django_db


def test_an_address_longer_than_the_stored_one_is_refused_next_to_its_field(client, territories):
    organisation = OrganisationFactory()
    client.force_login(member_of(organisation, role="admin"))
    # A valid address (a form's EmailField accepts up to 320 characters), too long to store:
    # it was a database error on PostgreSQL.
    address = "a" * 240 + "@" + "b" * 60 + ".example.org"
    response = client.post(
        reverse("members:organisation_invite", args=[organisation.slug]),
        {"email": address, "role": "editor"},
    )
    assert response.status_code == 200
    assert "au plus 254 caractères" in str(response.context["invite_form"].errors["email"])
    assert not Invitation.objects.exists()
