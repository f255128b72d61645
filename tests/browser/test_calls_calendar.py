"""The calendar of funding calls in Chromium with axe: a visitor filters it by territory and
theme through its form, reads a call's eligibility, then its month and the next one."""

import re
from datetime import datetime, time, timedelta

import pytest
from django.utils.formats import date_format
from django.utils.translation import override
from playwright.sync_api import expect

from calls.models import local_today, local_zone
from tests.calls.factories import CallFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_visitor_filters_the_calls_reads_one_and_follows_its_dates_month_by_month(
    live_server, page, checks, territories
):
    today = local_today()
    next_month = (today.replace(day=1) + timedelta(days=31)).replace(day=1)
    deadline = datetime.combine(next_month.replace(day=15), time(12), local_zone())
    CallFactory(
        title="Santé avec Haïti",
        funder="fcr-martinique",
        territories=["martinique"],
        themes=["health"],
        whole_caribbean=False,
        countries=["HT"],
        applicants=["association"],
        cofinancing_max=60,
        opens_on=today,
        deadline=deadline,
    )
    CallFactory(title="Santé en Guadeloupe", themes=["health"])
    CallFactory(title="Jeunesse en Martinique", territories=["martinique"], themes=["sport"])

    page.goto(live_server.url + "/calls/")
    # In English: the page's own words, whatever their translation.
    page.get_by_role("button", name=re.compile("English")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Calendar of funding calls")
    results = page.locator("#call-results")
    expect(results.get_by_text("3 calls")).to_be_visible()
    checks.accessible()

    page.get_by_label("Territory").select_option("martinique")
    expect(results.get_by_text("2 calls")).to_be_visible()
    page.get_by_label("Theme").select_option("health")
    page.get_by_role("button", name="Filter").click()
    expect(results.get_by_text("1 call", exact=True)).to_be_visible()
    expect(page).to_have_url(re.compile(r"territory=martinique&.*theme=health"))
    expect(results.get_by_role("link", name="Santé avec Haïti")).to_be_visible()
    expect(results.get_by_role("link", name="Jeunesse en Martinique")).to_have_count(0)
    checks.accessible()

    results.get_by_role("link", name="Santé avec Haïti").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Santé avec Haïti")
    expect(page).to_have_title(re.compile(r"^Santé avec Haïti — funding call"))
    eligibility = page.locator("section", has=page.get_by_role("heading", name="Who may apply"))
    for sentence in (
        "Holders in Martinique",
        "Association",
        "Health",
        "Partners from Haiti",
        "up to 60 %",
    ):
        expect(eligibility.get_by_text(sentence, exact=True)).to_be_visible()
    checks.accessible()

    page.go_back()
    page.get_by_role("link", name="Month view of these calls").click()
    with override("en"):
        this_month = date_format(today, "F Y")
        following = date_format(next_month, "F Y")
    table = page.get_by_role("table")
    expect(table.locator("caption")).to_have_text(this_month)
    expect(page.get_by_role("columnheader").first).to_have_text("Monday")
    expect(table.get_by_role("cell", name=re.compile(r"Opening: Santé avec Haïti"))).to_be_visible()
    checks.accessible()

    page.get_by_role("link", name=f"Next month ({following})").click()
    expect(table.locator("caption")).to_have_text(following)
    expect(page).to_have_url(re.compile(r"territory=martinique&.*theme=health"))
    cell = table.get_by_role("cell", name=re.compile(r"^15 Deadline 12:00: Santé avec Haïti"))
    expect(cell).to_be_visible()
    expect(table.get_by_text("Santé en Guadeloupe")).to_have_count(0)
    checks.accessible()
    cell.get_by_role("link", name="Santé avec Haïti").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Santé avec Haïti")
