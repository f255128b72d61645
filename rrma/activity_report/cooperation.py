"""Cooperation: projects declared, funding calls relayed, the newsletter (see the business
rules in rrma/activity_report/__init__.py)."""

from datetime import date
from decimal import Decimal
from urllib.parse import urlencode

from django.db.models import Count, Q, Sum
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.translation import gettext as _

from calls.enums import CallFunder
from calls.models import Call
from members.models import Country, Theme
from newsletter.models import Issue, Subscriber
from projects.filters import ProjectFilter
from projects.models import FundingLine, Project

from .figures import Figure, Section, Table, calendar_year, period_bounds


def _running(territory, start: date, end: date, prefix: str = "") -> Q:
    return (
        Q(**{f"{prefix}lead__territory": territory})
        & (Q(**{f"{prefix}start_date__lte": end}) | Q(**{f"{prefix}start_date__isnull": True}))
        & (Q(**{f"{prefix}end_date__gte": start}) | Q(**{f"{prefix}end_date__isnull": True}))
    )


class _Catalogue:
    """The public projects the catalogue lists for the territory running in `year`, through the
    catalogue's own filter, so that each figure and its link count the same projects."""

    def __init__(self, territory, year: int):
        self.params = {"territory": territory.slug, "year": str(year)}
        filterset = ProjectFilter(self.params, queryset=Project.objects.public())
        self.projects = filterset.qs.values("pk")

    def url(self, **filters) -> str:
        return f"{reverse('projects:catalogue')}?{urlencode({**self.params, **filters})}"

    def figure(self, counts: dict, key=None, **filters) -> Figure:
        return Figure(counts.get(key, 0), self.url(**filters))


def projects_section(*, territory, start: date, end: date) -> Section:
    """Projects: five grouped queries (projects, countries, themes, funding lines) and the
    names of the countries and themes counted; for a calendar year, four more on the
    published ones the catalogue lists (their column links to it)."""
    since, until = period_bounds(start, end)
    year = calendar_year(start, end)
    catalogue = _Catalogue(territory, year) if year else None
    published_column = [_("Published (catalogue)")] if catalogue else []
    running = Project.objects.filter(_running(territory, start, end)).aggregate(
        n=Count("*"), declared=Count("pk", filter=Q(created_at__range=(since, until)))
    )
    funding = {
        row["funder"]: row
        for row in FundingLine.objects.filter(_running(territory, start, end, "project__"))
        .values("funder")
        .annotate(
            projects=Count("project", distinct=True),
            requested=Sum("amount_requested"),
            granted=Coalesce(Sum("amount_granted"), Decimal(0)),
        )
        .order_by()
    }
    summary = Table(
        "projects",
        _("Projects"),
        _("Figure"),
        [_("Number")],
        [
            (_("Projects running during the period"), [Figure(running["n"])]),
            (_("Declared during the period"), [Figure(running["declared"])]),
            *(
                [
                    (
                        _("Published, in the catalogue"),
                        [catalogue.figure({None: catalogue.projects.count()})],
                    )
                ]
                if catalogue
                else []
            ),
            (
                _("Amount requested"),
                [Figure(sum((r["requested"] for r in funding.values()), Decimal(0)), unit="€")],
            ),
            (
                _("Amount granted"),
                [Figure(sum((r["granted"] for r in funding.values()), Decimal(0)), unit="€")],
            ),
        ],
    )
    tables = [summary]
    for key, title, heading, through, model in [
        (
            "projects_by_country",
            _("Projects by partner country"),
            _("Country or territory"),
            Project.countries.through,
            Country,
        ),
        ("projects_by_theme", _("Projects by theme"), _("Theme"), Project.themes.through, Theme),
    ]:
        column = model._meta.model_name
        counts = dict(
            through.objects.filter(_running(territory, start, end, "project__"))
            .values_list(column)
            .annotate(n=Count("*"))
            .order_by()
        )
        published = {}
        if catalogue:
            published = dict(
                through.objects.filter(project__in=catalogue.projects)
                .values_list(column)
                .annotate(n=Count("*"))
                .order_by()
            )
        table = Table(key, title, heading, [_("Projects"), *published_column])
        for item in model.objects.filter(pk__in=list(counts.keys() | published.keys())):
            figures = [Figure(counts.get(item.pk, 0))]
            if catalogue:
                figures.append(catalogue.figure(published, item.pk, **{column: item.pk}))
            table.rows.append((str(item), figures))
        table.rows.sort(key=lambda row: -(row[1][0].value or 0))
        tables.append(table)
    by_funder: dict = {}
    if catalogue:
        by_funder = dict(
            FundingLine.objects.filter(project__in=catalogue.projects)
            .values_list("funder")
            .annotate(n=Count("project", distinct=True))
            .order_by()
        )
    tables.append(
        Table(
            "funding_by_funder",
            _("Funding by funder"),
            _("Funder"),
            [_("Projects"), *published_column, _("Requested"), _("Granted")],
            [
                (
                    str(label),
                    [
                        Figure(funding[code]["projects"]),
                        *([catalogue.figure(by_funder, code, funder=code)] if catalogue else []),
                        Figure(funding[code]["requested"], unit="€"),
                        Figure(funding[code]["granted"], unit="€"),
                    ],
                )
                for code, label in FundingLine.Funder.choices
                if code in funding
            ],
        )
    )
    return Section("projects", _("Projects"), tables)


