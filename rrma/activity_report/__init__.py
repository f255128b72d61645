"""The activity report a network owes its funders: one territory, one period (a calendar year by
default), the figures of every app in grouped queries whose number does not grow with the data.

What each figure counts (business rules):
- members: the territory's active organisations that had joined the census (been validated;
  older records from their creation) by the end of the period; the new ones joined during it;
  by kind and by commune. Records confirmed: the organisations of the territory whose record
  was confirmed accurate during the period (their history's confirmations, so a record
  confirmed again since still counts), whatever their status today;
- trainings and events: the sessions of published trainings of the territory starting during
  the period, trainings proper apart from the other events (Training.kind); hours are the sum
  of the sessions' lengths (end minus start); participants are the registrations holding a
  seat; the attendance rate is attended / (attended + absent), over sessions whose attendance
  was taken (none taken: no rate); participants' organisations by kind: distinct organisations
  and their registrations;
- advisory requests: those of the territory's organisations asked during the period, by topic;
  those ended during the period, by outcome (withdrawn ones apart);
- projects: those led by the territory's organisations and running during the period (started
  by its end, not ended before its start; undated ones count), published or not; by Caribbean
  country and theme; their funding lines by funder, amounts requested and granted. For a
  calendar year, the published ones too, as the projects catalogue lists them (its own filter:
  public projects of the territory running in that year, undated ones left out);
- calls relayed: the published calls open to the territory whose deadline falls in the period,
  by funder, with the territory's applications to them (funding lines naming them) and the
  grants among those (an amount granted above zero);
- newsletter: the territory's issues whose sending began during the period, their deliveries
  by outcome (`IssueQuerySet.with_counts`), the confirmed subscribers today (unsubscribing
  deletes an address, so no earlier count exists) and those who confirmed during the period.

A figure links to the list it counts only when that list, with its filters, shows the same
number: the census (territory, status, kind, commune) counts today's records, so its links are
given for a period that ends today or later; the projects catalogue filters on a calendar year,
so its published figures (and links) are given for a calendar year. No other list filters on a
period (trainings by month, support requests, calls and newsletter issues by none).
"""

from datetime import date

from .cooperation import calls_section, newsletter_section, projects_section
from .figures import Figure, Section, Table, period_bounds
from .network import members_section, support_section, trainings_section

__all__ = [
    "Figure",
    "Section",
    "Table",
    "activity_report_compute",
    "calls_section",
    "members_section",
    "newsletter_section",
    "period_bounds",
    "projects_section",
    "support_section",
    "trainings_section",
]


def activity_report_compute(*, territory, start: date, end: date) -> list[Section]:
    """Every section of the report, for this territory and this period."""
    return [
        compute(territory=territory, start=start, end=end)
        for compute in (
            members_section,
            trainings_section,
            support_section,
            projects_section,
            calls_section,
            newsletter_section,
        )
    ]
