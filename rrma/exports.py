"""Exports written row by row: the census files, and the prepared ones the worker builds.

Business rules:

- No export holds all its rows in memory: organisations are read `CHUNK_SIZE` at a time, each
  chunk with one query per list it shows (themes, countries, contacts…: `rows_with_lists`),
  and written out as they come. CSV and JSON are streamed; an XLSX is written to a temporary
  file, then sent.
- A census export of more than `STREAMED_EXPORT_MAX_ROWS` organisations is not sent while the
  person waits: the worker prepares it (`census_export_build`) into private storage, and the
  census page offers it for download to that person only, for `PREPARED_EXPORT_RETENTION`.
- Each census export is logged (`ExportLog`): a streamed one when sent, a prepared one when
  built, with the rows it holds.
"""

import json
import tempfile
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from datetime import timedelta
from itertools import islice
from typing import Any
from uuid import uuid4

from django.core.files import File
from django.db import transaction
from django.http import Http404, QueryDict, StreamingHttpResponse
from django.tasks import task
from django.utils import timezone, translation

from members import permissions
from members.models import ContactPerson, Country, Organisation, Theme
from toolbox.documents import private_storage
from toolbox.spreadsheets import (
    CHUNK_CHARACTERS,
    FILE_BLOCK_BYTES,
    XLSX,
    csv_chunks,
    csv_streaming_response,
    xlsx_streaming_response,
    xlsx_write,
)

from .models import PREPARED_EXPORT_RETENTION, ExportLog, PreparedExport

# Rows read per query; each chunk costs one more query per list the file shows.
CHUNK_SIZE = 1000
# Beyond this many organisations, the census export is prepared by the worker.
STREAMED_EXPORT_MAX_ROWS = 5000
EXPORT_FORMATS = ("csv", "xlsx", "json")
JSON = "application/json; charset=utf-8"
CONTENT_TYPES = {"csv": "text/csv; charset=utf-8", "xlsx": XLSX, "json": JSON}
# Exports are read by French administrations: their headers are French whatever the language.
COLUMNS = [
    ("name", "Nom"),
    ("acronym", "Sigle"),
    ("kind", "Type"),
    ("status", "Statut"),
    ("territory", "Territoire"),
    ("commune", "Commune"),
    ("siret", "SIRET"),
    ("rna", "RNA"),
    ("email", "Courriel"),
    ("phone", "Téléphone"),
    ("themes", "Thématiques"),
    ("countries", "Pays de la Caraïbe"),
    ("contacts", "Personnes à contacter"),
    ("confirmed_at", "Fiche confirmée le"),
]
HEADERS = [label for _key, label in COLUMNS]
KEYS = [key for key, _label in COLUMNS]
# What a row shows, and nothing more (no description nor search text read for nothing).
_CENSUS_FIELDS = [
    *("name", "acronym", "kind", "status", "siret", "rna", "email", "phone", "confirmed_at"),
    *("territory__name", "commune__name"),
]


Fetch = Callable[[list], Iterable[tuple]]


def rows_with_lists(queryset, **lists: Fetch) -> Iterator[tuple[Any, dict[str, list]]]:
    """Each object of `queryset`, in its order, with its lists: `lists` maps a name to a
    function giving, for the primary keys of a chunk, (key, value) pairs in the list's order,
    in one query. CHUNK_SIZE objects are read at a time, so the queries grow with the
    chunks, not the rows.

    Lists are read as plain values rather than prefetched: a prefetch ties each object to its
    related managers in reference cycles, which only the garbage collector frees, so the
    memory grew with the rows before it ran."""
    rows = queryset.iterator(chunk_size=CHUNK_SIZE)
    while chunk := list(islice(rows, CHUNK_SIZE)):
        keys = [row.pk for row in chunk]
        found = {}
        for name, fetch in lists.items():
            found[name] = grouped = defaultdict(list)
            for key, value in fetch(keys):
                grouped[key].append(value)
        for row in chunk:
            yield row, {name: grouped.get(row.pk, []) for name, grouped in found.items()}


def many_to_many(model, name: str) -> Fetch:
    """A list for `rows_with_lists`: the primary keys related through the many-to-many field
    `name` of `model`, in the related model's order (as a prefetch gives them)."""
    field = model._meta.get_field(name)
    source, target = field.m2m_field_name(), field.m2m_reverse_field_name()
    ordering = [
        ("-" if key.startswith("-") else "") + f"{target}__{key.lstrip('-')}"
        for key in field.related_model._meta.ordering
    ]
    through = field.remote_field.through._default_manager

    def fetch(keys):
        links = through.filter(**{f"{source}__in": keys}).order_by(*ordering, "pk")
        return links.values_list(source, target)

    return fetch


