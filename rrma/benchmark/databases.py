"""The benchmark's own databases, one per scale; the configured database is never touched.

Rules:
- PostgreSQL: `<configured name>_bench_<scale>` on the same server (`rrma_bench_50000`);
  SQLite: `bench-<scale>.sqlite3` in the chosen directory (the project's by default,
  git-ignored);
- a name that would be the configured database or its test database is refused;
- each run starts from an empty database (dropped and created again), unless it is reused:
  a copy of a template database migrated once per run (`Template`), which is dropped after;
  the databases stay after the run, for inspection and for `--reuse`;
- the commands of this process reach a benchmark database through the default connection,
  pointed at it for the time of its scale (as Django's test runner does for its test
  database), then back.
"""

import shutil
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, urlencode

from django.conf import settings
from django.core.management.base import CommandError
from django.db import DatabaseError, connection

POSTGRESQL, SQLITE = "django.db.backends.postgresql", "django.db.backends.sqlite3"


@dataclass(frozen=True)
class BenchDatabase:
    scale: int
    name: str  # the database's name; on SQLite, the file's absolute path
    engine: str

    @property
    def is_sqlite(self) -> bool:
        return self.engine == SQLITE


def _protected_names() -> set[str]:
    configured = connection.settings_dict
    names = {str(configured["NAME"]), str((configured.get("TEST") or {}).get("NAME") or "")}
    if configured["ENGINE"] == SQLITE:
        return {str(Path(n).resolve()) for n in names if n and n != ":memory:"}
    return {n for n in names if n}


def bench_database(scale: int, sqlite_dir: Path, *, label: str = "") -> BenchDatabase:
    """The benchmark database of `scale` (or of `label`), named after the configured one."""
    engine, label = connection.settings_dict["ENGINE"], label or str(scale)
    if engine == POSTGRESQL:
        name = f"{connection.settings_dict['NAME']}_bench_{label}"
        if len(name) > 63:  # PostgreSQL would silently truncate it
            raise CommandError(f"The benchmark database name {name} is too long for PostgreSQL.")
    elif engine == SQLITE:
        name = str((Path(sqlite_dir) / f"bench-{label}.sqlite3").resolve())
    else:
        raise CommandError("The benchmark runs on PostgreSQL or SQLite.")
    if name in _protected_names():
        raise CommandError(f"{name} is the configured database: the benchmark never uses it.")
    return BenchDatabase(scale=scale, name=name, engine=engine)


def exists(db: BenchDatabase) -> bool:
    if db.is_sqlite:
        return Path(db.name).is_file()
    with connection._nodb_cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [db.name])
        return cursor.fetchone() is not None


def drop(db: BenchDatabase) -> None:
    connection.close()
    if db.is_sqlite:
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(db.name + suffix).unlink(missing_ok=True)
        return
    with connection._nodb_cursor() as cursor:
        # FORCE: a server left running by an interrupted run still holds connections.
        cursor.execute(f"DROP DATABASE IF EXISTS {connection.ops.quote_name(db.name)} WITH (FORCE)")


def recreate(db: BenchDatabase, *, template: BenchDatabase | None = None) -> None:
    """An empty database in place of the previous run's, or a copy of `template`."""
    drop(db)
    if db.is_sqlite:
        if template is not None:
            # With its write-ahead log, should a connection have left one behind.
            for suffix in ("", "-wal"):
                if Path(template.name + suffix).is_file():
                    shutil.copyfile(template.name + suffix, db.name + suffix)
        return
    quoted = connection.ops.quote_name(db.name)
    copied = f" TEMPLATE {connection.ops.quote_name(template.name)}" if template else ""
    with connection._nodb_cursor() as cursor:
        cursor.execute(f"CREATE DATABASE {quoted}{copied}")


def _settings_dicts() -> list[dict]:
    dicts = [connection.settings_dict]
    if settings.DATABASES["default"] is not connection.settings_dict:
        dicts.append(settings.DATABASES["default"])
    return dicts


@contextmanager
def switched_to(db: BenchDatabase):
    """The default connection pointed at the benchmark database, then back."""
    saved = {key: connection.settings_dict.get(key) for key in ("NAME", "OPTIONS")}
    connection.close()
    for settings_dict in _settings_dicts():
        settings_dict["NAME"] = db.name
        settings_dict["OPTIONS"] = dict(saved["OPTIONS"] or {})
    try:
        yield
    finally:
        connection.close()
        for settings_dict in _settings_dicts():
            settings_dict.update(saved)


@contextmanager
def bounded_statements(db: BenchDatabase, milliseconds: int):
    """No statement of this process runs longer than `milliseconds` (PostgreSQL): a page that
    takes minutes is counted until then, not waited for. SQLite has no such setting."""
    if db.is_sqlite:
        yield
        return
    connection.close()
    options = connection.settings_dict["OPTIONS"]
    saved = options.get("options")
    options["options"] = f"{saved or ''} -c statement_timeout={milliseconds}".strip()
    try:
        yield
    finally:
        connection.close()
        if saved is None:
            options.pop("options")
        else:
            options["options"] = saved


def server_url(db: BenchDatabase, statement_timeout_ms: int) -> str:
    """DATABASE_URL of the benchmark database, for the server's environment.

    On PostgreSQL a statement stops `statement_timeout_ms` after it started, just above
    gunicorn's timeout, so that a query whose worker was killed does not keep a core busy
    while the next pages are measured. The portal's own DATABASE_STATEMENT_TIMEOUT, when on,
    is applied after this one and wins: the server runs as configured for production."""
    if db.is_sqlite:
        return f"sqlite:///{db.name}"
    s = connection.settings_dict
    user, password = quote(s.get("USER") or "", safe=""), quote(str(s.get("PASSWORD") or ""))
    credentials = f"{user}:{password}@" if password else f"{user}@" if user else ""
    address = f"{s.get('HOST') or ''}{':' + str(s['PORT']) if s.get('PORT') else ''}"
    options = {k: v for k, v in (s.get("OPTIONS") or {}).items() if isinstance(v, str)}
    options["options"] = f"{options.get('options', '')} -c statement_timeout={statement_timeout_ms}"
    query = urlencode({k: v.strip() for k, v in options.items()}, quote_via=quote)
    return f"postgres://{credentials}{address}/{quote(db.name)}?{query}"


def holds_scale(scale: int) -> bool:
    """The database holds the data generated at `scale` (generation is all or nothing)."""
    from members.models import Organisation, User

    try:
        return (
            Organisation.objects.count() == scale
            and User.objects.filter(email="admin.asso@rrma.example").exists()
        )
    except DatabaseError:
        return False


def analyze(db: BenchDatabase) -> None:
    """Fresh planner statistics (and, on PostgreSQL, a vacuumed table set), as a database that
    has lived for a while would have: the query plans measured are the plans users get."""
    connection.close()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE" if db.is_sqlite else "VACUUM ANALYZE")
