"""iCalendar files of sessions (RFC 5545), built with the icalendar library."""

from datetime import UTC

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event

PRODID = "-//RRMA Antilles//Trainings//FR"


def calendar_of(sessions, *, name: str, base_url: str, links_for=frozenset()) -> bytes:
    """A calendar of `sessions`; the online link only for sessions whose ids are in `links_for`
    (the person's confirmed registrations)."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    for session in sessions:
        training = session.training
        event = Event()
        event.add("uid", f"session-{session.pk}@rrma-antilles")
        event.add("dtstamp", timezone.now().astimezone(UTC))
        # UTC instants: every calendar shows them at the right local time (UTC-4 here).
        event.add("dtstart", session.starts_at.astimezone(UTC))
        event.add("dtend", session.ends_at.astimezone(UTC))
        event.add("summary", training.title)
        place = ", ".join(
            p for p in [session.venue, session.commune.name if session.commune else ""] if p
        )
        if place:
            event.add("location", place)
        description = training.summary
        if session.online_url and session.pk in links_for:
            description += f"\n\n{session.online_url}"
            if not place:
                event.add("location", session.online_url)
        event.add("description", description)
        event.add("url", base_url + training.get_absolute_url())
        if training.is_cancelled:
            event.add("status", "CANCELLED")
        calendar.add_component(event)
    return calendar.to_ical()
