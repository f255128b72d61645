"""Every CSV and XLSX the portal produces is safe to open in a spreadsheet: text that would be
a formula (OWASP "CSV injection") is shown as text; and an unknown export format is no file."""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from tests.members.factories import OrganisationFactory, member_of
from tests.trainings.factories import RegistrationFactory, SessionFactory
from toolbox.spreadsheets import neutralise

pytestmark = pytest.mark.django_db

FORMULA = '=HYPERLINK("https://evil.example","Cliquez")'


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (FORMULA, "'" + FORMULA),
        ("+33 1 2", "'+33 1 2"),
        ("-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("-12.50", "-12.50"),  # a plain number stays a number
        ("Eau Partage", "Eau Partage"),
        (42, 42),
    ],
)
def test_text_that_would_be_a_formula_is_quoted(value, shown):
    assert neutralise(value) == shown


@pytest.fixture
def hostile(territories):
    return OrganisationFactory(
        name=FORMULA, acronym="@SUM(1)", email="", territory=territories["guadeloupe"]
    )


def rows_of_csv(response, delimiter=";"):
    text = response.getvalue()
    return list(csv.reader(io.StringIO(text.decode("utf-8-sig")), delimiter=delimiter))


def test_the_census_csv_quotes_formulas(client, hostile, state_user):
    client.force_login(state_user)
    rows = rows_of_csv(client.get(reverse("census_export", args=["csv"])))
    row = next(r for r in rows if FORMULA in r[0])
    assert row[0] == "'" + FORMULA
    assert row[1] == "'@SUM(1)"


def test_the_census_xlsx_stores_formulas_as_text(client, hostile, state_user):
    client.force_login(state_user)
    response = client.get(reverse("census_export", args=["xlsx"]))
    sheet = load_workbook(io.BytesIO(response.getvalue())).active
    cell = next(c for c in sheet["A"] if c.value and "HYPERLINK" in c.value)
    assert cell.data_type == "s"
    assert cell.value == FORMULA


def test_the_open_data_csv_quotes_formulas(client, hostile):
    rows = rows_of_csv(client.get(reverse("opendata_organisations_csv")), delimiter=",")
    assert any("'" + FORMULA in row for row in rows)
    assert not any(cell == FORMULA for row in rows for cell in row)


def test_the_attendance_sheet_quotes_formulas(client, hostile, coordinator_gp):
    session = SessionFactory()
    person = member_of(hostile, first_name="=1+1", last_name="")
    RegistrationFactory(session=session, user=person, organisation=hostile)
    client.force_login(coordinator_gp)
    rows = rows_of_csv(client.get(reverse("trainings:attendance_csv", args=[session.pk])))
    assert rows[1][0] == "'=1+1"
    assert rows[1][2] == "'" + FORMULA


def test_an_unknown_export_format_is_not_found(client, hostile, state_user):
    client.force_login(state_user)
    assert client.get(reverse("census_export", args=["pdf"])).status_code == 404
    assert client.get("/census/export.pdf").status_code == 404
