"""`manage.py benchmark`: its generated data, its own databases, its run through gunicorn."""

import io
import json
from pathlib import Path
from unittest import mock

import pytest
from allauth.mfa.models import Authenticator
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.models import F

from calls.models import Call
from members import acting
from members.models import (
    ContactPerson,
    JoinRequest,
    Membership,
    Organisation,
    SearchWord,
    User,
    WorkingGroup,
)
from members.models.search import words_of
from missions.models import Mission, Obstacle
from news.markup import render
from news.models import Post
from newsletter.models import Delivery, Issue, Subscriber
from projects.models import CaribbeanPartner, FundingLine, Project
from resources.models import Resource
from rrma.benchmark import report
from rrma.benchmark.databases import bench_database, drop
from rrma.benchmark.generate import generate
from rrma.benchmark.pages import main_pages
from support.enums import ENDED_STATUSES, OPEN_STATUSES, Status
from support.models import Appointment, Message, StatusChange, SupportRequest
from trainings.models import Registration, Session, Training

SCALE = 60  # the demo's size: the proportions can be compared with it
# Fields the workflows write and no form shows, besides those not editable.
SYSTEM_FILLED = {SupportRequest: ["awaiting_since"]}


@pytest.fixture
def generated(settings, territories):
    settings.DEBUG = True  # the demo accounts are created only then
    return generate(SCALE)


def _checked(model, sample: int = 40, rows=None) -> int:
    """How many of a sample of rows (of `rows`, by default all the model's) fail the checks of
    people's input (`full_clean`, as the demo's `validated`: fields the system fills left
    out)."""
    failures = 0
    for obj in (model._base_manager.all() if rows is None else rows).order_by("pk")[:sample]:
        system_filled = [f.name for f in obj._meta.fields if not f.editable or f.name == "slug"]
        system_filled += SYSTEM_FILLED.get(model, [])
        try:
            obj.full_clean(exclude=system_filled)
        except ValidationError:
            failures += 1
    return failures


@pytest.mark.django_db
def test_generated_data_pass_the_checks_of_the_forms(generated):
    models = [
        Organisation,
        ContactPerson,
        Membership,
        JoinRequest,
        Project,
        FundingLine,
        CaribbeanPartner,
        Training,
        Session,
        Registration,
        Call,
        WorkingGroup,
        Resource,
        Post,
        Subscriber,
        Issue,
        Delivery,
        SupportRequest,
        Message,
        Appointment,
        Mission,
        Obstacle,
    ]
    assert {model.__name__: _checked(model) for model in models} == dict.fromkeys(
        (m.__name__ for m in models), 0
    )
    # The events come after the trainings: a sample of their own, sessions and registrations.
    events = Training.objects.events()
    assert _checked(Training, rows=events) == 0
    assert _checked(Session, rows=Session.objects.filter(training__in=events)) == 0
    assert (
        _checked(Registration, rows=Registration.objects.filter(session__training__in=events)) == 0
    )


@pytest.mark.django_db
def test_generated_data_follow_the_proportions_of_the_demo(generated):
    assert generated["members.Organisation"] == SCALE
    statuses = set(Organisation.objects.values_list("status", flat=True))
    assert {Organisation.Status.ACTIVE, Organisation.Status.PENDING} <= statuses
    assert Organisation.objects.values("territory").distinct().count() == 2
    assert Organisation.objects.filter(latitude__isnull=False).exists()
    assert not Organisation.objects.exclude(commune__territory=F("territory")).exists()
    assert SCALE // 2 <= Project.objects.count() <= SCALE
    assert FundingLine.objects.exists()
    assert CaribbeanPartner.objects.count() >= 31
    assert Training.objects.trainings().count() == SCALE // 5
    assert Registration.objects.exists()
    assert Call.objects.count() == 10
    assert FundingLine.objects.filter(call__isnull=False).exists()
    # Every record has its history: its creation, then each decision, with its lists.
    history = Organisation.history.model.objects
    assert history.filter(history_type="+").count() == SCALE
    decided = Organisation.objects.exclude(status=Organisation.Status.PENDING).count()
    assert history.filter(history_type="~").count() >= decided
    latest = history.filter(history_type="~").latest("history_date")
    assert set(latest.themes.values_list("theme", flat=True)) == set(
        latest.instance.themes.values_list("code", flat=True)
    )


