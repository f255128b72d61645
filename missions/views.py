"""The missions' pages: each organisation's missions (list, record, edit, delete) and the
obstacles report of coordinators and State services, with its CSV and XLSX exports.

Missions are fetched through `Mission.objects.visible_to` (members.views.access.object_for):
another organisation's mission, or one of the other territory, does not exist for the person
(404); one they read but may not change is refused (403)."""

import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from members.permissions import can_read_both_territories
from members.views.access import capability_required, object_for
from toolbox.forms import formset_changes
from toolbox.http import paginate, render_list
from toolbox.spreadsheets import csv_response, xlsx_streaming_response

from . import permissions
from .forms import MissionFilter, MissionForm, ObstacleFormSet, ReportForm, default_period
from .models import Mission
from .services import ObstaclesReport, mission_delete, mission_save, obstacles_report_compute

# What a slug may be (members.Organisation.slug): anything else preselects nothing.
SLUG = re.compile(r"[-a-zA-Z0-9_]{1,220}")


def mission_for(request, pk: int, capability=None) -> Mission:
    """The mission as the person may see it (404 otherwise), checked for `capability` (403)."""
    visible = Mission.objects.visible_to(request.user).select_related(
        "organisation__territory", "country", "project"
    )
    return object_for(request, visible, capability, pk=pk)


@capability_required(permissions.can_list_missions)
def mission_list(request):
    """The missions the person reads matching the filters (a refused value is said on the
    form and left out), latest first, a page at a time with their obstacles."""
    user = request.user
    filterset = MissionFilter(
        request.GET or None,
        queryset=Mission.objects.visible_to(user).for_listing().order_by("-start_date", "-pk"),
        both_territories=can_read_both_territories(user),
    )
    context = {
        "filter": filterset,
        "page": paginate(request, filterset.qs),
        "can_record": permissions.can_record_mission(user),
        "can_read_report": permissions.can_read_obstacles_report(user),
    }
    return render_list(request, "missions/mission_list.html", context)


def _edit(request, mission: Mission, preselected=None):
    organisations = permissions.recording_organisations(request.user)
    data = request.POST if request.method == "POST" else None
    form = MissionForm(data, instance=mission, organisations=organisations, preselected=preselected)
    obstacles = ObstacleFormSet(data, instance=mission, prefix="obstacles")
    # Both checked, so that the page says every error at once.
    if data is not None and all([form.is_valid(), obstacles.is_valid()]):
        saved, removed = formset_changes(obstacles)
        mission = mission_save(
            mission=form.save(commit=False),
            obstacles=saved,
            removed_obstacles=removed,
            by=request.user,
        )
        messages.success(request, _("The mission has been saved."))
        return redirect(mission)
    return render(
        request,
        "missions/mission_form.html",
        {"form": form, "obstacles": obstacles, "mission": mission if mission.pk else None},
    )


@capability_required(permissions.can_record_mission)
@require_http_methods(["GET", "POST"])
def mission_create(request):
    """A new mission (GET `organisation`: the slug of the organisation to record it for)."""
    slug = str(request.GET.get("organisation", ""))
    preselected = None
    if SLUG.fullmatch(slug):
        preselected = permissions.recording_organisations(request.user).filter(slug=slug).first()
    return _edit(request, Mission(), preselected)


