"""Hostile input on GET: generated values sent to every parameter of every list, filter, census,
export and statistics page, as each role that sees it; and the inventory of every URL.

Property: whatever a client sends, the portal answers below 500 (an invalid filter is said next
to its field, see toolbox/filters.py), and a GET writes nothing but its bookkeeping.

Every URL of the portal (from the URL conf, as for the permission matrix) is probed here, or
its form in test_hostile_input_forms.py, or excluded with a reason; pages excluded as reading no
parameter are checked not to read any. So a new page, or a new filter on an old one, cannot be
forgotten. A page's parameters are read from the page itself (its GET forms and its filter set,
plus `page`): every request sets them all, each to a fresh value, some hostile and the others
plausible, so that hostile values also reach the queries, not only the form (`hostile_values`:
one field, every typed field at the edge of one year, or several fields), in turn as each role
that sees the page (and, for the exports, in each format).

Hypothesis runs derandomized (the same values on every run; no database of examples, nothing
written into the work tree): 200 requests per page on PostgreSQL, 30 on SQLite (the CI runs
both, and each fails on its own: PostgreSQL on NUL in text, SQLite on ids beyond 64 bits). The
examples after the probes are the server errors the probes found before the fixes, one each.
"""

import itertools
import logging
import tempfile
from dataclasses import dataclass
from datetime import date
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import quote, urlsplit

import django_filters
import lxml.html
import pytest
from django.apps import apps
from django.core.cache import cache
from django.db import connection, models, transaction
from django.template.base import PartialTemplate, Template
from django.test import Client
from django.test.utils import _TestState
from django.urls import resolve, reverse
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from hypothesis.configuration import set_hypothesis_home_dir

from tests.rrma import test_permission_matrix as matrix

pytestmark = pytest.mark.django_db

EXAMPLES = 200 if connection.vendor == "postgresql" else 30

# What a hostile client, a fuzzer or a broken link sends.
NASTY = [
    "",
    " ",
    "\x00",
    "a\x00b",
    "%00",
    "\ud800",
    "\udfff",
    "x\udc80y",
    "-1",
    "0",
    "-0",
    "1",
    "32767",
    "32768",
    "-32769",
    "65536",
    "2147483647",
    "2147483648",
    "-2147483649",
    "9223372036854775807",
    "9223372036854775808",
    "-9223372036854775809",
    "18446744073709551616",
    "1" * 20,
    "9" * 40,
    "1e400",
    "1e5",
    "-1e5",
    "1.5",
    "1,5",
    "NaN",
    "Infinity",
    "-inf",
    "0x10",
    "1_000",
    "١٢٣",  # Arabic-Indic digits, which int() reads
    "２０２５",  # full-width digits, likewise
    "0001-01-01",
    "9999-12-31",
    "10000-01-01",
    "0000-00-00",
    "2024-02-30",
    "1899-12-31",
    "1900-01-01",
    "2100-12-31",
    "2101-01-01",
    "2024-13",
    "0000-01",
    "0001-01",
    "9999-12",
    "-0001-01",
    "31/12/9999",
    "01/01/0001",
    "9999-12-31T23:59",
    "0001-01-01T00:00",
    "true",
    "false",
    "on",
    "None",
    "null",
    "[]",
    "{}",
    "' OR '1'='1",
    "1; DROP TABLE members_organisation; --",
    '" onmouseover="alert(1)',
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "{{ 7|add:7 }}",
    "{% debug %}",
    "${7*7}",
    "%s%s%s%n",
    "%(name)s",
    "../../../etc/passwd",
    "\u202etxt.exe",
    "\u200f\u200e\u061c",
    "\ufeff",
    "\u2028\u2029\u0085",
    "\r\n\t",
    "\\",
    "'\"`",
    "&=#+?",
    "😀" * 50,
    "👩‍👩‍👧‍👦",
    "é" * 300,
    "a" * 10_000,
    "mot " * 2_500,
    "https://evil.example/",
    "//evil.example",
    "javascript:alert(1)",
    "person@example.org\x00",
    "+590 590 12 34 56",
]

