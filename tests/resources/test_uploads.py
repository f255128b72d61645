"""Documents recognised by their content (toolbox/uploads.py): what a name or a declared type
says never counts; each refusal has its own message, next to the field."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from PIL import Image

from tests.members import image_files
from tests.resources import files
from toolbox.documents import MAX_DOCUMENT_BYTES, DocumentRefused
from toolbox.uploads import (
    DOCUMENT_TYPES,
    MAX_PICTURE_SIDE,
    CheckedDocument,
    DocumentField,
    check_document,
    type_label,
)

MB = 1024 * 1024


def upload(content: bytes, name: str = "document.pdf", content_type="application/pdf"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def pdf_of(size: int) -> bytes:
    """A file that passes for a PDF by its content, `size` bytes long."""
    return files.PDF[:-7] + b"0" * (size - len(files.PDF)) + files.PDF[-7:]


ODS = "application/vnd.oasis.opendocument.spreadsheet"
ODP = "application/vnd.oasis.opendocument.presentation"
ACCEPTED = {
    "a PDF": (files.PDF, "pdf"),
    "a Word document": (files.ooxml("docx"), "docx"),
    "a Word template": (files.ooxml("dotx"), "dotx"),
    "a PowerPoint presentation": (files.ooxml("pptx"), "pptx"),
    "an Excel spreadsheet written by openpyxl": (files.xlsx(), "xlsx"),
    "an OpenDocument text": (files.odf(), "odt"),
    "an OpenDocument spreadsheet": (files.odf(ODS), "ods"),
    "an OpenDocument presentation": (files.odf(ODP), "odp"),
    "a PNG picture": (image_files.png(), "png"),
    "a JPEG photograph": (image_files.jpeg_with_gps(), "jpg"),
    "a GIF picture, stored as PNG": (image_files.gif(), "png"),
}


@pytest.mark.parametrize(("content", "extension"), ACCEPTED.values(), ids=ACCEPTED.keys())
def test_each_accepted_format_is_recognised_whatever_its_name_and_declared_type(content, extension):
    checked = DocumentField().clean(upload(content, name="sans-nom.bin", content_type="text/html"))

    assert isinstance(checked, CheckedDocument)
    assert checked.document_type.extension == extension
    assert checked.content_type == checked.document_type.mime
    assert checked.name == f"document.{extension}"
    assert DOCUMENT_TYPES[checked.content_type] == checked.document_type


def test_a_pdf_renamed_docx_is_accepted_as_the_pdf_it_is():
    checked = DocumentField().clean(
        upload(
            files.PDF,
            name="budget.docx",
            content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        )
    )

    assert (checked.content_type, checked.name) == ("application/pdf", "document.pdf")
    assert checked.read() == files.PDF
    assert type_label(checked.content_type) == "PDF"


def test_pictures_are_stored_re_encoded_without_their_metadata():
    checked = check_document(upload(image_files.jpeg_with_gps(), name="photo.jpg"))

    picture = Image.open(checked)
    assert picture.format == "JPEG"
    assert not picture.getexif()
    checked.seek(0)
    assert checked.size == len(checked.read())


def test_a_large_picture_is_scaled_down_to_the_largest_side_kept(settings):
    big = image_files.png(size=(MAX_PICTURE_SIDE + 400, 300))

    checked = check_document(upload(big, name="carte.png"))

    assert Image.open(checked).size[0] == MAX_PICTURE_SIDE


REFUSED = {
    "an HTML page named .pdf": (files.HTML, "rapport.pdf", "not_accepted"),
    "an SVG drawing named .png": (image_files.SVG, "logo.png", "svg"),
    "an SVG drawing named .svg": (image_files.SVG, "logo.svg", "svg"),
    "a Windows program named .pdf": (files.EXE, "guide.pdf", "not_accepted"),
    "a Linux program named .docx": (files.ELF, "guide.docx", "not_accepted"),
    "a zip of other files named .docx": (files.plain_zip(), "guide.docx", "archive"),
    "a gzip archive named .xlsx": (files.GZIP, "budget.xlsx", "archive"),
    "an OpenDocument drawing": (
        files.odf("application/vnd.oasis.opendocument.graphics"),
        "carte.odt",
        "not_accepted",
    ),
    "a Word document with macros": (files.ooxml("docm"), "guide.docx", "macros"),
    "a Word document holding a VBA project": (
        files.ooxml("docx", extra=[("word/vbaProject.bin", b"\x00" * 10)]),
        "guide.docx",
        "macros",
    ),
    "an OpenDocument text with Basic macros": (
        files.odf(extra=[("Basic/Standard/Module1.xml", b"<script/>")]),
        "guide.odt",
        "macros",
    ),
    "an Office 97–2003 document": (files.LEGACY_DOC, "guide.doc", "legacy_office"),
    "a PDF cut before its end": (files.PDF[:-20], "guide.pdf", "damaged"),
    "a truncated PNG": (image_files.truncated_png(), "carte.png", "damaged"),
    "a GIF that is also a script": (image_files.gif_js_polyglot(), "carte.gif", "hidden_content"),
    "a PNG hiding a script": (
        image_files.png_with_script_in_text_chunk(),
        "a.png",
        "hidden_content",
    ),
    "a picture of 100 million pixels": (image_files.png_bomb(), "carte.png", "too_many_pixels"),
    "a BMP picture": (b"BM" + b"\x00" * 60, "carte.bmp", "image_format"),
    "plain text named .pdf": (image_files.TEXT, "notes.pdf", "not_accepted"),
    "an empty file": (b"", "guide.pdf", "empty"),
    "a file just over 5 MB": (pdf_of(MAX_DOCUMENT_BYTES + 1), "guide.pdf", "too_big"),
}


@pytest.mark.parametrize(("content", "name", "code"), REFUSED.values(), ids=REFUSED.keys())
def test_what_is_not_a_document_the_library_keeps_is_refused_with_its_own_message(
    content, name, code
):
    field = DocumentField()

    with pytest.raises(ValidationError) as refused:
        field.clean(upload(content, name=name))

    assert refused.value.code == code
    expected = str(field.error_messages[code]) % {"megabytes": 5, "megapixels": 17}
    assert refused.value.messages == [expected]


def test_a_pdf_of_5_mb_exactly_is_accepted():
    checked = check_document(upload(pdf_of(MAX_DOCUMENT_BYTES)))

    assert checked.size == MAX_DOCUMENT_BYTES


def test_a_zip_whose_parts_contradict_what_its_first_entries_say_is_refused():
    # Its first entries are a Word document's; its content types declare a spreadsheet.
    content = files.ooxml("docx", main=files.XLSX_MAIN)

    with pytest.raises(DocumentRefused) as refused:
        check_document(upload(content, name="x.docx"))

    assert refused.value.code == "damaged"


def test_the_check_leaves_the_file_at_its_start():
    for content in (files.PDF, files.ooxml(), files.odf()):
        file = upload(content)
        file.read(10)

        check_document(file)

        assert file.tell() == 0


# The French text puts a no-break space before its colon.
SVG_REFUSED = {
    "fr": "Les dessins SVG ne sont pas acceptés\xa0: exportez le dessin en PDF ou en image PNG.",
    "en": "SVG drawings are not accepted: export the drawing as PDF or as a PNG picture.",
}


@pytest.mark.parametrize("language", SVG_REFUSED)
def test_the_messages_are_translated_and_the_file_picker_offers_the_formats(language):
    field = DocumentField()

    with translation.override(language):
        with pytest.raises(ValidationError) as refused:
            field.clean(upload(image_files.SVG, name="logo.svg"))
        # Read in that language: the message is translated when it is shown.
        messages = refused.value.messages

    assert messages == [SVG_REFUSED[language]]
    # None of the other language's own words.
    (other,) = set(SVG_REFUSED) - {language}
    words = set(SVG_REFUSED[other].split()) - set(SVG_REFUSED[language].split())
    assert words
    assert not words & set(messages[0].split())
    accept = field.widget_attrs(field.widget)["accept"]
    assert {".pdf", ".docx", ".xlsx", ".odt", ".png", "application/pdf"} <= set(accept.split(","))
    assert ".svg" not in accept


def test_a_type_unknown_to_the_library_has_no_label():
    assert type_label("text/html") == ""
    assert type_label("application/pdf") == "PDF"
    assert all(type_label(mime) for mime in DOCUMENT_TYPES)
