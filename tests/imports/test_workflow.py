"""The import from the file to the report and the undo, through the services."""

import pytest

from imports import services
from imports.enums import ImportStatus, RowDecision, RowKind, RowResult
from imports.models import Import
from imports.reading import table_read
from members.models import ContactPerson, Organisation
from tests.imports.conftest import csv_bytes, spreadsheet_row
from tests.members import factories

pytestmark = pytest.mark.django_db


def imported(territory, rows, *, by=None, default_kind="") -> Import:
    by = by or factories.coordinator(territory)
    table = table_read(csv_bytes(rows), "actors.csv")
    source = services.import_create(territory=territory, by=by, file_name="actors.csv", table=table)
    services.import_map(source=source, mapping=source.mapping, default_kind=default_kind, by=by)
    source.refresh_from_db()
    return source


def test_rows_are_found_new_duplicate_or_invalid_with_their_reasons(guadeloupe, existing):
    source = imported(
        guadeloupe,
        [
            spreadsheet_row(Nom="Lycée de la Mer", **{"Type de structure": "Lycée"}),
            spreadsheet_row(Nom="Autre nom", SIRET="732 829 320 00074"),
            spreadsheet_row(Nom="Caraibes Solidarite"),
            spreadsheet_row(Nom="Sans commune", Commune="Paris", **{"Code postal": ""}),
            spreadsheet_row(Nom="Mauvais téléphone", Téléphone="12"),
            spreadsheet_row(Nom="Lycée de la Mer", **{"Type de structure": "Lycée"}),
        ],
    )
    assert source.status == ImportStatus.PREVIEW
    rows = {row.line: row for row in source.rows.all()}
    assert rows[2].kind == RowKind.NEW
    assert rows[2].decision == RowDecision.CREATE
    assert rows[3].kind == RowKind.DUPLICATE
    assert rows[3].same_identifier
    assert rows[3].duplicate_of == existing
    assert rows[3].decision == RowDecision.MERGE
    assert rows[3].allowed_decisions == [RowDecision.MERGE, RowDecision.SKIP]
    assert rows[4].kind == RowKind.DUPLICATE
    assert rows[4].duplicate_of == existing
    assert RowDecision.CREATE in rows[4].allowed_decisions
    assert rows[5].kind == RowKind.INVALID
    assert "commune" in rows[5].errors
    assert rows[6].kind == RowKind.INVALID
    assert "phone" in rows[6].errors
    assert rows[7].kind == RowKind.DUPLICATE
    assert rows[7].duplicate_line == 2
    assert rows[7].decision == RowDecision.SKIP


def test_the_import_creates_merges_skips_and_reports_then_undoes(guadeloupe, existing):
    source = imported(
        guadeloupe,
        [
            spreadsheet_row(
                Nom="Lycée de la Mer",
                **{
                    "Type de structure": "Lycée",
                    "Nom du contact": "Marie Dupont",
                    "Courriel du contact": "marie@lycee.fr",
                },
            ),
            spreadsheet_row(Nom="Caraïbes Solidarité", SIRET="73282932000074", Pays="Cuba"),
            spreadsheet_row(Nom="Mauvais téléphone", Téléphone="12"),
        ],
    )
    by = source.created_by
    services.import_start(source=source, record_status=Organisation.Status.ACTIVE, by=by)
    source.refresh_from_db()
    assert source.status == ImportStatus.DONE
    assert services.result_counts(source) == {
        RowResult.CREATED: 1,
        RowResult.MERGED: 1,
        RowResult.SKIPPED: 0,
        RowResult.REJECTED: 1,
    }
    created = Organisation.objects.get(name="Lycée de la Mer")
    assert created.status == Organisation.Status.ACTIVE
    assert created.kind == Organisation.Kind.SCHOOL
    assert created.phone == "+590590123456"
    assert list(created.themes.values_list("pk", flat=True)) == ["health"]
    contact = created.contacts.get()
    assert contact.email == "marie@lycee.fr"
    assert not contact.is_public
    existing.refresh_from_db()
    assert existing.email == "contact@exemple.org"
    assert set(existing.countries.values_list("pk", flat=True)) == {"HT", "CU"}
    rejected = list(services.rejected_rows(source))
    assert len(rejected) == 1
    assert rejected[0][0] == 4
    assert "Téléphone public" in rejected[0][-1], "the reason names the field"

    assert services.records_edited_since(source) == []
    assert services.import_undo(source=source, by=by) == {"deleted": 1, "restored": 1}
    assert not Organisation.objects.filter(name="Lycée de la Mer").exists()
    assert not ContactPerson.objects.filter(email="marie@lycee.fr").exists()
    existing.refresh_from_db()
    assert existing.email == ""
    assert set(existing.countries.values_list("pk", flat=True)) == {"HT"}


