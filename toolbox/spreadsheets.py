"""Files that open in spreadsheets (CSV, XLSX), safe from formula injection.

A cell whose text starts with =, +, -, @, a tab or a carriage return is read by spreadsheet
software as a formula: an organisation named `=HYPERLINK("https://evil.example", "Cliquez")`
becomes a live link, and worse formulas can run commands (OWASP, "CSV Injection"). Every CSV and
XLSX the portal produces goes through these writers: in CSV such text is prefixed with a single
quote, which spreadsheets show as text; in XLSX it is stored as a text cell, never a formula.
Plain numbers ("-12.50") are left as they are.
"""

import csv
import io
import re

from django.http import HttpResponse
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[-+]?\d+(?:[.,]\d+)?")


def neutralise(value):
    """The value as a spreadsheet should show it: text that would be a formula is quoted."""
    if isinstance(value, str) and value.startswith(FORMULA_START) and not _NUMBER.fullmatch(value):
        return "'" + value
    return value


class SafeCSVWriter:
    """csv.writer, every cell neutralised."""

    def __init__(self, stream, **options):
        self._writer = csv.writer(stream, **options)

    def writerow(self, row):
        return self._writer.writerow([neutralise(value) for value in row])

    def writerows(self, rows):
        for row in rows:
            self.writerow(row)


def xlsx_bytes(title: str, headers: list[str], rows) -> bytes:
    """A one-sheet workbook; text cells are stored as text, never as formulas, without the
    control characters XML cannot hold."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title
    sheet.append(headers)
    for row in rows:
        # Control characters (saved before the forms refused them) are invalid in XML: the
        # workbook could not be written with them.
        sheet.append([ILLEGAL_CHARACTERS_RE.sub("", v) if isinstance(v, str) else v for v in row])
    for line in sheet.iter_rows():
        for cell in line:
            if isinstance(cell.value, str):
                cell.data_type = "s"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def csv_response(filename: str, headers: list[str], rows, *, for_excel: bool = True):
    """A CSV download. `for_excel`: a byte-order mark and semicolons, so that spreadsheets in
    French open it as is; otherwise plain UTF-8 with commas (open data)."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    if for_excel:
        response.write("\ufeff")
    writer = SafeCSVWriter(response, delimiter=";" if for_excel else ",")
    writer.writerow(headers)
    writer.writerows(rows)
    return response


def xlsx_response(filename: str, title: str, headers: list[str], rows):
    """An XLSX download of one sheet."""
    response = HttpResponse(xlsx_bytes(title, headers, rows), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