def reverse_values(queryset, owner: str, *fields: str) -> Fetch:
    """A list for `rows_with_lists`: `fields` (a value, or a tuple of values) of the rows of
    `queryset`, in its order, whose foreign key `owner` points to the object."""

    def fetch(keys):
        rows = queryset.filter(**{f"{owner}__in": keys}).values_list(owner, *fields)
        return ((key, values[0] if len(values) == 1 else values) for key, *values in rows)

    return fetch


def json_chunks(items: Iterable, *, head: str = "[", tail: str = "]", **dumps) -> Iterator[str]:
    """A JSON array written item by item between `head` and `tail` (which close whatever
    envelope `head` opens), with `json.dumps`' own separators: the same text as dumping the
    whole list at once. `dumps`: json.dumps options. The head comes at once, then pieces of
    about CHUNK_CHARACTERS (one write per item would cost a system call each)."""
    yield head
    pending, size, separator = [], 0, ""
    for item in items:
        pending.append(separator + json.dumps(item, **dumps))
        size += len(pending[-1])
        separator = ", "
        if size >= CHUNK_CHARACTERS:
            yield "".join(pending)
            pending, size = [], 0
    yield "".join(pending) + tail


def in_language(language: str, items: Iterable) -> Iterator:
    """`items`, produced in `language`: a streamed response is written after its view has
    returned, when nothing guarantees that the request's language is still the active one."""
    with translation.override(language):
        yield from items


def census_rows(organisations) -> Iterator[list]:
    """One row per organisation of the queryset, in its order: lists joined with " | "."""
    queryset = organisations.select_related("territory", "commune").only(*_CENSUS_FIELDS)
    themes, countries = Theme.objects.in_bulk(), Country.objects.in_bulk()
    contacts = ContactPerson.objects.order_by("name", "pk")
    for organisation, lists in rows_with_lists(
        queryset,
        themes=many_to_many(Organisation, "themes"),
        countries=many_to_many(Organisation, "countries"),
        contacts=reverse_values(contacts, "organisation", "name", "email"),
    ):
        yield [
            organisation.name,
            organisation.acronym,
            organisation.get_kind_display(),
            organisation.get_status_display(),
            organisation.territory.name,
            organisation.commune.name,
            organisation.siret,
            organisation.rna,
            organisation.email,
            organisation.phone,
            " | ".join(str(themes[code]) for code in lists["themes"]),
            " | ".join(str(countries[code]) for code in lists["countries"]),
            " | ".join(f"{name} <{email}>" for name, email in lists["contacts"]),
            organisation.confirmed_at.date().isoformat() if organisation.confirmed_at else "",
        ]


def census_text_chunks(rows: Iterable[list], file_format: str) -> Iterator[str]:
    """The census CSV (semicolons, byte-order mark, for spreadsheets in French) or JSON (one
    object per organisation, keyed by column)."""
    if file_format == "csv":
        return csv_chunks(HEADERS, rows)
    objects = (dict(zip(KEYS, row, strict=True)) for row in rows)
    return json_chunks(objects, ensure_ascii=False)


def census_export_response(organisations, *, file_format: str):
    """The census export of `organisations`, sent as it is written (XLSX: once written to a
    temporary file)."""
    filename = f"recensement-rrma-{timezone.localdate():%Y-%m-%d}.{file_format}"
    rows = in_language(translation.get_language(), census_rows(organisations))
    if file_format == "xlsx":
        return xlsx_streaming_response(filename, "Recensement", HEADERS, rows)
    if file_format == "csv":
        return csv_streaming_response(filename, HEADERS, rows)
    response = StreamingHttpResponse(census_text_chunks(rows, "json"), content_type=JSON)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# Prepared exports ----------------------------------------------------------------------------


def prepared_export_response(export: PreparedExport):
    """The prepared file as a download (404 if it is gone). It is opened when the response is
    first read and closed once sent, or abandoned: a response never read holds no file."""
    storage = private_storage()
    if not export.file_name or not storage.exists(export.file_name):
        raise Http404

    def blocks():
        with storage.open(export.file_name, "rb") as file:
            while block := file.read(FILE_BLOCK_BYTES):
                yield block

    response = StreamingHttpResponse(blocks(), content_type=CONTENT_TYPES[export.file_format])
    response["Content-Length"] = storage.size(export.file_name)
    response["Content-Disposition"] = f'attachment; filename="{export.download_name}"'
    return response


