import pytest

from tests.members.factories import OrganisationFactory, member_of


@pytest.fixture
def organisation(guadeloupe):
    return OrganisationFactory(name="Karib Horizon", territory=guadeloupe)


@pytest.fixture
def asker(organisation):
    """The organisation's admin, who asks for support."""
    return member_of(organisation, "admin", email="asker@example.org", language="fr")
