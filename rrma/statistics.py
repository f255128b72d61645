"""Detailed statistics of the census, for State services (both territories) and coordinators
(their own), over a chosen period; every chart comes with the same figures as a table.

What each figure counts (business rules):
- organisations: today's active records that had joined the census (been validated) by the end
  of the period;
- projects: those led by the territory's organisations and running during the period (started
  by its end, not ended before its start; undated ones count), published or not;
- funding: the lines of those projects, amounts requested and granted;
- funding calls, per funder: the published calls open to the territories whose deadline falls
  in the period (a call open to both territories counts once), the applications (funding lines
  of the territories' projects naming one of those calls) and the grants among them (an amount
  granted above zero);
- trainings: sessions of published trainings starting in the period; participants are the
  registrations holding a seat; the attendance rate is attended / (attended + absent), over
  the sessions whose attendance was taken;
- regional organisations (OECS, CARICOM, ACS): the projects counted above with at least one
  country that takes part in the organisation (members, associate members, territories
  represented by France or the Netherlands; not applicants nor accessions awaiting
  ratification: members.enums.PARTICIPATING), each once whatever its number of such
  countries; and the Caribbean partners of those projects based in such a country;
- advisory support: see support/statistics.py.
"""

from datetime import date, datetime, time
from decimal import Decimal

from django import forms
from django.db.models import Count, Exists, F, OuterRef, Q, Sum
from django.db.models.functions import Coalesce, ExtractYear, TruncMonth
from django.db.models.lookups import LessThanOrEqual
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from calls.enums import CallFunder
from calls.models import Call
from members.enums import RegionalOrganisation
from members.models import Country, Organisation, Theme
from members.models.organisations import public_organisations
from members.reference.caribbean import ACRONYMS, member_codes
from projects.models import CaribbeanPartner, FundingLine, Project
from support.statistics import support_charts
from toolbox.charts import Chart
from toolbox.forms import SafeInputMixin
from trainings.models import Registration, Session

MAX_MONTHS = 60


# Browsers' date pickers read and send ISO dates, whatever the language.
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class PeriodForm(SafeInputMixin, forms.Form):
    start = forms.DateField(label=gettext_lazy("From"), widget=DATE)
    end = forms.DateField(label=gettext_lazy("To"), widget=DATE)

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end:
            if end < start:
                self.add_error("end", _("The end of the period comes before its start."))
            elif len(months_between(start, end)) > MAX_MONTHS:
                self.add_error("end", _("Choose a period of five years at most."))
        return cleaned


def default_period() -> tuple[date, date]:
    today = timezone.localdate()
    return date(today.year, 1, 1), today