@pytest.mark.django_db
def test_generated_network_content_follows_the_rules_of_its_module(generated):
    """The networks' content (rrma/benchmark/network_content.py), at the demo's size: each of
    the demo's texts at least once."""
    for model in [WorkingGroup, Resource, Post, Subscriber, Issue, Delivery]:
        assert generated[model._meta.label] == model.objects.count() > 0
    # Working groups: two per territory, 10 to 30 active members, their lists in their history.
    groups = WorkingGroup.objects.all()
    assert sorted(groups.values_list("territory__slug", flat=True)) == [
        "guadeloupe", "guadeloupe", "martinique", "martinique",
    ]  # fmt: skip
    for group in groups:
        assert 10 <= group.organisations.count() <= 35
        assert not group.organisations.exclude(status=Organisation.Status.ACTIVE).exists()
        latest = group.history.latest("history_date")
        assert latest.organisations.count() == group.organisations.count()
    # Events: of each kind, besides the trainings; groups' meetings name a group of theirs.
    events = Training.objects.events()
    assert events.count() == 6
    assert events.values("kind").distinct().count() == 5
    assert events.filter(sessions__registrations__isnull=False).exists()
    meetings = events.filter(working_group__isnull=False)
    assert meetings.exists()
    assert not meetings.exclude(working_group__territory=F("territory")).exists()
    assert set(Training.history.model.objects.values_list("kind", flat=True)) >= {
        "training", "general-assembly",
    }  # fmt: skip
    # Resources: links only, for everyone and members only, of several kinds and languages.
    resources = Resource.objects.all()
    assert not resources.exclude(file="").exists()
    assert not resources.filter(url="").exists()
    assert {"public", "members"} == set(resources.values_list("audience", flat=True))
    assert resources.values("kind").distinct().count() >= 5
    assert resources.values("language").distinct().count() >= 2
    assert Resource.history.model.objects.filter(history_type="+").count() == resources.count()
    # News: 9 in 10 published, some for both networks, their HTML as saving renders it, their
    # history a creation then a publication.
    posts = Post.objects.all()
    assert Post.objects.public().exists()
    assert posts.filter(territory__isnull=True).exists()
    assert posts.filter(themes__isnull=False).exists()
    for post in posts.order_by("pk")[:10]:
        assert post.body_html == render(post.body)
    published = Post.objects.filter(status=Post.Status.PUBLISHED)
    assert (
        Post.history.model.objects.filter(history_change_reason="published").count()
        == published.count()
    )
    # Newsletters: confirmed subscribers; 24 issues a newsletter, deliveries for the last 3.
    assert not Subscriber.objects.filter(confirmed_at__isnull=True).exists()
    assert Subscriber.objects.filter(territories__slug="guadeloupe").exists()
    assert Subscriber.objects.filter(territories__slug="martinique").exists()
    for slug in ("guadeloupe", "martinique"):
        issues = Issue.objects.public().filter(territory__slug=slug)
        assert sorted(issues.values_list("number", flat=True)) == list(range(1, 25))
        delivered = issues.filter(deliveries__isnull=False).distinct()
        assert set(delivered.values_list("number", flat=True)) <= {22, 23, 24}
    assert Issue.objects.filter(posts__isnull=False).exists()
    assert Issue.objects.filter(trainings__isnull=False).exists()
    for delivery in Delivery.objects.select_related("issue", "subscriber")[:50]:
        assert delivery.issue.territory in delivery.subscriber.territories.all()
        assert delivery.subscriber.confirmed_at <= delivery.issue.sent_at


