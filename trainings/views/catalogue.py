"""Public pages: coming sessions, the archive, iCalendar feeds."""

from datetime import datetime, time
from zoneinfo import ZoneInfo

from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import get_object_or_404

from members.models import Territory, Theme
from toolbox.http import paginate, render_list

from ..forms import SessionFilterForm
from ..ics import calendar_of
from ..models import Session


def _filtered_sessions(request, sessions):
    form = SessionFilterForm(
        request.GET or None, territories=Territory.objects.all(), themes=Theme.objects.all()
    )
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        if data["territory"]:
            sessions = sessions.filter(training__territory__slug=data["territory"])
        if data["theme"]:
            sessions = sessions.filter(training__themes=data["theme"]).distinct()
        if data["format"]:
            sessions = sessions.filter(training__format=data["format"])
        if data["month"]:
            # The month in the networks' local time (both territories are UTC-4).
            zone = ZoneInfo(settings.TIME_ZONE)
            first = data["month"].replace(day=1)
            following = first.replace(
                year=first.year + first.month // 12, month=first.month % 12 + 1
            )
            sessions = sessions.filter(
                starts_at__gte=datetime.combine(first, time.min, zone),
                starts_at__lt=datetime.combine(following, time.min, zone),
            )
    return form, sessions


def _listing(request, sessions, template, **extra):
    form, sessions = _filtered_sessions(request, sessions)
    sessions = (
        sessions.select_related("training__territory", "commune")
        .prefetch_related("training__themes")
        .with_counts()
    )
    page = paginate(request, sessions)
    context = {"form": form, "page": page, **extra}
    return render_list(request, template, context)


def catalogue(request):
    """Coming sessions of published trainings, soonest first."""
    sessions = Session.objects.published().upcoming().order_by("starts_at")
    return _listing(request, sessions, "trainings/catalogue.html", archive=False)


def archive(request):
    """Past sessions of published trainings, latest first."""
    sessions = Session.objects.published().past().order_by("-starts_at")
    return _listing(request, sessions, "trainings/catalogue.html", archive=True)


def _calendar_response(sessions, name: str, request) -> HttpResponse:
    sessions = sessions.select_related("training__territory", "commune")
    data = calendar_of(sessions, name=name, base_url=request.build_absolute_uri("/").rstrip("/"))
    response = HttpResponse(data, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="rrma-trainings.ics"'
    return response


def feed(request):
    """All published sessions, as an iCalendar feed to subscribe to."""
    sessions = Session.objects.public()
    return _calendar_response(sessions, "RRMA Antilles", request)


def territory_feed(request, territory):
    territory = get_object_or_404(Territory, slug=territory)
    sessions = Session.objects.public().filter(training__territory=territory)
    return _calendar_response(sessions, f"RRMA {territory.name}", request)
