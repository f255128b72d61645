"""Imports of a network's existing spreadsheet of organisations, row by row."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from members.models import ContactPerson, Organisation, Territory

from .enums import ImportStatus, RowDecision, RowKind, RowResult

# Rows of one file at most: beyond, the coordinator splits it (a network has hundreds).
MAX_ROWS = 10_000


class ImportQuerySet(models.QuerySet):
    def managed_by(self, user):
        """The imports the person follows and may undo (`can_import_organisations`): those of
        the territories they coordinate (every one, for a site admin)."""
        return self.filter(territory__in=Territory.objects.moderated_by(user))


class Import(models.Model):
    """One spreadsheet imported into one territory's census.

    Business rules: the file's cells are kept as rows (ImportRow), never the file itself; the
    records are created or merged by the background worker, active or pending as the
    coordinator chose; the whole import can be undone while none of its records has been
    edited since (`imports.services.import_undo`)."""

    Status = ImportStatus

    territory = models.ForeignKey(
        Territory, on_delete=models.PROTECT, related_name="imports", verbose_name=_("territory")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("imported by"),
    )
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    file_name = models.CharField(_("file"), max_length=255)
    headers = models.JSONField(_("column headers"), default=list)
    # The portal field of each column ("" for a column left out), in the columns' order.
    mapping = models.JSONField(_("mapping"), default=list)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.MAPPING
    )
    record_status = models.CharField(
        _("imported records are"),
        max_length=20,
        choices=[
            (Organisation.Status.ACTIVE, _("active: public at once")),
            (Organisation.Status.PENDING, _("pending: to validate one by one")),
        ],
        default=Organisation.Status.ACTIVE,
    )
    default_kind = models.CharField(
        _("kind when the file gives none"),
        max_length=30,
        choices=Organisation.Kind.choices,
        blank=True,
    )
    # Progress of the background work under way (analysis or import).
    progress_done = models.PositiveIntegerField(default=0)
    progress_total = models.PositiveIntegerField(default=0)
    started_at = models.DateTimeField(_("import started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("imported at"), null=True, blank=True)
    undone_at = models.DateTimeField(_("undone at"), null=True, blank=True)
    error = models.TextField(_("error"), blank=True)

    objects = ImportQuerySet.as_manager()

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["territory", "-created_at"], name="import_recent")]

    def __str__(self):
        return self.file_name

    @property
    def is_working(self) -> bool:
        """The worker has rows to go through: the page follows its progress."""
        return self.status in (ImportStatus.ANALYSING, ImportStatus.APPLYING)

    @property
    def is_analysing(self) -> bool:
        return self.status == ImportStatus.ANALYSING

    @property
    def may_be_undone(self) -> bool:
        """Imported, or stopped by an error while importing (what it imported stays)."""
        return self.status == ImportStatus.DONE or (
            self.status == ImportStatus.FAILED and self.started_at is not None
        )

    @property
    def progress_percent(self) -> int:
        if not self.progress_total:
            return 0
        return min(100, self.progress_done * 100 // self.progress_total)

    @property
    def mapped_fields(self) -> set[str]:
        return {field for field in self.mapping if field}


class ImportRow(models.Model):
    """One row of the file: its cells, what the analysis found, the coordinator's decision,
    and, once imported, what became of it (with what undoing needs)."""

    Kind = RowKind
    Decision = RowDecision
    Result = RowResult

    source = models.ForeignKey(Import, on_delete=models.CASCADE, related_name="rows")
    # Its line in the spreadsheet (the headers are line 1).
    line = models.PositiveIntegerField(_("line"))
    cells = models.JSONField(_("cells"), default=list)
    kind = models.CharField(_("found"), max_length=20, choices=Kind.choices, blank=True)
    # Per field key, the messages that make the row invalid.
    errors = models.JSONField(_("errors"), default=dict)
    # Per field key, what was left out without making the row invalid (an unknown country).
    warnings = models.JSONField(_("warnings"), default=dict)
    # The record the row duplicates, and why (same identifier, close name in the commune).
    duplicate_of = models.ForeignKey(
        Organisation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("duplicate of"),
    )
    duplicate_reason = models.CharField(_("why a duplicate"), max_length=200, blank=True)
    # The same SIRET or RNA number: the record cannot be created a second time.
    same_identifier = models.BooleanField(default=False)
    # An earlier row of the same file it repeats.
    duplicate_line = models.PositiveIntegerField(_("repeats line"), null=True, blank=True)
    # INSEE codes of the communes its postal code is shared by, when it names none of them;
    # and the one the coordinator chose.
    commune_choices = models.JSONField(_("communes to choose from"), default=list)
    chosen_commune = models.CharField(_("commune chosen"), max_length=5, blank=True)
    decision = models.CharField(
        _("decision"), max_length=10, choices=Decision.choices, default=Decision.SKIP
    )
    result = models.CharField(_("result"), max_length=10, choices=Result.choices, blank=True)
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("record"),
    )
    # A merge: the fields it filled, the themes and countries it added (what undo removes).
    filled = models.JSONField(_("fields filled"), default=list)
    added = models.JSONField(_("values added"), default=dict)
    # Values a merge kept because the record already had one: field -> the file's value.
    kept = models.JSONField(_("values kept"), default=dict)
    contact = models.ForeignKey(
        ContactPerson, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("imported row")
        verbose_name_plural = _("imported rows")
        ordering = ["source", "line"]
        constraints = [
            models.UniqueConstraint(fields=["source", "line"], name="import_row_line_unique")
        ]
        indexes = [models.Index(fields=["source", "kind", "line"], name="import_row_kind")]

    def __str__(self):
        return f"{self.source} #{self.line}"

    def value(self, field: str) -> str:
        """The row's text for a portal field, by the import's mapping ("" when unmapped)."""
        mapping = self.source.mapping
        parts = [
            str(self.cells[index]).strip()
            for index, key in enumerate(mapping)
            if key == field and index < len(self.cells) and self.cells[index] not in (None, "")
        ]
        return " ".join(parts)

    def values(self) -> dict[str, str]:
        return {field: self.value(field) for field in self.source.mapped_fields}

    @property
    def needs_commune(self) -> bool:
        return bool(self.commune_choices) and not self.chosen_commune

    @property
    def allowed_decisions(self) -> list[str]:
        """Invalid rows are skipped; a record found again may be merged into; a row that
        repeats an earlier line of the file, or a record with a close name, may still be
        created; a record with the same SIRET or RNA cannot be created twice."""
        if self.kind == RowKind.INVALID:
            return [RowDecision.SKIP]
        if self.kind == RowKind.NEW:
            return [RowDecision.CREATE, RowDecision.SKIP]
        choices = []
        if self.duplicate_of_id:
            choices.append(RowDecision.MERGE)
        if not self.same_identifier:
            choices.append(RowDecision.CREATE)
        return [*choices, RowDecision.SKIP]


class SavedMapping(models.Model):
    """A mapping of headers to fields a territory's coordinators saved for their next import."""

    territory = models.ForeignKey(
        Territory, on_delete=models.CASCADE, related_name="+", verbose_name=_("territory")
    )
    name = models.CharField(_("name"), max_length=100)
    # Normalised header -> field key.
    fields = models.JSONField(_("fields"), default=dict)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("saved mapping")
        verbose_name_plural = _("saved mappings")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["territory", "name"], name="saved_mapping_name_unique")
        ]

    def __str__(self):
        return self.name
