"""Documents people upload to the resource library: PDF, office documents and pictures, each
recognised by its content, never by its name or declared type.

Business rules:

- accepted: PDF (`toolbox.documents.check_pdf`: it starts with `%PDF-` and ends with `%%EOF`);
  Word, Excel and PowerPoint documents and templates (.docx, .xlsx, .pptx, .dotx, .xltx,
  .potx), recognised as zips holding `[Content_Types].xml` that names their main part, and
  `_rels/.rels`; OpenDocument text, spreadsheets and presentations (.odt, .ods, .odp), zips
  whose first entry, `mimetype`, stored uncompressed, names their type, and holding
  `content.xml` and `META-INF/manifest.xml`; PNG, JPEG, GIF and WebP pictures that Pillow
  decodes (`toolbox.images.reencode_image`: pixel limit, no hidden script, no appended data);
- refused, each with its own message next to the field saying what to do: an empty file; one
  of more than MAX_DOCUMENT_BYTES (5 MB, within the 6 MB a request may weigh), before its
  content is read; SVG drawings (they hold scripts); office documents with macros
  (`vbaProject.bin`, a `macroEnabled` main part, OpenDocument `Basic/` or `Scripts/`); the
  Office 97–2003 formats (.doc, .xls, .ppt: their macros cannot be told apart); archives that
  are not office documents; a document whose parts contradict each other (`filetype` reading
  its first entries as one kind of office document, its content types as another); anything
  else (HTML, programs, text…), whatever its name says;
- pictures are stored re-encoded, as every picture of the portal (no metadata, nothing
  appended): JPEG stays JPEG, PNG, GIF and WebP become PNG, at most MAX_PICTURE_SIDE pixels a
  side;
- what the field gives is a `CheckedDocument`: the content to store, its `document_type`
  (MIME type, canonical extension) and the name `document.<extension>`, so that a model's
  upload_to stores it under a random name with the right extension (a PDF sent as
  `budget.docx` is kept as `….pdf`). Only raster pictures may be shown by a browser: every
  other file is served as a download (the views' business).
"""

import zipfile
from dataclasses import dataclass

import filetype
from django import forms
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.base import ContentFile
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from .documents import MAX_DOCUMENT_BYTES, DocumentRefused, check_pdf
from .images import MAX_PIXELS, ImageRefused, reencode_image

# Pictures are documents here (a map, an infographic): scaled down beyond this only.
MAX_PICTURE_SIDE = 4096
# What is read to recognise a file (filetype reads no more).
HEAD_BYTES = 8192
# The parts of an office document read to recognise it: small XML, or a few bytes.
MAX_CONTENT_TYPES_BYTES = 1024 * 1024
ZIP_SIGNATURE = b"PK\x03\x04"
# Compound File Binary, the container of the Office 97–2003 formats.
CFB_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


@dataclass(frozen=True)
class DocumentType:
    mime: str
    extension: str
    label: str | Promise


PDF = DocumentType("application/pdf", "pdf", "PDF")
_OOXML = "application/vnd.openxmlformats-officedocument"
DOCX = DocumentType(f"{_OOXML}.wordprocessingml.document", "docx", "Word")
DOTX = DocumentType(f"{_OOXML}.wordprocessingml.template", "dotx", _("Word template"))
XLSX = DocumentType(f"{_OOXML}.spreadsheetml.sheet", "xlsx", "Excel")
XLTX = DocumentType(f"{_OOXML}.spreadsheetml.template", "xltx", _("Excel template"))
PPTX = DocumentType(f"{_OOXML}.presentationml.presentation", "pptx", "PowerPoint")
POTX = DocumentType(f"{_OOXML}.presentationml.template", "potx", _("PowerPoint template"))
_ODF = "application/vnd.oasis.opendocument"
ODT = DocumentType(f"{_ODF}.text", "odt", _("OpenDocument text"))
ODS = DocumentType(f"{_ODF}.spreadsheet", "ods", _("OpenDocument spreadsheet"))
ODP = DocumentType(f"{_ODF}.presentation", "odp", _("OpenDocument presentation"))
PNG = DocumentType("image/png", "png", _("PNG picture"))
JPEG = DocumentType("image/jpeg", "jpg", _("JPEG picture"))

