"""Public pages: coming sessions, the archive, iCalendar feeds."""

from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404

from members.models import Territory
from toolbox.http import paginate, render_list

from ..filters import SessionFilter
from ..ics import calendar_of
from ..models import Registration, Session


def _listing(request, sessions, template, *, archive: bool):
    """A list of sessions, filtered by GET parameters (invalid ones are said on the form and
    ignored); coming sessions with their seats taken."""
    filterset = SessionFilter(request.GET or None, queryset=sessions)
    if filterset.is_bound and filterset.is_valid():
        sessions = filterset.qs
    sessions = sessions.select_related("training__territory", "commune").prefetch_related(
        "training__themes"
    )
    page = paginate(request, sessions)
    if not archive:
        _count_seats(page)
    context = {"filter": filterset, "page": page, "archive": archive}
    return render_list(request, template, context)


def _count_seats(sessions) -> None:
    """Seats taken and people waiting, for these sessions only (`confirmed_count`,
    `waitlist_count`, as `Session.objects.with_counts()` gives): one grouped query over their
    registrations, rather than every session's registrations joined before the page is cut
    (and again in the count of the pages)."""
    counts = {
        row["session"]: row
        for row in Registration.objects.filter(session__in=[s.pk for s in sessions])
        .values("session")
        .annotate(
            confirmed=Count("pk", filter=Q(status__in=Registration.HOLDS_A_SEAT)),
            waiting=Count("pk", filter=Q(status=Registration.Status.WAITLISTED)),
        )
        .order_by()
    }
    for session in sessions:
        row = counts.get(session.pk, {})
        session.confirmed_count = row.get("confirmed", 0)
        session.waitlist_count = row.get("waiting", 0)


def catalogue(request):
    """Coming sessions of published trainings, soonest first."""
    sessions = Session.objects.published().upcoming().order_by("starts_at", "pk")
    return _listing(request, sessions, "trainings/catalogue.html", archive=False)


def archive(request):
    """Past sessions of published trainings, latest first."""
    sessions = Session.objects.published().past().order_by("-starts_at", "-pk")
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
