"""The import's workflow: upload, mapping, analysis and import in the background, decisions,
report, undo. Domain arguments in, domain objects out."""

import logging
from collections import Counter
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import Count
from django.db.models.deletion import Collector, ProtectedError, RestrictedError
from django.db.models.signals import post_save
from django.forms.models import model_to_dict
from django.tasks import task
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.models import HistoricalRecords

from members.enums import ChangeReason
from members.forms import OrganisationForm
from members.models import ContactPerson, Organisation, Territory, User
from toolbox.history import explain_change
from toolbox.text import normalize_text

from .analysis import Context, row_check
from .enums import ImportStatus, RowDecision, RowKind, RowResult
from .fields import FIELDS, MERGEABLE_FIELDS, MERGEABLE_RELATIONS
from .matching import guess_mapping
from .models import Import, ImportRow, SavedMapping
from .reading import Table

logger = logging.getLogger(__name__)

# Rows analysed or imported between two updates of the progress bar.
PROGRESS_STEP = 25
ROW_FIELDS = [
    "kind",
    "errors",
    "warnings",
    "duplicate_of",
    "duplicate_reason",
    "same_identifier",
    "duplicate_line",
    "commune_choices",
    "decision",
]


def header_key(header: str) -> str:
    """A header as saved mappings compare it: accents, case and spaces ignored."""
    return " ".join(normalize_text(header).split())


# Upload and mapping -----------------------------------------------------------------------


@transaction.atomic
def import_create(*, territory: Territory, by: User, file_name: str, table: Table) -> Import:
    """Keep the file's rows for the territory, with a first mapping of its columns: the
    territory's saved mapping that knows the most headers, otherwise the usual headers."""
    guessed = guess_mapping(table.headers)
    saved = mapping_saved_for(territory, table.headers)
    known = saved.fields if saved else {}
    keys = [header_key(header) for header in table.headers]
    # The saved choices first (a column left out stays out), then the guesses for the
    # headers it does not know, a field never given to two columns.
    mapping = [known.get(key, "") for key in keys]
    used = set(filter(None, mapping))
    for index, (key, guess) in enumerate(zip(keys, guessed, strict=True)):
        if key not in known and guess and guess not in used:
            mapping[index] = guess
            used.add(guess)
    source = Import.objects.create(
        territory=territory,
        created_by=by,
        file_name=file_name[:255],
        headers=table.headers,
        mapping=mapping,
    )
    ImportRow.objects.bulk_create(
        [ImportRow(source=source, line=line, cells=cells) for line, cells in table.rows],
        batch_size=500,
    )
    logger.info("Import %s: %s rows uploaded by user %s", source.pk, len(table.rows), by.pk)
    return source


def mapping_saved_for(territory: Territory, headers: list[str]) -> SavedMapping | None:
    """The territory's saved mapping that knows the most of these headers (None if none)."""
    keys = {header_key(header) for header in headers}
    best, best_count = None, 0
    for saved in SavedMapping.objects.filter(territory=territory).order_by("-updated_at"):
        count = len(keys & set(saved.fields))
        if count > best_count:
            best, best_count = saved, count
    return best


@transaction.atomic
def import_map(
    *, source: Import, mapping: list[str], default_kind: str, by: User, save_as: str = ""
) -> Import:
    """Record the mapping (and save it for the next imports under `save_as`), then ask the
    worker to check every row. Decisions taken before a new mapping are forgotten."""
    # Conditional, so that two submissions never start two analyses (nor one after the
    # import started).
    changed = Import.objects.filter(
        pk=source.pk, status__in=[ImportStatus.MAPPING, ImportStatus.PREVIEW]
    ).update(
        mapping=mapping,
        default_kind=default_kind,
        status=ImportStatus.ANALYSING,
        progress_done=0,
        progress_total=source.rows.count(),
    )
    source.refresh_from_db()
    if not changed:
        return source
    if save_as:
        SavedMapping.objects.update_or_create(
            territory=source.territory,
            name=save_as,
            defaults={
                "created_by": by,
                # Columns left out included: they stay out next time.
                "fields": {
                    header_key(header): field
                    for header, field in zip(source.headers, mapping, strict=True)
                },
            },
        )
    source.rows.update(chosen_commune="")
    import_analyse.enqueue(source.pk)
    return source


