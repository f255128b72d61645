"""Subscribing to the newsletters: double opt-in without an account, the same answer whether
the address is known or not, confirmation by the button only, rate limit, purge."""

import re
from datetime import timedelta

import lxml.html
import pytest
from django.conf import settings as django_settings
from django.core import mail
from django.tasks import Task
from django.urls import resolve, reverse
from django.utils import timezone
from django.utils.module_loading import import_string

import rrma.settings
from background.models import ScheduledRun
from background.tasks import schedule_due
from newsletter.models import Subscriber, newsletter_name
from newsletter.services import (
    confirmation_read,
    subscription_request,
    unconfirmed_subscribers_purge,
)
from newsletter.tasks import subscribers_purge
from tests.newsletter.factories import SubscriberFactory

pytestmark = pytest.mark.django_db
SUBSCRIBE = reverse("newsletter:subscribe")
BASE = "https://portal.example"
EVERYTHING = ["news", "calls", "trainings", "events"]


@pytest.fixture(autouse=True)
def _territories(territories):
    return territories


def subscribe(
    client, email="lectrice@example.org", territories=("guadeloupe",), sections=None, **extra
):
    return client.post(
        SUBSCRIBE,
        {"email": email, "territories": list(territories), "sections": sections or EVERYTHING},
        **extra,
    )


def confirm_path(message) -> str:
    return re.search(r"https?://[^/\s]+(/newsletter/confirm/[^\s]+/)", message.body)[1]


def test_the_page_offers_both_newsletters_and_every_section_ticked(client, territories):
    response = client.get(SUBSCRIBE, {"territory": "guadeloupe"})

    assert response.status_code == 200
    # The boxes of the form, as a browser shows them (the header and footer name both
    # networks on every page).
    page = lxml.html.fromstring(response.content)
    boxes = {
        box.get("value"): (
            " ".join(page.xpath("//label[@for=$id]", id=box.get("id"))[0].text_content().split()),
            box.get("checked") is not None,
        )
        for box in page.xpath('//form//input[@type="checkbox"][@name="territories"]')
    }
    assert boxes == {
        "guadeloupe": ("Kari'On (Guadeloupe)", True),
        "martinique": (newsletter_name(territories["martinique"]), False),
    }
    assert "Martinique" in boxes["martinique"][0]
    sections = page.xpath('//form//input[@type="checkbox"][@name="sections"]')
    assert [(b.get("value"), b.get("checked") is not None) for b in sections] == [
        (section, True) for section in EVERYTHING
    ]
    form = response.context["form"]
    assert form.initial["territories"] == ["guadeloupe"]
    assert form.initial["sections"] == EVERYTHING
    assert reverse("newsletter:archive", args=["guadeloupe"]) in response.text
    assert not Subscriber.objects.exists()


def test_a_visitor_subscribes_and_is_asked_to_confirm_their_address_first(client):
    response = subscribe(client, email="Lectrice@Example.org", sections=["calls", "events"])

    assert response.status_code == 200
    assert "Lectrice@Example.org" in response.text
    subscriber = Subscriber.objects.get()
    assert (subscriber.email, subscriber.confirmed_at, subscriber.language) == (
        "lectrice@example.org",
        None,
        "fr",
    )
    assert subscriber.sections == ["calls", "events"]
    assert [t.slug for t in subscriber.territories.all()] == ["guadeloupe"]
    (message,) = mail.outbox
    assert message.to == ["lectrice@example.org"]
    assert "Kari'On" in message.body
    assert "List-Unsubscribe" not in message.extra_headers  # no list yet: nothing to leave


def test_following_the_link_confirms_nothing_and_the_button_confirms(client):
    subscribe(client)
    path = confirm_path(mail.outbox[0])

    page = client.get(path)
    assert page.status_code == 200
    assert '<form method="post"' in page.text
    assert "lectrice@example.org" in page.text
    assert "no-store" in page["Cache-Control"]
    assert Subscriber.objects.get().confirmed_at is None

    done = client.post(path)
    assert done.status_code == 200
    assert "message-success" in done.text
    assert Subscriber.objects.get().confirmed_at is not None


def test_a_made_up_or_expired_link_confirms_nothing_and_says_so(client, monkeypatch):
    subscribe(client)
    path = confirm_path(mail.outbox[0])
    made_up = reverse("newsletter:confirm", args=["made-up"])

    assert client.post(made_up).status_code == 200
    assert "<form" not in client.get(made_up).text.split("<main", 1)[1].split("</main>")[0]
    # Seven days later.
    monkeypatch.setattr("newsletter.services.UNCONFIRMED_KEPT", timedelta(seconds=-1))
    assert confirmation_read(path.split("/")[-2]) is None
    expired = client.post(path)
    assert expired.status_code == 200
    assert "expired" in expired.text or "expiré" in expired.text
    assert Subscriber.objects.get().confirmed_at is None


def test_the_answer_is_the_same_whether_the_address_is_known_or_not(client):
    """No enumeration: a stranger learns nothing of who subscribed, and changes nothing."""
    SubscriberFactory(email="connue@example.org", sections=["news"])
    known = subscribe(client, email="connue@example.org", territories=["martinique"])
    unknown = subscribe(client, email="inconnue@example.org", territories=["martinique"])

    def main(response):
        return response.text.split("<main", 1)[1].split("</main>")[0]

    assert known.status_code == unknown.status_code == 200
    assert main(known).replace("connue", "X") == main(unknown).replace("inconnue", "X")
    subscriber = Subscriber.objects.get(email="connue@example.org")
    assert [t.slug for t in subscriber.territories.all()] == ["guadeloupe"]  # unchanged
    assert subscriber.sections == ["news"]
    assert {tuple(m.to) for m in mail.outbox} == {
        ("connue@example.org",),
        ("inconnue@example.org",),
    }


