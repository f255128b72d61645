"""Documents people upload (today the PDFs attached to funding calls), and the private storage
they are kept in with the prepared exports.

Business rules:

- accepted: PDF files only, recognised by their content, never by their name or declared type:
  the file starts with `%PDF-` and ends with `%%EOF` (within its last 1,024 bytes, where PDF
  writers put it, followed at most by line ends or padding);
- refused: an empty file, and a file of more than MAX_DOCUMENT_BYTES (5 MB), before its
  content is read; each refusal says why, next to the field, and what to do;
- kept in private storage (`settings.PRIVATE_FILES_ROOT`), which no web server serves: a
  document is read through the portal's views only, which check who may read it (a draft
  call's documents stay its coordinators'); under a random name, never the one sent (the
  model's upload_to).
"""

import os
from pathlib import Path

from django import forms
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.core.files.storage import FileSystemStorage
from django.utils.translation import gettext_lazy as _

MAX_DOCUMENT_BYTES = 5 * 1024 * 1024
PDF_HEADER = b"%PDF-"
PDF_TRAILER = b"%%EOF"
# Where a PDF's end-of-file marker is looked for, counted from the end of the file.
TRAILER_WINDOW = 1024


def private_location() -> Path:
    """`settings.PRIVATE_FILES_ROOT` (`private/` beside manage.py by default), refused when it
    lies in a public folder (MEDIA_ROOT or STATIC_ROOT, which the web server serves)."""
    location = Path(getattr(settings, "PRIVATE_FILES_ROOT", settings.BASE_DIR / "private"))
    for public in filter(None, (settings.MEDIA_ROOT, settings.STATIC_ROOT)):
        if location.resolve().is_relative_to(Path(public).resolve()):
            raise ImproperlyConfigured("PRIVATE_FILES_ROOT must not lie in a public folder.")
    return location


class PrivateStorage(FileSystemStorage):
    """Files readable by their owner only (0600, folders 0700), under PRIVATE_FILES_ROOT.

    The folder is read from the settings at each use, not when the storage is made: a model
    field makes its storage once, when the models load, and the folder must still follow the
    settings afterwards (tests give each run its own)."""

    def __init__(self):
        # Refused at once, as before any file is written: a misconfiguration shows at start.
        private_location()
        super().__init__(
            base_url=None, file_permissions_mode=0o600, directory_permissions_mode=0o700
        )

    @property
    def base_location(self):
        return private_location()

    @property
    def location(self):
        return os.path.abspath(private_location())


def private_storage() -> FileSystemStorage:
    """Where prepared exports and call documents are kept (see PrivateStorage); files are read
    through the portal's download views only. Never inside MEDIA_ROOT or STATIC_ROOT."""
    return PrivateStorage()


class DocumentRefused(Exception):
    """Why an upload is not a document the portal keeps; `code` names the reason."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


def check_pdf(file) -> None:
    """Check an uploaded file (a django File) against the rules of the module; the file is left
    at its start. Raises DocumentRefused: empty, too_big, not_a_pdf."""
    size = file.size
    if not size:
        raise DocumentRefused("empty")
    if size > MAX_DOCUMENT_BYTES:
        raise DocumentRefused("too_big")
    file.seek(0)
    head = file.read(len(PDF_HEADER))
    file.seek(max(size - TRAILER_WINDOW, 0))
    tail = file.read(TRAILER_WINDOW)
    file.seek(0)
    if head != PDF_HEADER or PDF_TRAILER not in tail:
        raise DocumentRefused("not_a_pdf")


class PdfField(forms.FileField):
    """A PDF upload, checked by its content (see the module): one message per refusal."""

    default_error_messages = {
        "empty": _("This file is empty: choose the PDF document again."),
        "too_big": _(
            "The document must weigh at most %(megabytes)s MB: reduce its size (export it "
            "again with compressed images) or send a link to it instead."
        ),
        "not_a_pdf": _(
            "This file is not a PDF document, whatever its name says: save or export it as "
            "PDF and send the new file."
        ),
    }

    def __init__(self, **kwargs):
        # An empty file gets this field's own message, from to_python.
        super().__init__(allow_empty_file=True, **kwargs)

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        if isinstance(widget, forms.FileInput):
            attrs["accept"] = "application/pdf,.pdf"
        return attrs

    def to_python(self, data):
        upload = super().to_python(data)
        if upload is None:
            return None
        try:
            check_pdf(upload)
        except DocumentRefused as refusal:
            raise ValidationError(
                self.error_messages[refusal.code],
                code=refusal.code,
                params={"megabytes": MAX_DOCUMENT_BYTES // (1024 * 1024)},
            ) from None
        return upload
