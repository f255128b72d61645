"""The census for State services (both territories) and coordinators (their own): the list of
organisations with its exports, and the statistics with their period export.

Every organisation in any status, non-public fields included. Each export is logged.
"""

import json
from datetime import date
from decimal import Decimal

import django_filters
from django.db.models import Exists, OuterRef, Q
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from members import permissions
from members.filters import DirectoryFilter
from members.models import Organisation, Territory
from members.views.access import capability_required
from projects.models import Project
from toolbox.http import paginate
from toolbox.spreadsheets import csv_response, xlsx_response
from trainings.models import Registration

from .models import ExportLog
from .statistics import PeriodForm, default_period, statistics_compute


def census_territories(user):
    """The territories whose census the person reads (`Territory.objects.censused_by`)."""
    return Territory.objects.censused_by(user)


class CensusFilter(DirectoryFilter):
    """The directory's filters, plus status, freshness, projects and trainings."""

    status = django_filters.ChoiceFilter(label=_("Status"), choices=Organisation.Status.choices)
    confirmed_before = django_filters.DateFilter(
        label=_("Record last confirmed before"), method="filter_confirmed_before"
    )
    to_refresh = django_filters.BooleanFilter(
        label=_("Not confirmed for a year"), method="filter_to_refresh"
    )
    has_projects = django_filters.BooleanFilter(label=_("Has projects"), method="filter_projects")
    trained_this_year = django_filters.BooleanFilter(
        label=_("Trained this year"), method="filter_trained"
    )

    def filter_confirmed_before(self, queryset, name, value):
        return queryset.filter(Q(confirmed_at__date__lt=value) | Q(confirmed_at__isnull=True))

    def filter_to_refresh(self, queryset, name, value):
        stale = queryset.needing_confirmation()
        return stale if value else queryset.exclude(pk__in=stale.values("pk"))

    def filter_projects(self, queryset, name, value):
        has = Exists(Project.objects.filter(lead=OuterRef("pk")))
        return queryset.filter(has) if value else queryset.exclude(has)

    def filter_trained(self, queryset, name, value):
        trained = Exists(
            Registration.objects.filter(
                organisation=OuterRef("pk"),
                status=Registration.Status.ATTENDED,
                session__starts_at__year=timezone.now().year,
            )
        )
        return queryset.filter(trained) if value else queryset.exclude(trained)


EXPORT_FORMATS = ("csv", "xlsx", "json")
CENSUS_PAGE_SIZE = 50
# Exports are read by French administrations: their headers are French whatever the language.
COLUMNS = [
    ("name", "Nom"),
    ("acronym", "Sigle"),
    ("kind", "Type"),
    ("status", "Statut"),
    ("territory", "Territoire"),
    ("commune", "Commune"),
    ("siret", "SIRET"),
    ("rna", "RNA"),
    ("email", "Courriel"),
    ("phone", "Téléphone"),
    ("themes", "Thématiques"),
    ("countries", "Pays de la Caraïbe"),
    ("contacts", "Personnes à contacter"),
    ("confirmed_at", "Fiche confirmée le"),
]


def _filtered(request):
    territories = census_territories(request.user)
    queryset = Organisation.objects.filter(territory__in=territories)
    census = CensusFilter(request.GET or None, queryset=queryset)
    results = census.qs if census.is_bound and census.is_valid() else queryset.order_by("name")
    return census, results.select_related("territory", "commune").prefetch_related(
        "themes", "countries", "contacts"
    )


def _row(organisation) -> list:
    return [
        organisation.name,
        organisation.acronym,
        organisation.get_kind_display(),
        organisation.get_status_display(),
        organisation.territory.name,
        organisation.commune.name,
        organisation.siret,
        organisation.rna,
        organisation.email,
        organisation.phone,
        " | ".join(str(t) for t in organisation.themes.all()),
        " | ".join(str(c) for c in organisation.countries.all()),
        " | ".join(f"{c.name} <{c.email}>" for c in organisation.contacts.all()),
        organisation.confirmed_at.date().isoformat() if organisation.confirmed_at else "",
    ]


def _census_page(request, census_filter, results, *, status=200):
    page = paginate(request, results, per_page=CENSUS_PAGE_SIZE)
    return render(
        request,
        "rrma/census.html",
        {
            "filter": census_filter,
            "page": page,
            "territories": census_territories(request.user),
        },
        status=status,
    )


