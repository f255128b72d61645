"""Public pages: the calendar by deadline, the archive, the month view, iCalendar feeds, and
the documents of a call.

Business rules: anyone reads published calls, closed ones included (the archive); a draft is
seen by its coordinators only (`Call.objects.visible_to`), its documents with it. Dates are
the territories' local dates (UTC-4): a deadline at 23:30 on the 31st is on the 31st."""

import calendar as calendar_module
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.db.models import Q
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.dates import WEEKDAYS
from django.utils.formats import date_format
from django.utils.functional import Promise
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from members.models import Territory
from members.views.access import object_for
from toolbox.dates import FIRST_SEARCHED_YEAR, LAST_SEARCHED_YEAR
from toolbox.http import base_url, paginate, render_list

from ..enums import CallPhase
from ..filters import CallFilter, MonthForm
from ..ics import calendar_of
from ..models import Call, local_today, local_zone

# ---------------------------------------------------------------------------------------------
# The calendar and the archive: lists of calls, filtered by GET parameters.


def _listing(request, calls, *, archive: bool, now: datetime):
    """A page of calls filtered by the GET parameters (a refused value is said on the form
    and left out, the other filters apply), with their eligibility in one query per relation
    and their phase at this instant."""
    filterset = CallFilter(request.GET or None, queryset=calls)
    page = paginate(request, filterset.qs.with_eligibility())
    for call in page:
        call.phase_now = call.phase(now)
    context = {
        "filter": filterset,
        "page": page,
        "archive": archive,
        "query": filterset.query_string(),
        "territories": Territory.objects.all(),
        "Phase": CallPhase,
    }
    return render_list(request, "calls/calendar.html", context)


def calendar(request):
    """Published calls not closed yet (upcoming, open, closing soon), soonest deadline first."""
    now = timezone.now()
    calls = Call.objects.public().not_closed(now).order_by("deadline", "pk")
    return _listing(request, calls, archive=False, now=now)


def archive(request):
    """Closed published calls, latest deadline first."""
    now = timezone.now()
    calls = Call.objects.public().closed(now).order_by("-deadline", "-pk")
    return _listing(request, calls, archive=True, now=now)


# ---------------------------------------------------------------------------------------------
# The month view: a grid of the month's dates of published calls.


@dataclass(frozen=True)
class Entry:
    """One date of a call shown in the month: its opening, pre-deposit date or deadline."""

    label: Promise
    kind: str
    call: Call
    at: datetime | None = None


@dataclass
class Day:
    day: date
    in_month: bool
    entries: list[Entry] = field(default_factory=list)


OPENING = gettext_lazy("Opening")
PREDEPOSIT = gettext_lazy("Pre-deposit")
DEADLINE = gettext_lazy("Deadline")


def _following(first: date) -> date:
    """The first day of the next month."""
    return (first + timedelta(days=31)).replace(day=1)


def _entry_order(entry: Entry) -> tuple:
    """Openings and pre-deposit dates (days) first, then deadlines by their time."""
    return (entry.at is not None, entry.at.time() if entry.at else time.min, entry.call.pk)


def _month_entries(calls, first: date, following: date) -> dict[date, list[Entry]]:
    """The month's dates of `calls`, by local date; a day's deadlines in the order of their
    times, after its openings and pre-deposit dates."""
    entries: dict[date, list[Entry]] = defaultdict(list)
    for call in calls:
        if first <= call.opens_on < following:
            entries[call.opens_on].append(Entry(OPENING, "opening", call))
        if call.predeposit_on and first <= call.predeposit_on < following:
            entries[call.predeposit_on].append(Entry(PREDEPOSIT, "predeposit", call))
        deadline = call.local_deadline
        if first <= deadline.date() < following:
            entries[deadline.date()].append(Entry(DEADLINE, "deadline", call, deadline))
    for day_entries in entries.values():
        day_entries.sort(key=_entry_order)
    return entries


