"""Reading an uploaded spreadsheet into headers and rows: XLSX with tablib (openpyxl), CSV with
the standard library's reader.

Business rules: the first non-empty row holds the headers; rows entirely empty are dropped;
a CSV file may be UTF-8 (with or without a byte order mark) or Windows-1252, as Excel saves
it in France, separated by semicolons, commas or tabs; an XLSX file is read from its first
sheet, with values only (never formulas); legacy .xls and anything else are refused with a
message saying what to send.
"""

import csv
import io
import zipfile
from dataclasses import dataclass
from datetime import date, datetime

import tablib
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from tablib import InvalidDimensions

from .models import MAX_ROWS

# What a request may carry (the upload limit of the portal is 6 MB).
MAX_FILE_BYTES = 5 * 1024 * 1024
ZIP_SIGNATURE = b"PK\x03\x04"
CFB_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
MAX_COLUMNS = 60


@dataclass(frozen=True)
class Table:
    headers: list[str]
    rows: list[tuple[int, list[str]]]  # (line in the file, cells as text)


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        # A SIRET or a postal code typed in a number cell comes back as 97110.0.
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat() if not value.time() else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return str(value).strip()


def _decoded(content: bytes) -> str:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return content.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ValidationError(
        _("This file's text could not be read: save it as CSV UTF-8 or as an Excel workbook."),
        code="encoding",
    )


def _csv_rows(content: bytes) -> list[tuple[int, list]]:
    """The CSV file's rows with the line each starts on (blank lines count, as in the file)."""
    text = _decoded(content)
    if "\x00" in text:
        raise ValidationError(_("This file is not a spreadsheet."), code="not_table")
    # The separator is the one the header line uses most (csv.Sniffer took the comma inside a
    # quoted cell for that of a file separated by semicolons).
    header = next((line for line in text.splitlines() if line.strip()), "")
    delimiter = max((";", ",", "\t"), key=header.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows = []
    try:
        line = 1
        for cells in reader:
            rows.append((line, cells))
            line = reader.line_num + 1
    except csv.Error as error:
        raise ValidationError(
            _("This CSV file's rows could not be read: check it opens as a table."),
            code="csv",
        ) from error
    return rows


# What openpyxl and tablib raise on a damaged or odd workbook.
UNREADABLE_WORKBOOK = (
    zipfile.BadZipFile,
    KeyError,
    ValueError,
    OSError,
    TypeError,
    InvalidDimensions,
)


def _xlsx_dataset(content: bytes) -> tablib.Dataset:
    dataset = tablib.Dataset()
    try:
        dataset.load(io.BytesIO(content), format="xlsx", headers=False, read_only=True)
    except UNREADABLE_WORKBOOK as error:
        raise ValidationError(
            _("This Excel workbook could not be read: open it and save it again as .xlsx."),
            code="xlsx",
        ) from error
    return dataset


def table_read(content: bytes, file_name: str) -> Table:
    """The headers and the non-empty rows of the file, as text; ValidationError otherwise."""
    if not content:
        raise ValidationError(_("The file is empty."), code="empty")
    if content.startswith(CFB_SIGNATURE):
        raise ValidationError(
            _("Old Excel files (.xls) are not read: save it as .xlsx or CSV."), code="xls"
        )
    if content.startswith(ZIP_SIGNATURE):
        read = list(enumerate(_xlsx_dataset(content), start=1))
    else:
        read = _csv_rows(content)
    lines = [(number, [_text(v) for v in row]) for number, row in read]
    lines = [(number, cells) for number, cells in lines if any(cells)]
    if not lines:
        raise ValidationError(_("The file holds no row."), code="empty")
    _first, headers = lines[0]
    while headers and not headers[-1]:
        headers.pop()
    if len(headers) > MAX_COLUMNS:
        raise ValidationError(
            _("The file has more than %(count)s columns: keep only those to import.")
            % {"count": MAX_COLUMNS},
            code="columns",
        )
    rows = [(number, cells[: len(headers)]) for number, cells in lines[1:]]
    rows = [(number, cells) for number, cells in rows if any(cells)]
    if not rows:
        raise ValidationError(_("The file holds headers but no row."), code="no_rows")
    if len(rows) > MAX_ROWS:
        raise ValidationError(
            _("The file has %(count)s rows; at most %(limit)s are imported at once: split it.")
            % {"count": len(rows), "limit": MAX_ROWS},
            code="rows",
        )
    return Table(headers=headers, rows=rows)
