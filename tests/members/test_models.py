import pytest
from django.db import IntegrityError

from members.models import RoleGrant, Territory, User
from tests.members.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_the_data_migration_creates_both_territories_with_code_and_time_zone():
    rows = list(Territory.objects.values_list("slug", "name", "insee_code", "timezone"))
    assert rows == [
        ("guadeloupe", "Guadeloupe", "971", "America/Guadeloupe"),
        ("martinique", "Martinique", "972", "America/Martinique"),
    ]


def test_two_accounts_cannot_share_an_email_address_whatever_its_case():
    UserFactory(email="Lucie@Example.org")
    with pytest.raises(IntegrityError):
        User.objects.create_user("lucie@example.ORG", "x" * 16)


def test_get_by_email_ignores_case_and_spaces():
    user = UserFactory(email="jean@example.org")
    assert User.objects.get_by_email("  JEAN@example.org ") == user


def test_a_coordinator_grant_without_territory_is_impossible(member):
    with pytest.raises(IntegrityError):
        RoleGrant.objects.create(user=member, role="coordinator", territory=None)


def test_a_state_grant_with_a_territory_is_impossible(member, guadeloupe):
    with pytest.raises(IntegrityError):
        RoleGrant.objects.create(user=member, role="state", territory=guadeloupe)


def test_the_same_state_grant_twice_is_impossible(member, territories):
    RoleGrant.objects.create(user=member, role="state")
    with pytest.raises(IntegrityError):
        RoleGrant.objects.create(user=member, role="state")


def test_the_same_coordinator_grant_twice_is_impossible(member, guadeloupe):
    RoleGrant.objects.create(user=member, role="coordinator", territory=guadeloupe)
    with pytest.raises(IntegrityError):
        RoleGrant.objects.create(user=member, role="coordinator", territory=guadeloupe)


def test_a_superuser_is_created_with_an_email_and_no_username():
    admin = User.objects.create_superuser("root@example.org", "x" * 16)
    assert admin.is_staff
    assert admin.is_superuser
    assert str(admin) == "root@example.org"
