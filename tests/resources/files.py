"""Documents to upload, good and hostile, made on the fly (no binary fixture in the repo)."""

import zipfile
from io import BytesIO

from openpyxl import Workbook

from tests.calls.factories import MINIMAL_PDF

PDF = MINIMAL_PDF
_OOXML = "application/vnd.openxmlformats-officedocument"
# The main part of each kind of OOXML document: (folder, part, content type of the part).
_MAIN_PARTS = {
    "docx": ("word", "document.xml", f"{_OOXML}.wordprocessingml.document.main+xml"),
    "dotx": ("word", "document.xml", f"{_OOXML}.wordprocessingml.template.main+xml"),
    "pptx": ("ppt", "presentation.xml", f"{_OOXML}.presentationml.presentation.main+xml"),
    "docm": ("word", "document.xml", "application/vnd.ms-word.document.macroEnabled.main+xml"),
}


def _zip(entries: list[tuple[str, bytes]], *, stored_first: bool = False) -> bytes:
    output = BytesIO()
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as archive:
        for index, (name, data) in enumerate(entries):
            method = zipfile.ZIP_STORED if stored_first and index == 0 else zipfile.ZIP_DEFLATED
            archive.writestr(zipfile.ZipInfo(name), data, compress_type=method)
    return output.getvalue()


XLSX_MAIN = f"{_OOXML}.spreadsheetml.sheet.main+xml"


def ooxml(kind: str = "docx", *, main: str | None = None, extra=()) -> bytes:
    """A Word (or PowerPoint) document as Office writes it: its content types first (`main`:
    another content type for its main part), then its relationships and its main part."""
    folder, part, content_type = _MAIN_PARTS[kind]
    content_type = main or content_type
    content_types = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" '
        'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/{folder}/{part}" ContentType="{content_type}"/></Types>'
    ).encode()
    rels = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        f'relationships/officeDocument" Target="{folder}/{part}"/></Relationships>'
    ).encode()
    body = b'<?xml version="1.0"?><document><body>Guide du montage FCR</body></document>'
    entries = [("[Content_Types].xml", content_types), ("_rels/.rels", rels)]
    return _zip([*entries, (f"{folder}/{part}", body), *extra])


def xlsx() -> bytes:
    """A spreadsheet as openpyxl writes it."""
    workbook = Workbook()
    workbook.active.append(["Poste", "Montant (€)"])
    workbook.active.append(["Déplacements", 1200])
    output = BytesIO()
    workbook.save(output)
    return output.getvalue()


def odf(mimetype: str = "application/vnd.oasis.opendocument.text", *, extra=()) -> bytes:
    """An OpenDocument file as LibreOffice writes it: `mimetype` first, stored."""
    manifest = b'<?xml version="1.0"?><manifest:manifest/>'
    content = b'<?xml version="1.0"?><office:document-content/>'
    return _zip(
        [
            ("mimetype", mimetype.encode()),
            ("META-INF/manifest.xml", manifest),
            ("content.xml", content),
            *extra,
        ],
        stored_first=True,
    )


def plain_zip() -> bytes:
    return _zip([("notes.txt", b"Compte rendu"), ("photo.txt", b"...")])


HTML = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>\n"
# What a Windows program starts with (an MZ header), and a Linux one.
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 200
ELF = b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 200
# An Office 97–2003 document: the Compound File header.
LEGACY_DOC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600
GZIP = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03" + b"\x00" * 20
