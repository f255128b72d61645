"""The main pages are valid HTML: the Nu HTML Checker (vnu, the W3C validator) finds no error.

Every page is rendered on the demo data, as the audience that reads it, written to a folder,
and all are checked by one run of vnu (each start of its Java machine costs seconds). vnu is
the npm package `vnu-jar` at the root of the repository (`node_modules/`, git-ignored; CI
installs it, see `.ci/run`), or the jar named by `VNU_JAR`; it needs Java. Without either the
test skips, except under CI.
"""

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from django.db.models import Count
from django.urls import reverse

from calls.models import Call
from members.models import Organisation, User
from news.models import Post
from projects.models import Project
from trainings.models import Session

ROOT = Path(__file__).resolve().parents[2]
VNU_JAR = Path(os.environ.get("VNU_JAR", ROOT / "node_modules/vnu-jar/build/dist/vnu.jar"))
JAVA = shutil.which("java")
MISSING = (
    "Java is not installed"
    if JAVA is None
    else None
    if VNU_JAR.is_file()
    else f"the Nu HTML Checker is not at {VNU_JAR} (npm install vnu-jar, or set VNU_JAR)"
)

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        MISSING is not None and os.environ.get("CI") != "true",
        reason=f"{MISSING}; CI installs it",
    ),
]

# The demo's accounts of each audience.
MEMBER = "admin.asso@rrma.example"  # an organisation's admin
COORDINATOR = "coordination.guadeloupe@rrma.example"
STATE = "etat@rrma.example"


def record_pages() -> dict[str, str]:
    """The demo records the pages show, each among the fullest of its kind: an organisation
    with projects, a project with partners, a training with coming sessions, a call open now,
    a published post."""
    organisation = (
        Organisation.objects.public().annotate(n=Count("led_projects")).order_by("-n", "pk").first()
    )
    project = (
        Project.objects.public()
        .annotate(n=Count("caribbean_partners"))
        .order_by("-n", "pk")
        .first()
    )
    session = Session.objects.published().upcoming().filter(training__kind="training").first()
    call = Call.objects.public().open_now().order_by("deadline", "pk").first()
    post = Post.objects.public().order_by("-published_at", "pk").first()
    return {
        "organisation": reverse("organisation", args=[organisation.slug]),
        "project": reverse("projects:project", args=[project.slug]),
        "training": reverse("trainings:training", args=[session.training.slug]),
        "call": reverse("call", args=[call.slug]),
        "post": reverse("news:post", args=[post.slug]),
    }


def main_pages() -> list[tuple[str, str | None, str]]:
    """(file name, the account that reads it or None for a visitor, address)."""
    records = record_pages()
    return [
        ("home", None, reverse("home")),
        ("directory", None, reverse("members:directory")),
        ("organisation", None, records["organisation"]),
        ("organisation-coordinator", COORDINATOR, records["organisation"]),
        ("projects", None, reverse("projects:catalogue")),
        ("project", None, records["project"]),
        ("partners", None, reverse("projects:partners")),
        ("by-country", None, reverse("projects:by_country")),
        ("trainings", None, reverse("trainings:catalogue")),
        ("training", None, records["training"]),
        ("events", None, reverse("trainings:events")),
        ("calls", None, reverse("calls:calendar")),
        ("call", None, records["call"]),
        ("news", None, reverse("news:list")),
        ("post", None, records["post"]),
        ("resources", None, reverse("resources:list")),
        ("census", STATE, reverse("census")),
        ("statistics", STATE, reverse("statistics")),
        ("dashboard-coordinator", COORDINATOR, reverse("dashboard")),
        ("dashboard-member", MEMBER, reverse("dashboard")),
        ("activity-report", COORDINATOR, reverse("activity_report", args=["guadeloupe"])),
        ("opendata", None, reverse("opendata")),
        ("login", None, reverse("account_login")),
        ("project-create", MEMBER, reverse("projects:project_create")),
        ("site-map", None, reverse("site_map")),
        ("site-map-coordinator", COORDINATOR, reverse("site_map")),
    ]


def vnu_errors(files: list[Path]) -> list[dict]:
    """vnu's errors on the files, one run for all (its report is JSON on standard error)."""
    run = subprocess.run(  # noqa: S603  (Java on the files this test wrote)
        [
            JAVA or "java",
            "-jar",
            str(VNU_JAR),
            "--format",
            "json",
            "--errors-only",
            *map(str, files),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert run.returncode in (0, 1), run.stderr or run.stdout  # 1: errors found
    return json.loads(run.stderr)["messages"]


def test_the_main_pages_are_valid_html(client, demo, tmp_path):
    files, users = [], {}
    for name, email, url in main_pages():
        client.logout()
        if email is not None:
            users.setdefault(email, User.objects.get(email=email))
            client.force_login(users[email])
        response = client.get(url)
        assert response.status_code == 200, f"{name} ({url}): {response.status_code}"
        path = tmp_path / f"{name}.html"
        path.write_bytes(response.content)
        files.append(path)

    errors = vnu_errors(files)

    listed = [
        f"{Path(e.get('url', '')).name}:{e.get('lastLine')}: {e['message']} "
        f"[{e.get('extract', '').strip()}]"
        for e in errors
    ]
    assert not errors, f"{len(errors)} errors in {len(files)} pages:\n" + "\n".join(listed)
