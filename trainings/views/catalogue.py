"""Public pages: coming sessions, the archive, iCalendar feeds; of trainings (`/trainings/`)
and of the network's other events (`/events/`), one listing for both."""

from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from members.models import Territory
from toolbox.http import paginate, render_list

from ..filters import EventSessionFilter, SessionFilter
from ..ics import calendar_of
from ..models import Registration, Session


def _listing(request, sessions, template, *, archive: bool, events: bool = False):
    """A list of sessions, filtered by GET parameters (invalid ones are said on the form and
    ignored); coming sessions with their seats taken. `events`: the network's events, with
    their kind as one more filter, rather than the trainings."""
    filters = EventSessionFilter if events else SessionFilter
    filterset = filters(request.GET or None, queryset=sessions)
    if filterset.is_bound and filterset.is_valid():
        sessions = filterset.qs
    sessions = sessions.select_related("training__territory", "commune").prefetch_related(
        "training__themes"
    )
    page = paginate(request, sessions)
    if not archive:
        _count_seats(page)
    context = {"filter": filterset, "page": page, "archive": archive, "events": events}
    return render_list(request, template, context, fragment="htmx")


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
    sessions = Session.objects.published().of_trainings().upcoming().order_by("starts_at", "pk")
    return _listing(request, sessions, "trainings/catalogue.html", archive=False)


def archive(request):
    """Past sessions of published trainings, latest first."""
    sessions = Session.objects.published().of_trainings().past().order_by("-starts_at", "-pk")
    return _listing(request, sessions, "trainings/catalogue.html", archive=True)


def events(request):
    """Coming sessions of the network's published events, soonest first."""
    sessions = Session.objects.published().of_events().upcoming().order_by("starts_at", "pk")
    return _listing(request, sessions, "trainings/catalogue.html", archive=False, events=True)


def events_archive(request):
    """Past sessions of the network's published events, latest first."""
    sessions = Session.objects.published().of_events().past().order_by("-starts_at", "-pk")
    return _listing(request, sessions, "trainings/catalogue.html", archive=True, events=True)


def _calendar_response(sessions, name: str, request, filename: str) -> HttpResponse:
    sessions = sessions.select_related("training__territory", "commune")
    data = calendar_of(sessions, name=name, base_url=request.build_absolute_uri("/").rstrip("/"))
    response = HttpResponse(data, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def feed(request):
    """The sessions of every announced training, as an iCalendar feed to subscribe to."""
    sessions = Session.objects.public().of_trainings()
    return _calendar_response(sessions, "RRMA Antilles", request, "rrma-trainings.ics")


def events_feed(request):
    """The sessions of every announced network event, as an iCalendar feed."""
    sessions = Session.objects.public().of_events()
    name = _("RRMA Antilles: the networks' events")
    return _calendar_response(sessions, name, request, "rrma-events.ics")


def territory_feed(request, territory):
    """Everything a network announces, trainings and events: its whole calendar."""
    territory = get_object_or_404(Territory, slug=territory)
    sessions = Session.objects.public().filter(training__territory=territory)
    return _calendar_response(sessions, f"RRMA {territory.name}", request, "rrma-trainings.ics")
