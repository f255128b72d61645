"""An appointment as an iCalendar file (RFC 5545), built with the icalendar library.

Its UID names the appointment (support-appointment-<pk>@rrma-antilles), so that a calendar
importing the file again updates the event rather than adding another; times are given in
UTC, shown by each calendar in its own time zone (UTC-4 in both territories)."""

from datetime import UTC

from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

PRODID = "-//RRMA Antilles//Advisory support//FR"


def appointment_calendar(appointment, *, base_url: str) -> bytes:
    request = appointment.request
    event = Event()
    event.add("uid", f"support-appointment-{appointment.pk}@rrma-antilles")
    event.add("dtstamp", timezone.now().astimezone(UTC))
    event.add("dtstart", appointment.starts_at.astimezone(UTC))
    event.add("dtend", appointment.ends_at.astimezone(UTC))
    event.add(
        "summary",
        _("Advisory support: %(topic)s — %(organisation)s")
        % {"topic": request.get_topic_display(), "organisation": request.organisation.name},
    )
    lines = [str(appointment.get_mode_display())]
    if appointment.link:
        lines.append(appointment.link)
    if appointment.note:
        lines.append(appointment.note)
    event.add("description", "\n".join(lines))
    if appointment.place:
        event.add("location", appointment.place)
    elif appointment.link:
        event.add("location", appointment.link)
    event.add("url", base_url + request.get_absolute_url())
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    calendar.add_component(event)
    return calendar.to_ical()
