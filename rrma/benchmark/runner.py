"""One scale, from its database to its figures.

Rules:
- the scale's database is prepared first: a copy of the run's migrated template, filled by
  the generator (timed) and analysed, unless `reuse` finds it already holding that scale
  (then only migrated, if migrations were added since);
- it is measured through a gunicorn of its own, page by page: the HTTP requests warm, then
  cold, then the queries of one more request in this process, cache emptied, where no
  statement runs longer than the server's timeout (a page of several minutes is not waited
  for);
- then the throughput of the trivial view, the home page and the directory.
"""

import io
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.cache import caches
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test.utils import override_settings

from . import databases
from .databases import BenchDatabase
from .generate import generate
from .pages import THROUGHPUT_PATHS, count_queries, main_pages, measure, session_for
from .server import TIMEOUT, Server, throughput


@dataclass(frozen=True)
class Options:
    requests: int
    workers: int
    pages: list[str]
    reuse: bool
    clients: int
    seconds: float


def _migrate(*, only_if_needed: bool = False) -> None:
    if only_if_needed:
        # A reused database is migrated when the code brought migrations since its run.
        executor = MigrationExecutor(connection)
        if not executor.migration_plan(executor.loader.graph.leaf_nodes()):
            return
    call_command("migrate", interactive=False, verbosity=0, stdout=io.StringIO())


class Template:
    """A freshly migrated, empty database, copied for each scale generated: one migration per
    run rather than one per scale."""

    def __init__(self, db: BenchDatabase):
        self.db, self.ready = db, False

    def copy_into(self, target: BenchDatabase) -> None:
        if not self.ready:
            databases.recreate(self.db)
            with databases.switched_to(self.db):
                _migrate()
            self.ready = True
        databases.recreate(target, template=self.db)

    def drop(self) -> None:
        if self.ready:
            databases.drop(self.db)


def prepare(db: BenchDatabase, template: Template, *, reuse: bool, say) -> dict:
    """A migrated database holding the scale's data; what it took to make it."""
    if reuse and databases.exists(db):
        _migrate(only_if_needed=True)
        if databases.holds_scale(db.scale):
            say(f"{db.name}: reused, already holding {db.scale} organisations")
            return {"reused": True}
    say(f"{db.name}: creating, migrating and generating {db.scale} organisations…")
    start = time.perf_counter()
    template.copy_into(db)
    _migrate(only_if_needed=True)  # nothing to do: the template is up to date
    migrated = time.perf_counter()
    rows = generate(db.scale)
    generated = time.perf_counter()
    databases.analyze(db)
    analysed = time.perf_counter()
    timing = {
        "migrate_s": round(migrated - start, 1),
        "generate_s": round(generated - migrated, 1),
        "analyze_s": round(analysed - generated, 1),
    }
    say(f"{db.name}: generated in {timing['generate_s']} s ({rows})")
    return {"reused": False, **timing, "rows": rows}


def _shared_cache() -> dict:
    # The server has no Redis (server.server_environment): this process reads and fills the
    # same database caches, so that both see the same cached answers: the shared cache and
    # visitors' (pages, facets, map: the "public" alias, its own table).
    return {
        "default": settings.CACHES.get("database", settings.CACHES["default"]),
        "public": settings.CACHES.get("public_database", settings.CACHES["public"]),
    }


def clear_caches() -> None:
    """Empty both shared caches: a cold request computes its page from scratch."""
    for alias in ("default", "public"):
        caches[alias].clear()


def _measure_pages(server: Server, db: BenchDatabase, options: Options, say) -> list[dict]:
    results = []
    for page in (page for page in main_pages() if page.matches(options.pages)):
        key = session_for(page.audience)
        result = measure(server.address, page, key, options.requests, clear_caches)
        with databases.bounded_statements(db, TIMEOUT * 1000):
            clear_caches()
            result.update(count_queries(page, key))
        say(
            f"  {db.scale}: {page.label} ({page.audience}) {result['status']}, "
            f"{result['median_ms']} ms warm, {result['cold_median_ms']} ms cold, "
            f"{result['queries']} queries"
        )
        results.append(result)
    return results


def run_scale(db: BenchDatabase, template: Template, options: Options, say) -> dict:
    """Prepare and measure one scale; the figures as a dict (see report.py)."""
    with databases.switched_to(db):
        preparation = prepare(db, template, reuse=options.reuse, say=say)
        with override_settings(CACHES=_shared_cache()):
            clear_caches()
            # Beside an SQLite database (git-ignored with it); in the temporary directory else.
            folder = Path(db.name).parent if db.is_sqlite else Path(tempfile.gettempdir())
            log = folder / f"{Path(db.name).name}-gunicorn.log"
            url = databases.server_url(db, statement_timeout_ms=(TIMEOUT + 1) * 1000)
            with Server(url, options.workers, log) as server:
                pages = _measure_pages(server, db, options, say)
                rates = [
                    throughput(
                        server.address, path, clients=options.clients, seconds=options.seconds
                    )
                    for path in (THROUGHPUT_PATHS if options.seconds > 0 else [])
                ]
    return {
        "scale": db.scale,
        "database": db.name,
        "preparation": preparation,
        "pages": pages,
        "throughput": rates,
    }
