"""Personal-data rights: export everything, delete without leaving a trace."""

import io
import json

import pytest
from django.core import serializers
from django.urls import reverse

from members.models import ContactPerson, JoinRequest, Membership, Organisation, User
from members.personal_data import person_models
from tests.members.factories import PASSWORD, OrganisationFactory, UserFactory, member_of
from tests.projects.factories import ProjectFactory
from tests.trainings.factories import RegistrationFactory

pytestmark = pytest.mark.django_db

PLANTED = {
    "email": "planted.person.zq7@example.org",
    "first_name": "Plantedfirstzq",
    "last_name": "Plantedlastzq",
    "message": "Planted message zq7",
    "phone": "+590690777777",
}


@pytest.fixture
def person(client, territories):
    """Someone present in every kind of record that points to people."""
    user = UserFactory(
        email=PLANTED["email"], first_name=PLANTED["first_name"], last_name=PLANTED["last_name"]
    )
    organisation = OrganisationFactory()
    member_of(organisation, role="admin")  # another admin: no hand-over needed
    Membership.objects.create(user=user, organisation=organisation, role="admin")
    ContactPerson.objects.create(
        organisation=organisation,
        name=f"{PLANTED['first_name']} {PLANTED['last_name']}",
        email=PLANTED["email"],
        phone=PLANTED["phone"],
    )
    JoinRequest.objects.create(
        user=user, organisation=OrganisationFactory(), message=PLANTED["message"]
    )
    RegistrationFactory(user=user, organisation=organisation)
    ProjectFactory(lead=organisation, created_by=user)
    client.force_login(user)
    # An edit through the portal leaves a history entry authored by the person.
    organisation.short_description = "Mise à jour"
    organisation._history_user = user
    organisation.save()
    return user


def test_the_export_holds_every_model_that_points_to_people(client, person):
    response = client.get(reverse("members:data_export"))
    assert response["Content-Disposition"].startswith("attachment")
    data = json.loads(response.content)
    for model, field in person_models():
        if model is not User:
            assert f"{model._meta.label}.{field}" in data
    assert data["account"]["email"] == PLANTED["email"]
    assert data["members.JoinRequest.user"][0]["message"] == PLANTED["message"]
    assert data["contact_person_entries"][0]["phone"] == PLANTED["phone"]
    assert data["trainings.Registration.user"]
    assert data["projects.Project.created_by"]
    assert "password" not in data["account"]


def test_after_deletion_no_personal_value_remains_anywhere(client, person):
    response = client.post(reverse("members:account_delete"), {"password": PASSWORD})
    assert response.status_code == 302
    dump = io.StringIO()
    everything = [
        row
        for model in __import__("django.apps", fromlist=["apps"]).apps.get_models()
        for row in model._default_manager.all()
    ]
    serializers.serialize("json", everything, stream=dump)
    for value in PLANTED.values():
        assert value.lower() not in dump.getvalue().lower()
    assert Organisation.objects.count() == 2  # organisations go on


def test_the_last_admin_hands_over_first(client, territories):
    user = UserFactory()
    organisation = OrganisationFactory()
    Membership.objects.create(user=user, organisation=organisation, role="admin")
    client.force_login(user)
    response = client.post(reverse("members:account_delete"), {"password": PASSWORD})
    assert response.status_code == 200
    assert organisation.name in response.text
    assert User.objects.filter(pk=user.pk).exists()


def test_deletion_asks_for_the_password(client, member):
    client.force_login(member)
    response = client.post(reverse("members:account_delete"), {"password": "wrong"})
    assert "password" in response.context["form"].errors
    assert User.objects.filter(pk=member.pk).exists()
