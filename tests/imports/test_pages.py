"""The import's pages through the test client, as a Guadeloupe coordinator (two-factor
enrolled): the list, the mapping, the review and its decisions, the report, the rejected rows
to download, the undo; what they cost; and the other territory's coordinator kept out."""

import csv
import io
import re
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.translation import gettext
from openpyxl import load_workbook

from imports import services
from imports.enums import ImportStatus, RowDecision, RowKind, RowResult
from imports.models import Import, ImportRow, SavedMapping
from imports.reading import table_read
from members.models import Commune, Organisation
from tests.imports.conftest import HEADERS, csv_bytes, network_rows, spreadsheet_row
from tests.members import factories
from toolbox.spreadsheets import neutralise

pytestmark = pytest.mark.django_db

# No comma in it: csv.Sniffer would take a quoted cell holding one for the separator (see
# tests/imports/test_reading.py).
FORMULA = '=HYPERLINK("https://evil.example")'


def uploaded(territory, rows, *, by, file_name="actors.csv") -> Import:
    """An import whose columns are still to map."""
    table = table_read(csv_bytes(rows), file_name)
    return services.import_create(territory=territory, by=by, file_name=file_name, table=table)


def previewed(territory, rows, *, by, file_name="actors.csv") -> Import:
    """An import analysed (immediate backend) and waiting for its review."""
    source = uploaded(territory, rows, by=by, file_name=file_name)
    services.import_map(source=source, mapping=source.mapping, default_kind="", by=by)
    source.refresh_from_db()
    assert source.status == ImportStatus.PREVIEW
    return source


def imported(territory, rows, *, by, file_name="actors.csv") -> Import:
    """An import run to its end, each row as the analysis proposed."""
    source = previewed(territory, rows, by=by, file_name=file_name)
    services.import_start(source=source, record_status=Organisation.Status.ACTIVE, by=by)
    source.refresh_from_db()
    assert source.status == ImportStatus.DONE
    return source


def five_rows() -> list[list[str]]:
    """Two new rows, one invalid, one repeating line 2, one repeating the `existing` record."""
    return [
        spreadsheet_row(Nom="Lycée de la Mer", **{"Type de structure": "Lycée"}),
        spreadsheet_row(Nom="Ti Moun Gwadloup"),
        spreadsheet_row(Nom="Mauvais téléphone", Téléphone="12"),
        spreadsheet_row(Nom="Lycée de la Mer", **{"Type de structure": "Lycée"}),
        spreadsheet_row(Nom="Caraibes Solidarite"),
    ]


def url(name: str, source: Import) -> str:
    return reverse(f"imports:{name}", kwargs={"pk": source.pk})


def tab_count(html: str, shown: str) -> int:
    """The count a tab of the review gives in its label, "New (3)"."""
    found = re.search(rf'<a href="\?show={shown}"[^>]*>[^<]*\((\d+)\)</a>', html)
    assert found, f"no tab {shown}"
    return int(found.group(1))


def decisions_data(form, **changes) -> dict:
    """What the review's form posts as it stands (every radio at its decision), changed."""
    data = {name: form[name].value() for name in form.fields}
    data.update(changes)
    return {name: value for name, value in data.items() if value is not None}


def mapping_data(source: Import, **changes) -> dict:
    data = {f"column_{index}": field for index, field in enumerate(source.mapping)}
    data.update(default_kind="", save_as="")
    data.update(changes)
    return data


@pytest.fixture
def client_gp(client, coordinator_gp):
    assert factories.has_totp(coordinator_gp)
    client.force_login(coordinator_gp)
    return client


# The list ---------------------------------------------------------------------------------


def test_the_list_of_imports_costs_the_same_for_2_and_12_imports_and_names_each_file(
    client_gp, coordinator_gp, guadeloupe, martinique, django_assert_max_num_queries
):
    other = uploaded(
        martinique,
        [spreadsheet_row()],
        by=factories.coordinator(martinique),
        file_name="martinique.csv",
    )
    counts = []
    for total in (2, 12):
        while Import.objects.filter(territory=guadeloupe).count() < total:
            number = Import.objects.filter(territory=guadeloupe).count() + 1
            uploaded(
                guadeloupe,
                [spreadsheet_row()],
                by=coordinator_gp,
                file_name=f"réseau-{number:02d}.csv",
            )
        with django_assert_max_num_queries(7) as captured:
            response = client_gp.get(reverse("imports:list"))
        assert response.status_code == 200
        html = response.content.decode()
        assert response.context["page"].paginator.count == total
        for number in range(1, total + 1):
            assert f"réseau-{number:02d}.csv" in html
        assert other.file_name not in html
        counts.append(len(captured))
    assert counts[0] == counts[1]


