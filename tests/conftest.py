import pytest
from django.db import connection

from members.models import Territory
from rrma.i18n import compile_catalogues
from tests.members import factories


def pytest_collection_modifyitems(config, items):
    """Tests marked `postgres` skip on SQLite (and only there): CI runs the suite on both."""
    skip = pytest.mark.skip(reason="needs PostgreSQL (set DATABASE_URL to a PostgreSQL server)")
    if connection.vendor != "postgresql":
        for item in items:
            if "postgres" in item.keywords:
                item.add_marker(skip)


@pytest.fixture(autouse=True, scope="session")
def _compiled_catalogues():
    # A fresh clone has only the .po sources; French pages need the compiled catalogues.
    compile_catalogues()


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # Argon2 is the production hasher (see tests/rrma/test_accounts.py); tests hash faster.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def territories(db) -> dict[str, Territory]:
    """Both territories (with the reference lists, kept by members.signals after migrate)."""
    return {t.slug: t for t in Territory.objects.all()}


@pytest.fixture
def guadeloupe(territories) -> Territory:
    return territories["guadeloupe"]


@pytest.fixture
def martinique(territories) -> Territory:
    return territories["martinique"]


@pytest.fixture
def demo(territories, settings):
    """The demo data set, as `manage.py demo` loads it (demo accounts need DEBUG on; the pages
    then run with it off, as in production)."""
    from rrma.demo import load_demo_data

    settings.DEBUG = True
    load_demo_data()
    settings.DEBUG = False


@pytest.fixture
def member(db):
    return factories.UserFactory()


@pytest.fixture
def coordinator_gp(guadeloupe):
    return factories.coordinator(guadeloupe)


@pytest.fixture
def coordinator_mq(martinique):
    return factories.coordinator(martinique)


@pytest.fixture
def state_user(territories):
    return factories.state_services()


@pytest.fixture
def site_admin_user(db):
    return factories.site_admin()
