"""The demo data pass the same checks as people's input: every record passes full_clean(),
and every organisation, project, training, funding call, news post and resource, opened in
its edit page and saved unchanged as a browser would send it, is saved."""

import pytest
from django.apps import apps
from django.urls import reverse

from calls.models import Call
from members.models import Organisation
from news.models import Post
from projects.models import Project
from resources.models import Resource
from tests.members import factories
from tests.pages import form_data
from trainings.models import Training

pytestmark = pytest.mark.django_db


def test_every_demo_record_passes_the_models_checks(demo):
    problems = []
    checked = 0
    for app in ("members", "news", "resources", "projects", "trainings", "calls", "newsletter"):
        for model in apps.get_app_config(app).get_models():
            if model._meta.label.split(".")[-1].startswith("Historical"):
                continue
            for row in model._default_manager.all():
                checked += 1
                try:
                    row.full_clean()
                except Exception as error:
                    problems.append(f"{model._meta.label} {row.pk}: {error}")
    assert checked > 500
    assert not problems, "\n".join(problems[:20])


@pytest.mark.parametrize(
    ("model", "url_name", "key"),
    [
        (Organisation, "members:organisation_edit", "slug"),
        (Project, "projects:project_edit", "slug"),
        (Training, "trainings:training_edit", "slug"),
        (Call, "calls:call_edit", "slug"),
        (Post, "news:post_edit", "slug"),
        (Resource, "resources:resource_edit", "slug"),
    ],
)
def test_every_demo_record_saves_unchanged_through_its_edit_page(
    client, demo, model, url_name, key
):
    client.force_login(factories.site_admin())
    refused = []
    records = list(
        model.objects.exclude(**({"status": "refused"} if model is Organisation else {}))
    )
    for record in records:
        url = reverse(url_name, args=[getattr(record, key)])
        page = client.get(url)
        assert page.status_code == 200, url
        response = client.post(url, form_data(page))
        if response.status_code != 302:
            errors = [f.errors for f in response.context.flatten().values() if hasattr(f, "errors")]
            refused.append(f"{url}: {errors}")
    assert len(records) >= 8
    assert not refused, "\n".join(refused[:10])