# The review -------------------------------------------------------------------------------


def test_the_review_costs_the_same_for_5_and_60_rows_and_shows_the_rows_and_the_counts(
    client_gp, coordinator_gp, guadeloupe, existing, django_assert_max_num_queries
):
    communes = list(Commune.objects.filter(territory=guadeloupe).order_by("insee_code"))
    small = previewed(guadeloupe, five_rows(), by=coordinator_gp, file_name="petit.csv")
    large_rows = [*five_rows(), *network_rows(communes, 55)]
    large = previewed(guadeloupe, large_rows, by=coordinator_gp, file_name="grand.csv")
    counts = []
    for source, rows in ((small, five_rows()), (large, large_rows)):
        with django_assert_max_num_queries(10) as captured:
            response = client_gp.get(url("import", source))
        assert response.status_code == 200
        html = response.content.decode()
        found = services.kind_counts(source)
        for shown in (RowKind.NEW, RowKind.DUPLICATE, RowKind.INVALID, "choose"):
            assert tab_count(html, shown) == found[shown]
        assert response.context["page"].paginator.count == len(rows)
        # The first 50 rows are on the page, the others on the next.
        for cells in rows[:50]:
            assert escape(cells[0]) in html
        for cells in rows[50:]:
            assert escape(cells[0]) not in html
        assert escape(existing.name) in html  # the record line 6 repeats
        counts.append(len(captured))
    assert counts[0] == counts[1]
    assert services.kind_counts(small) == {
        RowKind.NEW: 2,
        RowKind.DUPLICATE: 2,
        RowKind.INVALID: 1,
        "choose": 0,
    }
    assert services.kind_counts(large) == {
        RowKind.NEW: 57,
        RowKind.DUPLICATE: 2,
        RowKind.INVALID: 1,
        "choose": 0,
    }


def test_the_invalid_tab_shows_only_the_invalid_rows(client_gp, coordinator_gp, guadeloupe):
    communes = list(Commune.objects.filter(territory=guadeloupe).order_by("insee_code"))
    rows = [*network_rows(communes, 20), spreadsheet_row(Nom="Mauvais téléphone", Téléphone="12")]
    source = previewed(guadeloupe, rows, by=coordinator_gp)
    response = client_gp.get(url("import", source), {"show": "invalid"})
    assert response.status_code == 200
    assert response.context["shown"] == RowKind.INVALID
    shown = [row for row, _decision, _commune in response.context["form"].rows]
    assert [(row.line, row.kind) for row in shown] == [(22, RowKind.INVALID)]
    html = response.content.decode()
    assert "Mauvais téléphone" in html
    assert escape(rows[0][0]) not in html
    assert 'id="line-22"' in html
    assert 'id="line-2"' not in html


def test_a_decision_changed_and_saved_is_recorded(client_gp, coordinator_gp, guadeloupe):
    source = previewed(guadeloupe, five_rows(), by=coordinator_gp)
    page = client_gp.get(url("import", source))
    form = page.context["form"]
    assert form["decision_2"].value() == RowDecision.CREATE
    assert "decision_4" not in form.fields  # an invalid row is skipped, nothing to choose
    response = client_gp.post(
        url("import", source), decisions_data(form, decision_2=RowDecision.SKIP, save="")
    )
    assert response.status_code == 302
    assert response["Location"] == url("import", source)
    decisions = dict(source.rows.values_list("line", "decision"))
    assert decisions == {
        2: RowDecision.SKIP,
        3: RowDecision.CREATE,
        4: RowDecision.SKIP,
        5: RowDecision.SKIP,
        6: RowDecision.CREATE,  # no record repeats it here (no `existing`)
    }
    again = client_gp.get(url("import", source))
    assert again.context["form"]["decision_2"].value() == RowDecision.SKIP
    assert re.search(r'name="decision_2" value="skip"[^>]*checked', again.content.decode())
    assert source.rows.exclude(result="").count() == 0
    assert not Organisation.objects.filter(name="Lycée de la Mer").exists()


