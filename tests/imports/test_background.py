"""The import's background work: with the worker as in production (the database backend), a
network's file of 5,000 rows is analysed, followed on its progress page, then imported; and
the progress is recorded as the rows go."""

import pytest
from django.urls import reverse

from imports import services
from imports.enums import ImportStatus, RowDecision, RowKind, RowResult
from imports.models import Import, ImportRow
from imports.reading import table_read
from members.models import Commune, Organisation
from tests.conftest import run_worker
from tests.imports.conftest import csv_bytes, network_rows

pytestmark = pytest.mark.django_db

ROWS = 5_000
CREATED = 300


def communes_of(territory) -> list[Commune]:
    return list(Commune.objects.filter(territory=territory).order_by("insee_code"))


def mapped(territory, rows, *, by, file_name="reseau.csv") -> Import:
    """The file uploaded and its columns mapped as guessed: the analysis is asked for."""
    table = table_read(csv_bytes(rows), file_name)
    assert len(table.rows) == len(rows)
    source = services.import_create(territory=territory, by=by, file_name=file_name, table=table)
    services.import_map(source=source, mapping=source.mapping, default_kind="", by=by)
    source.refresh_from_db()
    return source


def progress_bar(html: str) -> str:
    """The <progress> element of a page or fragment."""
    start = html.index("<progress ")
    return html[start : html.index(">", start) + 1]


def test_a_file_of_5000_rows_is_analysed_then_imported_by_the_worker_its_progress_shown(
    client, martinique, coordinator_mq, database_tasks
):
    source = mapped(martinique, network_rows(communes_of(martinique), ROWS), by=coordinator_mq)
    detail = reverse("imports:import", kwargs={"pk": source.pk})
    progress = reverse("imports:progress", kwargs={"pk": source.pk})

    # Waiting for the worker: nothing analysed yet, the page follows the progress.
    assert source.status == ImportStatus.ANALYSING
    assert (source.progress_done, source.progress_total) == (0, ROWS)
    assert not source.rows.exclude(kind="").exists()
    client.force_login(coordinator_mq)
    page = client.get(detail)
    assert page.status_code == 200
    assert page.templates[0].name == "imports/import_progress.html"
    bar = progress_bar(page.content.decode())
    assert f'max="{ROWS}"' in bar
    assert 'value="0"' in bar
    fragment = client.get(progress, headers={"HX-Request": "true"})
    assert fragment.status_code == 200
    assert "HX-Redirect" not in fragment
    text = fragment.content.decode()
    assert "<html" not in text
    assert f'max="{ROWS}"' in progress_bar(text)
    assert 'hx-trigger="every 2s"' in text

    run_worker()
    source.refresh_from_db()
    assert source.status == ImportStatus.PREVIEW
    assert (source.progress_done, source.progress_total) == (ROWS, ROWS)
    # Every row of the generator is a valid, new organisation.
    assert services.kind_counts(source) == {
        RowKind.NEW: ROWS,
        RowKind.DUPLICATE: 0,
        RowKind.INVALID: 0,
        "choose": 0,
    }
    assert source.rows.filter(decision=RowDecision.CREATE).count() == ROWS
    fragment = client.get(progress, headers={"HX-Request": "true"})
    assert fragment.status_code == 200
    assert fragment["HX-Redirect"] == detail
    assert client.get(detail).templates[0].name == "imports/import_review.html"

    # Only the first 300 rows (lines 2 to 301) are imported.
    skipped = ImportRow.objects.filter(source=source, line__gt=CREATED + 1)
    assert skipped.update(decision=RowDecision.SKIP) == ROWS - CREATED
    services.import_start(
        source=source, record_status=Organisation.Status.ACTIVE, by=coordinator_mq
    )
    source.refresh_from_db()
    assert source.status == ImportStatus.APPLYING
    assert (source.progress_done, source.progress_total) == (0, ROWS)
    assert not Organisation.objects.filter(territory=martinique).exists()
    bar = progress_bar(client.get(detail).content.decode())
    assert f'max="{ROWS}"' in bar
    assert 'value="0"' in bar
    assert "HX-Redirect" not in client.get(progress, headers={"HX-Request": "true"})

    run_worker()
    source.refresh_from_db()
    assert source.status == ImportStatus.DONE
    assert source.finished_at is not None
    assert source.error == ""
    assert source.progress_done == ROWS
    assert services.result_counts(source) == {
        RowResult.CREATED: CREATED,
        RowResult.MERGED: 0,
        RowResult.SKIPPED: ROWS - CREATED,
        RowResult.REJECTED: 0,
    }
    records = Organisation.objects.filter(territory=martinique)
    assert records.count() == CREATED
    assert records.filter(status=Organisation.Status.ACTIVE).count() == CREATED
    assert set(source.rows.filter(result=RowResult.CREATED).values_list("line", flat=True)) == set(
        range(2, CREATED + 2)
    )
    assert client.get(progress)["HX-Redirect"] == detail
    report = client.get(detail)
    assert report.templates[0].name == "imports/import_report.html"
    assert report.context["counts"][RowResult.CREATED] == CREATED


def test_the_progress_is_recorded_as_the_rows_are_analysed_then_imported(
    client, martinique, coordinator_mq, monkeypatch
):
    monkeypatch.setattr(services, "PROGRESS_STEP", 10)
    recorded: list[tuple[str, int, int]] = []
    shown: list[str] = []
    original = services._progress
    client.force_login(coordinator_mq)

    def spy(source, done):
        original(source, done)
        status, stored = Import.objects.values_list("status", "progress_done").get(pk=source.pk)
        recorded.append((status, done, stored))
        if len(recorded) == 1:
            # The bar as htmx asks for it while the worker is at work.
            fragment = client.get(reverse("imports:progress", kwargs={"pk": source.pk}))
            assert "HX-Redirect" not in fragment
            shown.append(progress_bar(fragment.content.decode()))

    monkeypatch.setattr(services, "_progress", spy)
    source = mapped(martinique, network_rows(communes_of(martinique), 60), by=coordinator_mq)
    assert source.status == ImportStatus.PREVIEW  # the immediate backend: analysed at once
    analysis = [(done, stored) for status, done, stored in recorded]
    assert all(status == ImportStatus.ANALYSING for status, _done, _stored in recorded)
    # Written with the rows, every 4 steps, and at the end.
    assert analysis == [(40, 40), (60, 60)]
    assert shown == ['<progress max="60" value="40" aria-labelledby="import-progress-label">']

    recorded.clear()
    services.import_start(
        source=source, record_status=Organisation.Status.ACTIVE, by=coordinator_mq
    )
    source.refresh_from_db()
    assert source.status == ImportStatus.DONE
    assert [(status, done, stored) for status, done, stored in recorded] == [
        (ImportStatus.APPLYING, done, done) for done in range(10, 61, 10)
    ]
    assert services.result_counts(source)[RowResult.CREATED] == 60
    assert source.progress_done == 60