def _progress(source: Import, done: int) -> None:
    Import.objects.filter(pk=source.pk).update(progress_done=done)


@task
def import_analyse(import_id: int) -> dict:
    """Check every row of the import (imports.analysis), then offer them for review."""
    source = (
        Import.objects.select_related("territory")
        .filter(pk=import_id, status=ImportStatus.ANALYSING)
        .first()
    )
    if source is None:
        return {"status": "already handled"}
    context = Context.of(source.territory, default_kind=source.default_kind)
    rows = list(source.rows.order_by("line"))
    Import.objects.filter(pk=source.pk).update(progress_done=0, progress_total=len(rows))
    batch: list[ImportRow] = []
    try:
        for done, row in enumerate(rows, start=1):
            row.source = source
            row_check(row, context)
            batch.append(row)
            if len(batch) >= PROGRESS_STEP * 4 or done == len(rows):
                ImportRow.objects.bulk_update(batch, ROW_FIELDS, batch_size=500)
                batch = []
                _progress(source, done)
    except Exception as error:
        # Said on the import's page, instead of a progress bar waiting for ever.
        Import.objects.filter(pk=source.pk).update(
            status=ImportStatus.FAILED, finished_at=timezone.now(), error=str(error)[:2000]
        )
        raise
    Import.objects.filter(pk=source.pk, status=ImportStatus.ANALYSING).update(
        status=ImportStatus.PREVIEW
    )
    return {"status": "analysed", "rows": len(rows)}


# Review -----------------------------------------------------------------------------------


def kind_counts(source: Import) -> dict[str, int]:
    """How many rows the analysis found new, duplicate, invalid; and waiting for a commune."""
    counts = dict(source.rows.values_list("kind").annotate(count=Count("pk")).order_by())
    result = {kind: counts.get(kind, 0) for kind in RowKind.values}
    result["choose"] = source.rows.exclude(commune_choices=[]).filter(chosen_commune="").count()
    return result


@transaction.atomic
def import_rows_decide(
    *, source: Import, decisions: Mapping[int, str], communes: Mapping[int, str]
) -> int:
    """Record the coordinator's decision per line, and the commune chosen for a shared postal
    code (that row is checked again). Returns how many rows changed."""
    rows = {row.line: row for row in source.rows.filter(line__in=[*decisions, *communes])}
    changed = []
    recheck = [
        rows[line]
        for line, insee in communes.items()
        if line in rows and insee and insee in rows[line].commune_choices
    ]
    if recheck:
        context = Context.of(source.territory, default_kind=source.default_kind)
        for row in recheck:
            row.source = source
            row.chosen_commune = communes[row.line]
            row_check(row, context)
            changed.append(row)
    for line, decision in decisions.items():
        row = rows.get(line)
        if row is None or (row in recheck and row.kind == RowKind.INVALID):
            continue
        if decision in row.allowed_decisions and decision != row.decision:
            row.decision = decision
            if row not in changed:
                changed.append(row)
    ImportRow.objects.bulk_update(changed, [*ROW_FIELDS, "chosen_commune"])
    return len(changed)


@transaction.atomic
def import_start(*, source: Import, record_status: str, by: User) -> Import:
    """Ask the worker to import the rows as decided, the records `record_status`."""
    # Conditional: a second click (or a second tab) never imports the rows twice.
    changed = Import.objects.filter(pk=source.pk, status=ImportStatus.PREVIEW).update(
        record_status=record_status,
        status=ImportStatus.APPLYING,
        started_at=timezone.now(),
        progress_done=0,
        progress_total=source.rows.count(),
    )
    source.refresh_from_db()
    if not changed:
        return source
    import_apply.enqueue(source.pk)
    logger.info("Import %s started by user %s", source.pk, by.pk)
    return source


# Import -----------------------------------------------------------------------------------