def recent_prepared_exports(user, *, limit: int = 5) -> dict:
    """The person's prepared exports still kept, newest first, and whether one is still being
    prepared (its list is then asked for again until it is ready): a template's context."""
    since = timezone.now() - PREPARED_EXPORT_RETENTION
    found = list(PreparedExport.objects.filter(user=user, created_at__gte=since)[:limit])
    return {"prepared_exports": found, "preparing": any(e.is_pending for e in found)}


def census_export_prepare(
    *, user, file_format: str, filters: dict, language: str
) -> tuple[PreparedExport, bool]:
    """Ask the worker for this census export (the request and its task written together).
    The same export (format and filters) already being prepared for the person is not asked
    twice: it is returned, with False."""
    pending = PreparedExport.objects.filter(
        user=user, file_format=file_format, status=PreparedExport.Status.PENDING
    )
    for export in pending:
        if export.filters == filters:
            return export, False
    with transaction.atomic():
        export = PreparedExport.objects.create(
            user=user, file_format=file_format, filters=filters, language=language
        )
        census_export_build.enqueue(export.pk)
    return export, True


class _Counted:
    """The rows of an iterable, counted as they are read."""

    def __init__(self, rows: Iterable):
        self.rows, self.count = rows, 0

    def __iter__(self):
        for row in self.rows:
            self.count += 1
            yield row


def _census_file_write(file, export: PreparedExport) -> int | None:
    """Write the export's file; the rows written, or None when the person may no longer read
    the census or the filters no longer apply (nothing written)."""
    # The census module's views ask for prepared exports: imported here, when the worker runs.
    from .census import census_filtered

    if not permissions.can_read_census(export.user):
        return None
    params = QueryDict(mutable=True)
    params.update(export.filters)
    census_filter, organisations = census_filtered(user=export.user, params=params)
    if census_filter.is_bound and not census_filter.is_valid():
        return None
    rows = _Counted(census_rows(organisations))
    if export.file_format == "xlsx":
        xlsx_write(file, "Recensement", HEADERS, rows)
    else:
        for chunk in census_text_chunks(rows, export.file_format):
            file.write(chunk.encode())
    return rows.count


@task
def census_export_build(export_id: int) -> dict:
    """Build a prepared census export, as its person's census shows it now, in the language
    they asked in; log it (ExportLog) and offer it for download. An export nobody may read
    any more (role withdrawn, filter gone) fails without a file."""
    export = (
        PreparedExport.objects.select_related("user")
        .filter(pk=export_id, status=PreparedExport.Status.PENDING)
        .first()
    )
    if export is None:
        return {"status": "already handled"}
    try:
        with translation.override(export.language), tempfile.TemporaryFile() as file:
            row_count = _census_file_write(file, export)
            if row_count is None:
                _finish(export, status=PreparedExport.Status.FAILED)
                return {"status": "refused"}
            size = file.tell()
            name = private_storage().save(f"exports/{uuid4().hex}.{export.file_format}", File(file))
    except Exception:
        _finish(export, status=PreparedExport.Status.FAILED)
        raise
    with transaction.atomic():
        _finish(
            export,
            status=PreparedExport.Status.READY,
            file_name=name,
            file_size=size,
            row_count=row_count,
        )
        ExportLog.objects.create(
            user=export.user,
            file_format=export.file_format,
            filters=export.filters,
            row_count=row_count,
        )
    return {"status": "ready", "rows": row_count, "bytes": size}


def _finish(export: PreparedExport, **fields) -> None:
    PreparedExport.objects.filter(pk=export.pk).update(finished_at=timezone.now(), **fields)


# A file that no row names is removed once this old (younger: a build about to record it).
ORPHAN_AGE = timedelta(hours=1)


@task
def prepared_exports_purge() -> dict:
    """Daily: prepared exports asked more than PREPARED_EXPORT_RETENTION ago are deleted, row
    and file, as the privacy page says; so are files that no row names any more (their
    person's account was deleted)."""
    now = timezone.now()
    storage = private_storage()
    expired = PreparedExport.objects.filter(created_at__lt=now - PREPARED_EXPORT_RETENTION)
    for name in expired.exclude(file_name="").values_list("file_name", flat=True):
        storage.delete(name)
    deleted, _ = expired.delete()
    kept = set(PreparedExport.objects.exclude(file_name="").values_list("file_name", flat=True))
    orphans = 0
    _folders, files = storage.listdir("exports") if storage.exists("exports") else ([], [])
    for file_name in files:
        name = f"exports/{file_name}"
        if name not in kept and storage.get_modified_time(name) < now - ORPHAN_AGE:
            storage.delete(name)
            orphans += 1
    return {"exports": deleted, "orphan_files": orphans}