def calls_section(*, territory, start: date, end: date) -> Section:
    """Calls relayed: two grouped queries (calls, the territory's applications)."""
    since, until = period_bounds(start, end)
    calls = Call.objects.public().filter(
        deadline__range=(since, until),
        pk__in=Call.territories.through.objects.filter(territory=territory).values("call"),
    )
    relayed = dict(calls.values_list("funder").annotate(n=Count("*")).order_by())
    applications = {
        row["call__funder"]: row
        for row in FundingLine.objects.filter(call__in=calls, project__lead__territory=territory)
        .values("call__funder")
        .annotate(n=Count("*"), granted=Count("pk", filter=Q(amount_granted__gt=0)))
        .order_by()
    }
    codes = [code for code, _l in CallFunder.choices if code in relayed or code in applications]
    labels = dict(CallFunder.choices)
    rows = [
        (
            str(labels[code]),
            [
                Figure(relayed.get(code, 0)),
                Figure(applications.get(code, {}).get("n", 0)),
                Figure(applications.get(code, {}).get("granted", 0)),
            ],
        )
        for code in codes
    ]
    totals = [sum(row[1][i].value or 0 for row in rows) for i in range(3)]
    table = Table(
        "calls_by_funder",
        _("Funding calls relayed, by funder"),
        _("Funder"),
        [_("Calls relayed"), _("Applications"), _("Grants")],
        [(_("All funders"), [Figure(n) for n in totals]), *rows],
    )
    return Section("calls", _("Funding calls relayed"), [table])


def newsletter_section(*, territory, start: date, end: date) -> Section:
    """Newsletter: two queries (the issues' deliveries summed, the subscribers)."""
    since, until = period_bounds(start, end)
    issues = (
        Issue.objects.public()
        .filter(territory=territory, sent_at__range=(since, until))
        .with_counts()
        .aggregate(
            issues=Count("pk"),
            deliveries=Coalesce(Sum("delivery_count"), 0),
            sent=Coalesce(Sum("sent_count"), 0),
            failed=Coalesce(Sum("failed_count"), 0),
            bounced=Coalesce(Sum("bounced_count"), 0),
        )
    )
    subscribers = (
        Subscriber.objects.confirmed()
        .filter(territories=territory)
        .aggregate(today=Count("pk"), new=Count("pk", filter=Q(confirmed_at__range=(since, until))))
    )
    table = Table(
        "newsletter",
        _("Newsletter"),
        _("Figure"),
        [_("Number")],
        [
            (_("Issues sent"), [Figure(issues["issues"])]),
            (_("Emails to send"), [Figure(issues["deliveries"])]),
            (_("Emails sent"), [Figure(issues["sent"])]),
            (_("Emails failed"), [Figure(issues["failed"])]),
            (_("Emails bounced"), [Figure(issues["bounced"])]),
            (_("Confirmed subscribers today"), [Figure(subscribers["today"])]),
            (_("Subscribers confirmed during the period"), [Figure(subscribers["new"])]),
        ],
    )
    return Section("newsletter", _("Newsletter"), [table])