def test_a_subscriber_changes_their_choices_from_the_emailed_link_only(client):
    subscriber = SubscriberFactory(email="connue@example.org", sections=["news"])
    subscribe(client, email="connue@example.org", territories=["martinique"], sections=["calls"])
    (message,) = mail.outbox
    assert "deviennent les suivantes" in message.body  # a change, not a new subscription

    client.post(confirm_path(message))
    subscriber.refresh_from_db()
    assert [t.slug for t in subscriber.territories.all()] == ["martinique"]
    assert subscriber.sections == ["calls"]
    assert Subscriber.objects.count() == 1


def test_asking_again_before_confirming_keeps_one_row_and_sends_the_link_again(client):
    subscribe(client)
    subscribe(client, email="LECTRICE@example.org", territories=["guadeloupe", "martinique"])

    subscriber = Subscriber.objects.get()
    assert subscriber.territories.count() == 2
    assert len(mail.outbox) == 2
    client.post(confirm_path(mail.outbox[0]))  # the first link still works, with its choices
    subscriber.refresh_from_db()
    assert subscriber.is_confirmed
    assert [t.slug for t in subscriber.territories.all()] == ["guadeloupe"]


def test_the_subscription_is_in_the_language_of_the_page(client):
    client.cookies["django_language"] = "en"
    subscribe(client)

    assert Subscriber.objects.get().language == "en"
    assert "Hello," in mail.outbox[0].body


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"email": "", "territories": ["guadeloupe"], "sections": EVERYTHING}, "email"),
        ({"email": "x@example.org", "sections": EVERYTHING}, "territories"),
        ({"email": "x@example.org", "territories": ["guadeloupe"]}, "sections"),
        ({"email": "x@example.org", "territories": ["atlantis"], "sections": ["x"]}, "sections"),
    ],
)
def test_an_incomplete_form_says_what_to_correct_and_sends_nothing(client, data, field):
    response = client.post(SUBSCRIBE, data)

    assert response.status_code == 200
    assert "error-summary" in response.text
    assert field in response.context["form"].errors
    assert not Subscriber.objects.exists()
    assert mail.outbox == []


def test_subscribing_is_rate_limited_per_address_and_per_address_typed(client):
    """The real rates: visitors from different addresses never share a count; one address is
    refused beyond 20 subscriptions an hour, and one recipient beyond 3 confirmations."""
    visitors = [
        subscribe(client, email=f"l{n}@example.org", REMOTE_ADDR=f"203.0.113.{n}").status_code
        for n in range(25)
    ]
    assert visitors == [200] * 25
    one_address = [
        subscribe(client, email=f"m{n}@example.org", REMOTE_ADDR="198.51.100.7").status_code
        for n in range(21)
    ]
    assert one_address == [200] * 20 + [429]
    one_recipient = [
        subscribe(client, email="cible@example.org", REMOTE_ADDR=f"192.0.2.{n}").status_code
        for n in range(4)
    ]
    assert one_recipient == [200, 200, 200, 429]
    assert Subscriber.objects.count() == 25 + 20 + 1
    assert resolve(SUBSCRIBE).func.rate_limit_action == "newsletter_subscribe"
    assert client.get(SUBSCRIBE).status_code == 200  # reading the page never counts


def test_unconfirmed_subscriptions_are_deleted_after_seven_days():
    now = timezone.now()
    old = subscription_request(
        email="ancienne@example.org",
        territories=[],
        sections=["news"],
        language="fr",
        base_url=BASE,
    )
    Subscriber.objects.filter(pk=old.pk).update(created_at=now - timedelta(days=8))
    recent = SubscriberFactory(unconfirmed=True)
    confirmed = SubscriberFactory()
    Subscriber.objects.filter(pk=confirmed.pk).update(created_at=now - timedelta(days=400))

    assert unconfirmed_subscribers_purge(now=now) == 1
    assert set(Subscriber.objects.all()) == {recent, confirmed}
    Subscriber.objects.filter(pk=recent.pk).update(created_at=now - timedelta(days=8))
    assert subscribers_purge.call() == 1
    assert set(Subscriber.objects.all()) == {confirmed}


NEWSLETTER_JOBS = {
    "newsletter.tasks.subscribers_purge": "daily",
    "newsletter.tasks.deliveries_follow_up": "hourly",
}


def test_the_real_settings_schedule_the_newsletter_jobs_each_a_task():
    """rrma/settings.py, as the portal runs it (not a list made up here)."""
    assert django_settings.PERIODIC_TASKS == rrma.settings.PERIODIC_TASKS
    scheduled = dict(rrma.settings.PERIODIC_TASKS)
    assert len(scheduled) == len(rrma.settings.PERIODIC_TASKS)  # each job listed once
    assert {path: scheduled.get(path) for path in NEWSLETTER_JOBS} == NEWSLETTER_JOBS
    for path in NEWSLETTER_JOBS:
        assert isinstance(import_string(path), Task), path


def test_the_real_schedule_runs_the_purge_once_a_day_and_the_follow_up_every_hour(
    database_tasks, settings
):
    """The real PERIODIC_TASKS, left as they are: only the hour of the daily jobs is set."""
    settings.DAILY_JOBS_HOUR = 7
    morning = timezone.localtime().replace(hour=8, minute=0)

    first = schedule_due(morning)
    an_hour_later = schedule_due(morning + timedelta(hours=1))

    assert set(NEWSLETTER_JOBS) <= set(first)
    assert "newsletter.tasks.subscribers_purge" not in an_hour_later
    assert "newsletter.tasks.deliveries_follow_up" in an_hour_later
    assert ScheduledRun.objects.filter(job__startswith="newsletter.").count() == 3
