"""The pages measured, the audiences' sessions, and the queries each page makes.

Rules:
- audiences: anonymous visitors; a member (`admin.asso@rrma.example`, admin of two
  organisations); the coordinator of Guadeloupe and the State services, enrolled in
  two-factor authentication and logged in with it; the site admin (the Django admin);
- each logged-in audience has a real session, stored in the benchmark database as logging in
  (password, then the TOTP code for the enrolled) leaves it: Django's auth keys, allauth's
  record of both steps, the portal's session clocks (rrma/sessions.py). The server takes its
  cookie as a browser's, and no privileged page sends it to two-factor enrolment. A new
  login for each page: a long run never reaches the inactivity limit;
- the record, project and training shown are the demo member's first organisation, the first
  public project with a funding plan, and the first published training with a coming session;
  the post, working group and newsletter issue are the first public post, Guadeloupe's first
  working group and its latest issue; the support request is Guadeloupe's first open one (as
  its coordinator), the obstacles report and its CSV the current year's of both territories
  (as the State services), the activity report Guadeloupe's this year (its coordinator) and
  last year (the State services); the API's lists their first page: the same kind of page at
  every scale;
- each page is timed warm (requests repeated: what caches keep is served from them) and
  cold (the shared cache emptied before each request: what a new search, or the first
  visitor after a change, waits for);
- queries are counted in this process, with Django's test client on the same database and
  session, in one request with the cache emptied: the queries of the page made from scratch.
"""

import logging
import statistics
import time
from contextlib import contextmanager
from dataclasses import dataclass
from importlib import import_module
from math import ceil
from urllib.parse import urlencode

from allauth.account.authentication import AUTHENTICATION_METHODS_SESSION_KEY
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.db import DatabaseError, connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from calls.models import Call
from members.models import Organisation, User, WorkingGroup
from news.models import Post
from newsletter.models import Issue
from projects.models import Project
from rrma import sessions
from support.models import SupportRequest
from trainings.models import Training

from .server import BAD_GATEWAY, TIMEOUT, Fetch, fetch

AUDIENCES = {
    "member": "admin.asso@rrma.example",
    "coordinator": "coordination.guadeloupe@rrma.example",
    "state": "etat@rrma.example",
    "admin": "admin@rrma.example",
}
# The pages whose throughput is compared with the trivial view's.
THROUGHPUT_PATHS = ["/healthz", "/", "/directory/"]


@dataclass(frozen=True)
class Page:
    label: str
    audience: str
    path: str
    optional: bool = False  # may answer 404: an endpoint still being built

    def matches(self, wanted: list[str]) -> bool:
        text = f"{self.label} {self.audience} {self.path}".lower()
        return not wanted or any(w.lower() in text for w in wanted)


def _query(path: str, **params: str) -> str:
    return f"{path}?{urlencode(params)}"


