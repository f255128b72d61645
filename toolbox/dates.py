"""The range of dates the portal stores, for every date and time field of every app.

Business rule: dates run from 1 January 1950 to 31 December 2100. Beyond that nothing the
networks record makes sense, and the extremes break things: a session ending at 9999-12-31
23:59 in Guadeloupe is year 10000 in UTC, which PostgreSQL stores but Python cannot read back,
so every page reading the row would fail. Forms refuse such values with a message next to the
field (model validators), and database constraints refuse them whatever writes them.

Business rule: what people search by (the filters of the lists, the statistics' period) runs
from 1900 to 2100, a little wider than what is stored, so that a search reaching before the
first record is answered rather than refused. Beyond, a year is a typo or an attack: Python's
calendar stops at 9999, and year 0 or 32768 made list pages fail before these checks.
"""

from datetime import UTC, date, datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

EARLIEST = date(1950, 1, 1)
LATEST = date(2100, 12, 31)
EARLIEST_TIME = datetime(1950, 1, 1, tzinfo=UTC)
LATEST_TIME = datetime(2101, 1, 1, tzinfo=UTC)
FIRST_SEARCHED_YEAR = 1900
LAST_SEARCHED_YEAR = 2100


def _message(earliest: date = EARLIEST, latest: date = LATEST):
    return _("Enter a date between %(earliest)s and %(latest)s.") % {
        "earliest": date_format(earliest, "SHORT_DATE_FORMAT"),
        "latest": date_format(latest, "SHORT_DATE_FORMAT"),
    }


def validate_date_in_range(value: date) -> None:
    if value is not None and not EARLIEST <= value <= LATEST:
        raise ValidationError(_message(), code="date_out_of_range")


def validate_datetime_in_range(value: datetime) -> None:
    if value is not None and not EARLIEST_TIME <= value < LATEST_TIME:
        raise ValidationError(_message(), code="date_out_of_range")


def validate_searched_date(value: date) -> None:
    """A date (or a date and time) people search by: its year within 1900–2100."""
    if value is not None and not FIRST_SEARCHED_YEAR <= value.year <= LAST_SEARCHED_YEAR:
        raise ValidationError(
            _message(date(FIRST_SEARCHED_YEAR, 1, 1), date(LAST_SEARCHED_YEAR, 12, 31)),
            code="date_out_of_range",
        )


def validate_searched_year(value: int) -> None:
    if value is not None and not FIRST_SEARCHED_YEAR <= value <= LAST_SEARCHED_YEAR:
        raise ValidationError(
            _("Enter a year between %(first)s and %(last)s.")
            % {"first": FIRST_SEARCHED_YEAR, "last": LAST_SEARCHED_YEAR},
            code="year_out_of_range",
        )


def dates_in_range(model: str, *fields: str, times: bool = False) -> list[models.CheckConstraint]:
    """One constraint per field: NULL, or within the portal's range."""
    low, high = (EARLIEST_TIME, LATEST_TIME) if times else (EARLIEST, LATEST)
    upper = "lt" if times else "lte"
    return [
        models.CheckConstraint(
            condition=models.Q(**{f"{field}__isnull": True})
            | models.Q(**{f"{field}__gte": low, f"{field}__{upper}": high}),
            name=f"{model}_{field}_in_range",
        )
        for field in fields
    ]
