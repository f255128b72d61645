import pytest
from django.contrib.auth.models import AnonymousUser

from members import acting, permissions
from members.services import role_grant, role_revoke
from tests.members.factories import UserFactory, coordinator, site_admin, state_services

pytestmark = pytest.mark.django_db


def test_a_verified_account_is_a_member_and_an_unverified_one_is_not():
    assert acting.is_verified_member(UserFactory())
    assert not acting.is_verified_member(UserFactory(verified=False))
    assert not acting.is_verified_member(AnonymousUser())


def test_an_inactive_account_holds_no_role(guadeloupe):
    user = coordinator(guadeloupe, is_active=False)
    assert not acting.granted_territory_ids(user)
    assert not permissions.can_coordinate(user, guadeloupe)
    assert not acting.is_verified_member(user)


def test_a_coordinator_coordinates_only_the_territory_granted(guadeloupe, martinique):
    user = coordinator(guadeloupe)
    assert permissions.can_coordinate(user, guadeloupe)
    assert not permissions.can_coordinate(user, martinique)


def test_coordinating_both_territories_takes_two_grants(guadeloupe, martinique):
    user = coordinator(guadeloupe)
    role_grant(user=user, role="coordinator", territory=martinique)
    assert permissions.can_coordinate(user, guadeloupe)
    assert permissions.can_coordinate(user, martinique)


def test_privileged_capabilities_need_two_factor_authentication(guadeloupe):
    user = coordinator(guadeloupe, two_factor=False)
    assert acting.granted_territory_ids(user) == {guadeloupe.pk}
    assert acting.must_enrol_two_factor(user)
    assert not permissions.can_coordinate(user, guadeloupe)
    admin = site_admin(two_factor=False)
    assert not permissions.can_use_admin(admin)


def test_state_services_neither_coordinate_nor_use_the_admin(territories):
    user = state_services()
    assert acting.holds_state_role(user)
    assert acting.holds_privileged_role(user)
    assert not permissions.can_coordinate(user, territories["guadeloupe"])
    assert not permissions.can_use_admin(user)


def test_only_site_admins_with_two_factor_use_the_admin(member):
    assert permissions.can_use_admin(site_admin())
    assert not permissions.can_use_admin(member)


def test_a_member_must_not_enrol_two_factor_but_a_privileged_role_must(member, territories):
    assert not acting.must_enrol_two_factor(member)
    assert acting.must_enrol_two_factor(state_services(two_factor=False))
    assert acting.must_enrol_two_factor(site_admin(two_factor=False))


def test_a_revoked_role_is_forgotten_at_once(guadeloupe):
    user = coordinator(guadeloupe)
    assert permissions.can_coordinate(user, guadeloupe)
    role_revoke(user=user, role="coordinator", territory=guadeloupe)
    assert not permissions.can_coordinate(user, guadeloupe)


def test_role_lookups_cost_one_query_per_request(guadeloupe, martinique, django_assert_num_queries):
    user = coordinator(guadeloupe)
    user = type(user).objects.get(pk=user.pk)  # a fresh object, as in a new request
    with django_assert_num_queries(2):  # role grants, then the authenticator
        for _ in range(5):
            permissions.can_coordinate(user, guadeloupe)
            permissions.can_coordinate(user, martinique)
            acting.holds_state_role(user)