def main_pages() -> list[Page]:
    """Every main page, as the audience it is for (issue #13's table, and the rest)."""
    member = User.objects.get(email=AUDIENCES["member"])
    public = Organisation.objects.public().order_by("pk")
    organisation = public.filter(memberships__user=member).first() or public.first()
    project = Project.objects.public().filter(funding_lines__isnull=False).order_by("pk").first()
    trainings = Training.objects.trainings()
    coming = trainings.published().filter(sessions__starts_at__gte=timezone.now())
    training = coming.order_by("pk").first() or trainings.public().order_by("pk").first()
    call = Call.objects.public().filter(funding_lines__isnull=False).order_by("pk").first()
    news, library = reverse("news:list"), reverse("resources:list")
    post = Post.objects.public().order_by("pk").first()
    group = WorkingGroup.objects.filter(territory__slug="guadeloupe").order_by("pk").first()
    issues = Issue.objects.public().filter(territory__slug="guadeloupe").order_by("-number")
    issue = issues.select_related("territory").first()
    support, missions = reverse("support:requests"), reverse("missions:list")
    support_request = (
        SupportRequest.objects.open()
        .filter(organisation__territory__slug="guadeloupe")
        .order_by("pk")
        .first()
    )
    year = timezone.localdate().year
    period = {"start": f"{year}-01-01", "end": f"{year}-12-31"}
    api_orgs, by_theme = "/api/v1/organisations/", {"territory": "guadeloupe", "theme": "health"}
    report = reverse("activity_report", args=["guadeloupe"])
    anonymous = [
        ("home", "/"),
        ("directory", "/directory/"),
        ("directory, page 50", "/directory/?page=50"),
        ("directory, search accented", _query("/directory/", q="coopération santé")),
        ("directory, search unaccented", _query("/directory/", q="cooperation")),
        ("directory, search with typos", _query("/directory/", q="asociation guadelope")),
        ("directory, territory and theme", "/directory/?territory=guadeloupe&theme=health"),
        ("organisation", organisation.get_absolute_url() if organisation else "/"),
        ("projects", "/projects/"),
        ("projects, search", _query("/projects/", q="eau potable")),
        ("project", project.get_absolute_url() if project else "/projects/"),
        ("cooperation by country", "/projects/by-country/"),
        ("partners", "/projects/partners/"),
        ("trainings", "/trainings/"),
        ("training", training.get_absolute_url() if training else "/trainings/"),
        ("calls", "/calls/"),
        ("calls, territory and theme", "/calls/?territory=guadeloupe&theme=health"),
        ("calls, month", "/calls/month/"),
        ("calls, iCalendar feed", "/calls/calendar.ics"),
        ("call", call.get_absolute_url() if call else "/calls/"),
        ("network", "/networks/guadeloupe/"),
        ("open data", "/opendata/"),
        ("open data, organisations CSV", "/opendata/organisations.csv"),
        ("open data, organisations JSON", "/opendata/organisations.json"),
        ("open data, organisations GeoJSON", "/opendata/organisations.geojson"),
        ("open data, projects CSV", "/opendata/projects.csv"),
        ("open data, projects JSON", "/opendata/projects.json"),
        ("news", news),
        ("news, territory and theme", f"{news}?territory=guadeloupe&theme=health"),
        ("news post", post.get_absolute_url() if post else news),
        ("news Atom feed", reverse("news:feed")),
        ("news RSS feed, territory", reverse("news:territory_rss", args=["guadeloupe"])),
        ("resources", library),
        ("resources, search", _query(library, q="guide")),
        ("events", reverse("trainings:events")),
        ("working group", group.get_absolute_url() if group else "/networks/guadeloupe/"),
        ("newsletter subscription", reverse("newsletter:subscribe")),
        ("newsletter archive", reverse("newsletter:archive", args=["guadeloupe"])),
        ("newsletter issue, web version", issue.get_absolute_url() if issue else "/newsletter/"),
        ("portal search", _query(reverse("search"), q="cooperation sante")),
        ("portal search, typo", _query(reverse("search"), q="asociation")),
        ("API, organisations", "/api/v1/organisations/"),
        ("API, organisations, territory and theme", _query(api_orgs, **by_theme)),
        ("API, organisations, search", _query(api_orgs, q="cooperation")),
        ("API, projects", "/api/v1/projects/"),
        ("API, trainings", "/api/v1/trainings/"),
        ("API, calls", "/api/v1/calls/"),
        ("API, news", "/api/v1/news/"),
        ("API, OpenAPI schema", "/api/v1/openapi.json"),
    ]
    private = [
        ("dashboard", "member", "/dashboard/"),
        ("dashboard", "coordinator", "/dashboard/"),
        ("moderation queue", "coordinator", "/coordination/guadeloupe/queue/"),
        ("census", "coordinator", "/census/"),
        ("dashboard", "state", "/dashboard/"),
        ("call, with its applications", "state", call.get_absolute_url() if call else "/calls/"),
        ("census", "state", "/census/"),
        ("statistics", "state", "/census/statistics/"),
        ("census, CSV export", "state", "/census/export.csv"),
        ("census, XLSX export", "state", "/census/export.xlsx"),
        ("resources, members-only too", "member", library),
        ("newsletter issues", "coordinator", reverse("newsletter:issues")),
        (
            "newsletter issue, with its deliveries",
            "coordinator",
            issue.get_manage_url() if issue else reverse("newsletter:issues"),
        ),
        ("support requests, open", "coordinator", _query(support, state="open")),
        (
            "support request",
            "coordinator",
            support_request.get_absolute_url() if support_request else support,
        ),
        ("support requests", "member", support),
        ("missions", "coordinator", missions),
        ("obstacles report", "state", _query(reverse("missions:obstacles"), **period)),
        ("obstacles, CSV export", "state", _query(reverse("missions:obstacles_csv"), **period)),
        ("activity report", "coordinator", report),
        ("activity report", "state", _query(report, year=year - 1)),
        ("activity report, XLSX", "state", reverse("activity_report_xlsx", args=["guadeloupe"])),
        ("admin, organisations", "admin", "/admin/members/organisation/"),
    ]
    return [
        *(Page(label, "anonymous", path) for label, path in anonymous[:7]),
        Page("directory, map data", "anonymous", "/directory/map.json", optional=True),
        *(Page(label, "anonymous", path) for label, path in anonymous[7:]),
        *(Page(label, audience, path) for label, audience, path in private),
        Page("trivial view (healthz)", "anonymous", "/healthz"),
    ]


def login_session(user: User) -> str:
    """A stored session as logging in leaves it; returns its key (the cookie's value)."""
    store = import_module(settings.SESSION_ENGINE).SessionStore()
    now = time.time()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "allauth.account.auth_backends.AuthenticationBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    records = [{"method": "password", "at": now, "email": user.email}]
    totp = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()
    if totp:
        records.append({"method": "mfa", "at": now, "id": totp.pk, "type": "totp"})
    store[AUTHENTICATION_METHODS_SESSION_KEY] = records
    # allauth keeps whose records they are beside them (its login flow's private key).
    store["account_authentication_methods_user"] = str(user.pk)
    store[sessions.STARTED] = store[sessions.LAST_SEEN] = now
    store.set_expiry(sessions.idle_timeout(user))
    store.create()
    return store.session_key


