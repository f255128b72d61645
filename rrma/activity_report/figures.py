"""The report's building blocks: figures, tables of them, sections of tables."""

from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal

from django.utils import timezone
from django.utils.formats import number_format


@dataclass(frozen=True)
class Figure:
    """One number of the report, and the list it counts when one shows the same number."""

    value: int | Decimal | None
    url: str = ""
    unit: str = ""  # "", "€", "%" or "h"

    @property
    def shown(self) -> str:
        """The value as the page shows it: grouped digits, hours to a tenth, then its unit;
        a rate with nothing to measure is a dash, not 0."""
        if self.value is None:
            return "—"
        places = 1 if self.unit == "h" else 0
        shown = number_format(self.value, decimal_pos=places, force_grouping=True)
        return f"{shown}\u00a0{self.unit}" if self.unit else shown


@dataclass
class Table:
    """Rows of figures: a label and one figure per column."""

    key: str
    title: str
    heading: str
    columns: list[str]
    rows: list[tuple[str, list[Figure]]] = field(default_factory=list)

    def value(self, row: str, column: str):
        """The value of the row labelled `row` in `column` (for tests and the export)."""
        index = self.columns.index(column)
        return next(figures[index].value for label, figures in self.rows if label == row)


@dataclass
class Section:
    key: str
    title: str
    tables: list[Table]

    def table(self, key: str) -> Table:
        return next(table for table in self.tables if table.key == key)


def period_bounds(start: date, end: date) -> tuple[datetime, datetime]:
    """The period as aware datetimes: from the start of its first day to the end of its last."""
    zone = timezone.get_current_timezone()
    return (
        datetime.combine(start, time.min, tzinfo=zone),
        datetime.combine(end, time.max, tzinfo=zone),
    )


def calendar_year(start: date, end: date) -> int | None:
    """The calendar year the period is, if it is one (the projects catalogue filters on years)."""
    whole = start == date(start.year, 1, 1) and end == date(start.year, 12, 31)
    return start.year if whole else None
