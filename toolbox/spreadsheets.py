"""Files that open in spreadsheets (CSV, XLSX), safe from formula injection.

A cell whose text starts with =, +, -, @, a tab or a carriage return is read by spreadsheet
software as a formula: an organisation named `=HYPERLINK("https://evil.example", "Cliquez")`
becomes a live link, and worse formulas can run commands (OWASP, "CSV Injection"). Every CSV and
XLSX the portal produces goes through these writers: in CSV such text is prefixed with a single
quote, which spreadsheets show as text; in XLSX it is stored as a text cell, never a formula.
Plain numbers ("-12.50") are left as they are.

Large files are written row by row, never whole in memory: `csv_chunks` yields the CSV in
pieces (`csv_streaming_response` sends them as they come), `xlsx_write` writes a workbook in
openpyxl's write-only mode to a file (`xlsx_streaming_response` sends a temporary one).
"""

import csv
import io
import re
import tempfile
from collections.abc import Iterable, Iterator

from django.http import HttpResponse, StreamingHttpResponse
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[-+]?\d+(?:[.,]\d+)?")
# Streamed text is sent in pieces of about this many characters: few enough writes to the
# socket, little enough held at a time.
CHUNK_CHARACTERS = 64 * 1024
FILE_BLOCK_BYTES = 64 * 1024


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


def _drained(buffer: io.StringIO) -> str:
    text = buffer.getvalue()
    buffer.seek(0)
    buffer.truncate()
    return text


def csv_chunks(headers: list[str], rows: Iterable, *, for_excel: bool = True) -> Iterator[str]:
    """The CSV file as pieces of text, the header line first and at once, then the rows as they
    come. `for_excel`: a byte-order mark and semicolons, so that spreadsheets in French open it
    as is; otherwise plain UTF-8 with commas (open data). Every cell neutralised."""
    buffer = io.StringIO()
    if for_excel:
        buffer.write("\ufeff")
    writer = SafeCSVWriter(buffer, delimiter=";" if for_excel else ",")
    writer.writerow(headers)
    yield _drained(buffer)
    for row in rows:
        writer.writerow(row)
        if buffer.tell() >= CHUNK_CHARACTERS:
            yield _drained(buffer)
    if buffer.tell():
        yield _drained(buffer)


def _attachment(response, filename: str):
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def csv_response(filename: str, headers: list[str], rows, *, for_excel: bool = True):
    """A CSV download built whole (small files: attendance sheets, statistics); see
    `csv_chunks` for `for_excel`."""
    response = HttpResponse(
        "".join(csv_chunks(headers, rows, for_excel=for_excel)),
        content_type="text/csv; charset=utf-8",
    )
    return _attachment(response, filename)


def csv_streaming_response(filename: str, headers: list[str], rows, *, for_excel: bool = True):
    """A CSV download sent row by row as `rows` (an iterator) yields them."""
    response = StreamingHttpResponse(
        csv_chunks(headers, rows, for_excel=for_excel), content_type="text/csv; charset=utf-8"
    )
    return _attachment(response, filename)


def _cells(sheet, values) -> list[WriteOnlyCell]:
    cells = []
    for value in values:
        if isinstance(value, str):
            # Control characters (saved before the forms refused them) are invalid in XML: the
            # workbook could not be written with them.
            cell = WriteOnlyCell(sheet, value=ILLEGAL_CHARACTERS_RE.sub("", value))
            # Text stays text, even when it starts like a formula.
            cell.data_type = "s"
        else:
            cell = WriteOnlyCell(sheet, value=value)
        cells.append(cell)
    return cells


def xlsx_write(stream, title: str, headers: list[str], rows: Iterable) -> None:
    """Write a one-sheet workbook to `stream` (binary, seekable), row by row (openpyxl's
    write-only mode keeps no row in memory); text cells are stored as text, never as
    formulas, without the control characters XML cannot hold."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title)
    sheet.append(_cells(sheet, headers))
    for row in rows:
        sheet.append(_cells(sheet, row))
    workbook.save(stream)


def xlsx_bytes(title: str, headers: list[str], rows) -> bytes:
    """A one-sheet workbook as bytes (small files; see `xlsx_write`)."""
    buffer = io.BytesIO()
    xlsx_write(buffer, title, headers, rows)
    return buffer.getvalue()


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def xlsx_chunks(title: str, headers: list[str], rows: Iterable) -> Iterator[bytes]:
    """The workbook's bytes, in blocks: written first to an anonymous temporary file (gone once
    closed), when the first block is asked for, so that a response never read holds no file."""
    with tempfile.TemporaryFile() as file:
        xlsx_write(file, title, headers, rows)
        file.seek(0)
        while block := file.read(FILE_BLOCK_BYTES):
            yield block


def xlsx_streaming_response(filename: str, title: str, headers: list[str], rows):
    """An XLSX download of one sheet, sent from its temporary file (see `xlsx_chunks`)."""
    response = StreamingHttpResponse(xlsx_chunks(title, headers, rows), content_type=XLSX)
    return _attachment(response, filename)
