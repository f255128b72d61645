"""Reading the uploaded spreadsheet: CSV in the encodings and separators people save, XLSX
with numbers in its cells, and what is refused with a message saying what to send."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils.html import escape
from openpyxl import Workbook

from imports import reading
from imports.models import Import, ImportRow
from imports.reading import table_read
from tests.imports.conftest import HEADERS, csv_bytes, spreadsheet_row, xlsx_bytes

XLS_START = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def refused_code(content: bytes, file_name: str = "actors.csv") -> str:
    with pytest.raises(ValidationError) as refused:
        table_read(content, file_name)
    return refused.value.code


# What is read -----------------------------------------------------------------------------


def test_a_utf8_csv_with_a_byte_order_mark_and_semicolons_is_read_as_text():
    content = csv_bytes(
        [spreadsheet_row(Nom="Lycée de la Mer"), spreadsheet_row(Nom="Ti Moun")],
        delimiter=";",
        encoding="utf-8-sig",
    )
    assert content.startswith(b"\xef\xbb\xbf")
    table = table_read(content, "actors.csv")
    # The byte order mark is not part of the first header.
    assert table.headers == HEADERS
    assert [line for line, _cells in table.rows] == [2, 3]
    assert table.rows[0][1] == spreadsheet_row(Nom="Lycée de la Mer")
    assert table.rows[1][1][HEADERS.index("Nom")] == "Ti Moun"


def test_a_windows_1252_csv_with_commas_keeps_its_accents():
    row = spreadsheet_row(Nom="Élan Créole", Commune="Sainte-Rose", Thématiques="Santé, Éducation")
    content = csv_bytes([row], delimiter=",", encoding="cp1252")
    with pytest.raises(UnicodeDecodeError):
        content.decode("utf-8")
    table = table_read(content, "actors.csv")
    assert table.headers == HEADERS
    assert "Téléphone" in table.headers
    assert table.rows == [(2, row)]
    assert table.rows[0][1][HEADERS.index("Thématiques")] == "Santé, Éducation"


def test_a_tab_separated_file_is_read():
    rows = [spreadsheet_row(Nom="Association; avec point-virgule"), spreadsheet_row(Nom="Deux")]
    table = table_read(csv_bytes(rows, delimiter="\t"), "actors.tsv")
    assert table.headers == HEADERS
    assert [cells for _line, cells in table.rows] == rows


def test_an_xlsx_workbook_gives_numbers_typed_in_cells_back_as_text():
    names = [spreadsheet_row(Nom="Lycée de la Mer"), spreadsheet_row(Nom="Ti Moun")]
    siret, postal_code = HEADERS.index("SIRET"), HEADERS.index("Code postal")
    names[0][siret] = 73282932000074  # an integer cell
    names[0][postal_code] = 97110
    names[1][postal_code] = 97100.0  # a number cell, as Excel stores it
    table = table_read(xlsx_bytes(names), "actors.xlsx")
    assert table.headers == HEADERS
    first, second = (cells for _line, cells in table.rows)
    assert first[siret] == "73282932000074"
    assert first[postal_code] == "97110"
    assert second[postal_code] == "97100"
    assert first[HEADERS.index("Nom")] == "Lycée de la Mer"
    assert all(isinstance(cell, str) for cells in (first, second) for cell in cells)


def test_empty_rows_of_a_workbook_are_dropped_and_lines_stay_those_of_the_file():
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Nom", "Code postal", "SIRET"])
    sheet.append(["Lycée de la Mer", 97110, 73282932000074])  # line 2
    sheet.append([])  # line 3, empty
    sheet.append([None, None, None])  # line 4, empty too
    sheet.append(["  Ti Moun  ", 97100.0, None])  # line 5
    buffer = io.BytesIO()
    workbook.save(buffer)
    table = table_read(buffer.getvalue(), "actors.xlsx")
    assert table.headers == ["Nom", "Code postal", "SIRET"]
    assert table.rows == [
        (2, ["Lycée de la Mer", "97110", "73282932000074"]),
        (5, ["Ti Moun", "97100", ""]),
    ]


def test_rows_of_a_csv_file_made_of_empty_cells_are_dropped():
    content = "Nom;Commune\nLycée de la Mer;Pointe-à-Pitre\n;\nTi Moun;Basse-Terre\n".encode()
    table = table_read(content, "actors.csv")
    assert table.rows == [
        (2, ["Lycée de la Mer", "Pointe-à-Pitre"]),
        (4, ["Ti Moun", "Basse-Terre"]),
    ]


def test_a_blank_line_of_a_csv_file_keeps_the_next_rows_lines():
    content = "Nom;Commune\n\nLycée de la Mer;Pointe-à-Pitre\n".encode()
    assert table_read(content, "actors.csv").rows == [(3, ["Lycée de la Mer", "Pointe-à-Pitre"])]


def test_a_quoted_cell_holding_a_comma_does_not_change_the_separator():
    rows = [spreadsheet_row(), spreadsheet_row(Nom='Association "Les Amis", Basse-Terre')]
    table = table_read(csv_bytes(rows, delimiter=";"), "actors.csv")
    assert table.headers == HEADERS
    assert [cells for _line, cells in table.rows] == rows


# What is refused --------------------------------------------------------------------------


def test_an_empty_file_is_refused():
    assert refused_code(b"") == "empty"


def test_a_file_of_blank_lines_is_refused_as_empty():
    assert refused_code(b"\n\n;;\n") == "empty"


def test_a_file_holding_only_its_headers_is_refused():
    assert refused_code(csv_bytes([])) == "no_rows"
    assert refused_code(xlsx_bytes([]), "actors.xlsx") == "no_rows"


def test_a_legacy_xls_workbook_is_refused_with_what_to_send():
    with pytest.raises(ValidationError) as refused:
        table_read(XLS_START + b"\x00" * 504, "actors.xls")
    assert refused.value.code == "xls"
    assert ".xlsx" in refused.value.message


def test_a_broken_xlsx_workbook_is_refused():
    assert refused_code(b"PK\x03\x04" + b"not really a zip" * 10, "actors.xlsx") == "xlsx"
    # A real workbook cut in the middle.
    assert refused_code(xlsx_bytes([spreadsheet_row()])[:600], "actors.xlsx") == "xlsx"


def test_more_rows_than_imported_at_once_are_refused(monkeypatch):
    monkeypatch.setattr(reading, "MAX_ROWS", 3)
    rows = [spreadsheet_row(Nom=f"Association {n}") for n in range(3)]
    assert len(table_read(csv_bytes(rows), "actors.csv").rows) == 3
    with pytest.raises(ValidationError) as refused:
        table_read(csv_bytes([*rows, spreadsheet_row(Nom="Une de trop")]), "actors.csv")
    assert refused.value.code == "rows"
    assert "4" in refused.value.message
    assert "3" in refused.value.message


def test_more_columns_than_read_are_refused():
    headers = [f"Colonne {n}" for n in range(reading.MAX_COLUMNS + 1)]
    assert refused_code(csv_bytes([["x"] * len(headers)], headers=headers)) == "columns"
    # Empty headers at the end do not count.
    headers = [f"Colonne {n}" for n in range(reading.MAX_COLUMNS)] + ["", ""]
    table = table_read(csv_bytes([["x"] * len(headers)], headers=headers), "actors.csv")
    assert len(table.headers) == reading.MAX_COLUMNS
    assert table.rows[0][1] == ["x"] * reading.MAX_COLUMNS


# The upload page --------------------------------------------------------------------------


def upload(client, territory, content: bytes, file_name: str):
    return client.post(
        reverse("imports:import_create"),
        {"file": SimpleUploadedFile(file_name, content), "territory": territory.pk},
    )


@pytest.mark.django_db
def test_a_legacy_xls_file_is_refused_next_to_the_field_and_nothing_is_kept(
    client, coordinator_gp, guadeloupe
):
    client.force_login(coordinator_gp)
    response = upload(client, guadeloupe, XLS_START + b"\x00" * 504, "actors.xls")
    assert response.status_code == 200
    form = response.context["form"]
    assert form.has_error("file", code="xls")
    # The message is given next to the file field (its error list, tied to the input).
    html = response.content.decode()
    error_list = html.split('id="id_file_error"', 1)
    assert len(error_list) == 2
    message = form.errors["file"][0]
    assert escape(message) in error_list[1].split("</ul>", 1)[0]
    assert not Import.objects.exists()
    assert not ImportRow.objects.exists()


@pytest.mark.django_db
def test_a_readable_csv_file_is_kept_and_leads_to_the_mapping_of_its_columns(
    client, coordinator_gp, guadeloupe
):
    client.force_login(coordinator_gp)
    rows = [spreadsheet_row(Nom="Lycée de la Mer"), spreadsheet_row(Nom="Ti Moun")]
    response = upload(client, guadeloupe, csv_bytes(rows), "réseau.csv")
    source = Import.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("imports:mapping", kwargs={"pk": source.pk})
    assert (source.territory, source.created_by, source.file_name) == (
        guadeloupe,
        coordinator_gp,
        "réseau.csv",
    )
    assert source.status == Import.Status.MAPPING
    assert source.headers == HEADERS
    assert list(source.rows.values_list("line", "cells")) == [(2, rows[0]), (3, rows[1])]
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert "Lycée de la Mer" in page.content.decode()
