"""The training predicates, case by case (the permission matrix checks them through the URLs)."""

import pytest

from members.models import Membership
from tests.members import factories
from tests.members.factories import OrganisationFactory, member_of
from tests.trainings.factories import RegistrationFactory, SessionFactory, TrainingFactory
from trainings import permissions

pytestmark = pytest.mark.django_db


@pytest.fixture
def training(territories):
    return TrainingFactory(territory=territories["guadeloupe"])


def test_the_territorys_coordinators_manage_its_trainings_after_two_factor(training, territories):
    assert permissions.can_manage_training(
        factories.coordinator(territories["guadeloupe"]), training
    )
    assert not permissions.can_manage_training(
        factories.coordinator(territories["martinique"]), training
    )
    assert not permissions.can_manage_training(
        factories.coordinator(territories["guadeloupe"], two_factor=False), training
    )
    assert permissions.can_create_training(factories.coordinator(territories["martinique"]))
    assert not permissions.can_create_training(factories.state_services())


def test_members_register_for_their_territorys_trainings_unless_open_to_both(training, territories):
    here = OrganisationFactory(territory=territories["guadeloupe"])
    there = OrganisationFactory(territory=territories["martinique"])
    person = member_of(here)
    Membership.objects.create(user=person, organisation=there, role="editor")
    assert list(permissions.registering_organisations(person, training)) == [here]
    training.open_to_other_territory = True
    assert set(permissions.registering_organisations(person, training)) == {here, there}


def test_only_active_organisations_register_and_state_services_never(training, territories):
    pending = OrganisationFactory(territory=territories["guadeloupe"], status="pending")
    assert not permissions.registering_organisations(member_of(pending), training).exists()
    state = factories.state_services()
    active = OrganisationFactory(territory=territories["guadeloupe"])
    Membership.objects.create(user=state, organisation=active, role="admin")
    assert not permissions.registering_organisations(state, training).exists()
    unverified = member_of(active, verified=False)
    assert not permissions.registering_organisations(unverified, training).exists()


def test_a_registration_is_cancelled_by_its_person_or_the_coordinators(training, territories):
    registration = RegistrationFactory(session=SessionFactory(training=training))
    assert permissions.can_cancel_registration(registration.user, registration)
    assert permissions.can_cancel_registration(
        factories.coordinator(territories["guadeloupe"]), registration
    )
    assert not permissions.can_cancel_registration(factories.UserFactory(), registration)
    assert not permissions.can_cancel_registration(
        factories.coordinator(territories["martinique"]), registration
    )