def _history_of(model):
    """The model's django-simple-history recorder (it has no public accessor): the receiver
    it connected to post_save."""
    for receiver in post_save._live_receivers(model)[0]:
        recorder = getattr(receiver, "__self__", None)
        if isinstance(recorder, HistoricalRecords):
            return recorder
    raise LookupError(model)


def _create(source: Import, row: ImportRow, checked) -> None:
    form = checked.record
    organisation = form.save(commit=False)
    organisation.status = source.record_status
    if organisation.status == Organisation.Status.ACTIVE:
        organisation.validated_by = source.created_by
        organisation.validated_at = timezone.now()
    explain_change(organisation, reason=ChangeReason.IMPORTED, by=source.created_by)
    # One "created" entry in its history, with its themes and countries, instead of one per
    # save and per list set (which made an import of 5,000 rows a third slower).
    organisation.skip_history_when_saving = True
    organisation.save()
    for name in MERGEABLE_RELATIONS:
        getattr(organisation, name).set(form.cleaned_data[name])
    del organisation.skip_history_when_saving
    _history_of(Organisation).create_historical_record(organisation, "+")
    row.organisation = organisation
    row.contact = _contact_add(organisation, checked.contact)
    row.result = RowResult.CREATED


def _contact_add(organisation: Organisation, form) -> ContactPerson | None:
    """The row's contact person, never public, unless the record already names them."""
    if form is None or not form.is_valid():
        return None
    name = normalize_text(form.cleaned_data["name"])
    for contact in organisation.contacts.all():
        if normalize_text(contact.name) == name:
            return None
    contact = form.save(commit=False)
    contact.organisation = organisation
    contact.public_consent_at = None
    contact.save()
    return contact


def _empty(value) -> bool:
    return value in (None, "")


def _merge(source: Import, row: ImportRow, checked) -> None:
    """Fill the record's empty fields from the row, add its themes and countries, and its
    contact person; a value the record already has is kept, never overwritten (the row's
    value is reported)."""
    target = Organisation.objects.select_for_update().get(pk=row.duplicate_of_id)
    data = checked.data
    offered = checked.record.cleaned_data
    fills = [f for f in MERGEABLE_FIELDS if not _empty(data.get(f)) and _empty(getattr(target, f))]
    merged = model_to_dict(target, fields=[f for f in OrganisationForm.Meta.fields if f != "logo"])
    for name in ("themes", "countries", "languages", "sdgs"):
        merged[name] = [item.pk for item in merged.get(name, [])]
    merged.update({f: data[f] for f in fills})
    form = OrganisationForm(data=merged, instance=Organisation.objects.get(pk=target.pk))
    form.is_valid()
    row.filled = []
    for name in fills:
        if name in form.errors:
            row.warnings[name] = [str(m) for m in form.errors[name]]
        else:
            setattr(target, name, form.cleaned_data[name])
            row.filled.append(name)
    row.kept = {
        name: data[name]
        for name in [*MERGEABLE_FIELDS, "name", "kind", "short_description"]
        if name not in fills
        and not _empty(data.get(name))
        and str(offered.get(name, data[name])) != str(getattr(target, name))
    }
    if data.get("commune") and data["commune"] != target.commune_id:
        row.kept["commune"] = data["commune"]
    row.added = {}
    for name in MERGEABLE_RELATIONS:
        present = set(getattr(target, name).values_list("pk", flat=True))
        new = [item for item in offered.get(name, []) if item.pk not in present]
        if new:
            getattr(target, name).add(*new)
            row.added[name] = [item.pk for item in new]
    if row.filled:
        explain_change(target, reason=ChangeReason.IMPORTED, by=source.created_by)
        target.save()
    row.organisation = target
    row.contact = _contact_add(target, checked.contact)
    row.result = RowResult.MERGED


