"""Measure the main pages on the demo data: time, SQL queries and size, per audience.

Figures come from Django's test client in this process (no network, no web server), so they
measure the application itself; compare runs on the same machine and database only.
"""

import contextlib
import io
import json
import statistics
import time

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from members.models import Organisation, User
from projects.models import Project
from trainings.models import Training

AUDIENCES = {
    "anonymous": None,
    "member": "admin.asso@rrma.example",
    "coordinator": "coordination.guadeloupe@rrma.example",
    "state": "etat@rrma.example",
}


def _pages() -> list[tuple[str, str]]:
    organisation = Organisation.objects.public().order_by("pk").first()
    project = Project.objects.public().order_by("pk").first()
    training = Training.objects.published().order_by("pk").first()
    return [
        ("anonymous", "/"),
        ("anonymous", "/directory/"),
        ("anonymous", "/directory/?q=caraibe&territory=guadeloupe"),
        ("anonymous", organisation.get_absolute_url()),
        ("anonymous", "/projects/"),
        ("anonymous", project.get_absolute_url()),
        ("anonymous", "/trainings/"),
        ("anonymous", training.get_absolute_url()),
        ("anonymous", "/networks/guadeloupe/"),
        ("anonymous", "/opendata/organisations.csv"),
        ("member", "/dashboard/"),
        ("coordinator", "/dashboard/"),
        ("coordinator", "/census/"),
        ("state", "/dashboard/"),
        ("state", "/census/"),
        ("state", "/census/statistics/"),
        ("state", "/census/export.xlsx"),
    ]


class Command(BaseCommand):
    help = (
        "Time the main pages on the demo data (loaded first into an empty database): median and "
        "95th-percentile milliseconds, SQL queries and response size, per audience."
    )

    def add_arguments(self, parser):
        parser.add_argument("--requests", type=int, default=20, help="requests per page")
        parser.add_argument(
            "--json", action="store_true", dest="as_json", help="print JSON instead of a table"
        )

    def handle(self, *args, requests, as_json, **options):
        if not settings.DEBUG:
            raise CommandError("The benchmark uses the demo accounts: run it with DEBUG=true.")
        # Loading the demo validates organisations, whose emails the console backend prints.
        with contextlib.redirect_stdout(io.StringIO()):
            call_command("demo", no_serve=True, stdout=io.StringIO())
        clients = {}
        for audience, email in AUDIENCES.items():
            client = Client(HTTP_HOST="localhost")
            if email:
                client.force_login(User.objects.get(email=email))
            clients[audience] = client
        results = [
            self.measure(clients[audience], audience, url, requests) for audience, url in _pages()
        ]
        if as_json:
            self.stdout.write(json.dumps(results, indent=2))
            return
        self.stdout.write(
            f"{connection.vendor}, {requests} requests per page\n"
            f"{'audience':<12} {'page':<48} {'status':>6} {'queries':>7} "
            f"{'median ms':>9} {'p95 ms':>7} {'KiB':>6}"
        )
        for r in results:
            self.stdout.write(
                f"{r['audience']:<12} {r['url'][:48]:<48} {r['status']:>6} {r['queries']:>7} "
                f"{r['median_ms']:>9.1f} {r['p95_ms']:>7.1f} {r['kib']:>6.1f}"
            )

    def measure(self, client, audience, url, requests) -> dict:
        client.get(url)  # warm caches (templates, catalogues, reference tables)
        timings = []
        for _n in range(requests):
            with CaptureQueriesContext(connection) as queries:
                start = time.perf_counter()
                response = client.get(url)
                timings.append((time.perf_counter() - start) * 1000)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        timings.sort()
        return {
            "audience": audience,
            "url": url,
            "status": response.status_code,
            "queries": len(queries),
            "median_ms": statistics.median(timings),
            "p95_ms": timings[max(0, round(0.95 * len(timings)) - 1)],
            "kib": len(body) / 1024,
        }