# Years at the edges of what the portal, Python, the databases and 16-bit integers hold,
# written as a year, a month, a date, a date and time.
EDGE_YEARS = [-1, 0, 1, 1899, 2101, 9999, 10000, 32768]
EDGE_DATES = st.builds(
    lambda year, shape: shape.format(year=year),
    st.sampled_from(EDGE_YEARS),
    st.sampled_from(
        [
            "{year}",
            "{year:04d}-12",
            "{year:04d}-01",
            "{year:04d}-12-31",
            "{year:04d}-01-01",
            "{year:04d}-12-31T23:59",
            "{year:04d}-01-01T00:00",
            "31/12/{year:04d}",
        ]
    ),
)
# The lists above, integers far beyond every column's range, dates of any year, and any
# Unicode text, control characters and lone surrogates included.
HOSTILE = st.one_of(
    st.sampled_from(NASTY),
    EDGE_DATES,
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.dates().map(lambda d: f"{d.year:04d}-{d.month:02d}"),
    st.dates().map(lambda d: d.isoformat()),
    st.text(max_size=50),
    st.text(
        st.one_of(st.characters(), st.characters(min_codepoint=0xD800, max_codepoint=0xDFFF)),
        max_size=20,
    ),
)


# Per kind of input, half of its hostile values are well-formed but out of range: those pass
# a form's parsing and reach the code behind it. One edge year per request, for all its fields
# (a period from 1 January to 31 December 9999).
EDGE_SHAPES = {
    "number": ["{year}"],
    "month": ["{year:04d}-12", "{year:04d}-01"],
    "date": ["{year:04d}-01-01", "{year:04d}-12-31"],
    "datetime-local": ["{year:04d}-01-01T00:00", "{year:04d}-12-31T23:59"],
}
HUGE = st.integers(min_value=-(10**30), max_value=10**30).map(str)


def hostile_values(data, kinds: dict[str, str]) -> dict[str, str]:
    """Hostile values for some of the fields (name: input kind) of one request, by thirds:
    one field with any hostile value; every typed field (number, month, date, time) at the
    edge of the same year (a period from 1 January to 31 December 9999); a few fields with any
    hostile value. The other fields keep plausible values, so that hostile ones also get past
    the form, to the code behind it."""
    names = sorted(kinds)
    mode = data.draw(st.sampled_from(["one", "edges", "several"]), label="mode")
    if mode == "edges" and any(kinds[n] in EDGE_SHAPES for n in names):
        year = data.draw(st.sampled_from(EDGE_YEARS), label="edge year")
        values = {}
        for name in names:
            if kinds[name] in EDGE_SHAPES:
                shape = data.draw(st.sampled_from(EDGE_SHAPES[kinds[name]]), label=name)
                values[name] = shape.format(year=year)
                if kinds[name] == "number" and data.draw(st.booleans(), label="huge"):
                    values[name] = data.draw(HUGE, label=name)
        return values
    if mode == "one":
        chosen = {data.draw(st.sampled_from(names), label="hostile")}
    else:
        chosen = data.draw(
            st.sets(st.sampled_from(names), min_size=min(2, len(names))), label="hostile"
        )
    return {name: data.draw(HOSTILE, label=name) for name in sorted(chosen)}