def _row_import(source: Import, row: ImportRow, context: Context) -> None:
    wanted = row.decision
    if wanted == RowDecision.SKIP:
        # As reviewed: an invalid row is rejected, with the reasons the review showed.
        row.result = RowResult.REJECTED if row.kind == RowKind.INVALID else RowResult.SKIPPED
        return
    # Checked again: the census may have changed since the review.
    checked = row_check(row, context)
    row.decision = wanted
    if wanted not in row.allowed_decisions or (
        wanted == RowDecision.CREATE and not checked.record.is_valid()
    ):
        # The census changed since the review (the same number registered meanwhile).
        row.result = RowResult.REJECTED
        if not row.errors:
            reason = row.duplicate_reason or _("the record changed")
            row.errors = {
                "name": [_("It can no longer be created: %(reason)s.") % {"reason": reason}]
            }
        return
    try:
        with transaction.atomic():
            if wanted == RowDecision.CREATE:
                _create(source, row, checked)
                context.census.add(row.organisation)
            else:
                _merge(source, row, checked)
    except IntegrityError:
        row.result, row.organisation, row.contact = RowResult.REJECTED, None, None
        row.errors = {"name": [_("Another record took its SIRET or RNA number meanwhile.")]}


RESULT_FIELDS = [
    *ROW_FIELDS,
    "result",
    "organisation",
    "contact",
    "filled",
    "added",
    "kept",
]


@task
def import_apply(import_id: int) -> dict:
    """Import the rows as decided, in the file's order, each in its own transaction (a row
    is created whole or not at all); then the report."""
    source = (
        Import.objects.select_related("territory", "created_by")
        .filter(pk=import_id, status=ImportStatus.APPLYING)
        .first()
    )
    if source is None:
        return {"status": "already handled"}
    context = Context.of(source.territory, default_kind=source.default_kind)
    rows = list(source.rows.order_by("line"))
    skipped: list[ImportRow] = []
    try:
        for done, row in enumerate(rows, start=1):
            row.source = source
            _row_import(source, row, context)
            if row.decision == RowDecision.SKIP:
                # Only their result changes: written together.
                skipped.append(row)
            else:
                row.save(update_fields=RESULT_FIELDS)
            if done % PROGRESS_STEP == 0:
                ImportRow.objects.bulk_update(skipped, ["result"], batch_size=500)
                skipped = []
                _progress(source, done)
        ImportRow.objects.bulk_update(skipped, ["result"], batch_size=500)
    except Exception as error:
        Import.objects.filter(pk=source.pk).update(
            status=ImportStatus.FAILED, finished_at=timezone.now(), error=str(error)[:2000]
        )
        raise
    Import.objects.filter(pk=source.pk).update(
        status=ImportStatus.DONE, finished_at=timezone.now(), progress_done=len(rows)
    )
    results = Counter(row.result for row in rows)
    logger.info("Import %s done: %s", source.pk, dict(results))
    return {"status": "done", **results}


# Report and undo --------------------------------------------------------------------------


def result_counts(source: Import) -> dict[str, int]:
    counts = dict(source.rows.values_list("result").annotate(count=Count("pk")).order_by())
    return {result: counts.get(result, 0) for result in RowResult.values}


def rejected_rows(source: Import) -> Iterator[list]:
    """The rejected and skipped-invalid rows as the file had them, with their line and the
    reasons, for the coordinator to correct and import again."""
    labels = {key: str(label) for key, label in FIELDS.items()}
    rows = source.rows.filter(result=RowResult.REJECTED).order_by("line")
    for row in rows.iterator(chunk_size=500):
        reasons = "; ".join(
            _("%(field)s: %(messages)s")
            % {"field": labels.get(name, name), "messages": " ".join(messages)}
            for name, messages in row.errors.items()
        )
        cells = list(row.cells) + [""] * (len(source.headers) - len(row.cells))
        yield [row.line, *cells, reasons]


def rejected_headers(source: Import) -> list[str]:
    return [_("Line"), *source.headers, _("Reasons")]


@dataclass(frozen=True)
class Edited:
    """A record of the import changed since, which stops the undo."""

    organisation: Organisation
    reason: str


def _imported_rows(source: Import):
    return source.rows.filter(
        result__in=[RowResult.CREATED, RowResult.MERGED], organisation__isnull=False
    )