@pytest.mark.django_db
def test_generated_support_requests_follow_the_rules_of_advisory_support(generated):
    """Advisory support (rrma/benchmark/advisory.py): the demo member's requests in every
    status, the others in proportion, each thread as the services would have left it."""
    for model in [SupportRequest, Message, StatusChange, Appointment]:
        assert generated[model._meta.label] == model.objects.count() > 0
    requests = SupportRequest.objects.all()
    assert set(requests.values_list("status", flat=True)) == set(Status.values)
    member = User.objects.get(email="admin.asso@rrma.example")
    theirs = requests.filter(organisation__memberships__user=member).distinct()
    assert theirs.count() >= 7
    assert set(theirs.values_list("status", flat=True)) == set(Status.values)
    assert requests.overdue().exists()  # waiting on the coordinators too long
    assert Message.objects.filter(internal=True).exists()
    # Closed ⇒ an outcome; ended ⇒ its date, open ⇒ none; ended or waiting for the
    # organisation ⇒ not waiting on the coordinators.
    assert not requests.filter(status=Status.CLOSED, outcome="").exists()
    assert not requests.exclude(status=Status.CLOSED).exclude(outcome="").exists()
    assert not requests.filter(status__in=ENDED_STATUSES, ended_at__isnull=True).exists()
    assert not requests.filter(status__in=OPEN_STATUSES, ended_at__isnull=False).exists()
    assert not requests.filter(
        status__in=[*ENDED_STATUSES, Status.WAITING], awaiting_since__isnull=False
    ).exists()
    assert not requests.filter(status=Status.NEW, assignee__isnull=False).exists()
    # Taken before any other step, unless withdrawn first.
    untaken = requests.exclude(status__in=[Status.NEW, Status.WITHDRAWN])
    assert not untaken.filter(assignee__isnull=True).exists()
    coordinators = {
        "guadeloupe": User.objects.get(email="coordination.guadeloupe@rrma.example").pk,
        "martinique": User.objects.get(email="coordination.martinique@rrma.example").pk,
    }
    for request in requests.select_related("organisation__territory"):
        coordinator = coordinators[request.organisation.territory.slug]
        messages = list(request.messages.all())
        steps = list(request.status_changes.all())
        assert 1 <= len(messages) <= 6
        assert request.requested_by_id in set(
            request.organisation.memberships.values_list("user", flat=True)
        )
        # Internal notes and answers only from the territory's coordinator; the
        # organisation's messages from its people.
        for message in messages:
            assert message.created_at >= request.created_at
            assert (message.author_id == coordinator) == message.from_coordinators
            assert not message.internal or message.from_coordinators
            assert message.from_coordinators or message.minutes_spent is None
        answers = [m for m in messages if m.from_coordinators and not m.internal]
        assert request.first_answer_at == (answers[0].created_at if answers else None)
        # The timeline: the arrival, then the steps up to the status the request has.
        assert steps[0].status == Status.NEW
        assert steps[0].created_at == request.created_at
        assert steps[-1].status == request.status
        assert [s.created_at for s in steps] == sorted(s.created_at for s in steps)
        if request.ended_at:
            assert request.ended_at == steps[-1].created_at
            assert all(m.created_at <= request.ended_at for m in messages)
            assert all(a.ends_at <= request.ended_at for a in request.appointments.all())
            withdrawn = request.status == Status.WITHDRAWN
            assert steps[-1].by_id == (request.requested_by_id if withdrawn else coordinator)
        if request.status in OPEN_STATUSES and request.awaiting_since:
            seen = [m for m in messages if not m.internal]
            last_answer = max((m.created_at for m in answers), default=None)
            assert last_answer is None or request.awaiting_since > last_answer
            assert seen == [] or request.awaiting_since >= request.created_at
        assert (
            request.reminded_at is None
            or request.awaiting_since is None
            or (request.reminded_at > request.awaiting_since)
        )
    for appointment in Appointment.objects.select_related("request"):
        assert appointment.starts_at > appointment.created_at >= appointment.request.created_at
        assert appointment.mode != "on-site" or appointment.place
        assert appointment.mode != "remote" or appointment.link