def _month_value(first: date) -> str | None:
    """The `month` parameter of a month people may ask for (years 1900–2100), else None."""
    if not FIRST_SEARCHED_YEAR <= first.year <= LAST_SEARCHED_YEAR:
        return None
    return first.strftime("%Y-%m")


def month(request):
    """The dates (openings, pre-deposit dates, deadlines) of published calls matching the
    filters in one month, as a table of weeks from Monday. The month asked, or the current
    local month when none is or when it is refused (said on the form); the calendar's filters
    apply as on the list."""
    month_form = MonthForm(request.GET or None)
    first = month_form.first_day(local_today())
    following = _following(first)
    zone = local_zone()
    start = datetime.combine(first, time.min, zone)
    end = datetime.combine(following, time.min, zone)
    filterset = CallFilter(request.GET or None, queryset=Call.objects.public())
    calls = filterset.qs.filter(
        Q(deadline__gte=start, deadline__lt=end)
        | Q(opens_on__gte=first, opens_on__lt=following)
        | Q(predeposit_on__gte=first, predeposit_on__lt=following)
    ).order_by("deadline", "pk")
    entries = _month_entries(calls, first, following)
    weeks = [
        [Day(d, d.month == first.month, entries.get(d, [])) for d in week]
        for week in calendar_module.Calendar(firstweekday=0).monthdatescalendar(
            first.year, first.month
        )
    ]
    previous = (first - timedelta(days=1)).replace(day=1)
    return render(
        request,
        "calls/month.html",
        {
            "filter": filterset,
            "month_form": month_form,
            "first": first,
            "weeks": weeks,
            "weekdays": [WEEKDAYS[i] for i in range(7)],
            "count": len({e.call.pk for day in entries.values() for e in day}),
            "previous": _month_value(previous),
            "previous_label": date_format(previous, "F Y"),
            "next": _month_value(following),
            "next_label": date_format(following, "F Y"),
            "query": filterset.query_string(),
        },
    )


# ---------------------------------------------------------------------------------------------
# iCalendar feeds: the published calls' deadlines and pre-deposit dates.


# Business rule: a feed holds the deadlines of the past year and every one to come. Calendar
# apps keep the events they already read, so a subscriber loses nothing; the feed stays the
# same size as the years of calls pile up.
FEED_PAST = timedelta(days=365)


def _feed_response(request, calls, name: str) -> HttpResponse:
    calls = calls.filter(deadline__gte=timezone.now() - FEED_PAST).order_by("deadline", "pk")
    data = calendar_of(calls, name=name, base_url=base_url(request))
    response = HttpResponse(data, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="rrma-funding-calls.ics"'
    return response


def feed(request):
    """The published calls of the past year and to come, closed ones included."""
    return _feed_response(request, Call.objects.public(), _("Funding calls — RRMA Antilles"))


def territory_feed(request, territory):
    """The published calls open to holders of one territory."""
    territory = get_object_or_404(Territory, slug=territory)
    calls = Call.objects.public().filter(territories=territory)
    name = _("Funding calls — RRMA %(territory)s") % {"territory": territory.name}
    return _feed_response(request, calls, name)


# ---------------------------------------------------------------------------------------------
# A call's documents.


def document(request, slug, pk):
    """A PDF of a call the person may see (a draft's: its coordinators only; 404 otherwise),
    downloaded rather than shown, under a name made from its title. Read through the file
    field, whatever storage keeps it."""
    call = object_for(request, Call.objects.visible_to(request.user), slug=slug)
    found = get_object_or_404(call.documents.all(), pk=pk)
    try:
        handle = found.file.open("rb")
    except FileNotFoundError:
        # The row outlived its file (a restore without the files): nothing to send.
        raise Http404 from None
    response = FileResponse(
        handle,
        content_type="application/pdf",
        as_attachment=True,
        filename=f"{slugify(found.title) or 'document'}.pdf",
    )
    # Browsers must not guess another type than the PDF the upload was checked to be.
    response["X-Content-Type-Options"] = "nosniff"
    return response
