import pytest

from tests.members import factories
from tests.members.factories import OrganisationFactory


@pytest.fixture(autouse=True)
def storage(settings, tmp_path):
    """Each test its own folders: the public one (MEDIA_ROOT) and the private one."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_FILES_ROOT = tmp_path / "private"
    return settings


@pytest.fixture
def people(territories):
    """One person of each role; editor and admin of an organisation of Guadeloupe."""
    organisation = OrganisationFactory(territory=territories["guadeloupe"])
    return {
        "anon": None,
        "member": factories.UserFactory(),
        "editor": factories.member_of(organisation, "editor"),
        "admin": factories.member_of(organisation, "admin"),
        "coordinator": factories.coordinator(territories["guadeloupe"]),
        "other_coordinator": factories.coordinator(territories["martinique"]),
        "state": factories.state_services(),
        "site_admin": factories.site_admin(),
    }
