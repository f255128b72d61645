"""The public calendar of funding calls: the list by deadline, the archive, the month view and
the iCalendar feeds; their filters, their order, their drafts left out, their queries."""

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import lxml.html
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import override
from icalendar import Calendar

from calls.models import Call, local_today
from tests.calls.factories import CallFactory
from tests.members import factories

pytestmark = pytest.mark.django_db

CALENDAR = reverse("calls:calendar")
ARCHIVE = reverse("calls:archive")
MONTH = reverse("calls:month")
FEED = reverse("calls:feed")
LOCAL = ZoneInfo("America/Guadeloupe")


@pytest.fixture(autouse=True)
def english(client, settings):
    """The pages in English: their text is then the source text, whatever the catalogues."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


def titles(response) -> list[str]:
    return [call.title for call in response.context["page"]]


def in_days(days: int, hour: int = 12) -> datetime:
    return (timezone.localtime(timezone.now(), LOCAL) + timedelta(days=days)).replace(
        hour=hour, minute=0, second=0, microsecond=0
    )


def closed(days_ago: int = 10, **kwargs) -> Call:
    return CallFactory(
        opens_on=local_today() - timedelta(days=200), deadline=in_days(-days_ago), **kwargs
    )


def events(response) -> list:
    return list(Calendar.from_ical(response.content).walk("VEVENT"))


# ---------------------------------------------------------------------------------------------
# The list and the archive


def test_the_calendar_lists_published_calls_not_closed_soonest_deadline_first(client, guadeloupe):
    CallFactory(title="In forty days", deadline=in_days(40))
    CallFactory(title="In ten days", deadline=in_days(10))
    CallFactory(title="Upcoming", opens_on=local_today() + timedelta(days=5), deadline=in_days(60))
    closed(title="Closed")
    CallFactory(title="Draft", status=Call.Status.DRAFT, published_at=None)
    response = client.get(CALENDAR)
    assert response.status_code == 200
    assert titles(response) == ["In ten days", "In forty days", "Upcoming"]
    assert "3 calls" in response.text


def test_each_call_says_its_phase_funder_territories_dates_and_grant(client, territories):
    CallFactory(
        title="FCR 2027",
        funder=Call.Funder.INTERREG,
        programme="Interreg Caraïbes VI",
        territories=["guadeloupe", "martinique"],
        deadline=in_days(10, hour=18),
        grant_min=10000,
        grant_max=50000,
    )
    CallFactory(title="Later", opens_on=local_today() + timedelta(days=3), deadline=in_days(50))
    page = lxml.html.fromstring(client.get(CALENDAR).content)
    first, later = page.cssselect("#call-results li.org-card")
    text = " ".join(first.text_content().split())
    assert "Interreg Caraïbes · Interreg Caraïbes VI · Guadeloupe, Martinique" in text
    assert "Closing soon" in text
    with override("en"):
        assert f"Deadline: {date_format(in_days(10), 'j F Y')} at 18:00" in text
    assert "Grant: from 10,000 € to 50,000 €" in text
    assert first.cssselect("h3 a")[0].get("href") == reverse("call", args=["fcr-2027"])
    assert "Upcoming" in later.text_content()
    assert "Grant" not in later.text_content()


def test_the_archive_lists_closed_calls_only_latest_deadline_first(client, guadeloupe):
    CallFactory(title="Open")
    closed(100, title="Closed long ago")
    closed(title="Closed lately")
    closed(title="Closed draft", status=Call.Status.DRAFT, published_at=None)
    response = client.get(ARCHIVE)
    assert response.status_code == 200
    assert titles(response) == ["Closed lately", "Closed long ago"]
    assert "Closed lately" not in titles(client.get(CALENDAR))


# ---------------------------------------------------------------------------------------------
# Filters


@pytest.fixture
def sample(territories):
    CallFactory(
        title="Health in Haiti",
        territories=["guadeloupe"],
        funder=Call.Funder.FCR_GUADELOUPE,
        themes=["health"],
        whole_caribbean=False,
        countries=["HT"],
        applicants=["association"],
        programme="Santé Caraïbe",
    )
    CallFactory(
        title="Youth of Martinique",
        territories=["martinique"],
        funder=Call.Funder.FCR_MARTINIQUE,
        themes=["youth-mobility", "sport"],
        applicants=["lycee", "school"],
        summary="Mobilité des LYCÉENS et des apprentis.",
    )
    CallFactory(
        title="Interreg for everyone",
        territories=["guadeloupe", "martinique"],
        funder=Call.Funder.INTERREG,
        opens_on=local_today() + timedelta(days=10),
        deadline=in_days(90),
    )


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"territory": "martinique"}, {"Youth of Martinique", "Interreg for everyone"}),
        ({"territory": "guadeloupe"}, {"Health in Haiti", "Interreg for everyone"}),
        ({"funder": "interreg"}, {"Interreg for everyone"}),
        ({"theme": "sport"}, {"Youth of Martinique"}),
        ({"theme": "health"}, {"Health in Haiti"}),
        # Naming the country, or open to partners from the whole Greater Caribbean.
        ({"country": "HT"}, {"Health in Haiti", "Youth of Martinique", "Interreg for everyone"}),
        ({"country": "DM"}, {"Youth of Martinique", "Interreg for everyone"}),
        # Naming the kind of applicant, or naming none.
        ({"applicant": "association"}, {"Health in Haiti", "Interreg for everyone"}),
        ({"applicant": "lycee"}, {"Youth of Martinique", "Interreg for everyone"}),
        ({"applicant": "company"}, {"Interreg for everyone"}),
        ({"open": "on"}, {"Health in Haiti", "Youth of Martinique"}),
        # In the title, the programme or the summary, whatever the case.
        ({"q": "interreg FOR"}, {"Interreg for everyone"}),
        ({"q": "santé"}, {"Health in Haiti"}),
        # (SQLite folds the case of ASCII letters only; PostgreSQL of every letter, below.)
        ({"q": "lycÉens"}, {"Youth of Martinique"}),
        ({"territory": "martinique", "theme": "sport", "open": "on"}, {"Youth of Martinique"}),
    ],
)
def test_each_filter_is_a_get_parameter(client, sample, params, expected):
    response = client.get(CALENDAR, params)
    assert response.status_code == 200
    assert set(titles(response)) == expected


@pytest.mark.postgres
def test_the_search_ignores_the_case_of_accented_letters_too(client, sample):
    assert titles(client.get(CALENDAR, {"q": "lycéens"})) == ["Youth of Martinique"]
    assert titles(client.get(CALENDAR, {"q": "SANTÉ"})) == ["Health in Haiti"]


def test_a_call_named_by_several_rows_of_a_relation_is_listed_once(client, territories):
    CallFactory(
        title="Everywhere",
        territories=["guadeloupe", "martinique"],
        themes=["health", "sport"],
        whole_caribbean=False,
        countries=["HT", "DM"],
        applicants=["association", "school"],
    )
    params = {"territory": "guadeloupe", "theme": "health", "country": "HT"}
    response = client.get(CALENDAR, {**params, "applicant": "school"})
    assert titles(response) == ["Everywhere"]
    assert response.context["page"].paginator.count == 1


def test_a_refused_value_is_said_on_the_form_and_the_other_filters_still_apply(client, sample):
    response = client.get(CALENDAR, {"territory": "atlantis", "funder": "interreg", "q": "x" * 300})
    assert response.status_code == 200
    form = response.context["filter"].form
    assert set(form.errors) == {"territory", "q"}
    assert titles(response) == ["Interreg for everyone"]
    assert "Select a valid choice" in response.text
    assert response.context["query"] == "funder=interreg"


def test_the_list_offers_the_month_view_and_the_saved_search_with_its_filters(client, sample):
    response = client.get(CALENDAR, {"territory": "martinique", "theme": "", "page": "1"})
    page = lxml.html.fromstring(response.content)
    (month_link,) = page.xpath("//a[contains(., 'Month view')]")
    assert month_link.get("href") == f"{MONTH}?territory=martinique"
    (form,) = page.cssselect("form.save-search")
    # Sent by GET: the calendar holds no token, and stays one page for every visitor.
    assert form.get("method") == "get"
    assert form.get("action") == reverse("calls:search_save")
    assert form.cssselect("input[name=query]")[0].get("value") == "territory=martinique"
    assert not form.cssselect("input[name=csrfmiddlewaretoken]")
    assert "csrftoken" not in response.cookies


def test_the_saved_search_page_asks_visitors_their_address_and_members_nothing(client, sample):
    url = reverse("calls:search_save")
    page = lxml.html.fromstring(client.get(url, {"query": "territory=martinique"}).content)
    (form,) = page.xpath(f"//form[@method='post'][@action='{url}']")
    assert form.cssselect("input[name=query]")[0].get("value") == "territory=martinique"
    assert form.cssselect("input[name=csrfmiddlewaretoken]")
    assert form.cssselect("input[type=email][name=email]"), "visitors give their address"
    client.force_login(factories.UserFactory())
    page = lxml.html.fromstring(client.get(url, {"query": ""}).content)
    (form,) = page.xpath(f"//form[@method='post'][@action='{url}']")
    assert not form.cssselect("input[name=email]"), "members are emailed at their own address"


def test_the_list_links_to_the_feeds_and_the_archive(client, territories):
    text = client.get(CALENDAR).text
    assert f'href="{FEED}"' in text
    assert f'href="{reverse("calls:territory_feed", args=["martinique"])}"' in text
    assert f'href="{ARCHIVE}"' in text


# ---------------------------------------------------------------------------------------------
# Queries


def test_the_calendar_reads_the_same_number_of_queries_for_3_calls_and_for_30(client, territories):
    def count_for_a_page(expected_calls: int) -> int:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(CALENDAR)
        assert response.status_code == 200
        assert f"{expected_calls} calls" in response.text
        return len(queries)

    for _n in range(3):
        CallFactory(themes=["health"], territories=["guadeloupe", "martinique"], countries=["HT"])
    few = count_for_a_page(3)
    for _n in range(27):
        CallFactory(themes=["sport"], applicants=["association"], countries=["DM"])
    assert count_for_a_page(30) == few


@pytest.mark.parametrize("count", [3, 25])
def test_the_calendar_and_the_archive_read_at_most_12_queries_14_filtered(
    client, territories, count, django_assert_max_num_queries
):
    for n in range(count):
        CallFactory(title=f"Open call {n:02}", themes=["health"], applicants=["association"])
        closed(title=f"Closed call {n:02}", territories=["guadeloupe", "martinique"])
    # The count, the page, its territories, applicants, themes and countries, the territories
    # of the feeds, the filters' territories, themes, countries and applicants; the networks
    # of the header.
    with django_assert_max_num_queries(12):
        response = client.get(CALENDAR, {"page": 2 if count > 20 else 1})
    assert response.status_code == 200
    assert f"{count} calls" in response.text
    assert "Open call" in response.text
    # And the territory and the theme asked, looked up.
    with django_assert_max_num_queries(14):
        response = client.get(CALENDAR, {"theme": "health", "territory": "guadeloupe"})
    assert response.status_code == 200
    assert f"{count} calls" in response.text
    with django_assert_max_num_queries(14):
        response = client.get(ARCHIVE, {"theme": "health", "territory": "martinique"})
    assert response.status_code == 200
    assert "0 calls" in response.text
    with django_assert_max_num_queries(12):
        response = client.get(ARCHIVE)
    assert response.status_code == 200
    assert titles(response)[0] == f"Closed call {count - 1:02}", "the latest first"


@pytest.mark.parametrize("count", [3, 25])
def test_the_month_view_and_the_feeds_read_a_constant_number_of_queries(
    client, territories, count, django_assert_max_num_queries
):
    for n in range(count):
        CallFactory(title=f"Call {n:02}", deadline=in_days(n % 20), predeposit_on=local_today())
    # The territory asked, the calls, the filters' territories, themes, countries and
    # applicants; the networks of the header.
    with django_assert_max_num_queries(7):
        response = client.get(MONTH, {"territory": "guadeloupe"})
    assert response.status_code == 200
    assert "Call 00" in response.text
    # The calls (and the territory).
    with django_assert_max_num_queries(1):
        response = client.get(FEED)
    assert response.status_code == 200
    assert len(events(response)) == 2 * count
    with django_assert_max_num_queries(2):
        response = client.get(reverse("calls:territory_feed", args=["guadeloupe"]))
    assert response.status_code == 200
    assert len(events(response)) == 2 * count


# ---------------------------------------------------------------------------------------------
# Drafts


def test_drafts_appear_on_no_public_page(client, territories):
    draft = CallFactory(
        title="Secret draft",
        status=Call.Status.DRAFT,
        published_at=None,
        deadline=in_days(3),
        predeposit_on=local_today(),
    )
    old_draft = closed(title="Old draft", status=Call.Status.DRAFT, published_at=None)
    # Published calls of the same dates: what each page shows instead.
    CallFactory(title="Published now", deadline=in_days(3), predeposit_on=local_today())
    closed(title="Published before")
    month = draft.local_deadline.strftime("%Y-%m")
    for url in (
        CALENDAR,
        ARCHIVE,
        f"{MONTH}?month={month}",
        f"{MONTH}?month={old_draft.local_deadline:%Y-%m}",
        FEED,
        reverse("calls:territory_feed", args=["guadeloupe"]),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        content = response.content.decode()
        assert "Published" in content, url
        assert "Secret draft" not in content, url
        assert "Old draft" not in content, url
    # Not even to its coordinators: the public calendar is the published calls.
    client.force_login(factories.coordinator(territories["guadeloupe"]))
    assert "Secret draft" not in client.get(CALENDAR).text
    assert "Secret draft" not in client.get(f"{MONTH}?month={month}").text


# ---------------------------------------------------------------------------------------------
# The month view


def month_cells(response) -> dict[int, str]:
    """{day of the month: the cell's text}, for the month's days."""
    page = lxml.html.fromstring(response.content)
    cells = {}
    for cell in page.cssselect("table.month td"):
        day = cell.cssselect("time")
        if day:
            cells[int(day[0].text_content())] = " ".join(cell.text_content().split())
    return cells


def test_a_deadline_at_23_30_local_time_on_the_31st_is_on_the_31st_of_its_month(client, guadeloupe):
    deadline = datetime(2030, 3, 31, 23, 30, tzinfo=LOCAL)
    assert deadline.astimezone(UTC).date() == date(2030, 4, 1)
    CallFactory(title="Late in March", opens_on=date(2030, 3, 2), deadline=deadline)
    march = client.get(MONTH, {"month": "2030-03"})
    assert march.status_code == 200
    cells = month_cells(march)
    assert len(cells) == 31
    assert cells[31] == "31 Deadline 23:30: Late in March"
    assert cells[2] == "2 Opening: Late in March"
    assert "Late in March" not in month_cells(client.get(MONTH, {"month": "2030-04"}))[1]


def test_the_month_is_a_table_from_monday_with_its_caption_and_its_dates_labelled(
    client, guadeloupe
):
    CallFactory(
        title="Pre-deposit first",
        opens_on=date(2030, 4, 1),
        predeposit_on=date(2030, 4, 15),
        deadline=datetime(2030, 5, 20, 12, tzinfo=LOCAL),
    )
    response = client.get(MONTH, {"month": "2030-04"})
    page = lxml.html.fromstring(response.content)
    assert page.cssselect("table.month caption")[0].text_content() == "April 2030"
    weekdays = [th.text_content() for th in page.cssselect("table.month thead th")]
    assert weekdays == [
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
    ]
    assert all(th.get("scope") == "col" for th in page.cssselect("table.month thead th"))
    # 1 April 2030 is a Monday: the first cell of the first week.
    first_week = page.cssselect("table.month tbody tr")[0]
    assert first_week.cssselect("td")[0].cssselect("time")[0].get("datetime") == "2030-04-01"
    cells = month_cells(response)
    assert cells[1] == "1 Opening: Pre-deposit first"
    assert cells[15] == "15 Pre-deposit: Pre-deposit first"
    assert "1 call this month" in response.text
    assert page.cssselect("title")[0].text_content().startswith("Funding calls of April 2030")


def test_the_previous_and_next_months_keep_the_filters(client, territories):
    response = client.get(MONTH, {"month": "2030-01", "territory": "martinique", "open": "on"})
    page = lxml.html.fromstring(response.content)
    previous = page.cssselect("a[rel=prev]")[0]
    following = page.cssselect("a[rel=next]")[0]
    assert previous.get("href") == "?month=2029-12&territory=martinique&open=on"
    assert "December 2029" in previous.text_content()
    assert following.get("href") == "?month=2030-02&territory=martinique&open=on"
    calendar_link = page.xpath("//a[contains(., 'not closed yet')]")[0]
    assert calendar_link.get("href") == f"{CALENDAR}?territory=martinique&open=on"


def test_the_filters_apply_to_the_month(client, territories):
    CallFactory(title="Guadeloupe call", deadline=datetime(2030, 6, 10, 12, tzinfo=LOCAL))
    CallFactory(
        title="Martinique call",
        territories=["martinique"],
        deadline=datetime(2030, 6, 11, 12, tzinfo=LOCAL),
    )
    response = client.get(MONTH, {"month": "2030-06", "territory": "martinique"})
    assert "Martinique call" in response.text
    assert "Guadeloupe call" not in response.text


def test_the_month_is_the_current_local_month_by_default(client, guadeloupe):
    CallFactory(title="Opens today", opens_on=local_today())
    response = client.get(MONTH)
    assert response.status_code == 200
    today = local_today()
    assert response.context["first"] == today.replace(day=1)
    assert month_cells(response)[today.day] == f"{today.day} Opening: Opens today"


@pytest.mark.parametrize(
    ("month", "message"),
    [
        ("2030-13", "Enter a month as year and month"),
        ("march", "Enter a month as year and month"),
        ("0000-01", "Enter a month as year and month"),
        ("1899-12", "Enter a date between"),
        ("2101-01", "Enter a date between"),
        ("9999-12", "Enter a date between"),
        ("2030-03\x00", "invisible or invalid characters"),
    ],
)
def test_a_refused_month_is_said_and_the_current_month_shown(client, guadeloupe, month, message):
    response = client.get(MONTH, {"month": month})
    assert response.status_code == 200
    assert message in response.text
    assert response.context["first"] == local_today().replace(day=1)


@pytest.mark.parametrize(("month", "missing"), [("1900-01", "prev"), ("2100-12", "next")])
def test_the_first_and_last_months_link_to_no_month_beyond(client, guadeloupe, month, missing):
    response = client.get(MONTH, {"month": month})
    assert response.status_code == 200
    page = lxml.html.fromstring(response.content)
    assert not page.cssselect(f"a[rel={missing}]")
    assert len(page.cssselect("a[rel=prev], a[rel=next]")) == 1


# ---------------------------------------------------------------------------------------------
# The feeds


def test_the_feed_gives_each_deadline_and_pre_deposit_date_with_a_stable_uid(client, guadeloupe):
    call = CallFactory(
        title="FCR 2030",
        funder=Call.Funder.AFD,
        programme="Coopération régionale",
        summary="Pour les projets avec Haïti.",
        deadline=datetime(2030, 3, 31, 23, 30, tzinfo=LOCAL),
        predeposit_on=date(2030, 2, 15),
    )
    CallFactory(title="Draft", status=Call.Status.DRAFT, published_at=None)
    response = client.get(FEED)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    deadline, predeposit = events(response)
    assert str(deadline["uid"]) == f"call-{call.pk}-deadline@rrma-antilles"
    assert deadline.decoded("dtstart") == datetime(2030, 4, 1, 3, 30, tzinfo=UTC)
    assert deadline.decoded("dtend") - deadline.decoded("dtstart") == timedelta(minutes=30)
    assert str(deadline["summary"]) == "Deadline: FCR 2030"
    assert str(deadline["url"]) == "http://testserver" + call.get_absolute_url()
    assert str(deadline["description"]) == (
        "AFD — Coopération régionale\n\nPour les projets avec Haïti."
    )
    assert str(predeposit["uid"]) == f"call-{call.pk}-predeposit@rrma-antilles"
    assert predeposit.decoded("dtstart") == date(2030, 2, 15)
    assert predeposit.decoded("dtend") == date(2030, 2, 16)
    assert str(predeposit["summary"]) == "Pre-deposit: FCR 2030"
    assert b"Draft" not in response.content


def test_the_feed_keeps_closed_calls_and_its_uids_do_not_change(client, guadeloupe):
    call = closed(title="Closed")
    first = [str(e["uid"]) for e in events(client.get(FEED))]
    Call.objects.filter(pk=call.pk).update(deadline=in_days(-5))
    assert [str(e["uid"]) for e in events(client.get(FEED))] == first
    assert first == [f"call-{call.pk}-deadline@rrma-antilles"]


def test_a_territory_s_feed_holds_the_calls_open_there(client, territories):
    CallFactory(title="Guadeloupe only")
    CallFactory(title="Both", territories=["guadeloupe", "martinique"])
    CallFactory(title="Martinique only", territories=["martinique"])
    url = reverse("calls:territory_feed", args=["martinique"])
    summaries = {str(e["summary"]) for e in events(client.get(url))}
    assert summaries == {"Deadline: Both", "Deadline: Martinique only"}
    assert client.get(reverse("calls:territory_feed", args=["atlantis"])).status_code == 404


def test_the_feeds_hold_the_past_year_and_what_is_to_come_whatever_the_years_of_calls(
    client, territories
):
    recent = closed(title="Closed last month")
    Call.objects.filter(pk=recent.pk).update(deadline=in_days(-30))
    old = closed(title="Closed two years ago")
    Call.objects.filter(pk=old.pk).update(deadline=in_days(-730))
    coming = CallFactory(title="Coming")

    for url in (FEED, reverse("calls:territory_feed", args=["guadeloupe"])):
        uids = {str(e["uid"]) for e in events(client.get(url))}
        assert uids == {
            f"call-{recent.pk}-deadline@rrma-antilles",
            f"call-{coming.pk}-deadline@rrma-antilles",
        }
