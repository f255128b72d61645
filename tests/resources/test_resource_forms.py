"""The coordinators' pages to add, edit and delete resources: a file checked by content and
kept in private storage under a random name with the extension its content gave, or a link,
never both nor neither; a territory the person publishes for, or both networks; a working group
of that territory; each refusal next to its field."""

import os
import re
from pathlib import Path

import lxml.html
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils.translation import gettext as _

from members.models import WorkingGroup
from resources.filters import ResourceFilter
from resources.forms import ResourceForm
from resources.models import Resource
from tests.calls.test_call_forms import error_next_to
from tests.members import image_files
from tests.resources import files
from tests.resources.factories import ResourceFactory, link
from toolbox.filters import FilterSet
from toolbox.forms import SafeInputMixin

pytestmark = pytest.mark.django_db

CREATE = reverse("resources:resource_create")
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def edit_url(resource) -> str:
    return reverse("resources:resource_edit", args=[resource.slug])


def upload(content: bytes, name: str = "guide.pdf", content_type: str = "application/pdf"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def new_resource(territories, **values) -> dict:
    """What a coordinator of Guadeloupe types for a resource: nothing optional."""
    data = {
        "title": "Guide du montage d'un dossier FCR",
        "description": "",
        "kind": "guide",
        "language": "fr",
        "url": "",
        "audience": "public",
        "status": "published",
        "territory": str(territories["guadeloupe"].pk),
        "working_group": "",
    }
    return data | values


def stored_files(settings) -> list[Path]:
    return [p for p in Path(settings.PRIVATE_FILES_ROOT).rglob("*") if p.is_file()]


def test_the_form_and_the_filters_refuse_hostile_input(client, territories, coordinator_gp):
    assert issubclass(ResourceForm, SafeInputMixin)
    assert issubclass(ResourceFilter, FilterSet)
    client.force_login(coordinator_gp)

    response = client.post(
        CREATE,
        new_resource(territories, title="Guide\x00", description="Bip\x07")
        | {"file": upload(files.PDF)},
    )

    assert response.status_code == 200
    form = response.context["form"]
    assert form.has_error("title", "unstorable_characters")
    assert form.has_error("description", "unstorable_characters")
    assert not Resource.objects.exists()
    filters = ResourceFilter({"q": "guide\x00", "kind": "guide"}, queryset=Resource.objects.all())
    assert not filters.form.is_valid()
    assert filters.form.has_error("q", "unstorable_characters")


def test_a_coordinator_adds_a_pdf_stored_privately_under_a_random_name(
    client, territories, coordinator_gp, storage, django_capture_on_commit_callbacks
):
    client.force_login(coordinator_gp)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            CREATE,
            new_resource(territories) | {"file": upload(files.PDF, name="../../Guide FCR.pdf")},
        )

    resource = Resource.objects.get()
    assert response.status_code == 302
    assert response["Location"] == resource.get_absolute_url()
    assert (resource.title, resource.slug, resource.added_by) == (
        "Guide du montage d'un dossier FCR",
        "guide-du-montage-dun-dossier-fcr",
        coordinator_gp,
    )
    assert (resource.file_type, resource.file_size, resource.url) == (
        "application/pdf",
        len(files.PDF),
        "",
    )
    assert re.fullmatch(r"resources/[\w-]{22}\.pdf", resource.file.name)
    path = Path(resource.file.path).resolve()
    assert path.is_relative_to(Path(storage.PRIVATE_FILES_ROOT).resolve())
    assert path.read_bytes() == files.PDF
    assert oct(os.stat(path).st_mode & 0o777) == "0o600"
    assert not Path(storage.MEDIA_ROOT).exists()
    (entry,) = resource.history.all()
    assert (entry.history_type, entry.history_user) == ("+", coordinator_gp)
    assert _("The resource has been added to the library.") in [
        str(m) for m in response.wsgi_request._messages
    ]


def test_a_pdf_renamed_docx_is_kept_as_the_pdf_it_is(client, territories, coordinator_gp):
    client.force_login(coordinator_gp)

    client.post(
        CREATE,
        new_resource(territories)
        | {"file": upload(files.PDF, name="budget.docx", content_type=DOCX)},
    )

    resource = Resource.objects.get()
    assert resource.file.name.endswith(".pdf")
    assert (resource.file_type, resource.extension, resource.file_label) == (
        "application/pdf",
        "pdf",
        "PDF",
    )


def test_an_office_document_keeps_its_own_type(client, territories, coordinator_gp):
    client.force_login(coordinator_gp)

    client.post(
        CREATE, new_resource(territories) | {"file": upload(files.xlsx(), name="budget.xlsx")}
    )

    resource = Resource.objects.get()
    assert resource.extension == "xlsx"
    assert resource.file_type.endswith("spreadsheetml.sheet")


