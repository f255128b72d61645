"""The newsletters' demo data, loaded after the rest of the demo as `manage.py demo` will."""

import pytest
from django.core import mail

from members.models import User
from newsletter.demo import load_demo_newsletter
from newsletter.models import Issue, Subscriber
from tests.news.factories import PostFactory

pytestmark = pytest.mark.django_db


def test_the_demo_has_subscribers_a_sent_issue_of_karion_and_a_draft(demo, settings):
    PostFactory(title="Le réseau accueille ses partenaires haïtiens")
    coordinators = {
        slug: User.objects.get(email=f"coordination.{slug}@rrma.example")
        for slug in ("guadeloupe", "martinique")
    }

    sent, draft = load_demo_newsletter(by=coordinators)

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
    assert len(mail.outbox) == 4
    assert all("List-Unsubscribe" in message.extra_headers for message in mail.outbox)
    assert draft.is_draft
    assert draft.created_by == coordinators["guadeloupe"]