def test_starting_imports_the_rows_as_decided_and_the_report_gives_the_counts(
    client_gp, coordinator_gp, guadeloupe, existing
):
    source = previewed(guadeloupe, five_rows(), by=coordinator_gp)
    form = client_gp.get(url("import", source)).context["form"]
    response = client_gp.post(
        url("import", source),
        decisions_data(
            form,
            decision_2=RowDecision.SKIP,
            record_status=Organisation.Status.PENDING,
            start="",
        ),
    )
    assert response.status_code == 302
    assert response["Location"] == url("import", source)
    source.refresh_from_db()
    assert source.status == ImportStatus.DONE
    assert source.record_status == Organisation.Status.PENDING
    expected = {
        RowResult.CREATED: 1,  # line 3; line 2 skipped as decided
        RowResult.MERGED: 1,  # line 6 into `existing`
        RowResult.SKIPPED: 2,  # lines 2 and 5
        RowResult.REJECTED: 1,  # line 4
    }
    assert services.result_counts(source) == expected
    created = Organisation.objects.get(name="Ti Moun Gwadloup")
    assert created.status == Organisation.Status.PENDING
    assert not Organisation.objects.filter(name="Lycée de la Mer").exists()

    report = client_gp.get(response["Location"])
    assert report.status_code == 200
    assert report.templates[0].name == "imports/import_report.html"
    assert report.context["counts"] == expected
    html = report.content.decode()
    assert re.findall(r"<td>(\d+)</td>", html)[:4] == ["1", "1", "2", "1"]
    assert "Ti Moun Gwadloup" in html
    assert url("rejected_csv", source) in html


# The mapping ------------------------------------------------------------------------------


