"""The newsletter in the Django admin: its lists and forms open; bounces are recorded there."""

import pytest
from django.urls import reverse

from newsletter.enums import DeliveryStatus
from newsletter.models import Delivery
from newsletter.services import issue_send
from tests.newsletter.factories import IssueFactory, SubscriberFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def delivery(territories, site_admin_user):
    SubscriberFactory(email="partie@example.org")
    issue_send(issue=IssueFactory(), by=site_admin_user, base_url="http://testserver")
    return Delivery.objects.get()


@pytest.mark.parametrize("model", ["subscriber", "issue", "delivery"])
def test_the_lists_and_forms_open_for_a_site_admin(client, site_admin_user, delivery, model):
    client.force_login(site_admin_user)
    objects = {"subscriber": delivery.subscriber, "issue": delivery.issue, "delivery": delivery}

    assert client.get(reverse(f"admin:newsletter_{model}_changelist")).status_code == 200
    assert client.get(reverse(f"admin:newsletter_{model}_add")).status_code == 200
    url = reverse(f"admin:newsletter_{model}_change", args=[objects[model].pk])
    assert client.get(url).status_code == 200


def test_a_site_admin_marks_deliveries_bounced(client, site_admin_user, delivery):
    client.force_login(site_admin_user)
    response = client.post(
        reverse("admin:newsletter_delivery_changelist"),
        {"action": "mark_bounced", "_selected_action": [delivery.pk]},
        follow=True,
    )
    assert response.status_code == 200
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.BOUNCED
