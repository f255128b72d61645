"""Hostile input on POST: generated values sent to every form of the portal, as a role allowed
to post it.

Property: whatever a form receives, the portal answers below 500; a refused submission (the
form shown again with its errors, or a 4xx) leaves every table as it was, and an accepted one
leaves valid records (every row it created, and the records the form edits, pass their model's
checks).

Each form is read from the page that shows it (every form of that page posting to the URL):
each request starts from what a browser sends for it untouched (with `fill`, the values that
make a creation form acceptable), then replaces some of its fields (hidden ones and the
formsets' management fields included) with hostile values, as test_hostile_input.py does for
GET parameters, and presses one of its buttons; one request in ten sends it untouched. Every
request is rolled back, so each starts from the same data.

Derandomized Hypothesis as in test_hostile_input.py: 200 requests per form on PostgreSQL, 30 on
SQLite.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from urllib.parse import urljoin

import lxml.html
import pytest
from django.core.cache import cache
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from calls.models import Call, OrganisationAlert
from members.models import ContactPerson, Membership, Organisation, Territory, WorkingGroup
from missions.models import Mission
from news.models import Post
from newsletter.models import Issue
from projects.models import CaribbeanPartner, FundingLine, Project
from resources.models import Resource
from support.models import SupportRequest
from tests.members.factories import PASSWORD, UserFactory
from tests.rrma import test_hostile_input as hostile
from tests.rrma import test_permission_matrix as matrix
from tests.trainings.factories import RegistrationFactory, SessionFactory
from trainings.models import Registration, Session, Training

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "another-long-password-2026"


@dataclass(frozen=True)
class Form:
    """The forms of a page that post to a URL, posted by `role`.

    `page`: the URL name of the page showing them (the URL itself by default), with the
    arguments of its matrix row `row`, or those `pages` gives (a function of the fixture's
    objects, giving one set of arguments per page).
    `fill`: values replacing the untouched submission's (a value may be a function of the
    objects). `records`: what an accepted submission
    may have changed (a function of the objects, giving querysets), checked valid afterwards.
    """

    role: str
    page: str | None = None
    row: int = 0
    pages: Callable | None = None
    fill: dict = field(default_factory=dict)
    records: Callable | None = None


def _acme(model, **lookup):
    return lambda objects: [model.objects.filter(**{k: v(objects) for k, v in lookup.items()})]


ORGANISATION = {
    "name": "Association Caraïbe Avenir",
    "kind": "association",
    "rna": "W9G2001234",
    "commune": "97120",
    "short_description": "Échanges de jeunes avec la Dominique.",
    "themes": "youth-mobility",
    "contact_name": "Rose Bellance",
}
SOON = timezone.localtime() + timedelta(days=30)

FORMS = {
    "members:organisation_register": Form("member", fill=ORGANISATION),
    "members:organisation_edit": Form(
        "editor",
        records=lambda o: [
            Organisation.objects.filter(pk=o["acme"].pk),
            ContactPerson.objects.filter(organisation=o["acme"]),
        ],
    ),
    "members:organisation_join": Form("member"),
    "members:organisation_invite": Form(
        "admin", page="members:organisation_members", fill={"email": "invited@example.net"}
    ),
    "members:membership_update": Form(
        "admin",
        page="members:organisation_members",
        records=lambda o: [Membership.objects.filter(organisation=o["acme"])],
    ),
    "members:join_request_answer": Form("admin", page="members:organisation_members"),
    "members:organisation_moderate": Form(
        "coordinator", records=lambda o: [Organisation.objects.filter(slug="pending-org")]
    ),
    "members:account_delete": Form("member", fill={"password": PASSWORD}),
    "projects:partner_edit": Form(
        "coordinator", records=lambda o: [CaribbeanPartner.objects.filter(pk=o["partner"].pk)]
    ),
    "projects:project_create": Form(
        "editor",
        fill={
            "title": "Chantiers de jeunes à Saint-Vincent",
            "summary": "Chantiers solidaires.",
            "themes": "youth-mobility",
        },
    ),
    "projects:project_edit": Form(
        "editor",
        records=lambda o: [
            Project.objects.filter(slug="coop"),
            FundingLine.objects.filter(project__slug="coop"),
        ],
    ),
    "trainings:training_create": Form(
        "coordinator",
        fill={
            "title": "Monter un dossier Interreg",
            "summary": "Les étapes d'un dossier.",
            "sessions-0-starts_at": f"{SOON:%Y-%m-%d}T09:00",
            "sessions-0-ends_at": f"{SOON:%Y-%m-%d}T12:00",
            "sessions-0-venue": "Maison des associations",
            "sessions-0-capacity": "12",
            "sessions-0-registration_deadline": f"{SOON:%Y-%m-%d}T08:00",
            "themes": "local-governance",
        },
    ),
    "trainings:training_edit": Form(
        "coordinator",
        records=lambda o: [
            Training.objects.filter(slug="workshop"),
            Session.objects.filter(training__slug="workshop"),
        ],
    ),
    "trainings:training_status": Form(
        "coordinator",
        page="trainings:training",
        records=lambda o: [Training.objects.filter(slug="workshop")],
    ),
    "trainings:register": Form("admin", page="trainings:training"),
    # A coming session (approve, promote, write to them) and a past one (attendance).
    "trainings:registrants": Form(
        "coordinator",
        pages=lambda o: [{"pk": o["session"].pk}, {"pk": o["past_session"].pk}],
        records=lambda o: [Registration.objects.all()],
    ),
    "calls:call_create": Form(
        "coordinator",
        fill={
            "title": "Appel à projets FCR 2028",
            "funder": "fcr-guadeloupe",
            "summary": "Projets de coopération avec la Caraïbe.",
            "opens_on": f"{timezone.localdate():%Y-%m-%d}",
            "deadline": f"{SOON:%Y-%m-%d}T12:00",
        },
    ),
    "calls:call_edit": Form("coordinator", records=lambda o: [Call.objects.filter(slug="fcr")]),
    "calls:call_status": Form(
        "coordinator", page="call", records=lambda o: [Call.objects.filter(slug="fcr")]
    ),
    "calls:alerts": Form(
        "admin", records=lambda o: [OrganisationAlert.objects.filter(organisation=o["acme"])]
    ),
    "calls:search_save": Form("anon", fill={"email": "veille@example.net"}),
    "trainings:event_create": Form(
        "coordinator",
        fill={
            "title": "Assemblée générale de Karib Horizon",
            "summary": "Bilan de l'année.",
            "sessions-0-starts_at": f"{SOON:%Y-%m-%d}T09:00",
            "sessions-0-ends_at": f"{SOON:%Y-%m-%d}T12:00",
            "sessions-0-capacity": "120",
            "sessions-0-registration_deadline": f"{SOON:%Y-%m-%d}T08:00",
            "themes": "local-governance",
        },
    ),
    "members:working_group_create": Form("coordinator", fill={"name": "Groupe Santé"}),
    "members:working_group_edit": Form(
        "coordinator", records=lambda o: [WorkingGroup.objects.filter(slug="sante")]
    ),
    "news:post_create": Form(
        "coordinator",
        fill={"title": "Assemblée générale", "summary": "Le bilan de l'année.", "body": "## Bilan"},
    ),
    "news:post_edit": Form("coordinator", records=lambda o: [Post.objects.filter(slug="gp-news")]),
    "news:post_status": Form(
        "coordinator", page="news:post", records=lambda o: [Post.objects.filter(slug="gp-news")]
    ),
    "resources:resource_create": Form(
        "coordinator",
        fill={"title": "Replay de la formation", "url": "https://video.example.org/replay"},
    ),
    "resources:resource_edit": Form(
        "coordinator", records=lambda o: [Resource.objects.filter(slug="guide")]
    ),
    "newsletter:subscribe": Form("anon", fill={"email": "lectrice@example.net"}),
    "newsletter:issue_create": Form("coordinator", fill={"subject": "Les nouvelles du mois"}),
    "newsletter:issue_edit": Form(
        "coordinator", records=lambda o: [Issue.objects.filter(pk=o["draft_issue"].pk)]
    ),
    "network_edit": Form(
        "coordinator", records=lambda o: [Territory.objects.filter(slug="guadeloupe")]
    ),
    "missions:mission_create": Form(
        "editor",
        fill={
            "organisation": lambda o: str(o["acme"].pk),
            "direction": "outgoing",
            "country": "HT",
            "start_date": "2026-03-02",
            "end_date": "2026-03-06",
            "participants": "4",
            "purpose": "Rencontres avec les partenaires de Jacmel.",
        },
    ),
    "missions:mission_edit": Form(
        "editor",
        records=lambda o: [Mission.objects.filter(organisation=o["acme"])],
    ),
    "support:request_create": Form(
        "editor",
        fill={
            "organisation": "acme",
            "topic": "partner-search",
            "description": "Trouver un partenaire à la Dominique.",
            "preferred_mode": "phone",
        },
    ),
    "support:message_post": Form(
        "coordinator", page="support:request", fill={"body": "Envoyez-nous le budget."}
    ),
    "support:request_follow_up": Form(
        "coordinator",
        page="support:request",
        records=lambda o: [SupportRequest.objects.filter(pk=o["support_request"].pk)],
    ),
    "support:appointment_create": Form(
        "coordinator",
        fill={"starts_at": SOON.strftime("%Y-%m-%dT%H:%M"), "link": "https://visio.example/a"},
    ),
    "set_language": Form("member", page="home"),
    # allauth's forms
    "account_login": Form("anon", fill={"login": "hostile@example.org", "password": PASSWORD}),
    "account_signup": Form(
        "anon",
        fill={"email": "new@example.org", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    ),
    "account_reset_password": Form("anon", fill={"email": "hostile@example.org"}),
    "account_change_password": Form(
        "member",
        fill={"oldpassword": PASSWORD, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    ),
    "account_email": Form("member", fill={"email": "second@example.org"}),
    "account_reauthenticate": Form("member", fill={"password": PASSWORD}),
    "mfa_reauthenticate": Form("coordinator"),
}

# URLs without a form to probe, and why. GET pages said to read no parameter are checked not
# to read request.GET (test_hostile_input.py).
NO_PARAMETER = "reads no query parameter"
BUTTON_ONLY = "a POST without any field but its button: nothing to generate"
EXCLUDED = {
    **dict.fromkeys(
        (
            "home",
            "healthz",
            "members:account",
            "members:data_export",
            "dashboard",
            "network",
            "opendata",
            "opendata_organisations_csv",
            "opendata_organisations_json",
            "opendata_organisations_geojson",
            "opendata_projects_csv",
            "opendata_projects_json",
            "privacy",
            "legal",
            "accessibility",
            "site_map",
            "organisation",
            "members:organisation_history",
            "members:organisation_members",
            "projects:project",
            "trainings:feed",
            "trainings:territory_feed",
            "trainings:mine",
            "trainings:training",
            "trainings:session_ics",
            "trainings:attendance_csv",
            "trainings:attendance_sheet",
            # A person's prepared exports, and a file of theirs by its number.
            "census_exports",
            "census_export_download",
            # Its form is a button ("log out the other sessions").
            "usersessions_list",
            "call",
            "calls:document",
            "calls:feed",
            "news:feed",
            "news:rss",
            "news:territory_feed",
            "news:territory_rss",
            "news:post",
            "resources:resource",
            "resources:download",
            "trainings:event",
            "trainings:events_feed",
            "working_group",
            "working_groups",
            "newsletter:web",
            "newsletter:issue",
            "calls:territory_feed",
            "support:request",
            "support:appointment_ics",
            "missions:mission",
            "imports:progress",
            "imports:template",
            "imports:rejected_xlsx",
            "imports:rejected_csv",
        ),
        NO_PARAMETER,
    ),
    **dict.fromkeys(
        (
            "members:organisation_resubmit",
            "members:organisation_confirm",
            "members:organisation_confirm_link",
            "members:organisation_archive",
            "members:invitation",
            "projects:project_publish",
            "projects:project_unpublish",
            "trainings:registration_cancel",
            "account_logout",
            "calls:document_delete",
            "calls:search_confirm",
            "calls:unsubscribe",
            "resources:resource_delete",
            "newsletter:confirm",
            "newsletter:unsubscribe",
            "newsletter:issue_test",
            "newsletter:issue_send",
            "missions:mission_delete",
            "imports:undo",
            "support:request_take",
            "support:request_reopen",
            "support:request_withdraw",
        ),
        BUTTON_ONLY,
    ),
    "imports:import_create": "a spreadsheet upload: files are probed by "
    "tests/imports/test_reading.py",
    "imports:mapping": "shown before the rows are checked (the matrix's import is done): its "
    "choices are posted by tests/imports/test_pages.py and tests/browser/test_import_journey.py",
    "calls:document_add": "a PDF upload: files are probed by tests/calls/test_documents.py",
    "account_inactive": "allauth's page, no form",
    "account_email_verification_sent": "allauth's page, no form",
    "account_reset_password_done": "allauth's page, no form",
    "account_reset_password_from_key_done": "allauth's page, no form",
    "account_reset_password_from_key": "allauth's form behind a valid emailed key only",
    "account_confirm_email": "allauth's page behind a valid emailed key only",
    "account_set_password": "allauth's form for accounts without a password: there are none",
    "account_confirm_login_code": "allauth's form behind a pending login (codes are off)",
    "mfa_authenticate": "allauth's form behind a pending login (probed: mfa_reauthenticate)",
    **dict.fromkeys(
        (
            "mfa_index",
            "mfa_activate_totp",
            "mfa_deactivate_totp",
            "mfa_view_recovery_codes",
            "mfa_generate_recovery_codes",
            "mfa_download_recovery_codes",
        ),
        "allauth's two-factor forms, behind a recent reauthentication (probed: "
        "account_reauthenticate, mfa_reauthenticate)",
    ),
}
# URL names by prefix, and why.
EXCLUDED_PREFIXES = {
    "admin:": "Django's admin, for site admins with two-factor authentication: Django's own forms",
    "api-v1:": "the JSON API has no form: schemathesis generates its parameters from its schema "
    "(tests/api/test_schema_fuzzing.py)",
}


@pytest.fixture
def form_objects(objects):
    """The permission matrix's objects, with registrations to approve and to promote on the
    coming session, and a past session whose attendance is to be taken."""
    session = objects["session"]
    for status in (Registration.Status.PENDING, Registration.Status.WAITLISTED):
        RegistrationFactory(session=session, organisation=objects["acme"], status=status)
    past = SessionFactory(
        training=session.training,
        starts_at=timezone.now() - timedelta(days=3),
        ends_at=timezone.now() - timedelta(days=3, hours=-3),
        registration_deadline=timezone.now() - timedelta(days=5),
    )
    RegistrationFactory(session=past, organisation=objects["acme"])
    UserFactory(email="hostile@example.org")
    return {**objects, "past_session": past}


def page_urls(name: str, spec: Form, objects) -> list[str]:
    if spec.pages is not None:
        return [reverse(spec.page or name, kwargs=kwargs) for kwargs in spec.pages(objects)]
    return [hostile.url_of(spec.page or name, objects, spec.row)]


def submission(form, fill: dict) -> list[tuple[str, str]]:
    """What a browser sends for the form untouched (its buttons aside), with `fill` set."""
    pairs = [(name, value) for name, value in form.form_values() if name not in fill]
    for name, value in fill.items():
        pairs += [(name, v) for v in (value if isinstance(value, list) else [value])]
    return pairs


def record_values(spec: Form, objects) -> list:
    if spec.records is None:
        return []
    return [list(queryset.order_by("pk").values()) for queryset in spec.records(objects)]


def refused(response) -> bool:
    """The form shown again with its errors, or a refusal."""
    return response.status_code >= 400 or (
        response.status_code == 200 and b'class="error-summary' in response.content
    )


def probe_form(objects, name: str, spec: Form, fast_templates) -> dict:
    client = hostile.role_client(objects, spec.role)
    variants = []
    for url in page_urls(name, spec, objects):
        page = client.get(url)
        assert page.status_code == 200, f"{url}: {page.status_code}"
        for form in hostile.forms_posting_to(lxml.html.fromstring(page.content), url, name):
            buttons = [(b.get("name"), b.get("value") or "") for b in form.iter("button")]
            variants.append(
                (
                    urljoin(url, form.get("action") or url),
                    {
                        name: field.kind
                        for name, field in hostile.form_fields(form).items()
                        if name != "csrfmiddlewaretoken"
                    },
                    submission(
                        form, {k: v(objects) if callable(v) else v for k, v in spec.fill.items()}
                    ),
                    [b for b in buttons if b[0]] or [None],
                )
            )
    assert variants, f"no form posting to {name}"
    fast_templates()
    cookies = hostile.restoring_session(client)
    results = {"tried": 0, "accepted": 0, "failures": [], "half_saved": [], "invalid": []}
    # Every request is rolled back: each starts from this state.
    before, values = hostile.snapshot(), record_values(spec, objects)

    @hostile.SETTINGS
    @given(data=st.data())
    def request(data):
        action, kinds, base, buttons = data.draw(st.sampled_from(variants), label="form")
        # Now and then, nothing hostile: the untouched submission must save valid records.
        untouched = data.draw(st.integers(0, 9), label="untouched") == 9
        replaced = {} if untouched else hostile.hostile_values(data, kinds)
        pairs = [(n, v) for n, v in base if n not in replaced]
        button = data.draw(st.sampled_from(buttons), label="button")
        if button and button[0] not in replaced:
            pairs.append(button)
        pairs += sorted(replaced.items())
        body = hostile.encode(pairs)
        cache.clear()
        client.cookies = hostile.SimpleCookie(cookies.output(header="", sep="\n"))
        with transaction.atomic():
            response = client.post(action, body, content_type="application/x-www-form-urlencoded")
            results["tried"] += 1
            if response.status_code >= 500:
                results["failures"].append(f"{response.status_code} {action} {body}"[:600])
            else:
                after = hostile.snapshot()
                changed = hostile.changed_tables(before, after)
                if refused(response):
                    if changed or record_values(spec, objects) != values:
                        results["half_saved"].append(f"{sorted(changed)} {action} {body}"[:600])
                else:
                    results["accepted"] += 1
                    rows = hostile.new_rows(before, after)
                    if spec.records and record_values(spec, objects) != values:
                        rows += [row for queryset in spec.records(objects) for row in queryset]
                    results["invalid"] += hostile.invalid(rows)
            transaction.set_rollback(True)

    request()
    return results


@pytest.mark.parametrize("name", FORMS)
def test_no_generated_value_breaks_a_form_nor_half_saves(form_objects, name, fast_templates):
    result = probe_form(form_objects, name, FORMS[name], fast_templates)
    print(f"{name}: {result['tried']} submissions, {result['accepted']} accepted")
    assert result["tried"] >= hostile.EXAMPLES
    assert not result["failures"], (
        f"{len(result['failures'])} server errors of {result['tried']}:\n"
        + "\n".join(result["failures"][:10])
    )
    assert not result["half_saved"], "refused but saved:\n" + "\n".join(result["half_saved"][:10])
    assert not result["invalid"], "accepted but invalid:\n" + "\n".join(result["invalid"][:10])


def test_every_url_is_probed_or_excluded_with_a_reason():
    names = set(matrix.url_names())
    probed = set(hostile.GET_PAGES) | set(FORMS)
    unknown = {
        n for n in names - probed - EXCLUDED.keys() if not n.startswith(tuple(EXCLUDED_PREFIXES))
    }
    assert not unknown, f"probe these URLs here, or exclude them with a reason: {sorted(unknown)}"
    assert not (probed | EXCLUDED.keys()) - names, "these URLs no longer exist"
    assert not probed & EXCLUDED.keys(), "a URL is both probed and excluded"


NO_PARAMETER_PAGES = sorted(n for n, reason in EXCLUDED.items() if reason == NO_PARAMETER)


def test_pages_said_to_read_no_parameter_read_none(objects):
    """One request each, with parameters, as the first role that sees it: had the view read
    request.GET (a new filter), it would belong to GET_PAGES."""
    readers, errors = [], []
    for name in NO_PARAMETER_PAGES:
        role = hostile.allowed_roles(name)[0]
        client = hostile.role_client(objects, role)
        response = client.get(
            hostile.url_of(name, objects), QUERY_STRING="page=%00&q=%ED%A0%80&year=-1"
        )
        if response.streaming:
            b"".join(response.streaming_content)  # a download closes its file once read
        if response.status_code >= 500:
            errors.append(name)
        if "GET" in response.wsgi_request.__dict__:
            readers.append(name)
    assert not errors
    assert not readers, f"these pages read GET parameters: probe them in GET_PAGES: {readers}"


objects = matrix.objects
fast_templates = hostile.fast_templates
_quiet_request_log = hostile._quiet_request_log