OFFICE_TYPES = (DOCX, DOTX, XLSX, XLTX, PPTX, POTX, ODT, ODS, ODP)
DOCUMENT_TYPES = {t.mime: t for t in (PDF, *OFFICE_TYPES, PNG, JPEG)}
# What browsers may show rather than download: the raster pictures the portal re-encoded.
RASTER_IMAGE_TYPES = frozenset({PNG.mime, JPEG.mime})
# The pictures accepted (then re-encoded), as filetype names them.
PICTURES = frozenset({"image/png", "image/jpeg", "image/gif", "image/webp"})
# Archives other than zips (those are read for an office document first), as filetype names
# them: refused with a message of their own.
ARCHIVES = frozenset(
    {
        "application/x-tar",
        "application/x-rar-compressed",
        "application/gzip",
        "application/x-bzip2",
        "application/x-7z-compressed",
        "application/x-xz",
        "application/zstd",
        "application/x-lzip",
        "application/x-lz4",
        "application/x-lzop",
        "application/x-compress",
        "application/x-brotli",
        "application/vnd.ms-cab-compressed",
    }
)
# The main part of an OOXML document, as its [Content_Types].xml declares it.
OOXML_MAIN_PARTS = {f"{t.mime}.main+xml".encode(): t for t in (DOCX, DOTX, XLSX, XLTX, PPTX, POTX)}
ODF_MIMETYPES = {t.mime.encode(): t for t in (ODT, ODS, ODP)}
# Names the file picker offers (a convenience: the content decides).
ACCEPT = ",".join(
    [f".{t.extension}" for t in (PDF, *OFFICE_TYPES)]
    + [".png", ".jpg", ".jpeg", ".gif", ".webp"]
    + sorted({t.mime for t in (PDF, *OFFICE_TYPES)} | PICTURES)
)


def type_label(mime: str) -> str:
    """How people name a stored document's type ("PDF", "Word"…); "" for an unknown one."""
    document_type = DOCUMENT_TYPES.get(mime)
    return str(document_type.label) if document_type else ""


class CheckedDocument(File):
    """An upload that passed `check_document`: the content to store, of `document_type`,
    named `document.<extension>` (the name it was sent with is never used)."""

    def __init__(self, file, document_type: DocumentType):
        super().__init__(file, name=f"document.{document_type.extension}")
        self.document_type = document_type
        self.content_type = document_type.mime


def check_document(file) -> CheckedDocument:
    """Check an uploaded file (a django File) against the rules of the module; the file is left
    at its start. Raises DocumentRefused: empty, too_big, not_accepted, svg, archive, macros,
    legacy_office, damaged, image_format, too_many_pixels, hidden_content,
    too_big_once_converted."""
    size = file.size
    if not size:
        raise DocumentRefused("empty")
    if size > MAX_DOCUMENT_BYTES:
        raise DocumentRefused("too_big")
    file.seek(0)
    head = file.read(HEAD_BYTES)
    file.seek(0)
    guessed = filetype.guess(head)
    mime = guessed.mime if guessed is not None else ""
    if head.startswith(ZIP_SIGNATURE):
        return CheckedDocument(file, _office_type(file, guessed))
    if mime == PDF.mime:
        try:
            check_pdf(file)
        except DocumentRefused:
            raise DocumentRefused("damaged") from None
        return CheckedDocument(file, PDF)
    if mime in PICTURES:
        return _reencoded(file)
    if head.startswith(CFB_SIGNATURE):
        raise DocumentRefused("legacy_office")
    if _looks_like_svg(head):
        raise DocumentRefused("svg")
    if mime.startswith("image/"):
        raise DocumentRefused("image_format")
    if mime in ARCHIVES:
        raise DocumentRefused("archive")
    raise DocumentRefused("not_accepted")


def _looks_like_svg(head: bytes) -> bool:
    start = head[:1024].lstrip().lower()
    return start.startswith((b"<svg", b"<!doctype svg")) or (
        start.startswith(b"<?xml") and b"<svg" in start
    )


def _office_type(file, guessed) -> DocumentType:
    """The office document a zip is, from its parts (see the module)."""
    try:
        with zipfile.ZipFile(file) as archive:
            found = _ooxml_type(archive) or _odf_type(archive)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, ValueError):
        raise DocumentRefused("damaged") from None
    except NotImplementedError:
        # An entry compressed by a method zipfile does not know: no office suite writes one.
        raise DocumentRefused("archive") from None
    finally:
        file.seek(0)
    if found is None:
        raise DocumentRefused("archive")
    # filetype reads the first entries' names: when it names an office type, it must be the
    # one the parts declare.
    named = DOCUMENT_TYPES.get(guessed.mime) if guessed is not None else None
    if named is not None and _family(named) != _family(found):
        raise DocumentRefused("damaged")
    return found


def _family(document_type: DocumentType) -> str:
    # "….wordprocessingml" for a Word document or template, "….opendocument" for any ODF.
    return document_type.mime.rsplit(".", 1)[0]


def _small_part(archive: zipfile.ZipFile, name: str, limit: int) -> bytes:
    info = archive.getinfo(name)
    if info.file_size > limit:
        raise DocumentRefused("damaged")
    with archive.open(info) as part:
        return part.read(limit + 1)


