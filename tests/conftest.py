import compileall
import os
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import caches
from django.db import connection
from django.utils import translation

from members.models import Territory
from rrma.i18n import compile_catalogues
from tests.members import factories

ROOT = Path(__file__).resolve().parents[1]


def pytest_configure(config):
    """Prepare the work tree once, in the process that starts the run, before any test.

    With pytest-xdist this is the controller, which starts the workers afterwards: they then
    find the tree ready and never write into it at the same time as each other, nor while a test
    copies it (tests/rrma/test_demo.py, tests/rrma/test_translations.py)."""
    if os.environ.get("PYTEST_XDIST_WORKER"):
        return
    # Every worker's SQLite test database (test-db.sqlite3_gw0, …), before any is created.
    _remove_orphaned_sqlite_files("*")
    # A fresh clone has only the .po sources; French pages need the compiled catalogues.
    compile_catalogues()
    # Bytecode of the portal's own packages, which tests and their child processes would
    # otherwise write on first import, possibly while another worker copies the tree.
    for package in sorted(init.parent for init in ROOT.glob("*/__init__.py")):
        compileall.compile_dir(package, quiet=1)


def pytest_sessionfinish(session):
    # This process's test database, destroyed by now (settings hold the worker's suffixed name).
    _remove_orphaned_sqlite_files("-*")


def _remove_orphaned_sqlite_files(pattern: str) -> None:
    """Remove the write-ahead log and shared-memory files left beside a deleted SQLite test
    database (a connection still open when the database was destroyed leaves them). SQLite
    would otherwise replay that stale log into the next run's new database of the same name."""
    database = settings.DATABASES["default"]
    name = database.get("TEST", {}).get("NAME")
    if database["ENGINE"] != "django.db.backends.sqlite3" or not name or name == ":memory:":
        return
    path = Path(name)
    for sidecar in path.parent.glob(path.name + pattern):
        for suffix in ("-wal", "-shm", "-journal"):
            database_file = sidecar.with_name(sidecar.name.removesuffix(suffix))
            if sidecar.name.endswith(suffix) and not database_file.exists():
                sidecar.unlink(missing_ok=True)


def pytest_collection_modifyitems(config, items):
    """Tests marked `postgres` skip on SQLite (and only there): CI runs the suite on both."""
    skip = pytest.mark.skip(reason="needs PostgreSQL (set DATABASE_URL to a PostgreSQL server)")
    if connection.vendor != "postgresql":
        for item in items:
            if "postgres" in item.keywords:
                item.add_marker(skip)


@pytest.fixture(autouse=True)
def _pages_computed(settings):
    """Pages are computed for every request: query ceilings count a view's own work, and a test
    reads a page again after changing data. The page cache's tests turn it on
    (tests/rrma/test_caching.py)."""
    settings.PAGE_CACHE_SECONDS = 0


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # Argon2 is the production hasher (see tests/rrma/test_accounts.py); tests hash faster.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in the portal's default language. A request in another language leaves
    it active in the thread afterwards (the locale middleware activates it, nothing resets it),
    so in random order a later test would otherwise read English messages."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _caches_emptied_after_committed_tests(request, django_db_blocker):
    """The cache tables are no models: the flush that ends a test whose data were committed
    (live server, transactions) leaves their rows, and a later test of the same worker would
    read a stale generation of the public data and count other queries."""
    yield
    marker = request.node.get_closest_marker("django_db")
    committed = marker is not None and marker.kwargs.get("transaction")
    if committed or {"transactional_db", "live_server"} & set(request.fixturenames):
        with django_db_blocker.unblock():
            for cache in caches.all():
                cache.clear()


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
def database_tasks(settings):
    """Tasks stored in the database, as in production: nothing runs until `run_worker()`."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def run_worker(*, scheduler: bool = False) -> None:
    """The real worker (`manage.py worker --batch`): runs every task due, then returns.

    Between tasks the worker closes stale connections, as Django does between requests; in a
    test, that would close the test's own transaction, so the check is left out."""
    from unittest import mock

    from django.core.management import call_command

    with mock.patch("django_tasks_db.management.commands.db_worker.close_old_connections"):
        call_command(
            "worker",
            batch=True,
            interval=0,
            startup_delay=False,
            reload=False,
            verbosity=0,
            scheduler=scheduler,
        )


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