def test_two_columns_mapped_to_one_field_are_refused_next_to_the_second(
    client_gp, coordinator_gp, guadeloupe
):
    source = uploaded(guadeloupe, [spreadsheet_row()], by=coordinator_gp)
    before = list(source.mapping)
    second = HEADERS.index("Courriel du contact")
    response = client_gp.post(
        url("mapping", source), mapping_data(source, **{f"column_{second}": "email"})
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert list(form.errors) == [f"column_{second}"]
    message = form.errors[f"column_{second}"][0]
    assert "Courriel" in message
    html = response.content.decode()
    assert f'<p class="error-message" id="id_column_{second}_error">{escape(message)}</p>' in html
    source.refresh_from_db()
    assert (source.status, source.mapping) == (ImportStatus.MAPPING, before)
    assert not source.rows.exclude(kind="").exists()
    assert not SavedMapping.objects.exists()


def test_a_mapping_without_the_names_column_is_refused(client_gp, coordinator_gp, guadeloupe):
    source = uploaded(guadeloupe, [spreadsheet_row()], by=coordinator_gp)
    before = list(source.mapping)
    response = client_gp.post(url("mapping", source), mapping_data(source, column_0=""))
    assert response.status_code == 200
    form = response.context["form"]
    (message,) = form.non_field_errors()
    # In the page's language, which the request left active.
    assert message == gettext("Choose the column that gives the organisations' names.")
    assert escape(message) in response.content.decode()
    source.refresh_from_db()
    assert (source.status, source.mapping) == (ImportStatus.MAPPING, before)


def test_a_saved_mapping_is_offered_again_for_the_next_file_with_these_headers(
    client_gp, coordinator_gp, guadeloupe
):
    activities = HEADERS.index("Activités")
    source = uploaded(guadeloupe, [spreadsheet_row()], by=coordinator_gp)
    assert source.mapping[activities] == "short_description"  # the usual guess
    response = client_gp.post(
        url("mapping", source),
        mapping_data(source, save_as="Tableur", **{f"column_{activities}": "description"}),
    )
    assert response.status_code == 302
    assert response["Location"] == url("import", source)
    source.refresh_from_db()
    assert source.status == ImportStatus.PREVIEW  # analysed at once (immediate backend)
    assert source.mapping[activities] == "description"
    saved = SavedMapping.objects.get()
    assert (saved.territory, saved.name, saved.created_by) == (
        guadeloupe,
        "Tableur",
        coordinator_gp,
    )
    assert saved.fields[services.header_key("Activités")] == "description"

    response = client_gp.post(
        reverse("imports:import_create"),
        {
            "file": SimpleUploadedFile("suivant.csv", csv_bytes([spreadsheet_row(Nom="Autre")])),
            "territory": guadeloupe.pk,
        },
    )
    assert response.status_code == 302
    following = Import.objects.get(file_name="suivant.csv")
    assert following.mapping[activities] == "description"
    assert following.mapping == source.mapping
    page = client_gp.get(response["Location"])
    assert page.context["form"][f"column_{activities}"].value() == "description"


# The rejected rows ------------------------------------------------------------------------


@pytest.fixture
def with_rejected(coordinator_gp, guadeloupe):
    rows = [
        spreadsheet_row(Nom="Ti Moun Gwadloup"),
        spreadsheet_row(Nom=FORMULA, Téléphone="12", Sigle="-12"),
    ]
    source = imported(guadeloupe, rows, by=coordinator_gp)
    assert services.result_counts(source)[RowResult.REJECTED] == 1
    return source, rows[1], ImportRow.objects.get(source=source, line=3)


def test_the_rejected_rows_download_as_csv_with_formulas_neutralised(client_gp, with_rejected):
    source, cells, row = with_rejected
    response = client_gp.get(url("rejected_csv", source))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert f"import-{source.pk}-rejets.csv" in response["Content-Disposition"]
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    headers, *lines = list(csv.reader(io.StringIO(text.removeprefix("\ufeff")), delimiter=";"))
    assert headers[1:-1] == HEADERS
    (line,) = lines
    assert line[0] == "3"
    assert line[1:-1] == [neutralise(cell) for cell in cells]
    assert line[1] == "'" + FORMULA
    assert line[1 + HEADERS.index("Sigle")] == "-12"  # a number stays as it is
    assert row.errors["phone"]
    for messages in row.errors.values():
        for message in messages:
            assert message in line[-1]


def test_the_rejected_rows_download_as_xlsx_with_formulas_kept_as_text(client_gp, with_rejected):
    source, cells, row = with_rejected
    response = client_gp.get(url("rejected_xlsx", source))
    assert response.status_code == 200
    assert f"import-{source.pk}-rejets.xlsx" in response["Content-Disposition"]
    content = b"".join(response.streaming_content)
    response.close()
    workbook = load_workbook(io.BytesIO(content))
    sheet = workbook.active
    values = [[cell.value for cell in line] for line in sheet.iter_rows()]
    assert values[0][1:-1] == HEADERS
    assert len(values) == 2
    assert values[1][0] == 3
    assert values[1][1:-1] == [cell or None for cell in cells]
    formula_cell = sheet.cell(row=2, column=2)
    assert (formula_cell.value, formula_cell.data_type) == (FORMULA, "s")
    reasons = values[1][-1]
    for messages in row.errors.values():
        for message in messages:
            assert message in reasons
    workbook.close()


# The undo ---------------------------------------------------------------------------------


def test_the_undo_asks_for_a_confirmation_then_deletes_the_created_record(
    client_gp, coordinator_gp, guadeloupe
):
    source = imported(guadeloupe, [spreadsheet_row(Nom="Ti Moun Gwadloup")], by=coordinator_gp)
    created = Organisation.objects.get(name="Ti Moun Gwadloup")
    page = client_gp.get(url("undo", source))
    assert page.status_code == 200
    assert page.context["edited"] == []
    html = page.content.decode()
    assert re.search(
        r'<form method="post">\s*<input type="hidden" name="csrfmiddlewaretoken"', html
    )
    assert Organisation.objects.filter(pk=created.pk).exists()  # GET changes nothing

    response = client_gp.post(url("undo", source))
    assert response.status_code == 302
    assert response["Location"] == url("import", source)
    assert not Organisation.objects.filter(pk=created.pk).exists()
    source.refresh_from_db()
    assert source.status == ImportStatus.UNDONE
    assert source.undone_at is not None
    # Once undone, the undo page leads back to the report.
    assert client_gp.get(url("undo", source))["Location"] == url("import", source)


def test_an_import_whose_record_was_edited_since_names_it_and_is_not_undone(
    client_gp, coordinator_gp, guadeloupe
):
    source = imported(guadeloupe, [spreadsheet_row(Nom="Ti Moun Gwadloup")], by=coordinator_gp)
    created = Organisation.objects.get(name="Ti Moun Gwadloup")
    Organisation.objects.filter(pk=created.pk).update(
        updated_at=timezone.now() + timedelta(minutes=1)
    )
    page = client_gp.get(url("undo", source))
    assert page.status_code == 200
    assert [item.organisation for item in page.context["edited"]] == [created]
    html = page.content.decode()
    assert f'<a href="{created.get_absolute_url()}">Ti Moun Gwadloup</a>' in html
    assert '<form method="post">' not in html

    response = client_gp.post(url("undo", source))
    assert response.status_code == 200
    assert [item.organisation for item in response.context["edited"]] == [created]
    assert Organisation.objects.filter(pk=created.pk).exists()
    source.refresh_from_db()
    assert (source.status, source.undone_at) == (ImportStatus.DONE, None)


# Access -----------------------------------------------------------------------------------


def test_the_other_territorys_coordinator_gets_404(
    client, coordinator_gp, coordinator_mq, guadeloupe
):
    source = previewed(guadeloupe, five_rows(), by=coordinator_gp)
    client.force_login(coordinator_mq)
    assert client.get(url("import", source)).status_code == 404
    for name in ("mapping", "progress", "undo", "rejected_csv"):
        assert client.get(url(name, source)).status_code == 404
    response = client.post(url("import", source), {"start": "", "record_status": "active"})
    assert response.status_code == 404
    source.refresh_from_db()
    assert source.status == ImportStatus.PREVIEW
    assert source.file_name not in client.get(reverse("imports:list")).content.decode()