REFUSED = {
    "an HTML page named .pdf": (files.HTML, "guide.pdf", "not_accepted"),
    "an SVG drawing": (image_files.SVG, "carte.svg", "svg"),
    "a program": (files.EXE, "guide.pdf", "not_accepted"),
    "a zip of other files": (files.plain_zip(), "guide.docx", "archive"),
    "an empty file": (b"", "guide.pdf", "empty"),
}


@pytest.mark.parametrize(("content", "name", "code"), REFUSED.values(), ids=REFUSED.keys())
def test_a_refused_upload_is_said_next_to_the_file_and_nothing_is_stored(
    client, territories, coordinator_gp, storage, content, name, code
):
    client.force_login(coordinator_gp)

    response = client.post(CREATE, new_resource(territories) | {"file": upload(content, name)})

    assert response.status_code == 200
    form = response.context["form"]
    assert form.has_error("file", code)
    assert str(form.errors["file"][0]) in error_next_to(response, "file")
    assert not Resource.objects.exists()
    assert not stored_files(storage)


def test_a_request_bigger_than_the_portal_takes_is_refused_before_it_is_read(
    client, territories, coordinator_gp
):
    client.force_login(coordinator_gp)
    big = files.PDF[:-7] + b"0" * (6 * 1024 * 1024) + files.PDF[-7:]

    response = client.post(CREATE, new_resource(territories) | {"file": upload(big)})

    assert response.status_code == 400
    assert not Resource.objects.exists()


def test_a_link_needs_no_file(client, territories, coordinator_gp):
    client.force_login(coordinator_gp)

    response = client.post(
        CREATE,
        new_resource(territories, kind="video", url="https://videos.example.org/replay-fcr"),
    )

    assert response.status_code == 302
    resource = Resource.objects.get()
    assert (resource.url, resource.file.name, resource.file_type, resource.file_size) == (
        "https://videos.example.org/replay-fcr",
        "",
        "",
        None,
    )


def test_a_resource_needs_a_file_or_a_link_and_not_both(client, territories, coordinator_gp):
    client.force_login(coordinator_gp)

    neither = client.post(CREATE, new_resource(territories))
    both = client.post(
        CREATE,
        new_resource(territories, url="https://example.org/guide") | {"file": upload(files.PDF)},
    )

    assert neither.context["form"].has_error("file", "no_file_nor_link")
    assert _("Choose the resource's file, or give a link to it below.") in error_next_to(
        neither, "file"
    )
    assert both.context["form"].has_error("url", "file_and_link")
    assert str(both.context["form"].errors["url"][0]) in error_next_to(both, "url")
    assert not Resource.objects.exists()


def test_the_territory_is_one_the_person_publishes_for_or_both_networks(
    client, territories, coordinator_gp
):
    client.force_login(coordinator_gp)

    page = client.get(CREATE)
    offered = lxml.html.fromstring(page.content).xpath('//select[@name="territory"]/option')
    assert [(o.get("value"), o.text) for o in offered] == [
        ("", _("Both networks")),
        (str(territories["guadeloupe"].pk), "Guadeloupe"),
    ]
    # Ticked in advance: the only territory the person publishes for.
    assert offered[1].get("selected") is not None

    refused = client.post(
        CREATE,
        new_resource(territories, territory=str(territories["martinique"].pk))
        | {"file": upload(files.PDF)},
    )
    assert refused.context["form"].has_error("territory", "invalid_choice")

    both = client.post(
        CREATE, new_resource(territories, territory="") | {"file": upload(files.PDF)}
    )
    assert both.status_code == 302
    assert Resource.objects.get().territory is None


def test_the_working_group_is_one_of_the_resource_s_network(client, territories, coordinator_gp):
    health = WorkingGroup.objects.create(territory=territories["guadeloupe"], name="Santé Caraïbe")
    other = WorkingGroup.objects.create(territory=territories["martinique"], name="Jeunesse")
    client.force_login(coordinator_gp)

    page = client.get(CREATE)
    offered = lxml.html.fromstring(page.content).xpath('//select[@name="working_group"]/option')
    assert [o.text for o in offered] == [_("None"), "Santé Caraïbe"]

    of_both = client.post(
        CREATE,
        new_resource(territories, territory="", working_group=str(health.pk))
        | {"file": upload(files.PDF)},
    )
    assert of_both.context["form"].has_error("working_group", "group_of_another_network")
    assert "Santé Caraïbe" in error_next_to(of_both, "working_group")
    elsewhere = client.post(
        CREATE, new_resource(territories, working_group=str(other.pk)) | {"file": upload(files.PDF)}
    )
    assert elsewhere.context["form"].has_error("working_group", "invalid_choice")

    response = client.post(
        CREATE,
        new_resource(territories, working_group=str(health.pk)) | {"file": upload(files.PDF)},
    )
    assert response.status_code == 302
    assert list(health.resources.all()) == [Resource.objects.get()]