@login_required
def mission_detail(request, pk):
    mission = mission_for(request, pk)
    return render(
        request,
        "missions/mission_detail.html",
        {
            "mission": mission,
            "obstacles": list(mission.obstacles.all()),
            "can_edit": permissions.can_edit_mission(request.user, mission),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def mission_edit(request, pk):
    return _edit(request, mission_for(request, pk, permissions.can_edit_mission))


@login_required
@require_http_methods(["GET", "POST"])
def mission_delete_view(request, pk):
    """GET asks for confirmation; POST deletes the mission and its obstacles."""
    mission = mission_for(request, pk, permissions.can_edit_mission)
    if request.method == "POST":
        mission_delete(mission=mission, by=request.user)
        messages.success(request, _("The mission has been deleted."))
        return redirect("missions:list")
    return render(request, "missions/mission_confirm_delete.html", {"mission": mission})


# The obstacles report --------------------------------------------------------------------


def _report(request) -> tuple[ReportForm, ObstaclesReport]:
    """The report of the period and territory asked for (this calendar year, every territory
    the person reads, by default); a period that cannot be is said next to its field and the
    default one is shown."""
    territories = list(permissions.report_territories(request.user).order_by("insee_code"))
    start, end = default_period()
    asked = any(name in request.GET for name in ReportForm.base_fields)
    form = ReportForm(
        request.GET if asked else {"start": start, "end": end}, territories=territories
    )
    chosen = territories
    if form.is_valid():
        start, end = form.cleaned_data["start"], form.cleaned_data["end"]
        if form.cleaned_data.get("territory"):
            chosen = [form.cleaned_data["territory"]]
    report = obstacles_report_compute(
        territories=chosen,
        start=start,
        end=end,
        within=Mission.objects.visible_to(request.user),
        every_territory=chosen is territories and can_read_both_territories(request.user),
    )
    return form, report


def _report_page(request, form, report, *, status=200):
    return render(
        request,
        "missions/obstacles_report.html",
        {"form": form, "report": report, "query": _export_query(report, form)},
        status=status,
    )


def _export_query(report: ObstaclesReport, form: ReportForm) -> str:
    query = f"start={report.start:%Y-%m-%d}&end={report.end:%Y-%m-%d}"
    if "territory" in form.fields and len(report.territories) == 1:
        query += f"&territory={report.territories[0].slug}"
    return query


@capability_required(permissions.can_read_obstacles_report)
def obstacles_report(request):
    form, report = _report(request)
    return _report_page(request, form, report)


def _export(report: ObstaclesReport) -> tuple[str, list[str], list[list]]:
    """The file's name, headers and lines: one per country and kind, then the totals by kind
    and overall (missions affected cannot be added up: a mission may meet several kinds)."""
    where = report.territories[0].slug if len(report.territories) == 1 else "guadeloupe-martinique"
    name = f"obstacles-{where}-{report.start:%Y-%m-%d}-{report.end:%Y-%m-%d}"
    headers = [
        _("Country or territory"),
        _("ISO code"),
        _("Obstacle"),
        _("Obstacles met"),
        _("Missions affected"),
        _("Notes"),
        _("From"),
        _("To"),
    ]
    period = [report.start.isoformat(), report.end.isoformat()]
    lines = [
        [
            row.country_label,
            row.country,
            row.kind_label,
            row.obstacles,
            row.missions,
            "\n".join(row.notes),
            *period,
        ]
        for row in report.rows
    ]
    every = _("All countries")
    lines += [
        [every, "", row.kind_label, row.obstacles, row.missions, "", *period]
        for row in report.by_kind
    ]
    lines.append([every, "", _("All obstacles"), report.obstacles, report.affected, "", *period])
    return name, headers, lines


@capability_required(permissions.can_read_obstacles_report)
def obstacles_csv(request):
    """The report as CSV. For a period that cannot be, no file: the page says why (400)."""
    form, report = _report(request)
    if not form.is_valid():
        return _report_page(request, form, report, status=400)
    name, headers, lines = _export(report)
    return csv_response(f"{name}.csv", headers, lines)


@capability_required(permissions.can_read_obstacles_report)
def obstacles_xlsx(request):
    """The report as an XLSX workbook (as the CSV: 400 for a period that cannot be)."""
    form, report = _report(request)
    if not form.is_valid():
        return _report_page(request, form, report, status=400)
    name, headers, lines = _export(report)
    return xlsx_streaming_response(f"{name}.xlsx", _("Obstacles"), headers, lines)