def months_between(start: date, end: date) -> list[date]:
    months, current = [], date(start.year, start.month, 1)
    while current <= end and len(months) <= MAX_MONTHS:
        months.append(current)
        current = date(current.year + current.month // 12, current.month % 12 + 1, 1)
    return months


def _bounds(start: date, end: date) -> tuple[datetime, datetime]:
    """The period as aware datetimes: from the start of its first day to the end of its last."""
    zone = timezone.get_current_timezone()
    return (
        datetime.combine(start, time.min, tzinfo=zone),
        datetime.combine(end, time.max, tzinfo=zone),
    )


def _month_label(month: date) -> str:
    return date_format(month, "YEAR_MONTH_FORMAT")


def _pivot(counts: dict, territories, labels: dict, *, by_total: bool = False) -> list:
    """One row per label (in `labels` order, or by decreasing total), one value per territory;
    `counts` maps (label code, territory pk) to a figure. Empty rows are left out."""
    rows = []
    for code, label in labels.items():
        values = [counts.get((code, t.pk), 0) for t in territories]
        if any(values):
            rows.append((str(label), values))
    if by_total:
        rows.sort(key=lambda row: (-sum(row[1]), row[0]))
    return rows


def _counts(rows, key: str, territory: str) -> dict:
    """{(key, territory pk): number of rows}. Each row is one record and one value of `key`
    (a many-to-many's own table: one row per record and value), so a plain COUNT(*) grouped
    on it counts records; no COUNT(DISTINCT), which sorts every joined row."""
    rows = rows.values(key, territory_pk=F(territory)).annotate(n=Count("*")).order_by()
    return {(row[key], row["territory_pk"]): row["n"] for row in rows}


def _monthly(queryset, moment: str, territory: str, **measures) -> dict:
    """{(month, territory pk): {measure: value}}, months in local time."""
    rows = (
        queryset.annotate(month=TruncMonth(moment))
        .values("month", territory_pk=F(territory))
        .annotate(**measures)
    )
    return {(timezone.localtime(row["month"]).date(), row["territory_pk"]): row for row in rows}


def _month_rows(months, territories, figures: dict, measure) -> list:
    return [
        (_month_label(m), [measure(figures.get((m, t.pk))) for t in territories]) for m in months
    ]


def statistics_compute(*, territories, start: date, end: date) -> list[Chart]:
    """Every chart of the statistics page, for these territories and this period.

    One grouped query per table counted (organisations, their themes, their countries, the
    projects' countries, funding lines, projects, sessions, registrations), whatever the
    number of records: counts come from the database, never from rows read here.
    """
    territories = list(territories)
    names = [t.name for t in territories]
    since, until = _bounds(start, end)
    months = months_between(start, end)
    joined = _organisations_joined(territories, until)
    by_kind: dict = {}
    for (kind, territory, _month), n in joined.items():
        by_kind[kind, territory] = by_kind.get((kind, territory), 0) + n
    active = _active_by(territories, until, prefix="organisation__")
    projects = Project.objects.filter(_running(territories, start, end))
    seats = Registration.objects.filter(
        session__training__territory__in=territories,
        session__in=Session.objects.published(),
        session__starts_at__range=(since, until),
    )
    sessions = Session.objects.published().filter(
        training__territory__in=territories,
        starts_at__range=(since, until),
    )
    themes = {t.pk: t for t in Theme.objects.all()}
    countries = {c.pk: c for c in Country.objects.all()}
    charts = [
        Chart(
            "organisations_by_kind",
            _("Organisations by territory and kind"),
            _("Kind"),
            names,
            _pivot(by_kind, territories, dict(Organisation.Kind.choices)),
        ),
        Chart(
            "organisations_by_theme",
            _("Organisations by theme"),
            _("Theme"),
            names,
            _pivot(
                _counts(
                    Organisation.themes.through.objects.filter(active),
                    "theme",
                    "organisation__territory",
                ),
                territories,
                themes,
                by_total=True,
            ),
        ),
        Chart(
            "organisations_by_country",
            _("Organisations by Caribbean country of action"),
            _("Country or territory"),
            names,
            _pivot(
                _counts(
                    Organisation.countries.through.objects.filter(active),
                    "country",
                    "organisation__territory",
                ),
                territories,
                countries,
                by_total=True,
            ),
        ),
        _growth(territories, names, months, joined),
        Chart(
            "projects_by_country",
            _("Projects by Caribbean country"),
            _("Country or territory"),
            names,
            _pivot(
                _counts(
                    Project.countries.through.objects.filter(
                        _running(territories, start, end, prefix="project__")
                    ),
                    "country",
                    "project__lead__territory",
                ),
                territories,
                countries,
                by_total=True,
            ),
        ),
        _by_regional_organisation(territories, start, end),
        _funding(territories, start, end),
        _calls(territories, since, until),
        _projects_by_year(projects),
    ]
    session_figures = _monthly(sessions, "starts_at", "training__territory", n=Count("pk"))
    seat_figures = _monthly(
        seats,
        "session__starts_at",
        "session__training__territory",
        participants=Count("pk", filter=Q(status__in=Registration.HOLDS_A_SEAT)),
        attended=Count("pk", filter=Q(status=Registration.Status.ATTENDED)),
        marked=Count(
            "pk", filter=Q(status__in=[Registration.Status.ATTENDED, Registration.Status.ABSENT])
        ),
    )
    charts += [
        Chart(
            "sessions_by_month",
            _("Training sessions by month"),
            _("Month"),
            names,
            _month_rows(months, territories, session_figures, lambda f: f["n"] if f else 0),
        ),
        Chart(
            "participants_by_month",
            _("Training participants by month"),
            _("Month"),
            names,
            _month_rows(months, territories, seat_figures, lambda f: f["participants"] if f else 0),
        ),
        Chart(
            "attendance_by_month",
            _("Attendance rate by month (sessions whose attendance was taken)"),
            _("Month"),
            names,
            _month_rows(
                months,
                territories,
                seat_figures,
                lambda f: round(100 * f["attended"] / f["marked"]) if f and f["marked"] else None,
            ),
            unit="%",
        ),
        *support_charts(territories=territories, since=since, until=until),
    ]
    return charts


def _active_by(territories, until, *, prefix: str = "") -> Q:
    """Today's active organisations that had joined the census by `until` (validated; records
    older than moderation count from their creation). `prefix`: the path to the organisation
    ("organisation__" from its themes), so that a many-to-many's table is counted directly."""
    joined = Coalesce(f"{prefix}validated_at", f"{prefix}created_at")
    return (
        public_organisations(prefix)
        & Q(**{f"{prefix}territory__in": territories})
        & Q(LessThanOrEqual(joined, until))
    )


def _running(territories, start: date, end: date, *, prefix: str = "") -> Q:
    """Projects led by the territories' organisations and running during the period: started
    by its end, not ended before its start (undated ones count). `prefix` as for
    `_active_by` ("project__" from a project's countries)."""
    return (
        Q(**{f"{prefix}lead__territory__in": territories})
        & (Q(**{f"{prefix}start_date__lte": end}) | Q(**{f"{prefix}start_date__isnull": True}))
        & (Q(**{f"{prefix}end_date__gte": start}) | Q(**{f"{prefix}end_date__isnull": True}))
    )


def _organisations_joined(territories, until) -> dict:
    """{(kind, territory pk, month joined): number} of the organisations of `_active_by`, in
    one grouped query: the chart by kind and the growth of the census both come from it."""
    rows = (
        Organisation.objects.filter(_active_by(territories, until))
        .values(
            "kind",
            territory_pk=F("territory"),
            month=TruncMonth(Coalesce("validated_at", "created_at")),
        )
        .annotate(n=Count("*"))
        .order_by()
    )
    return {
        (row["kind"], row["territory_pk"], timezone.localtime(row["month"]).date()): row["n"]
        for row in rows
    }


def _growth(territories, names, months, joined: dict) -> Chart:
    """Active organisations in the census at the end of each month (by validation date)."""
    validated: dict = {}
    for (_kind, territory, month), n in joined.items():
        validated[month, territory] = validated.get((month, territory), 0) + n
    # Running totals: what joined before the period, then month by month.
    totals = [
        sum(n for (m, pk), n in validated.items() if pk == t.pk and m < months[0])
        for t in territories
    ]
    rows = []
    for month in months:
        totals = [
            total + validated.get((month, t.pk), 0)
            for total, t in zip(totals, territories, strict=True)
        ]
        rows.append((_month_label(month), totals))
    return Chart(
        "census_growth", _("Growth of the census (active organisations)"), _("Month"), names, rows
    )


def _by_regional_organisation(territories, start: date, end: date) -> Chart:
    """Projects and Caribbean partners per regional organisation (see the module's rules): two
    queries, one count per organisation in each, whatever the number of records. A project
    with countries of two organisations counts for both; a semi-join on its countries counts
    it once for each, with no DISTINCT."""
    codes = {code: member_codes(code) for code in RegionalOrganisation.values}
    countries = Project.countries.through.objects.filter(project=OuterRef("pk"))
    projects = Project.objects.filter(_running(territories, start, end)).aggregate(
        **{
            code: Count("pk", filter=Q(Exists(countries.filter(country__in=members))))
            for code, members in codes.items()
        }
    )
    on_those_projects = Project.caribbean_partners.through.objects.filter(
        _running(territories, start, end, prefix="project__"), caribbeanpartner=OuterRef("pk")
    )
    partners = CaribbeanPartner.objects.filter(Exists(on_those_projects)).aggregate(
        **{code: Count("pk", filter=Q(country__in=members)) for code, members in codes.items()}
    )
    rows = [
        # The acronym first: the chart shortens long labels.
        (f"{ACRONYMS[code]} — {label}", [projects[code], partners[code]])
        for code, label in RegionalOrganisation.choices
        if projects[code] or partners[code]
    ]
    return Chart(
        "by_regional_organisation",
        _("Projects and Caribbean partners by regional organisation of their countries"),
        _("Regional organisation"),
        [_("Projects"), _("Caribbean partners")],
        rows,
    )


def _funding(territories, start: date, end: date) -> Chart:
    lines = (
        FundingLine.objects.filter(_running(territories, start, end, prefix="project__"))
        .values("funder")
        .annotate(requested=Sum("amount_requested"), granted=Sum("amount_granted"))
        .order_by()
    )
    by_funder = {line["funder"]: line for line in lines}
    rows = [
        (str(label), [by_funder[code]["requested"], by_funder[code]["granted"] or Decimal(0)])
        for code, label in FundingLine.Funder.choices
        if code in by_funder
    ]
    rows.sort(key=lambda row: -row[1][0])
    return Chart(
        "funding_by_funder",
        _("Project funding by funder"),
        _("Funder"),
        [_("Requested"), _("Granted")],
        rows,
        unit="€",
    )


def _calls(territories, since: datetime, until: datetime) -> Chart:
    """Calls relayed, applications and grants per funder: two grouped queries."""
    calls = Call.objects.public().filter(
        deadline__gte=since,
        deadline__lte=until,
        pk__in=Call.territories.through.objects.filter(territory__in=territories).values("call"),
    )
    relayed = dict(calls.values_list("funder").annotate(n=Count("*")).order_by())
    applications = {
        row["call__funder"]: row
        for row in FundingLine.objects.filter(
            call__in=calls, project__lead__territory__in=territories
        )
        .values("call__funder")
        .annotate(n=Count("*"), granted=Count("pk", filter=Q(amount_granted__gt=0)))
        .order_by()
    }
    rows = [
        (
            str(label),
            [
                relayed.get(code, 0),
                applications.get(code, {}).get("n", 0),
                applications.get(code, {}).get("granted", 0),
            ],
        )
        for code, label in CallFunder.choices
        if code in relayed or code in applications
    ]
    return Chart(
        "calls_by_funder",
        _("Funding calls by funder: calls relayed, applications, grants"),
        _("Funder"),
        [_("Calls relayed"), _("Applications"), _("Grants")],
        rows,
    )


def _projects_by_year(projects) -> Chart:
    counts = {
        (row["year"], row["status"]): row["n"]
        for row in projects.values("status", year=ExtractYear("start_date")).annotate(n=Count("pk"))
    }
    statuses = [
        (code, label)
        for code, label in Project.Status.choices
        if any(s == code for _y, s in counts)
    ]
    years = sorted({y for y, _s in counts}, key=lambda y: (y is None, y))
    rows = [
        (
            str(year) if year else _("Undated"),
            [counts.get((year, code), 0) for code, _l in statuses],
        )
        for year in years
    ]
    return Chart(
        "projects_by_year",
        _("Projects by starting year and status"),
        _("Year"),
        [str(label) for _code, label in statuses],
        rows,
    )
