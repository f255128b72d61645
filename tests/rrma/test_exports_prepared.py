"""Census exports too large to send at once: prepared by the worker, offered on the census page
to the person who asked only, logged, deleted after a week (rrma/exports.py)."""

import csv
import io
import json
import os
from datetime import timedelta
from pathlib import Path

import lxml.html
import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from openpyxl import load_workbook

from background.tasks import schedule_due
from members.models import RoleGrant
from members.services import role_revoke
from rrma import exports
from rrma.exports import census_export_build, prepared_exports_purge, private_storage
from rrma.models import ExportLog, PreparedExport
from tests.conftest import run_worker
from tests.members.factories import OrganisationFactory, coordinator, state_services

pytestmark = pytest.mark.django_db

PURGE = "rrma.exports.prepared_exports_purge"


@pytest.fixture(autouse=True)
def private_root(settings, tmp_path):
    settings.PRIVATE_FILES_ROOT = tmp_path / "private"
    return settings.PRIVATE_FILES_ROOT


@pytest.fixture(autouse=True)
def small_limit(monkeypatch):
    """Two organisations are "too many" here, as 5,001 are in production."""
    monkeypatch.setattr(exports, "STREAMED_EXPORT_MAX_ROWS", 1)


@pytest.fixture(autouse=True)
def english(client, settings):
    """The pages in English: their text is then the source text, whatever the catalogues."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


@pytest.fixture
def census_data(guadeloupe, martinique):
    OrganisationFactory(name="Alizés", territory=guadeloupe, themes=["health", "energy"])
    OrganisationFactory(name="=Formule", territory=guadeloupe, status="pending")
    OrganisationFactory(name="Mangrove", territory=martinique)


def ask(client, file_format="csv", **params):
    return client.get(reverse("census_export", args=[file_format]), params)


def download(client, export):
    response = client.get(reverse("census_export_download", args=[export.pk]))
    assert response.status_code == 200
    return response.getvalue()


def census_rows(data: bytes):
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))


@pytest.mark.parametrize("file_format", ["csv", "xlsx", "json"])
def test_a_large_export_is_prepared_then_offered_on_the_census_page(
    client, census_data, state_user, file_format, monkeypatch
):
    client.force_login(state_user)
    response = ask(client, file_format, territory="guadeloupe")
    assert response.status_code == 302
    assert response["Location"] == reverse("census") + "?territory=guadeloupe"
    page = client.get(response["Location"])
    assert "is being prepared" in page.text
    assert "Beyond 1 organisations, the file is prepared in the background" in page.text
    export = PreparedExport.objects.get()
    assert (export.user, export.status, export.row_count) == (state_user, "ready", 2)
    assert export.filters == {"territory": "guadeloupe"}
    link = reverse("census_export_download", args=[export.pk])
    assert f'href="{link}"' in page.text
    assert f"Download the {file_format.upper()} file" in page.text

    data = download(client, export)
    # The same file as a streamed export of the same view.
    monkeypatch.setattr(exports, "STREAMED_EXPORT_MAX_ROWS", 5000)
    streamed = ask(client, file_format, territory="guadeloupe").getvalue()
    if file_format == "xlsx":
        data, streamed = (
            [[(c.value, c.data_type) for c in row] for row in load_workbook(io.BytesIO(b)).active]
            for b in (data, streamed)
        )
        assert data[1][0] == ("=Formule", "s")  # text, never a formula
    assert data == streamed
    logs = [
        (log.user, log.file_format, log.row_count, log.filters) for log in ExportLog.objects.all()
    ]
    assert logs == [(state_user, file_format, 2, {"territory": "guadeloupe"})] * 2


def test_the_census_says_it_is_being_prepared_until_the_worker_has_built_it(
    client, census_data, state_user, database_tasks
):
    client.force_login(state_user)
    page = client.get(ask(client, "csv")["Location"])
    assert "The CSV export of 3 organisations is being prepared" in page.text
    (item,) = lxml.html.fromstring(page.content).cssselect("#prepared-exports li")
    assert "being prepared" in item.text_content()
    # Without JavaScript: a link to refresh; with htmx, the list asks for itself again.
    assert item.cssselect("a")[0].get("href") == reverse("census_exports")
    assert "data-hx-trigger" in page.text
    fragment = client.get(reverse("census_exports"), headers={"HX-Request": "true"})
    assert "<html" not in fragment.text
    assert 'hx-trigger="every 5s"' in fragment.text
    assert not ExportLog.objects.exists()

    run_worker()
    fragment = client.get(reverse("census_exports"), headers={"HX-Request": "true"})
    assert "data-hx-trigger" not in fragment.text  # ready: the polling stops
    assert "3 organisations" in fragment.text
    export = PreparedExport.objects.get()
    assert [row[0] for row in census_rows(download(client, export))] == [
        "Nom",
        "'=Formule",
        "Alizés",
        "Mangrove",
    ]
    assert ExportLog.objects.get().row_count == 3
    full_page = client.get(reverse("census_exports"))
    assert "<h1>My census exports</h1>" in full_page.text


def test_the_same_export_asked_again_while_being_prepared_is_prepared_once(
    client, census_data, state_user, database_tasks
):
    client.force_login(state_user)
    ask(client, "csv", status="active")
    page = client.get(ask(client, "csv", status="active")["Location"])
    assert "This export is already being prepared" in page.text
    ask(client, "json", status="active")  # another format: another file
    assert PreparedExport.objects.count() == 2
    assert DBTaskResult.objects.filter(task_path__endswith="census_export_build").count() == 2


def test_only_the_person_who_asked_downloads_the_file(client, census_data, guadeloupe):
    owner = state_services()
    client.force_login(owner)
    ask(client)
    export = PreparedExport.objects.get()
    url = reverse("census_export_download", args=[export.pk])
    for other in (state_services(), coordinator(guadeloupe)):
        client.force_login(other)
        assert client.get(url).status_code == 404
        assert url not in client.get(reverse("census_exports")).text
    client.logout()
    assert client.get(url).status_code == 302
    client.force_login(owner)
    response = client.get(url)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert response["Content-Disposition"] == f'attachment; filename="{export.download_name}"'
    assert int(response["Content-Length"]) == len(response.getvalue()) == export.file_size
    # Past its week, or without its file, it is gone for its person too.
    PreparedExport.objects.update(created_at=timezone.now() - timedelta(days=8))
    assert client.get(url).status_code == 404
    PreparedExport.objects.update(created_at=timezone.now())
    private_storage().delete(export.file_name)
    assert client.get(url).status_code == 404


def test_an_export_still_pending_is_no_file(client, census_data, state_user, database_tasks):
    client.force_login(state_user)
    ask(client)
    export = PreparedExport.objects.get()
    assert client.get(reverse("census_export_download", args=[export.pk])).status_code == 404


def test_someone_whose_role_was_withdrawn_meanwhile_gets_no_file(
    client, census_data, database_tasks
):
    person = state_services()
    client.force_login(person)
    ask(client)
    role_revoke(user=person, role=RoleGrant.Role.STATE)
    run_worker()
    export = PreparedExport.objects.get()
    assert (export.status, export.file_name) == ("failed", "")
    assert not ExportLog.objects.exists()


def test_a_coordinator_s_prepared_export_holds_their_territory_only(
    client, census_data, coordinator_mq, monkeypatch
):
    monkeypatch.setattr(exports, "STREAMED_EXPORT_MAX_ROWS", 0)
    client.force_login(coordinator_mq)
    ask(client, "json")
    data = json.loads(download(client, PreparedExport.objects.get()))
    assert [row["name"] for row in data] == ["Mangrove"]


def test_a_build_that_fails_says_so_and_leaves_no_file(
    client, census_data, state_user, monkeypatch, private_root
):
    def broken(organisations):
        yield ["half a row"]
        raise RuntimeError("disk full")

    monkeypatch.setattr(exports, "census_rows", broken)
    client.force_login(state_user)
    page = client.get(ask(client, "csv")["Location"])
    export = PreparedExport.objects.get()
    assert export.status == "failed"
    assert "could not be prepared" in page.text
    assert not ExportLog.objects.exists()
    assert not any(files for _root, _dirs, files in os.walk(private_root))
    assert census_export_build.call(export.pk) == {"status": "already handled"}


def test_the_file_is_written_in_the_language_it_was_asked_in(
    client, census_data, state_user, settings, monkeypatch
):
    monkeypatch.setattr(exports, "STREAMED_EXPORT_MAX_ROWS", 0)
    client.force_login(state_user)
    ask(client, territory="guadeloupe")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
    ask(client, territory="guadeloupe", status="active")
    english, french = (
        census_rows(download(client, e)) for e in PreparedExport.objects.order_by("created_at")
    )
    assert english[0][0] == french[0][0] == "Nom"  # headers are French, for administrations
    assert english[2][10] == "Health | Energy"
    assert french[1][10] == "Santé | Énergie"


def test_prepared_files_live_outside_the_public_folders(settings, state_user, tmp_path):
    storage = private_storage()
    name = storage.save("exports/x.csv", ContentFile(b"x"))
    assert oct(os.stat(storage.path(name)).st_mode & 0o777) == "0o600"
    assert not storage.path(name).startswith(str(settings.MEDIA_ROOT))
    settings.PRIVATE_FILES_ROOT = Path(settings.MEDIA_ROOT) / "private"
    with pytest.raises(ImproperlyConfigured):
        private_storage()


def test_prepared_exports_are_deleted_after_a_week_with_their_files(
    client, census_data, state_user, monkeypatch
):
    client.force_login(state_user)
    ask(client, "csv")
    ask(client, "json")
    old, recent = PreparedExport.objects.order_by("created_at")
    PreparedExport.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=8))
    storage = private_storage()
    old_orphan = storage.save("exports/deleted-account.csv", ContentFile(b"x"))
    two_hours_ago = (timezone.now() - timedelta(hours=2)).timestamp()
    os.utime(storage.path(old_orphan), (two_hours_ago, two_hours_ago))
    being_built = storage.save("exports/being-built.csv", ContentFile(b"x"))

    assert prepared_exports_purge.call() == {"exports": 1, "orphan_files": 1}
    assert list(PreparedExport.objects.all()) == [recent]
    assert not storage.exists(old.file_name)
    assert not storage.exists(old_orphan)
    assert storage.exists(recent.file_name)
    assert storage.exists(being_built)
    assert ExportLog.objects.count() == 2  # the log is kept (its own retention)


def test_the_purge_runs_daily_once_listed_in_the_periodic_tasks(database_tasks, settings):
    settings.PERIODIC_TASKS = [(PURGE, "daily")]
    settings.DAILY_JOBS_HOUR = 0
    assert schedule_due() == [PURGE]
    run_worker()
    assert DBTaskResult.objects.get(task_path=PURGE).status == "SUCCESSFUL"


@pytest.mark.parametrize("count", [1, 5])
def test_the_census_page_lists_prepared_exports_in_constant_queries(
    client, census_data, state_user, count, django_assert_max_num_queries
):
    for _ in range(count):
        PreparedExport.objects.create(user=state_user, file_format="csv", language="fr")
    client.force_login(state_user)
    with django_assert_max_num_queries(20):
        response = client.get(reverse("census"))
    items = lxml.html.fromstring(response.content).cssselect("#prepared-exports li")
    assert len(items) == count
    with django_assert_max_num_queries(8):
        response = client.get(reverse("census_exports"), headers={"HX-Request": "true"})
    assert response.text.count("being prepared") == count