@pytest.mark.django_db
def test_generated_missions_follow_the_rules_of_their_module(generated):
    for model in [Mission, Obstacle]:
        assert generated[model._meta.label] == model.objects.count() > 0
    missions = Mission.objects.all()
    assert not missions.filter(end_date__lt=F("start_date")).exists()
    assert not missions.filter(participants__lt=1).exists()
    assert not missions.filter(participants__gt=30).exists()
    assert not missions.exclude(organisation__status=Organisation.Status.ACTIVE).exists()
    assert missions.values("direction").distinct().count() == 2
    assert missions.values("country").distinct().count() >= 3
    assert not missions.exclude(project__isnull=True).exclude(project__lead=F("organisation"))
    # Dates as given, spread over the years, not the time of the insert.
    assert not missions.exclude(created_at=F("updated_at")).exists()
    first, last = missions.earliest("created_at"), missions.latest("created_at")
    assert (last.created_at - first.created_at).days > 30
    counts = [m.obstacles.count() for m in missions]
    assert max(counts) <= 3
    assert 0 in counts
    assert any(counts)
    assert Obstacle.objects.exclude(note="").exists()
    assert Obstacle.objects.filter(note="").exists()


@pytest.mark.django_db
def test_each_audience_has_its_demo_account(generated):
    member = User.objects.get(email="admin.asso@rrma.example")
    roles = dict(Membership.objects.filter(user=member).values_list("organisation", "role"))
    assert sorted(roles.values()) == ["admin", "admin", "editor"]
    for email in [
        "coordination.guadeloupe@rrma.example",
        "etat@rrma.example",
        "admin@rrma.example",
    ]:
        user = User.objects.get(email=email)
        assert Authenticator.objects.filter(user=user, type="totp").exists()
        assert not acting.must_enrol_two_factor(user)
    assert acting.coordinated_territory_ids(
        User.objects.get(email="coordination.guadeloupe@rrma.example")
    )


@pytest.mark.django_db
def test_generated_search_texts_are_those_save_writes_and_their_words_are_known(generated):
    organisation = Organisation.objects.order_by("pk").first()
    project = Project.objects.order_by("pk").first()
    texts = [organisation.search_text, project.search_text]
    organisation.save()
    project.save()
    organisation.refresh_from_db()
    project.refresh_from_db()
    assert [organisation.search_text, project.search_text] == texts
    # The directory's searches find some records, neither none nor all of them.
    for word in ["cooperation", "sante", "association", "guadeloupe"]:
        assert 0 < Organisation.objects.filter(search_text__contains=word).count() < SCALE
    known = set(SearchWord.objects.values_list("word", flat=True))
    assert words_of(texts[0]) | words_of(texts[1]) <= known


@pytest.mark.django_db
@pytest.mark.parametrize("model", [Post, Resource, Training, Call])
def test_generated_records_have_the_search_text_save_writes_and_known_words(generated, model):
    records = list(model.objects.order_by("pk")[:5])
    texts = [record.search_text for record in records]
    assert all(texts)
    for record in records:
        record.save()
    assert [r.search_text for r in model.objects.order_by("pk")[:5]] == texts
    known = set(SearchWord.objects.values_list("word", flat=True))
    assert set().union(*(words_of(text) for text in texts)) <= known


