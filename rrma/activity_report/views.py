"""The activity report's page and its XLSX download, for State services (both territories),
coordinators (their own: another territory is out of reach, 404) and site admins.

The period is a calendar year (this one by default), or a range of dates; a period that
cannot be is said next to its field and the default one is shown (the download: 400, no file).
Each download is logged, as the census's exports.
"""

from datetime import date

from django import forms
from django.shortcuts import render
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from members import permissions
from members.models import Territory
from members.views.access import capability_required, object_for
from toolbox.forms import SafeInputMixin
from toolbox.spreadsheets import xlsx_streaming_response

from ..models import ExportLog
from ..statistics import PeriodForm
from . import activity_report_compute
from .figures import calendar_year

# The format the export log names the report's downloads by (its field holds ten characters).
LOG_FORMAT = "bilan.xlsx"
# Exports are read by French administrations: their headers are French whatever the language.
HEADERS = [
    *("Rubrique", "Tableau", "Ligne", "Colonne", "Valeur", "Unité"),
    *("Territoire", "Début", "Fin"),
]


class YearForm(SafeInputMixin, forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)


class ReportPeriod:
    """The period asked for by GET parameters: `start` and `end` (a range of dates) or `year`;
    this calendar year when neither is given or the one given cannot be."""

    def __init__(self, params):
        today = timezone.localdate()
        self.start, self.end = date(today.year, 1, 1), date(today.year, 12, 31)
        by_dates = bool(params.get("start") or params.get("end"))
        by_year = not by_dates and bool(params.get("year"))
        self.year_form = YearForm(params if by_year else None, initial={"year": today.year})
        self.period_form = PeriodForm(
            params if by_dates else None, initial={"start": self.start, "end": self.end}
        )
        self.asked_form = self.period_form if by_dates else self.year_form if by_year else None
        if self.asked_form is not None and self.asked_form.is_valid():
            if by_dates:
                self.start = self.period_form.cleaned_data["start"]
                self.end = self.period_form.cleaned_data["end"]
            else:
                year = self.year_form.cleaned_data["year"]
                self.start, self.end = date(year, 1, 1), date(year, 12, 31)
        if not by_dates:
            self.period_form.initial = {"start": self.start, "end": self.end}

    @property
    def invalid(self) -> bool:
        return self.asked_form is not None and not self.asked_form.is_valid()

    @property
    def year(self) -> int | None:
        return calendar_year(self.start, self.end)

    @property
    def query(self) -> str:
        if self.year:
            return f"year={self.year}"
        return f"start={self.start:%Y-%m-%d}&end={self.end:%Y-%m-%d}"


def _territory(request, slug: str) -> Territory:
    """The territory if the person reads its report; another territory is out of reach (404)."""
    return object_for(
        request,
        Territory.objects.censused_by(request.user),
        permissions.can_read_activity_report,
        slug=slug,
    )


def _page(request, territory, period: ReportPeriod, *, status: int = 200):
    sections = activity_report_compute(territory=territory, start=period.start, end=period.end)
    return render(
        request,
        "rrma/activity_report.html",
        {
            "territory": territory,
            "period": period,
            # Given as forms too: the page's error summary lists the errors of its forms.
            "year_form": period.year_form,
            "period_form": period.period_form,
            "sections": sections,
            "territories": Territory.objects.censused_by(request.user),
        },
        status=status,
    )


@capability_required(permissions.can_read_activity_report)
def activity_report(request, territory):
    """The report of the territory over the period asked for (see `ReportPeriod`)."""
    return _page(request, _territory(request, territory), ReportPeriod(request.GET))


@capability_required(permissions.can_read_activity_report)
def activity_report_xlsx(request, territory):
    """The report as a spreadsheet, one line per figure (French headers), logged. For a period
    that cannot be, no file: the page says why (400)."""
    territory = _territory(request, territory)
    period = ReportPeriod(request.GET)
    if period.invalid:
        return _page(request, territory, period, status=400)
    with translation.override("fr"):
        sections = activity_report_compute(territory=territory, start=period.start, end=period.end)
        lines = [
            [
                section.title,
                table.title,
                label,
                column,
                figure.value,
                figure.unit,
                territory.name,
                period.start,
                period.end,
            ]
            for section in sections
            for table in section.tables
            for label, figures in table.rows
            for column, figure in zip(table.columns, figures, strict=True)
        ]
    ExportLog.objects.create(
        user=request.user,
        file_format=LOG_FORMAT,
        filters={
            "territory": territory.slug,
            "start": period.start.isoformat(),
            "end": period.end.isoformat(),
        },
        row_count=len(lines),
    )
    return xlsx_streaming_response(
        f"bilan-activite-{territory.slug}-{period.start:%Y-%m-%d}-{period.end:%Y-%m-%d}.xlsx",
        "Bilan d'activité",
        HEADERS,
        lines,
    )
