import pytest
from django.contrib import admin
from django.urls import reverse

from tests.members.factories import OrganisationFactory
from tests.projects.factories import FundingLineFactory

pytestmark = pytest.mark.django_db

MODELS = sorted((model._meta.app_label, model._meta.model_name) for model in admin.site._registry)


@pytest.mark.parametrize(("app", "model"), MODELS)
def test_every_admin_list_and_form_opens_for_a_site_admin(
    client, site_admin_user, territories, app, model
):
    organisation = OrganisationFactory()
    FundingLineFactory(project__lead=organisation)
    client.force_login(site_admin_user)
    changelist = client.get(reverse(f"admin:{app}_{model}_changelist"))
    assert changelist.status_code == 200
    add = client.get(reverse(f"admin:{app}_{model}_add"))
    assert add.status_code in {200, 403}  # 403: read-only reference data
    first = (
        admin.site._registry[changelist.context["cl"].model]
        .get_queryset(changelist.wsgi_request)
        .first()
    )
    if first is not None:
        change = client.get(reverse(f"admin:{app}_{model}_change", args=[first.pk]))
        assert change.status_code == 200