def test_editing_replaces_the_file_and_deletes_the_old_one_after_the_commit(
    client, territories, coordinator_gp, storage, django_capture_on_commit_callbacks
):
    resource = ResourceFactory(title="Modèle de budget")
    old = Path(resource.file.path)
    client.force_login(coordinator_gp)

    page = client.get(edit_url(resource))
    html = lxml.html.fromstring(page.content)
    (current,) = html.xpath('//div[contains(@class, "field")][.//input[@name="file"]]//a')
    assert current.get("href") == reverse("resources:download", args=[resource.slug])
    assert current.text.replace("\xa0", " ") == "PDF, 193 octets"

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            edit_url(resource),
            new_resource(territories, title="Modèle de budget")
            | {"file": upload(files.xlsx(), "budget.xlsx")},
        )

    assert response.status_code == 302
    resource.refresh_from_db()
    assert resource.extension == "xlsx"
    assert Path(resource.file.path).exists()
    assert not old.exists()
    assert stored_files(storage) == [Path(resource.file.path)]
    assert resource.history.count() == 2


def test_editing_without_a_new_file_keeps_the_file(
    client, territories, coordinator_gp, storage, django_capture_on_commit_callbacks
):
    resource = ResourceFactory(title="Guide")
    name = resource.file.name
    client.force_login(coordinator_gp)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(edit_url(resource), new_resource(territories, title="Guide révisé"))

    assert response.status_code == 302
    resource.refresh_from_db()
    assert (resource.title, resource.file.name, resource.file_type) == (
        "Guide révisé",
        name,
        "application/pdf",
    )
    assert Path(resource.file.path).exists()


def test_a_file_exchanged_for_a_link_is_deleted(
    client, territories, coordinator_gp, storage, django_capture_on_commit_callbacks
):
    resource = ResourceFactory()
    old = Path(resource.file.path)
    client.force_login(coordinator_gp)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            edit_url(resource),
            new_resource(territories, url="https://example.org/guide") | {"file-clear": "on"},
        )

    assert response.status_code == 302
    resource.refresh_from_db()
    assert (resource.file.name, resource.file_type, resource.file_size, resource.url) == (
        "",
        "",
        None,
        "https://example.org/guide",
    )
    assert not old.exists()


def test_a_link_exchanged_for_a_file(client, territories, coordinator_gp):
    resource = link()
    client.force_login(coordinator_gp)

    response = client.post(
        edit_url(resource), new_resource(territories) | {"file": upload(files.PDF)}
    )

    assert response.status_code == 302
    resource.refresh_from_db()
    assert (resource.url, resource.file_type) == ("", "application/pdf")


def test_deleting_a_resource_deletes_its_file(
    client, territories, coordinator_gp, storage, django_capture_on_commit_callbacks
):
    resource = ResourceFactory(title="Ancien guide")
    path = Path(resource.file.path)
    client.force_login(coordinator_gp)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("resources:resource_delete", args=[resource.slug]))

    assert response.status_code == 302
    assert response["Location"] == reverse("resources:list")
    assert not Resource.objects.exists()
    assert not path.exists()


def test_the_coordinators_page_offers_to_edit_and_delete(client, territories, coordinator_gp):
    resource = ResourceFactory()
    client.force_login(coordinator_gp)

    page = lxml.html.fromstring(client.get(resource.get_absolute_url()).content)

    assert page.xpath(f'//a[@href="{edit_url(resource)}"]')
    (form,) = page.xpath('//details[@class="confirm-action"]//form')
    assert form.get("action") == reverse("resources:resource_delete", args=[resource.slug])
    list_page = lxml.html.fromstring(client.get(reverse("resources:list")).content)
    assert list_page.xpath(f'//a[@href="{CREATE}"]')


def test_a_large_upload_kept_on_disk_while_received_is_stored_whole(
    client, territories, coordinator_gp, settings
):
    # Beyond FILE_UPLOAD_MAX_MEMORY_SIZE (2 MB), Django writes the upload to a temporary file.
    content = files.PDF[:-7] + b"0" * (4 * 1024 * 1024) + files.PDF[-7:]
    client.force_login(coordinator_gp)

    response = client.post(CREATE, new_resource(territories) | {"file": upload(content)})

    assert response.status_code == 302
    resource = Resource.objects.get()
    assert resource.file_size == len(content)
    assert Path(resource.file.path).read_bytes() == content


def test_a_deleted_resource_leaves_the_trainings_that_listed_it(
    client, territories, coordinator_gp
):
    from tests.trainings.factories import TrainingFactory

    resource = ResourceFactory()
    training = TrainingFactory()
    training.materials.add(resource)
    client.force_login(coordinator_gp)

    client.post(reverse("resources:resource_delete", args=[resource.slug]))

    assert not Resource.objects.exists()
    assert not training.materials.exists()
