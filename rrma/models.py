from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ExportLog(models.Model):
    """Every export of the census: who, when, which filters, how many rows (site admins read it)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, verbose_name=_("user")
    )
    created_at = models.DateTimeField(_("exported at"), auto_now_add=True)
    file_format = models.CharField(_("format"), max_length=10)
    filters = models.JSONField(_("filters"), default=dict)
    row_count = models.PositiveIntegerField(_("rows"))

    class Meta:
        verbose_name = _("census export")
        verbose_name_plural = _("census exports")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.file_format} ({self.row_count})"


# Privacy page: prepared census exports are kept a week, then deleted.
PREPARED_EXPORT_RETENTION = timedelta(days=7)


class PreparedExportStatus(models.TextChoices):
    PENDING = "pending", _("being prepared")
    READY = "ready", _("ready")
    FAILED = "failed", _("failed")


class PreparedExport(models.Model):
    """A census export too large to send while the person waits, built by the background
    worker (rrma/exports.py) into private storage, never under MEDIA_ROOT.

    Business rules: only the person who asked downloads it (anyone else: 404); it holds what
    their census scope and filters matched when it was built; the file and its row are
    deleted `PREPARED_EXPORT_RETENTION` after the request (`prepared_exports_purge`); the row
    goes with the account, its file at the next purge."""

    Status = PreparedExportStatus

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="prepared_exports",
        verbose_name=_("user"),
    )
    created_at = models.DateTimeField(_("asked at"), auto_now_add=True)
    file_format = models.CharField(_("format"), max_length=10)
    # The census filters as asked (the log's form), and the language of its labels.
    filters = models.JSONField(_("filters"), default=dict)
    language = models.CharField(_("language"), max_length=10)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    row_count = models.PositiveIntegerField(_("rows"), null=True, blank=True)
    # Name of the file in the private storage (rrma.exports.private_storage).
    file_name = models.CharField(_("file"), max_length=100, blank=True)
    file_size = models.PositiveBigIntegerField(_("size (bytes)"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("prepared census export")
        verbose_name_plural = _("prepared census exports")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["user", "-created_at"], name="prepared_export_user_recent")]

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.file_format} ({self.get_status_display()})"

    @property
    def is_pending(self) -> bool:
        return self.status == PreparedExportStatus.PENDING

    @property
    def is_ready(self) -> bool:
        return self.status == PreparedExportStatus.READY

    @property
    def available_until(self):
        return self.created_at + PREPARED_EXPORT_RETENTION

    @property
    def download_name(self) -> str:
        """The name the file is saved under: the census export's, dated of the request."""
        return f"recensement-rrma-{timezone.localdate(self.created_at):%Y-%m-%d}.{self.file_format}"