@capability_required(permissions.can_read_census)
def census(request):
    """The census; filters that cannot be applied are said next to their field (200, see
    toolbox/filters.py) and the list is shown unfiltered."""
    census_filter, results = _filtered(request)
    return _census_page(request, census_filter, results)


@capability_required(permissions.can_read_census)
def census_export(request, file_format):
    """The current filtered view as CSV, XLSX or JSON: one row per organisation, lists joined.

    With a filter that cannot be applied, no file (it would be taken for the filtered one) and
    nothing logged: the census page, with the message next to the filter, answers 400. The log
    keeps the census's own filters, as asked."""
    if file_format not in EXPORT_FORMATS:
        raise Http404
    census_filter, results = _filtered(request)
    if census_filter.is_bound and not census_filter.is_valid():
        return _census_page(request, census_filter, results, status=400)
    rows = [_row(o) for o in results]
    headers = [label for _key, label in COLUMNS]
    ExportLog.objects.create(
        user=request.user,
        file_format=file_format,
        filters={k: v for k, v in request.GET.items() if v and k in census_filter.filters},
        row_count=len(rows),
    )
    filename = f"recensement-rrma-{timezone.localdate():%Y-%m-%d}.{file_format}"
    if file_format == "csv":
        return csv_response(filename, headers, rows)
    if file_format == "xlsx":
        return xlsx_response(filename, "Recensement", headers, rows)
    keys = [key for key, _label in COLUMNS]
    response = HttpResponse(
        json.dumps([dict(zip(keys, row, strict=True)) for row in rows], ensure_ascii=False),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _period(request) -> tuple[PeriodForm, date, date]:
    """The period asked for (this year by default); a period that cannot be is said next to its
    field and the default one is shown."""
    start, end = default_period()
    asked = any(name in request.GET for name in PeriodForm.base_fields)
    form = PeriodForm(request.GET if asked else {"start": start, "end": end})
    if asked and form.is_valid():
        start, end = form.cleaned_data["start"], form.cleaned_data["end"]
    return form, start, end


@capability_required(permissions.can_read_census)
def statistics(request):
    """The statistics of the period asked for (see `_period`)."""
    form, start, end = _period(request)
    return _statistics_page(request, form, start, end)


def _statistics_page(request, form, start, end, *, status=200):
    territories = census_territories(request.user)
    charts = statistics_compute(territories=territories, start=start, end=end)
    today = timezone.localdate()
    return render(
        request,
        "rrma/statistics.html",
        {
            "form": form,
            "start": start,
            "end": end,
            "charts": charts,
            "territories": territories,
            "this_year": date(today.year, 1, 1),
            "last_year": (date(today.year - 1, 1, 1), date(today.year - 1, 12, 31)),
            "today": today,
        },
        status=status,
    )


def _csv_value(value) -> str:
    """Amounts with two decimals whatever the database returns; a rate with nothing to measure
    (no attendance taken) is an empty cell, not 0."""
    if value is None:
        return ""
    return f"{value:.2f}" if isinstance(value, Decimal) else str(value)


@capability_required(permissions.can_read_census)
def statistics_csv(request):
    """The figures of the period, one line per value, for activity reports (French headers).
    For a period that cannot be, no file: the statistics page says why (400)."""
    form, start, end = _period(request)
    if form.is_bound and not form.is_valid():
        return _statistics_page(request, form, start, end, status=400)
    with translation.override("fr"):
        charts = statistics_compute(
            territories=census_territories(request.user), start=start, end=end
        )
        lines = [
            [chart.title, label, series, _csv_value(value)]
            for chart in charts
            for label, values in chart.rows
            for series, value in zip(chart.series, values, strict=True)
        ]
    ExportLog.objects.create(
        user=request.user,
        file_format="stats.csv",
        filters={"start": start.isoformat(), "end": end.isoformat()},
        row_count=len(lines),
    )
    return csv_response(
        f"statistiques-rrma-{start:%Y-%m-%d}-{end:%Y-%m-%d}.csv",
        ["Tableau", "Ligne", "Série", "Valeur", "Début", "Fin"],
        ([*line, start.isoformat(), end.isoformat()] for line in lines),
    )
