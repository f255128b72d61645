"""The newsletters' demo data, loaded after the rest of the demo as `manage.py demo` will."""

import pytest

from members.models import User
from newsletter.models import Issue, Subscriber

pytestmark = pytest.mark.django_db


def test_the_demo_has_subscribers_a_sent_issue_of_karion_and_a_draft(demo):
    coordinators = {
        slug: User.objects.get(email=f"coordination.{slug}@rrma.example")
        for slug in ("guadeloupe", "martinique")
    }
    sent = Issue.objects.get(status="sent")
    draft = Issue.objects.get(status="draft")

    assert Subscriber.objects.confirmed().count() == Subscriber.objects.count() >= 4
    sent = Issue.objects.with_counts().get(pk=sent.pk)
    assert (sent.territory.slug, sent.number, sent.status, sent.name) == (
        "guadeloupe",
        1,
        "sent",
        "Kari'On",
    )
    assert sent.sent_by == coordinators["guadeloupe"]
    assert sent.posts.exists()
    assert sent.calls.exists()
    assert sent.trainings.exists()
    assert sent.delivery_count == sent.sent_count == 4  # Guadeloupe's subscribers
    emails = [delivery.outgoing for delivery in sent.deliveries.select_related("outgoing")]
    assert len(emails) == 4
    assert draft.is_draft
    assert draft.created_by == coordinators["guadeloupe"]
