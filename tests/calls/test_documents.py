"""The documents of a call: PDFs recognised by their content, kept in private storage under a
random name, listed on the edit page, deleted with their file; only the call's coordinators
add or delete them."""

import os
import re
from pathlib import Path

import lxml.html
import pytest
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from calls.forms import CallDocumentForm
from calls.models import Call, CallDocument
from calls.services.calls import document_add
from tests.calls.factories import MINIMAL_PDF, CallDocumentFactory, CallFactory
from tests.calls.test_call_forms import error_next_to
from tests.members import image_files
from toolbox.documents import (
    MAX_DOCUMENT_BYTES,
    DocumentRefused,
    PdfField,
    check_pdf,
    private_storage,
)

pytestmark = pytest.mark.django_db

MB = 1024 * 1024


@pytest.fixture(autouse=True)
def storage(settings, tmp_path):
    """Each test its own folders: the public one (MEDIA_ROOT) and the private one."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_FILES_ROOT = tmp_path / "private"
    return settings


def pdf_of(size: int) -> bytes:
    """A file that passes for a PDF by its content, `size` bytes long."""
    return MINIMAL_PDF[:-7] + b"0" * (size - len(MINIMAL_PDF)) + MINIMAL_PDF[-7:]


def upload(content: bytes, name: str = "reglement.pdf", content_type: str = "application/pdf"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def add_url(call):
    return reverse("calls:document_add", args=[call.slug])


def delete_url(document):
    return reverse("calls:document_delete", args=[document.call.slug, document.pk])


def post_document(client, call, file, title="Règlement de l'appel"):
    return client.post(add_url(call), {"document-title": title, "document-file": file})


# The checks, by content -------------------------------------------------------------------

REFUSED = {
    "a PNG renamed .pdf": (image_files.png(), "not_a_pdf"),
    "a 6 MB file": (pdf_of(6 * MB), "too_big"),
    "an empty file": (b"", "empty"),
    "a PDF cut before its end": (MINIMAL_PDF[:-20], "not_a_pdf"),
    "text starting like a PDF elsewhere": (b"Hello\n" + MINIMAL_PDF, "not_a_pdf"),
}


@pytest.mark.parametrize(("content", "code"), REFUSED.values(), ids=REFUSED.keys())
def test_the_pdf_field_refuses_what_is_not_a_pdf_it_keeps(content, code):
    field = PdfField()

    with pytest.raises(ValidationError) as refused:
        field.clean(upload(content))

    assert refused.value.code == code
    assert refused.value.messages == [str(field.error_messages[code]) % {"megabytes": 5}]


def test_the_pdf_field_accepts_a_pdf_up_to_5_mb_whatever_its_name():
    field = PdfField()

    for content, name in ((MINIMAL_PDF, "reglement.pdf"), (pdf_of(MAX_DOCUMENT_BYTES), "x.bin")):
        cleaned = field.clean(upload(content, name=name, content_type="text/plain"))
        assert cleaned.read() == content
    assert field.widget_attrs(field.widget)["accept"] == "application/pdf,.pdf"


def test_the_checks_leave_the_file_at_its_start_and_allow_line_ends_after_the_end_marker():
    file = upload(MINIMAL_PDF + b"\r\n\n")

    check_pdf(file)

    assert file.tell() == 0


def test_the_service_checks_the_content_too(guadeloupe, coordinator_gp):
    call = CallFactory()

    with pytest.raises(DocumentRefused):
        document_add(call=call, title="Logo", file=upload(image_files.png()), by=coordinator_gp)

    assert not CallDocument.objects.exists()


def test_the_document_form_needs_a_title_and_a_file():
    form = CallDocumentForm({}, {}, prefix="document")

    assert not form.is_valid()
    assert set(form.errors) == {"title", "file"}


# Through the edit page --------------------------------------------------------------------


def test_a_pdf_is_stored_outside_the_public_folder_under_a_random_name(
    client, coordinator_gp, storage
):
    call = CallFactory()
    client.force_login(coordinator_gp)

    response = post_document(client, call, upload(MINIMAL_PDF, name="../../règlement FCR.pdf"))

    assert response.status_code == 302
    assert response["Location"] == reverse("calls:call_edit", args=[call.slug]) + "#documents"
    document = CallDocument.objects.get()
    assert (document.call, document.title, document.size) == (
        call,
        "Règlement de l'appel",
        len(MINIMAL_PDF),
    )
    assert re.fullmatch(r"calls/[0-9a-f]{32}\.pdf", document.file.name)
    path = Path(document.file.path).resolve()
    assert path.is_relative_to(Path(storage.PRIVATE_FILES_ROOT).resolve())
    assert not path.is_relative_to(Path(storage.MEDIA_ROOT).resolve())
    assert path.read_bytes() == MINIMAL_PDF
    assert oct(os.stat(path).st_mode & 0o777) == "0o600"
    assert not Path(storage.MEDIA_ROOT).exists()
    assert document.history.get().history_user == coordinator_gp


UPLOAD_REFUSALS = {
    "a PNG renamed .pdf": (image_files.png(), "not_a_pdf"),
    "a file just over 5 MB": (pdf_of(MAX_DOCUMENT_BYTES + 1), "too_big"),
    "an empty file": (b"", "empty"),
}


@pytest.mark.parametrize(("content", "code"), UPLOAD_REFUSALS.values(), ids=UPLOAD_REFUSALS.keys())
def test_a_refused_upload_is_said_next_to_the_file_on_the_edit_page(
    client, coordinator_gp, storage, content, code
):
    call = CallFactory(title="Appel FCR")
    client.force_login(coordinator_gp)

    response = post_document(client, call, upload(content))

    assert response.status_code == 200
    form = response.context["document_form"]
    assert form.has_error("file", code)
    assert str(form.errors["file"][0]) in error_next_to(response, "document-file")
    # The call's own form is shown as saved, without errors.
    assert not response.context["form"].is_bound
    assert response.context["call"] == call
    assert not CallDocument.objects.exists()
    assert not any(Path(storage.PRIVATE_FILES_ROOT).rglob("*.pdf"))


def test_a_request_bigger_than_the_portal_takes_is_refused_before_it_is_read(
    client, coordinator_gp
):
    call = CallFactory()
    client.force_login(coordinator_gp)

    response = post_document(client, call, upload(pdf_of(6 * MB)))

    assert response.status_code == 400
    assert not CallDocument.objects.exists()


def test_the_edit_page_lists_the_documents_with_their_size_and_a_delete_button(
    client, coordinator_gp
):
    document = CallDocumentFactory(title="Formulaire de candidature")
    client.force_login(coordinator_gp)

    response = client.get(reverse("calls:call_edit", args=[document.call.slug]))

    page = lxml.html.fromstring(response.content)
    (row,) = page.xpath('//section[@id="documents"]//tbody/tr')
    assert "Formulaire de candidature" in row.text_content()
    assert "octets" in row.text_content()  # filesizeformat, in French
    (form,) = row.xpath(".//form")
    assert form.get("action") == delete_url(document)
    (upload_form,) = page.xpath('//form[@enctype="multipart/form-data"]')
    assert upload_form.get("action") == add_url(document.call)


def test_deleting_a_document_deletes_its_file(
    client, coordinator_gp, django_capture_on_commit_callbacks
):
    document = CallDocumentFactory()
    path = Path(document.file.path)
    assert path.exists()
    client.force_login(coordinator_gp)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(delete_url(document))

    assert response.status_code == 302
    assert not CallDocument.objects.exists()
    assert not path.exists()


def test_a_document_of_another_call_is_not_deleted_through_this_one(client, coordinator_gp):
    document = CallDocumentFactory()
    other = CallFactory()
    client.force_login(coordinator_gp)

    response = client.post(reverse("calls:document_delete", args=[other.slug, document.pk]))

    assert response.status_code == 404
    assert CallDocument.objects.filter(pk=document.pk).exists()


def test_the_other_territorys_coordinator_may_not_add_or_delete_documents(client, coordinator_mq):
    document = CallDocumentFactory()
    draft = CallFactory(status=Call.Status.DRAFT, published_at=None)
    client.force_login(coordinator_mq)

    assert post_document(client, document.call, upload(MINIMAL_PDF)).status_code == 403
    assert client.post(delete_url(document)).status_code == 403
    assert post_document(client, draft, upload(MINIMAL_PDF)).status_code == 404
    assert list(CallDocument.objects.all()) == [document]


@pytest.mark.parametrize("role", ["member", "state_user"])
def test_members_and_state_services_may_not_add_documents(client, request, role):
    call = CallFactory()
    client.force_login(request.getfixturevalue(role))

    assert post_document(client, call, upload(MINIMAL_PDF)).status_code == 403
    assert not CallDocument.objects.exists()


def test_adding_and_deleting_documents_needs_a_post(client, coordinator_gp):
    document = CallDocumentFactory()
    client.force_login(coordinator_gp)

    assert client.get(add_url(document.call)).status_code == 405
    assert client.get(delete_url(document)).status_code == 405
    assert CallDocument.objects.count() == 1


# The private storage ----------------------------------------------------------------------


def test_the_documents_storage_follows_the_settings_and_refuses_a_public_folder(storage):
    field_storage = CallDocument._meta.get_field("file").storage

    assert Path(field_storage.location) == Path(storage.PRIVATE_FILES_ROOT).absolute()
    assert Path(private_storage().location) == Path(storage.PRIVATE_FILES_ROOT).absolute()
    storage.PRIVATE_FILES_ROOT = Path(storage.MEDIA_ROOT) / "private"
    with pytest.raises(ImproperlyConfigured):
        private_storage()
    with pytest.raises(ImproperlyConfigured):
        field_storage.save("calls/x.pdf", upload(MINIMAL_PDF))