def _ooxml_type(archive: zipfile.ZipFile) -> DocumentType | None:
    names = set(archive.namelist())
    if "[Content_Types].xml" not in names:
        return None
    content_types = _small_part(archive, "[Content_Types].xml", MAX_CONTENT_TYPES_BYTES)
    if b"macroenabled" in content_types.lower() or any(
        name.lower().endswith("vbaproject.bin") for name in names
    ):
        raise DocumentRefused("macros")
    found = [t for part, t in OOXML_MAIN_PARTS.items() if part in content_types]
    if len(found) != 1 or "_rels/.rels" not in names:
        return None
    return found[0]


def _odf_type(archive: zipfile.ZipFile) -> DocumentType | None:
    entries = archive.infolist()
    if not entries or entries[0].filename != "mimetype":
        return None
    if entries[0].compress_type != zipfile.ZIP_STORED:
        raise DocumentRefused("damaged")
    declared = _small_part(archive, "mimetype", 100).strip()
    found = ODF_MIMETYPES.get(declared)
    if found is None:
        # Another OpenDocument (drawing, formula) or an EPUB: not a format the library takes.
        raise DocumentRefused("not_accepted")
    names = {entry.filename for entry in entries}
    if "content.xml" not in names or "META-INF/manifest.xml" not in names:
        raise DocumentRefused("damaged")
    if any(name.startswith(("Basic/", "Scripts/")) for name in names):
        raise DocumentRefused("macros")
    return found


IMAGE_REFUSALS = {"not_an_image": "damaged"}


def _reencoded(file) -> CheckedDocument:
    file.seek(0)
    data = file.read()
    file.seek(0)
    try:
        encoded, extension = reencode_image(data, max_side=MAX_PICTURE_SIDE)
    except ImageRefused as refusal:
        raise DocumentRefused(IMAGE_REFUSALS.get(refusal.code, refusal.code)) from None
    if len(encoded) > MAX_DOCUMENT_BYTES:
        raise DocumentRefused("too_big_once_converted")
    return CheckedDocument(ContentFile(encoded), JPEG if extension == "jpg" else PNG)


class DocumentField(forms.FileField):
    """A document upload, checked by its content (see the module): one message per refusal.
    Its cleaned value is a CheckedDocument."""

    default_error_messages = {
        "empty": _("This file is empty: choose the document again."),
        "too_big": _(
            "The file must weigh at most %(megabytes)s MB: reduce its size (export it again "
            "with compressed images) or give a link to it instead."
        ),
        "not_accepted": _(
            "This file is not a document the library accepts, whatever its name says: send a "
            "PDF, a Word, Excel or PowerPoint document (.docx, .xlsx, .pptx), an OpenDocument "
            "file (.odt, .ods, .odp), or a PNG, JPEG, GIF or WebP picture."
        ),
        "svg": _("SVG drawings are not accepted: export the drawing as PDF or as a PNG picture."),
        "archive": _(
            "Archives (.zip and the like) are not accepted: send each document on its own."
        ),
        "macros": _(
            "Documents with macros are not accepted: save the document without macros (.docx, "
            ".xlsx, .pptx) and send the new file."
        ),
        "legacy_office": _(
            "Files in the Office 97–2003 formats (.doc, .xls, .ppt) are not accepted: save the "
            "document in the current format (.docx, .xlsx, .pptx) or as PDF."
        ),
        "damaged": _(
            "This file is incomplete or damaged: open it, save or export it again, and send "
            "the new file."
        ),
        "image_format": _(
            "Only PNG, JPEG, GIF and WebP pictures are accepted: export the picture in one of "
            "these formats."
        ),
        "too_many_pixels": _(
            "This picture has too many pixels (at most %(megapixels)s million): reduce its size "
            "and send it again."
        ),
        "hidden_content": _(
            "This picture holds something besides the picture (a script, or data appended to "
            "it): open it in an image editor, export it again and send the new file."
        ),
        "too_big_once_converted": _(
            "Once cleaned of its metadata, this picture weighs more than %(megabytes)s MB: "
            "send it as a JPEG, or reduce its size."
        ),
    }

    def __init__(self, **kwargs):
        # An empty file gets this field's own message, from to_python.
        super().__init__(allow_empty_file=True, **kwargs)

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        if isinstance(widget, forms.FileInput):
            attrs["accept"] = ACCEPT
        return attrs

    def to_python(self, data):
        upload = super().to_python(data)
        if upload is None:
            return None
        try:
            return check_document(upload)
        except DocumentRefused as refusal:
            raise ValidationError(
                self.error_messages[refusal.code],
                code=refusal.code,
                params={
                    "megabytes": MAX_DOCUMENT_BYTES // (1024 * 1024),
                    "megapixels": round(MAX_PIXELS / 1_000_000),
                },
            ) from None
