"""The life of a funding call: saved as a draft, published, withdrawn from publication, its
documents attached and removed; and its history as its coordinators read it.

Business rules: a call is created as a draft, seen by its coordinators only, until one of them
publishes it; withdrawing it from publication makes it a draft again. Each creation, edit,
publication and withdrawal is one entry of the call's history, saying who did it and when.
A document is a PDF checked by its content (toolbox/documents.py), kept in private storage;
deleting it deletes its file.
"""

import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime

from django.db import models, transaction
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from members.models import User
from toolbox.documents import check_pdf
from toolbox.history import explain_change

from ..enums import CallStatus, ChangeReason
from ..models import Call, CallDocument, local_zone

logger = logging.getLogger(__name__)

# Entries of the history an edit page shows, newest first.
HISTORY_LIMIT = 50
# Fields an entry does not list: what it says already (a publication changes the status), or
# what nobody types.
UNLISTED_FIELDS = {"id", "slug", "status", "published_at", "created_by", "created_at"}
RELATIONS = ("territories", "applicants", "themes", "countries")


@transaction.atomic
def call_save(*, call: Call, relations: Mapping[str, Iterable], by: User) -> Call:
    """Create (as a draft, `by` its author) or edit a call and its lists, all or nothing: one
    entry in its history, by `by`, holding the call and its lists as saved."""
    created = call.pk is None
    if created:
        call.created_by = by
    explain_change(call, by=by)
    call._change_reason = None  # type: ignore[attr-defined]  # a plain creation or edit, whatever this instance did before
    # Each list set would write an entry of its own (with copies of every list): the history
    # is paused while they are set, and the entry written once everything is in place.
    call.skip_history_when_saving = True  # type: ignore[attr-defined]
    try:
        if created:
            call.save()
        for name, values in relations.items():
            getattr(call, name).set(values)
    finally:
        del call.skip_history_when_saving  # type: ignore[attr-defined]
    call.save()
    if created:
        # The call's row existed before its lists (they point at it): the entry was written
        # by its second save, as a change; it is the creation.
        call.history.filter(history_type="~").update(history_type="+")
    logger.info("Call %s %s by user %s", call.pk, "created" if created else "saved", by.pk)
    return call


@transaction.atomic
def call_publish(*, call: Call, by: User) -> None:
    """A published call appears in the calendar, its feeds and the matching of organisations
    (its publication date: now). Publishing a published call changes nothing."""
    if call.status == CallStatus.PUBLISHED:
        return
    call.status = CallStatus.PUBLISHED
    call.published_at = timezone.now()
    explain_change(call, reason=ChangeReason.PUBLISHED, by=by)
    call.save(update_fields=["status", "published_at", "updated_at"])
    logger.info("Call %s published by user %s", call.pk, by.pk)


@transaction.atomic
def call_unpublish(*, call: Call, by: User) -> None:
    """Withdrawn from publication, a call is a draft again: seen by its coordinators only. Its
    last publication date stays, for its history."""
    if call.status == CallStatus.DRAFT:
        return
    call.status = CallStatus.DRAFT
    explain_change(call, reason=ChangeReason.UNPUBLISHED, by=by)
    call.save(update_fields=["status", "updated_at"])
    logger.info("Call %s withdrawn from publication by user %s", call.pk, by.pk)


@transaction.atomic
def document_add(*, call: Call, title: str, file, by: User) -> CallDocument:
    """Attach a PDF (a django File) to the call, under a random name in private storage, with
    its size. Raises toolbox.documents.DocumentRefused when it is not a PDF the portal keeps
    (forms say so first, with PdfField)."""
    check_pdf(file)
    document = CallDocument(call=call, title=title, file=file, size=file.size)
    explain_change(document, by=by)
    document.save()
    logger.info("Document %s added to call %s by user %s", document.pk, call.pk, by.pk)
    return document


@transaction.atomic
def document_delete(*, document: CallDocument, by: User) -> None:
    """Remove a document and its file. The file goes once the removal is committed: a removal
    rolled back keeps both."""
    storage, name = document.file.storage, document.file.name
    explain_change(document, by=by)
    document.delete()
    if name:
        transaction.on_commit(lambda: storage.delete(name))
    logger.info("Document %s of call %s deleted by user %s", document.pk, document.call_id, by.pk)


# The history ------------------------------------------------------------------------------


@dataclass(frozen=True)
class HistoryEntry:
    date: datetime  # in the territories' local time
    who: User | None
    what: str  # what happened, in words
    fields: list[str] = field(default_factory=list)  # labels of the fields changed


def _what(record) -> str:
    if record.history_change_reason in ChangeReason.values:
        return str(ChangeReason(record.history_change_reason).label)
    if record.history_type == "+":
        return _("Creation")
    return _("Modification")


def _list_field(name: str) -> models.ManyToManyField:
    field = Call._meta.get_field(name)
    assert isinstance(field, models.ManyToManyField)  # noqa: S101  (RELATIONS are lists)
    return field


def _lists_of(records) -> dict[int, dict[str, frozenset]]:
    """{history id: {list name: the ids it held}}: one query per list, for all the records."""
    history_model = Call.history.model
    ids = [record.history_id for record in records]
    lists: dict[int, dict[str, frozenset]] = {i: {} for i in ids}
    for name in RELATIONS:
        target = _list_field(name).m2m_reverse_field_name()
        rows = getattr(history_model, name).model.objects.filter(history_id__in=ids)
        held: dict[int, set] = {i: set() for i in ids}
        for history_id, value in rows.values_list("history_id", f"{target}_id"):
            held[history_id].add(value)
        for history_id, values in held.items():
            lists[history_id][name] = frozenset(values)
    return lists


def call_history(*, call: Call, limit: int = HISTORY_LIMIT) -> list[HistoryEntry]:
    """The call's history, newest first, at most `limit` entries: when (local time), who, what
    happened and which fields changed (a bounded number of queries, whatever the length)."""
    # One record more than shown: the version before the oldest entry, to say what it changed.
    records = list(
        call.history.select_related("history_user").order_by("-history_date", "-history_id")[
            : limit + 1
        ]
    )
    if not records:
        return []
    lists = _lists_of(records)
    tracked = [f for f in Call.history.model.tracked_fields if f.name not in UNLISTED_FIELDS]
    entries = []
    for newer, older in zip(records[:limit], [*records[1:], None], strict=False):
        changed = []
        if older is not None and newer.history_type != "+":
            changed = [
                capfirst(str(f.verbose_name))
                for f in tracked
                if getattr(newer, f.attname) != getattr(older, f.attname)
            ] + [
                capfirst(str(_list_field(name).verbose_name))
                for name in RELATIONS
                if lists[newer.history_id][name] != lists[older.history_id][name]
            ]
        entries.append(
            HistoryEntry(
                date=timezone.localtime(newer.history_date, local_zone()),
                who=newer.history_user,
                what=_what(newer),
                fields=changed,
            )
        )
    return entries
