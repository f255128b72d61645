"""CSV and XLSX written row by row: the same text as a file written at once, every cell
neutralised, pieces of bounded size, and no file held by a response nobody reads."""

import csv
import io
import tempfile
from datetime import date

from openpyxl import load_workbook

from toolbox import spreadsheets
from toolbox.spreadsheets import (
    CHUNK_CHARACTERS,
    csv_chunks,
    csv_response,
    csv_streaming_response,
    xlsx_bytes,
    xlsx_chunks,
    xlsx_streaming_response,
)

FORMULA = '=HYPERLINK("https://evil.example","Cliquez")'
ROWS = [[FORMULA, "-12.50", 'Éco; "Caraïbe"\nligne'], ["@SUM(A1)", 42, ""]]


def test_csv_pieces_make_the_file_a_writer_would_write_at_once():
    for for_excel, delimiter in ((True, ";"), (False, ",")):
        whole = io.StringIO()
        csv.writer(whole, delimiter=delimiter).writerows(
            [spreadsheets.neutralise(v) for v in r] for r in [["Nom", "=Sigle"], *ROWS]
        )
        pieces = list(csv_chunks(["Nom", "=Sigle"], iter(ROWS), for_excel=for_excel))
        assert "".join(pieces) == ("\ufeff" if for_excel else "") + whole.getvalue()
        assert pieces[0].endswith("'=Sigle\r\n")  # the header line comes first, alone


def test_csv_pieces_stay_small_however_many_rows():
    rows = ([f"Structure {n}", "x" * 100] for n in range(5000))
    pieces = list(csv_chunks(["Nom", "Texte"], rows))
    assert len(pieces) > 5
    assert max(len(p) for p in pieces) < CHUNK_CHARACTERS + 200
    assert sum(p.count("\r\n") for p in pieces) == 5001


def test_the_streamed_csv_response_is_the_whole_one():
    streamed = csv_streaming_response("x.csv", ["Nom"], iter(ROWS))
    whole = csv_response("x.csv", ["Nom"], ROWS)
    assert streamed.streaming
    body = streamed.getvalue()
    assert body == whole.content
    assert body.startswith("\ufeff".encode())
    assert streamed["Content-Disposition"] == whole["Content-Disposition"]
    assert streamed["Content-Type"] == whole["Content-Type"] == "text/csv; charset=utf-8"


def test_the_xlsx_stores_formulas_as_text_and_drops_control_characters():
    data = xlsx_bytes(
        "Feuille", ["=Nom", "Date"], [[FORMULA, date(2026, 1, 2)], ["Eau\x0b\x01", 3]]
    )
    sheet = load_workbook(io.BytesIO(data)).active
    assert sheet.title == "Feuille"
    assert [[c.value for c in row] for row in sheet.iter_rows()][2] == ["Eau", 3]
    assert (sheet["A1"].value, sheet["A1"].data_type) == ("=Nom", "s")
    assert (sheet["A2"].value, sheet["A2"].data_type) == (FORMULA, "s")
    assert sheet["B2"].value.date() == date(2026, 1, 2)


def test_an_xlsx_response_opens_its_temporary_file_only_once_read(monkeypatch):
    opened = []
    original = tempfile.TemporaryFile

    def counted(*args, **kwargs):
        opened.append(original(*args, **kwargs))
        return opened[-1]

    monkeypatch.setattr(tempfile, "TemporaryFile", counted)
    response = xlsx_streaming_response("x.xlsx", "Feuille", ["Nom"], iter(ROWS))
    assert opened == []  # a response nobody reads holds no file
    data = response.getvalue()
    assert len(opened) == 1
    assert opened[0].closed
    assert response["Content-Disposition"] == 'attachment; filename="x.xlsx"'
    rows = list(load_workbook(io.BytesIO(data)).active.iter_rows(values_only=True))
    assert rows == [
        ("Nom", None, None),
        (FORMULA, "-12.50", 'Éco; "Caraïbe"\nligne'),
        ("@SUM(A1)", 42, None),
    ]


def test_an_abandoned_xlsx_response_closes_its_file(monkeypatch):
    monkeypatch.setattr(spreadsheets, "FILE_BLOCK_BYTES", 16)
    opened = []
    original = tempfile.TemporaryFile
    monkeypatch.setattr(tempfile, "TemporaryFile", lambda: opened.append(original()) or opened[-1])
    blocks = xlsx_chunks("Feuille", ["Nom"], ROWS)
    next(blocks)
    blocks.close()  # the client went away: the server closes the response
    assert opened[0].closed