@pytest.mark.django_db
def test_the_benchmark_never_uses_the_configured_database(tmp_path):
    configured = connection.settings_dict
    clash = (
        {"NAME": str(tmp_path / "bench-20.sqlite3")}
        if connection.vendor == "sqlite"
        else {"TEST": {"NAME": f"{configured['NAME']}_bench_20"}}
    )
    with mock.patch.dict(configured, clash), pytest.raises(CommandError, match="configured"):
        bench_database(20, tmp_path)
    assert bench_database(20, tmp_path).name != configured["NAME"]


def test_the_benchmark_refuses_to_run_with_debug_off(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG"):
        call_command("benchmark", scale=20, baseline=10, stdout=io.StringIO())


def _run(tmp_path: Path, **options) -> tuple[dict, str]:
    out, err = io.StringIO(), io.StringIO()
    options = {"scale": 20, "seconds": 0.3, **options}
    call_command(
        "benchmark",
        baseline=10,
        requests=1,
        workers=1,
        clients=2,
        sqlite_dir=tmp_path,
        as_json=True,
        stdout=out,
        stderr=err,
        **options,
    )
    return json.loads(out.getvalue()), err.getvalue()


@pytest.fixture
def benchmark_databases_only(django_db_setup, django_db_blocker, tmp_path):
    """Database access for the command, which works in its own databases: the test database
    is neither wrapped in a transaction nor flushed after (nothing writes to it). Those the
    command kept are dropped after the test (on SQLite they are in `tmp_path`)."""
    with django_db_blocker.unblock():
        yield
        for scale in (10, 20):
            drop(bench_database(scale, tmp_path))


def test_the_benchmark_compares_two_scales_then_measures_every_page_on_reused_data(
    settings, tmp_path, benchmark_databases_only
):
    """Two runs at tiny scales (their figures are not checked: timings are never asserted): a
    few pages at two scales, generated; then every page at one scale, on the data kept."""
    settings.DEBUG = True
    document, progress = _run(tmp_path, pages="home,healthz,xlsx,dashboard")
    baseline, scale = document["runs"]
    assert [baseline["scale"], scale["scale"]] == [10, 20]
    assert not scale["preparation"]["reused"]
    assert scale["preparation"]["rows"]["members.Organisation"] == 20
    assert "generated in" in progress
    assert [row["page"] for row in scale["pages"]] == [
        "home", "dashboard", "dashboard", "dashboard", "census, XLSX export",
        "activity report, XLSX", "trivial view (healthz)",
    ]  # fmt: skip
    for row in scale["pages"]:
        assert row["ratio_to_baseline"] is not None
        assert row["cold_ratio_to_baseline"] is not None
    for run in (baseline, scale):
        assert [rate["path"] for rate in run["throughput"]] == ["/healthz", "/", "/directory/"]
        assert all(rate["requests"] >= 1 for rate in run["throughput"])
    # The databases stay, for inspection, with their server's log (the template they were
    # copied from does not).
    if connection.vendor == "sqlite":
        assert sorted(p.name for p in tmp_path.glob("bench-*.sqlite3")) == [
            "bench-10.sqlite3",
            "bench-20.sqlite3",
        ]
        assert (tmp_path / "bench-20.sqlite3-gunicorn.log").is_file()

    document, progress = _run(tmp_path, scale=10, reuse=True, seconds=0)
    (run,) = document["runs"]
    assert run["preparation"] == {"reused": True}
    pages = {(row["page"], row["audience"]): row for row in run["pages"]}
    assert len(pages) == len(run["pages"]) >= 30
    answered = {key: row["status"] for key, row in pages.items() if not row["optional"]}
    # Every audience logged in for real: no redirect to the login page nor to enrolment.
    assert set(answered.values()) == {200}, answered
    assert [key for key, row in pages.items() if not row["wire_bytes"]] == []
    assert all(isinstance(row["queries"], int) for row in pages.values())
    assert all(row["cold_median_ms"] is not None for row in pages.values())
    assert {("census, XLSX export", "state"), ("admin, organisations", "admin")} <= set(pages)


@pytest.mark.django_db
def test_the_pages_measured_include_those_of_the_issue(generated):
    labels = {(page.label, page.audience) for page in main_pages()}
    for wanted in [
        ("directory, search with typos", "anonymous"),
        ("directory, map data", "anonymous"),
        ("cooperation by country", "anonymous"),
        ("open data, organisations GeoJSON", "anonymous"),
        ("statistics", "state"),
        ("dashboard", "coordinator"),
        ("trivial view (healthz)", "anonymous"),
        ("calls", "anonymous"),
        ("calls, month", "anonymous"),
        ("news", "anonymous"),
        ("news post", "anonymous"),
        ("news Atom feed", "anonymous"),
        ("resources", "anonymous"),
        ("resources, members-only too", "member"),
        ("events", "anonymous"),
        ("working group", "anonymous"),
        ("newsletter archive", "anonymous"),
        ("newsletter issue, web version", "anonymous"),
        ("newsletter issues", "coordinator"),
        ("newsletter issue, with its deliveries", "coordinator"),
        ("portal search", "anonymous"),
        ("support requests, open", "coordinator"),
        ("support request", "coordinator"),
        ("support requests", "member"),
        ("missions", "coordinator"),
        ("obstacles report", "state"),
        ("obstacles, CSV export", "state"),
        ("API, organisations, territory and theme", "anonymous"),
        ("API, projects", "anonymous"),
        ("API, OpenAPI schema", "anonymous"),
        ("activity report", "coordinator"),
        ("activity report", "state"),
        ("activity report, XLSX", "state"),
    ]:
        assert wanted in labels


def _row(page: str, median: float, **extra) -> dict:
    return {
        "page": page,
        "audience": "anonymous",
        "path": f"/{page}/",
        "status": 200,
        "queries": 3,
        "median_ms": median,
        "p95_ms": median,
        "cold_median_ms": median * 2,
        "ttfb_ms": median,
        "wire_bytes": 2048,
        "raw_bytes": 8192,
        "encoding": "gzip",
        "location": "",
        "error": "",
        "optional": False,
        "status_in_process": 200,
        "problem_in_process": "",
        **extra,
    }


def test_the_table_gives_the_ratio_to_the_baseline_and_explains_what_failed():
    def run(scale, rows):
        return {"scale": scale, "database": "db", "preparation": {"reused": True},
                "pages": rows, "throughput": []}  # fmt: skip

    baseline = run(500, [_row("directory", 100), _row("census", 50)])
    timeout = {"status": 500, "error": "", "status_in_process": 500,
               "problem_in_process": "stopped after 30 s, queries counted until then"}  # fmt: skip
    scale = run(50_000, [_row("directory", 250), _row("census", 30_000, **timeout)])
    text = report.table(scale, baseline)
    directory = next(line for line in text.splitlines() if line.startswith("directory"))
    assert directory.split()[-2:] == ["2.5×", "2.5×"]
    census = next(line for line in text.splitlines() if line.startswith("census"))
    assert census.startswith("census [1]")
    assert not census.endswith("×")  # a failure is not compared with an answer
    assert "[1] census (anonymous): in process: 500 stopped after 30 s" in text
    # The baseline's own table has no ratio to itself.
    assert not report.table(baseline, baseline).splitlines()[2].endswith("×")


@pytest.mark.django_db
def test_a_cold_request_finds_both_shared_caches_empty():
    """Visitors' pages are kept under their own alias ("public"): a cold measure must empty
    it too, or it would time the page cache."""
    from django.core.cache import caches
    from django.test.utils import override_settings

    from rrma.benchmark.runner import _shared_cache, clear_caches

    with override_settings(CACHES=_shared_cache()):
        caches["default"].set("a", 1)
        caches["public"].set("page", "<html>")
        clear_caches()
        assert caches["default"].get("a") is None
        assert caches["public"].get("page") is None
