"""The census for State services (both territories) and coordinators (their own): the list of
organisations with its exports, and the statistics with their period export.

Every organisation in any status, non-public fields included. Each export is logged.
"""

from datetime import date
from decimal import Decimal

import django_filters
from django.contrib import messages
from django.db.models import Exists, OuterRef, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import number_format
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from members import permissions
from members.filters import DirectoryFilter
from members.models import Organisation, Territory
from members.views.access import capability_required
from projects.models import Project
from toolbox.http import paginate, render_list
from toolbox.spreadsheets import csv_response
from trainings.models import Registration

from . import exports
from .exports import (
    EXPORT_FORMATS,
    census_export_prepare,
    census_export_response,
    prepared_export_response,
    recent_prepared_exports,
)
from .models import PREPARED_EXPORT_RETENTION, ExportLog, PreparedExport
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


CENSUS_PAGE_SIZE = 50


def census_filtered(*, user, params):
    """The census filter bound to `params` (unbound when empty) over the person's territories,
    and the organisations it keeps: all of them, by name, when a filter cannot be applied."""
    queryset = Organisation.objects.filter(territory__in=census_territories(user))
    census = CensusFilter(params or None, queryset=queryset)
    results = census.qs if census.is_bound and census.is_valid() else queryset.order_by("name")
    return census, results


def _census_page(request, census_filter, results, *, status=200):
    page = paginate(request, results.select_related("territory", "commune"), CENSUS_PAGE_SIZE)
    return render(
        request,
        "rrma/census.html",
        {
            "filter": census_filter,
            "page": page,
            "territories": census_territories(request.user),
            "stream_limit": exports.STREAMED_EXPORT_MAX_ROWS,
            **recent_prepared_exports(request.user),
        },
        status=status,
    )


@capability_required(permissions.can_read_census)
def census(request):
    """The census; filters that cannot be applied are said next to their field (200, see
    toolbox/filters.py) and the list is shown unfiltered."""
    census_filter, results = census_filtered(user=request.user, params=request.GET)
    return _census_page(request, census_filter, results)


@capability_required(permissions.can_read_census)
def census_export(request, file_format):
    """The current filtered view as CSV, XLSX or JSON: one row per organisation, lists joined.

    With a filter that cannot be applied, no file (it would be taken for the filtered one) and
    nothing logged: the census page, with the message next to the filter, answers 400. The log
    keeps the census's own filters, as asked. Beyond STREAMED_EXPORT_MAX_ROWS organisations,
    the worker prepares the file (rrma/exports.py): back to the census, which offers it once
    ready."""
    if file_format not in EXPORT_FORMATS:
        raise Http404
    census_filter, results = census_filtered(user=request.user, params=request.GET)
    if census_filter.is_bound and not census_filter.is_valid():
        return _census_page(request, census_filter, results, status=400)
    filters = {k: v for k, v in request.GET.items() if v and k in census_filter.filters}
    row_count = results.count()
    if row_count > exports.STREAMED_EXPORT_MAX_ROWS:
        _, created = census_export_prepare(
            user=request.user,
            file_format=file_format,
            filters=filters,
            language=translation.get_language(),
        )
        messages.info(request, _prepared_message(created, row_count, file_format))
        query = request.GET.urlencode()
        return redirect(reverse("census") + (f"?{query}" if query else ""))
    ExportLog.objects.create(
        user=request.user, file_format=file_format, filters=filters, row_count=row_count
    )
    return census_export_response(results, file_format=file_format)


def _prepared_message(created: bool, count: int, file_format: str) -> str:
    if not created:
        return gettext("This export is already being prepared: it will be offered below.")
    return ngettext(
        "The %(format)s export of %(count)s organisation is being prepared: it will be offered "
        "below for download in a few minutes.",
        "The %(format)s export of %(count)s organisations is being prepared: it will be offered "
        "below for download in a few minutes.",
        count,
    ) % {"format": file_format.upper(), "count": number_format(count, force_grouping=True)}


@capability_required(permissions.can_read_census)
def census_exports(request):
    """The person's prepared exports (a fragment for htmx, which polls it while one is being
    prepared); anyone's own only."""
    return render_list(
        request,
        "rrma/exports.html",
        recent_prepared_exports(request.user),
        fragment="prepared_exports",
    )


@capability_required(permissions.can_read_census)
def census_export_download(request, pk):
    """A prepared export's file, for the person who asked for it only (anyone else: 404, as
    for one not ready or already deleted). Reading it needs the census capability still."""
    export = get_object_or_404(
        PreparedExport.objects.filter(user=request.user, status=PreparedExport.Status.READY),
        pk=pk,
        created_at__gte=timezone.now() - PREPARED_EXPORT_RETENTION,
    )
    return prepared_export_response(export)


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