def session_for(audience: str) -> str | None:
    """A new login of the audience's account (None for anonymous visitors): one per page, so
    that a long run never meets the 30-minute inactivity limit of privileged logins."""
    email = AUDIENCES.get(audience)
    return login_session(User.objects.get(email=email)) if email else None


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, ceil(share * len(ordered)) - 1)]


def _timed_out(f: Fetch) -> bool:
    return f.status == BAD_GATEWAY or f.ms >= TIMEOUT * 1000


def _series(address: str, path: str, cookie: str, count: int, before=None) -> list[Fetch]:
    """`count` requests, calling `before()` ahead of each; a page the server does not answer in
    time (gunicorn's 500 after killing the worker, or no answer) is not asked again: each try
    would hold a worker for the whole timeout."""
    fetches: list[Fetch] = []
    for _n in range(count):
        if before is not None:
            before()
        fetches.append(fetch(address, path, cookie))
        if _timed_out(fetches[-1]):
            break
    return fetches


def measure(address: str, page: Page, session_key: str | None, requests: int, clear) -> dict:
    """One request to warm up, `requests` timed ones (warm: what the caches keep is served
    from them), then `requests` cold ones, each after `clear()` emptied the shared cache."""
    cookie = f"{settings.SESSION_COOKIE_NAME}={session_key}" if session_key else ""
    warm = _series(address, page.path, cookie, 1)
    cold: list[Fetch] = []
    if not _timed_out(warm[0]):
        warm = _series(address, page.path, cookie, requests)
        if not _timed_out(warm[-1]):
            cold = _series(address, page.path, cookie, requests, before=clear)
    fetches = warm + cold
    last = fetches[-1]
    statuses = sorted({f.status for f in fetches})
    return {
        "page": page.label,
        "audience": page.audience,
        "path": page.path,
        "status": statuses[0] if len(statuses) == 1 else statuses,
        "requests": len(fetches),
        "median_ms": round(statistics.median(f.ms for f in warm), 1),
        "p95_ms": round(_percentile([f.ms for f in warm], 0.95), 1),
        "cold_median_ms": round(statistics.median(f.ms for f in cold), 1) if cold else None,
        "ttfb_ms": round(statistics.median(f.ttfb_ms for f in warm), 1),
        "wire_bytes": last.wire_bytes,
        "raw_bytes": last.raw_bytes,
        "encoding": last.encoding,
        "location": last.location,
        "error": next((f.error for f in fetches if f.error), ""),
        "optional": page.optional,
    }


@contextmanager
def _quiet_request_log():
    """A page failing in this process is said in the table's notes (and its traceback is in
    the server's log): Django's logging of it would bury the progress lines."""
    logger = logging.getLogger("django.request")
    level = logger.level
    logger.setLevel(logging.CRITICAL)
    try:
        yield
    finally:
        logger.setLevel(level)


class Deadline:
    """Stops a request's queries once it has run as long as the server would let it: a page
    of thousands of queries is counted until then, not waited for."""

    def __init__(self, seconds: float):
        self.end, self.reached = time.perf_counter() + seconds, False

    def __call__(self, execute, sql, params, many, context):
        if time.perf_counter() > self.end:
            self.reached = True
            raise DatabaseError("The benchmark stopped the request at the server's timeout.")
        return execute(sql, params, many, context)


def count_queries(page: Page, session_key: str | None) -> dict:
    """The SQL queries of one request in this process, made as the server's (same host, over
    HTTPS), and their time, until the server's timeout. The caller empties the cache first:
    the queries of a page made from scratch."""
    client = Client(raise_request_exception=False, HTTP_HOST="127.0.0.1")
    if session_key:
        client.cookies[settings.SESSION_COOKIE_NAME] = session_key
    problem, deadline = "", Deadline(TIMEOUT)
    with (
        CaptureQueriesContext(connection) as queries,
        connection.execute_wrapper(deadline),
        _quiet_request_log(),
    ):
        response = client.get(page.path, secure=True)
        if response.streaming:
            try:
                for _chunk in response.streaming_content:
                    pass
            except Exception as error:  # a statement timeout mid-stream, or any failure
                problem = f"stream interrupted: {error!r}"
    if deadline.reached:
        problem = f"stopped after {TIMEOUT} s, queries counted until then"
    return {
        "queries": len(queries),
        "sql_ms": round(sum(float(q["time"]) for q in queries.captured_queries) * 1000, 1),
        "status_in_process": response.status_code,
        "problem_in_process": problem,
    }