def records_edited_since(source: Import, *, limit: int = 20) -> list[Edited]:
    """The records of the import changed since it ran (edited, validated, joined, given a
    project…), which the undo would lose: at most `limit`."""
    if source.finished_at is None:
        return []
    pks = list(_imported_rows(source).values_list("organisation", flat=True))
    edited = [
        Edited(organisation, _("edited since the import"))
        for organisation in Organisation.objects.filter(
            pk__in=pks, updated_at__gt=source.finished_at
        ).order_by("name")[:limit]
    ]
    created = list(
        Organisation.objects.filter(
            pk__in=_imported_rows(source).filter(result=RowResult.CREATED).values("organisation")
        )
    )
    if len(edited) < limit and created:
        skip = {item.organisation.pk for item in edited}
        edited += _hanging(created, limit=limit - len(edited), skip=skip)
    return edited


def _links_to_organisations(model) -> list[str]:
    return [
        field.attname
        for field in model._meta.concrete_fields
        if field.is_relation and field.related_model is Organisation
    ]


def _hanging(organisations: list[Organisation], *, limit: int, skip: set[int]) -> list[Edited]:
    """Created records that something else now points to (members, projects…): deleting
    them would delete or block that too. What Django's deletion would take is asked of its
    collector, in one pass for the whole import; what points to them through another record
    only (a funding line of their project) blocks every one of them, to be safe."""
    through = {field.remote_field.through for field in Organisation._meta.many_to_many}
    allowed = {Organisation, ContactPerson, *through}
    by_pk = {organisation.pk: organisation for organisation in organisations}
    blocked: set[int] = set()
    unplaced = False

    def point(model, rows) -> None:
        nonlocal unplaced
        names = _links_to_organisations(model)
        unplaced = unplaced or not names
        blocked.update(getattr(row, name) for row in rows for name in names)

    collector = Collector(using="default")
    try:
        collector.collect(organisations)
    except (ProtectedError, RestrictedError) as error:
        for row in error.args[1]:
            point(type(row), [row])
    else:
        for model, rows in collector.data.items():
            if model not in allowed:
                point(model, rows)
        for queryset in collector.fast_deletes:
            if queryset.model not in allowed and queryset.exists():
                point(queryset.model, queryset)
    if unplaced:
        blocked = set(by_pk)
    reason = _("other records depend on it")
    return [Edited(by_pk[pk], reason) for pk in sorted(blocked) if pk in by_pk and pk not in skip][
        :limit
    ]


class UndoRefused(Exception):
    def __init__(self, edited: list[Edited]):
        super().__init__("records edited since the import")
        self.edited = edited


@transaction.atomic
def import_undo(*, source: Import, by: User) -> dict[str, int]:
    """Undo the whole import: delete the records it created, empty again the fields it
    filled, remove the themes, countries and contact persons it added. Refused
    (UndoRefused) when any of its records was changed since."""
    source = Import.objects.select_for_update().get(pk=source.pk)
    if not source.may_be_undone:
        raise UndoRefused([])
    rows = list(_imported_rows(source).select_related("organisation", "contact"))
    # Locked, so that nobody edits them between the check and the undo.
    list(Organisation.objects.select_for_update().filter(pk__in=[r.organisation_id for r in rows]))
    edited = records_edited_since(source)
    if edited:
        raise UndoRefused(edited)
    created = [row.organisation_id for row in rows if row.result == RowResult.CREATED]
    deleted = (
        Organisation.objects.filter(pk__in=created).delete()[1].get(Organisation._meta.label, 0)
    )
    restored = 0
    for row in rows:
        if row.result != RowResult.MERGED:
            continue
        organisation = row.organisation
        for name in row.filled:
            field = Organisation._meta.get_field(name)
            setattr(organisation, name, None if field.null else "")
        for name, pks in row.added.items():
            getattr(organisation, name).remove(*pks)
        if row.contact_id:
            row.contact.delete()
        if row.filled:
            explain_change(organisation, reason=ChangeReason.IMPORT_UNDONE, by=by)
            organisation.save()
        restored += 1
    source.status = ImportStatus.UNDONE
    source.undone_at = timezone.now()
    source.save(update_fields=["status", "undone_at"])
    logger.info("Import %s undone by user %s", source.pk, by.pk)
    return {"deleted": deleted, "restored": restored}
