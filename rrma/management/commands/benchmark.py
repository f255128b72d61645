"""`manage.py benchmark`: every main page measured at a scale and at a baseline, same run.

Rules:
- each scale has its own benchmark database (rrma/benchmark/databases.py), generated afresh
  (or reused with `--reuse`), never the configured database;
- the pages are requested over HTTP from gunicorn in production settings, as each audience
  (rrma/benchmark/pages.py); SQL queries are counted in this process;
- it creates the demo accounts, whose password and two-factor secret are published: like
  `manage.py demo`, it refuses to run with DEBUG off.
"""

import time
from dataclasses import asdict
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from rrma.benchmark import report
from rrma.benchmark.databases import bench_database
from rrma.benchmark.runner import Options, Template, run_scale
from rrma.i18n import compile_catalogues


class Command(BaseCommand):
    help = (
        "Generate --scale organisations (with people, projects, trainings and history in "
        "proportion) and --baseline ones, each in its own benchmark database, then measure "
        "every main page through gunicorn as each audience: status, queries, median and p95 "
        "milliseconds, bytes compressed and raw, and the ratio to the baseline."
    )

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=int, default=50_000, help="organisations")
        parser.add_argument("--baseline", type=int, default=500, help="organisations")
        parser.add_argument("--requests", type=int, default=10, help="timed requests per page")
        parser.add_argument(
            "--reuse",
            action="store_true",
            help="keep a benchmark database that already holds its scale (no generation)",
        )
        parser.add_argument(
            "--pages",
            default="",
            help="only the pages whose name, audience or path contains one of these "
            "comma-separated words",
        )
        parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
        parser.add_argument(
            "--clients", type=int, default=8, help="concurrent clients for the throughput"
        )
        parser.add_argument(
            "--seconds",
            type=float,
            default=5.0,
            help="duration of each throughput measurement (0: none)",
        )
        parser.add_argument(
            "--sqlite-dir",
            type=Path,
            default=settings.BASE_DIR,
            help="where the SQLite benchmark databases go (bench-<scale>.sqlite3)",
        )
        parser.add_argument(
            "--json", action="store_true", dest="as_json", help="print JSON instead of tables"
        )

    def handle(self, *args, scale, baseline, as_json, sqlite_dir, **options):
        if not settings.DEBUG:
            raise CommandError(
                "The benchmark creates the demo accounts, whose password is published: run it "
                "with DEBUG=true, on a development machine."
            )
        if min(scale, baseline) < 10 or options["requests"] < 1:
            raise CommandError("--scale and --baseline are at least 10, --requests at least 1.")
        self.started = time.monotonic()
        compile_catalogues()  # French pages, as people see them
        run_options = Options(
            requests=options["requests"],
            workers=options["workers"],
            pages=[word.strip() for word in options["pages"].split(",") if word.strip()],
            reuse=options["reuse"],
            clients=options["clients"],
            seconds=options["seconds"],
        )
        # Every name is checked before anything is created.
        targets = [bench_database(n, sqlite_dir) for n in sorted({baseline, scale})]
        template = Template(bench_database(0, sqlite_dir, label="template"))
        try:
            runs = [run_scale(db, template, run_options, self.say) for db in targets]
        finally:
            template.drop()
        if as_json:
            self.stdout.write(
                report.document(runs, {"scale": scale, "baseline": baseline, **asdict(run_options)})
            )
            return
        for run in runs:
            self.stdout.write(report.table(run, runs[0]) + "\n")

    def say(self, message: str) -> None:
        # Progress goes to stderr, so that --json prints a clean document on stdout.
        elapsed = time.monotonic() - self.started
        self.stderr.write(f"[{elapsed:6.0f} s] {message}", style_func=lambda text: text)
