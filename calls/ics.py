"""iCalendar feeds of funding calls (RFC 5545), built with the icalendar library.

Business rules: each call gives one event at its deadline, and one on its pre-deposit date
when it has one. Their UIDs name the call and the date (call-<pk>-deadline@rrma-antilles), so
that a calendar subscribed to the feed moves the event when the deadline moves, rather than
adding another. The deadline is an instant, given in UTC: every calendar shows it at the right
local time (UTC-4 in both territories); the pre-deposit date is a day, an all-day event."""

from datetime import UTC, timedelta

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

PRODID = "-//RRMA Antilles//Funding calls//FR"
# A deadline is an instant; calendars show an event of some length, short enough not to look
# like a meeting.
DEADLINE_LENGTH = timedelta(minutes=30)


def _description(call) -> str:
    funder = call.get_funder_display()
    heading = f"{funder} — {call.programme}" if call.programme else funder
    return f"{heading}\n\n{call.summary}"


def _event(call, *, uid: str, summary: str, stamp, url: str) -> Event:
    event = Event()
    event.add("uid", f"call-{call.pk}-{uid}@rrma-antilles")
    event.add("dtstamp", stamp)
    event.add("summary", summary)
    event.add("description", _description(call))
    event.add("url", url)
    return event


def calendar_of(calls, *, name: str, base_url: str) -> bytes:
    """A calendar of the deadlines and pre-deposit dates of `calls` (published ones: the views
    hand their scope)."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    stamp = timezone.now().astimezone(UTC)
    for call in calls:
        url = base_url + call.get_absolute_url()
        deadline = _event(
            call,
            uid="deadline",
            summary=_("Deadline: %(title)s") % {"title": call.title},
            stamp=stamp,
            url=url,
        )
        deadline.add("dtstart", call.deadline.astimezone(UTC))
        deadline.add("dtend", call.deadline.astimezone(UTC) + DEADLINE_LENGTH)
        calendar.add_component(deadline)
        if call.predeposit_on:
            predeposit = _event(
                call,
                uid="predeposit",
                summary=_("Pre-deposit: %(title)s") % {"title": call.title},
                stamp=stamp,
                url=url,
            )
            # A date, not a time: an all-day event, ending (exclusively) the next day.
            predeposit.add("dtstart", call.predeposit_on)
            predeposit.add("dtend", call.predeposit_on + timedelta(days=1))
            calendar.add_component(predeposit)
    return calendar.to_ical()