# Nothing written into the work tree: no database of examples (below), and Hypothesis's cache
# of the constants it reads in the sources goes to the temporary directory.
set_hypothesis_home_dir(Path(tempfile.gettempdir()) / "rrma-hypothesis")
SETTINGS = hypothesis_settings(
    max_examples=EXAMPLES,
    derandomize=True,
    database=None,
    deadline=None,
    print_blob=False,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def plausible(kind: str, offered: list[str]):
    """What a person would send: for a choice, one of the values the page offers (or none);
    for a typed input, a well-formed value of its type."""
    offered_or_none = st.sampled_from(["", *offered])
    if kind in {"select", "checkbox", "radio", "hidden", "button", "submit"}:
        return offered_or_none
    dates = st.dates(min_value=date(1990, 1, 1), max_value=date(2100, 12, 31))
    typed = {
        "number": st.integers(1900, 2100).map(str),
        "month": dates.map(lambda d: d.strftime("%Y-%m")),
        "date": dates.map(lambda d: d.isoformat()),
    }.get(kind, st.text(st.characters(categories=["L", "N", "P", "Zs"]), max_size=30))
    return st.one_of(offered_or_none, typed)


def encode(pairs) -> str:
    """A query string or form body as a hostile client writes it: lone surrogates as the bytes
    a lax encoder produces (which Django reads as replacement characters)."""
    return "&".join(
        f"{quote(name, safe='')}={quote(value, safe='', errors='surrogatepass')}"
        for name, value in pairs
    )


# ---------------------------------------------------------------------------------------------
# What a request changed.

# Tables any request may write to: sessions, the cache (rate limits), the export log (every
# export is logged, by rule).
BOOKKEEPING = {"django_session", "rrma_cache", "rrma_exportlog"}


def tracked_models() -> list[type[models.Model]]:
    """The portal's models and those of the accounts, whose new rows must be valid."""
    return [
        model
        for model in apps.get_models()
        if model._meta.app_label in {"members", "projects", "trainings", "rrma", "account", "mfa"}
        and not model.__name__.startswith("Historical")
        and isinstance(model._meta.pk, models.AutoField)
    ]


def snapshot() -> dict[str, int]:
    """Rows per table, and the highest primary key of each tracked model, in one query."""
    quote_name = connection.ops.quote_name
    tables = sorted(set(connection.introspection.django_table_names(only_existing=True)))
    # Table and column names from the introspection, never from input.
    columns = [(t, f"SELECT COUNT(*) FROM {quote_name(t)}") for t in tables]  # noqa: S608
    columns += [
        (
            f"max:{m._meta.label}",
            f"SELECT MAX({quote_name(m._meta.pk.column)}) "  # noqa: S608
            f"FROM {quote_name(m._meta.db_table)}",
        )
        for m in tracked_models()
    ]
    select = ", ".join(f"({query})" for _name, query in columns)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {select}")
        return dict(zip([name for name, _query in columns], cursor.fetchone(), strict=True))


def changed_tables(before: dict, after: dict) -> set[str]:
    return {t for t in before if not t.startswith("max:") and before[t] != after[t]} - BOOKKEEPING


def new_rows(before: dict, after: dict) -> list[models.Model]:
    """The rows of the tracked models created between the two snapshots."""
    rows = []
    for model in tracked_models():
        key = f"max:{model._meta.label}"
        if before[key] == after[key]:
            continue
        queryset = model._default_manager.all()
        rows += queryset.filter(pk__gt=before[key]) if before[key] is not None else queryset
    return rows


def invalid(rows) -> list[str]:
    """The rows that fail their model's checks, with why."""
    problems = []
    for row in rows:
        try:
            row.full_clean()
        except Exception as error:
            problems.append(f"{row._meta.label} {row.pk}: {error}")
    return problems


# ---------------------------------------------------------------------------------------------
# Clients, pages and their forms.


@pytest.fixture(autouse=True)
def _quiet_request_log(monkeypatch):
    """Thousands of refused requests are logged as warnings (and server errors, before the
    fixes, as errors with their traceback): the failures below list them instead."""
    for name in ("django.request", "django.security"):
        monkeypatch.setattr(logging.getLogger(name), "disabled", True)


@pytest.fixture
def fast_templates(monkeypatch):
    """Templates rendered without the test runner's instrumentation, which copies the context
    of every template (each form widget is one) for `response.context`: a third of the time of
    a page. Requests needing `response.context` are made before this fixture applies."""

    def use():
        monkeypatch.setattr(Template, "_render", _TestState.saved_data.template_render)
        monkeypatch.setattr(
            PartialTemplate, "_render", _TestState.saved_data.partial_template_render
        )

    return use


def role_client(objects, role: str) -> Client:
    client = Client(raise_request_exception=False)
    user = objects["users"][role]
    if user is not None:
        client.force_login(user)
    return client


def allowed_roles(name: str, index: int = 0, status: int = 200) -> list[str]:
    row = matrix.rows(name)[index]
    return [role for role in matrix.ROLES if getattr(row, role) == status]


def url_of(name: str, objects, index: int = 0) -> str:
    row = matrix.rows(name)[index]
    kwargs = row.kwargs(objects) if callable(row.kwargs) else row.kwargs
    kwargs = {k: v(objects) if callable(v) else v for k, v in kwargs.items()}
    return reverse(name, kwargs=kwargs)


@dataclass
class Field:
    kind: str  # the input's type, "select", "textarea" or "button"
    offered: list[str]


def form_fields(form) -> dict[str, Field]:
    """Every name a form sends, with its kind and the values the page offers for it."""
    fields: dict[str, Field] = {}
    for element in form.iter("input", "select", "textarea", "button"):
        name = element.get("name")
        if not name:
            continue
        kind = element.get("type", "text") if element.tag == "input" else element.tag
        field = fields.setdefault(name, Field(kind, []))
        if element.tag == "select":
            field.offered += [o.get("value", o.text or "") for o in element.iter("option")]
        elif element.get("value") is not None:
            field.offered.append(element.get("value"))
    return fields


def forms_posting_to(document, page_url: str, name: str) -> list:
    """The page's POST forms whose action is a URL named `name` (any arguments)."""
    found = []
    for form in document.forms:
        if (form.get("method") or "get").lower() != "post":
            continue
        action = urlsplit(form.get("action") or page_url).path
        if resolve(action).view_name == name:
            found.append(form)
    return found


def context_values(response) -> list:
    """Every value the templates of a response were given."""
    contexts = response.context if isinstance(response.context, list) else [response.context]
    return [value for context in contexts if context for value in context.flatten().values()]


def restoring_session(client):
    """The client's cookies as they are, to put back after a rolled-back request (a refused
    login or a deleted account would otherwise leave it logged out)."""
    return SimpleCookie(client.cookies.output(header="", sep="\n"))


# ---------------------------------------------------------------------------------------------
# GET: the list and filter pages, the census, its exports and the statistics.


@dataclass(frozen=True)
class Filters:
    """A page read with GET parameters: those of the GET forms of `form_page` (the page itself
    by default) and of the filter set it is given. `rows`: the matrix rows probed (one URL
    each), in turn."""

    form_page: str | None = None
    rows: tuple[int, ...] = (0,)


GET_PAGES = {
    "members:directory": Filters(),
    # The map reads the directory's own parameters (zoom and bbox: tests/members/test_directory.py).
    "members:directory_map": Filters(form_page="members:directory"),
    "projects:catalogue": Filters(),
    "projects:partners": Filters(),
    "projects:by_country": Filters(),
    "members:moderation_queue": Filters(),
    "trainings:catalogue": Filters(),
    "trainings:archive": Filters(),
    "calls:calendar": Filters(),
    "calls:archive": Filters(),
    "calls:month": Filters(),
    "trainings:events": Filters(),
    "trainings:events_archive": Filters(),
    "news:list": Filters(),
    "resources:list": Filters(),
    "search": Filters(),
    "newsletter:archive": Filters(),
    "newsletter:issues": Filters(),
    "support:requests": Filters(),
    "missions:list": Filters(),
    "imports:list": Filters(),
    # The matrix's import is done: its report, a page at a time.
    "imports:import": Filters(),
    "missions:obstacles": Filters(),
    "missions:obstacles_csv": Filters(form_page="missions:obstacles"),
    "missions:obstacles_xlsx": Filters(form_page="missions:obstacles"),
    "census": Filters(),
    # The three formats in turn; the parameters are the census's, which links to them.
    "census_export": Filters(form_page="census", rows=(0, 1, 2)),
    "statistics": Filters(),
    "statistics_csv": Filters(form_page="statistics"),
    "activity_report": Filters(),
    "activity_report_xlsx": Filters(form_page="activity_report"),
}


def page_parameters(client, url: str) -> dict[str, Field]:
    """The parameters the page's GET forms send (with the values offered), its filter set's,
    and `page`."""
    response = client.get(url)
    assert response.status_code == 200, url
    document = lxml.html.fromstring(response.content)
    parameters = {"page": Field("number", ["1", "2"])}
    for form in document.forms:
        if (form.get("method") or "get").lower() == "get":
            for name, found in form_fields(form).items():
                parameters.setdefault(name, Field(found.kind, [])).offered += found.offered
    for value in context_values(response):
        if isinstance(value, django_filters.FilterSet):
            for name in value.form.fields:
                parameters.setdefault(name, Field("text", []))
    return parameters


def probe_get(objects, name: str, spec: Filters, fast_templates) -> dict:
    roles = allowed_roles(name, spec.rows[0])
    clients = {role: role_client(objects, role) for role in roles}
    parameters = page_parameters(clients[roles[0]], url_of(spec.form_page or name, objects))
    names = sorted(parameters)
    turns = itertools.cycle(itertools.product(roles, [url_of(name, objects, i) for i in spec.rows]))
    fast_templates()
    failures, tried = [], []
    before = snapshot()

    @SETTINGS
    @given(data=st.data())
    def request(data):
        hostile = hostile_values(data, {n: parameters[n].kind for n in names})
        params = [
            (
                name,
                hostile[name]
                if name in hostile
                else data.draw(
                    plausible(parameters[name].kind, parameters[name].offered), label=name
                ),
            )
            for name in names
        ]
        htmx = data.draw(st.booleans(), label="htmx")
        role, url = next(turns)
        cache.clear()
        # Kept, so that whatever a GET wrote shows at the end; after a server error the
        # transaction may be unusable: that request is rolled back.
        with transaction.atomic():
            response = clients[role].get(
                url, QUERY_STRING=encode(params), headers={"HX-Request": "true"} if htmx else {}
            )
            if response.status_code >= 500:
                transaction.set_rollback(True)
        tried.append(role)
        if response.status_code >= 500:
            failures.append(f"{role} {response.status_code} {url}?{encode(params)}"[:500])

    request()
    return {
        "tried": len(tried),
        "roles": sorted(set(tried)),
        "failures": failures,
        "changed": changed_tables(before, snapshot()),
    }


@pytest.mark.parametrize("name", GET_PAGES)
def test_no_generated_parameter_breaks_a_list_page(objects, name, fast_templates):
    result = probe_get(objects, name, GET_PAGES[name], fast_templates)
    print(f"{name}: {result['tried']} requests as {', '.join(result['roles'])}")
    assert result["tried"] >= EXAMPLES
    assert set(result["roles"]) == set(allowed_roles(name, GET_PAGES[name].rows[0]))
    assert not result["failures"], (
        f"{len(result['failures'])} server errors of {result['tried']}:\n"
        + "\n".join(result["failures"][:10])
    )
    assert not result["changed"], f"a GET wrote to {result['changed']}"


objects = matrix.objects


# ---------------------------------------------------------------------------------------------
# What the generated requests found, one example each.


def errors_next_to(response, name: str) -> str:
    page = lxml.html.fromstring(response.content)
    (field,) = page.xpath("//*[@name=$name]", name=name)
    described = (field.get("aria-describedby") or "").split()
    return " ".join(page.get_element_by_id(i).text_content() for i in described if "error" in i)


@pytest.mark.parametrize("year", ["-1", "0", "32768", "2147483648", "1" * 20])
def test_a_year_beyond_1900_2100_is_said_next_to_the_projects_filter(client, objects, year):
    response = client.get(reverse("projects:catalogue"), {"year": year})
    assert response.status_code == 200
    assert "Saisissez une année entre 1900 et 2100." in errors_next_to(response, "year")
    assert [p.slug for p in response.context["page"]] == ["coop"]


def test_a_month_of_year_9999_is_said_next_to_the_trainings_filter(client, objects):
    response = client.get(reverse("trainings:catalogue"), {"month": "9999-12"})
    assert response.status_code == 200
    assert "entre le 01/01/1900 et le 31/12/2100" in errors_next_to(response, "month")


def test_a_nul_in_a_census_filter_is_said_next_to_it(client, objects):
    client.force_login(objects["users"]["state"])
    response = client.get(reverse("census"), {"territory": "\x00", "status": "active"})
    assert response.status_code == 200
    assert "caractères invisibles ou invalides" in errors_next_to(response, "territory")


@pytest.mark.parametrize("file_format", ["csv", "xlsx", "json"])
def test_an_export_with_a_filter_that_cannot_be_is_refused_and_not_logged(
    client, objects, file_format
):
    from rrma.models import ExportLog

    client.force_login(objects["users"]["state"])
    url = reverse("census_export", args=[file_format])
    response = client.get(url, {"commune": "\x00", "confirmed_before": "0001-01-01"})
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")
    assert "caractères invisibles ou invalides" in errors_next_to(response, "commune")
    assert not ExportLog.objects.exists()


def test_the_export_log_keeps_the_census_filters_as_asked_and_nothing_else(client, objects):
    from rrma.models import ExportLog

    client.force_login(objects["users"]["state"])
    url = reverse("census_export", args=["csv"])
    response = client.get(url, {"status": "active", "page": "3", "utm\x00": "\x00"})
    assert response.status_code == 200
    assert ExportLog.objects.get().filters == {"status": "active"}


def test_statistics_for_a_period_that_cannot_be_are_refused_as_a_file(client, objects):
    client.force_login(objects["users"]["coordinator"])
    params = {"start": "9999-01-01", "end": "9999-12-31"}
    page = client.get(reverse("statistics"), params)
    assert page.status_code == 200
    assert "entre le 01/01/1900 et le 31/12/2100" in errors_next_to(page, "start")
    refused = client.get(reverse("statistics_csv"), params)
    assert refused.status_code == 400
    assert refused["Content-Type"].startswith("text/html")


def test_parameters_foreign_to_the_period_leave_the_default_period(client, objects):
    client.force_login(objects["users"]["coordinator"])
    response = client.get(reverse("statistics_csv"), {"page": "2"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")


@pytest.mark.parametrize("registration", ["abc", "\x00", "9" * 30, "-1"])
def test_a_coordinator_s_action_on_no_registration_is_a_404(client, objects, registration):
    client.force_login(objects["users"]["coordinator"])
    url = reverse("trainings:registrants", args=[objects["session"].pk])
    for action in ("approve", "promote"):
        response = client.post(url, {"action": action, "registration": registration})
        assert response.status_code == 404
