"""The demo resources, loaded through the coordinators' form; the services' own checks."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from resources.demo import load_demo_resources
from resources.models import Resource
from resources.services import resource_save
from tests.members import image_files
from toolbox.documents import DocumentRefused
from toolbox.uploads import check_document

pytestmark = pytest.mark.django_db


def test_the_demo_resources_load_and_pass_the_form_s_checks(
    client, territories, coordinator_gp, coordinator_mq, member
):
    by = {"guadeloupe": coordinator_gp, "martinique": coordinator_mq}

    resources = load_demo_resources(by=by)

    assert len(resources) == Resource.objects.count() == 8
    assert "Guide du montage d'un dossier FCR" in {r.title for r in resources}
    kinds = {r.kind for r in resources}
    assert {"guide", "template", "report", "video", "minutes"} <= kinds
    stored = {r.extension for r in resources if r.file}
    assert {"pdf", "xlsx", "docx", "png"} <= stored
    assert any(r.url and r.kind == "video" for r in resources)
    assert [r.title for r in resources if r.is_members_only] == [
        "Compte rendu de l'assemblée générale 2026"
    ]
    for resource in resources:
        assert (
            resource.added_by == by[resource.territory.slug if resource.territory else "guadeloupe"]
        )
        resource.full_clean()
        if resource.file:
            # The stored file passes the upload checks again, as the same type.
            with resource.file.open("rb") as handle:
                assert check_document(handle).document_type.mime == resource.file_type
    # Visitors see every demo resource but the members-only one; members every one.
    response = client.get(reverse("resources:list"))
    assert response.context["page"].paginator.count == 7
    client.force_login(member)
    assert client.get(reverse("resources:list")).context["page"].paginator.count == 8


def test_the_service_checks_a_file_that_did_not_come_through_the_form(territories, coordinator_gp):
    resource = Resource(title="Logo", territory=territories["guadeloupe"])
    resource.file = SimpleUploadedFile("logo.pdf", image_files.SVG)

    with pytest.raises(DocumentRefused):
        resource_save(resource=resource, by=coordinator_gp)

    assert not Resource.objects.exists()


def test_the_service_takes_a_checked_file_s_type(territories, coordinator_gp):
    resource = Resource(title="Carte", territory=territories["guadeloupe"])
    resource.file = SimpleUploadedFile("carte.gif", image_files.gif())

    resource_save(resource=resource, by=coordinator_gp)

    resource.refresh_from_db()
    assert (resource.file_type, resource.extension, resource.shown_inline) == (
        "image/png",
        "png",
        True,
    )


def test_the_admin_shows_a_resource_s_file_through_the_portal_only(client, site_admin_user):
    from tests.resources.factories import ResourceFactory

    resource = ResourceFactory()
    client.force_login(site_admin_user)

    response = client.get(reverse("admin:resources_resource_change", args=[resource.pk]))

    assert response.status_code == 200
    assert reverse("resources:download", args=[resource.slug]) in response.text
    assert resource.file.name not in response.text
    assert 'type="file"' not in response.text
