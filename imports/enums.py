"""The controlled values of imports: no status, kind or decision is a bare string elsewhere."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ImportStatus(models.TextChoices):
    """An import's life: its columns mapped, its rows analysed in the background, the
    coordinator's decisions taken, then applied in the background; undone while possible."""

    MAPPING = "mapping", _("Columns to map")
    ANALYSING = "analysing", _("Rows being checked")
    PREVIEW = "preview", _("To review")
    APPLYING = "applying", _("Being imported")
    DONE = "done", _("Imported")
    FAILED = "failed", _("Stopped by an error")
    UNDONE = "undone", _("Undone")


class RowKind(models.TextChoices):
    """What the analysis found a row to be."""

    NEW = "new", _("New")
    DUPLICATE = "duplicate", _("Duplicate")
    INVALID = "invalid", _("Invalid")


class RowDecision(models.TextChoices):
    """What the coordinator chose for a row."""

    CREATE = "create", _("Create")
    MERGE = "merge", _("Merge into the existing record")
    SKIP = "skip", _("Skip")


class RowResult(models.TextChoices):
    """What became of a row once the import ran."""

    CREATED = "created", _("Created")
    MERGED = "merged", _("Merged")
    SKIPPED = "skipped", _("Skipped")
    REJECTED = "rejected", _("Rejected")
