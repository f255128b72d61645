"""Public pages: the calendar by deadline, the archive, the month view, iCalendar feeds."""

from django.http import Http404


def _todo(*args, **kwargs):
    raise Http404


calendar = archive = month = feed = territory_feed = document = _todo