def test_an_import_whose_record_was_edited_since_cannot_be_undone(guadeloupe):
    source = imported(guadeloupe, [spreadsheet_row(Nom="Lycée de la Mer")])
    services.import_start(
        source=source, record_status=Organisation.Status.PENDING, by=source.created_by
    )
    source.refresh_from_db()
    record = Organisation.objects.get(name="Lycée de la Mer")
    assert record.status == Organisation.Status.PENDING
    record.acronym = "LDM"
    record.save()
    edited = services.records_edited_since(source)
    assert [item.organisation for item in edited] == [record]
    with pytest.raises(services.UndoRefused):
        services.import_undo(source=source, by=source.created_by)
    assert Organisation.objects.filter(pk=record.pk).exists()


def test_the_model_file_s_headers_are_each_mapped_to_their_field(client, coordinator_gp):
    import io

    from openpyxl import load_workbook

    from imports.fields import FIELDS
    from imports.matching import guess_mapping

    client.force_login(coordinator_gp)
    response = client.get("/imports/template.xlsx")
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    headers = [cell.value for cell in next(workbook.active.iter_rows())]
    assert headers[:3] == ["Nom", "Sigle", "Type"]
    assert guess_mapping(headers) == list(FIELDS)


def test_starting_twice_imports_the_rows_once(guadeloupe):
    source = imported(guadeloupe, [spreadsheet_row(Nom="Lycée de la Mer")])
    stale = Import.objects.get(pk=source.pk)
    services.import_start(
        source=source, record_status=Organisation.Status.ACTIVE, by=source.created_by
    )
    services.import_start(
        source=stale, record_status=Organisation.Status.ACTIVE, by=source.created_by
    )
    assert Organisation.objects.filter(name="Lycée de la Mer").count() == 1
    assert Import.objects.get(pk=source.pk).status == ImportStatus.DONE


def test_an_analysis_stopped_by_an_error_says_so_instead_of_waiting(guadeloupe, monkeypatch):
    def broken(row, context):
        raise RuntimeError("the vocabulary is unreadable")

    monkeypatch.setattr(services, "row_check", broken)
    source = imported(guadeloupe, [spreadsheet_row()])
    assert source.status == ImportStatus.FAILED
    assert "unreadable" in source.error
    assert not source.may_be_undone


def test_a_saved_mapping_keeps_a_column_left_out(guadeloupe):
    by = factories.coordinator(guadeloupe)
    table = table_read(csv_bytes([spreadsheet_row()]), "actors.csv")
    source = services.import_create(territory=guadeloupe, by=by, file_name="a.csv", table=table)
    index = source.headers.index("Activités")
    assert source.mapping[index] == "short_description"
    mapping = list(source.mapping)
    mapping[index] = ""
    services.import_map(source=source, mapping=mapping, default_kind="", by=by, save_as="Tableur")
    again = services.import_create(territory=guadeloupe, by=by, file_name="b.csv", table=table)
    assert again.mapping == mapping


def test_a_created_record_someone_joined_since_stops_the_undo_and_is_named(guadeloupe):
    source = imported(
        guadeloupe, [spreadsheet_row(Nom="Lycée de la Mer"), spreadsheet_row(Nom="Ti Moun")]
    )
    by = source.created_by
    services.import_start(source=source, record_status=Organisation.Status.ACTIVE, by=by)
    source.refresh_from_db()
    joined = Organisation.objects.get(name="Lycée de la Mer")
    factories.member_of(joined, "admin")
    edited = services.records_edited_since(source)
    assert [item.organisation for item in edited] == [joined]
    with pytest.raises(services.UndoRefused):
        services.import_undo(source=source, by=by)
    assert Organisation.objects.filter(name="Ti Moun").exists()
