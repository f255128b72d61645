"""Sending an issue: to the confirmed subscribers of its territory, each with the sections they
chose, through the task queue in batches, once; failures and bounces recorded and counted."""

import re
from smtplib import SMTPServerDisconnected

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.core.management import call_command
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from background.models import MAX_ATTEMPTS, OutgoingEmail
from background.tasks import email_deliver
from newsletter.enums import DeliveryStatus
from newsletter.models import Delivery, Issue, Subscriber
from newsletter.services import (
    IssueError,
    deliveries_record,
    delivery_bounced,
    issue_save,
    issue_send,
    issue_send_test,
)
from tests.calls.factories import CallFactory
from tests.conftest import run_worker
from tests.members.factories import coordinator
from tests.news.factories import PostFactory
from tests.newsletter.factories import IssueFactory, SubscriberFactory
from tests.trainings.factories import SessionFactory, TrainingFactory
from trainings.enums import TrainingKind

pytestmark = pytest.mark.django_db
BASE = "https://portal.example"


class RefusingBackend(BaseEmailBackend):
    """A mail server that hangs up on every message."""

    def send_messages(self, email_messages):
        raise SMTPServerDisconnected("Connection unexpectedly closed")


@pytest.fixture
def sender(guadeloupe):
    return coordinator(guadeloupe, email="coordination@rrma.example")


@pytest.fixture
def full_issue(guadeloupe):
    """An issue of Guadeloupe with one item in each section."""
    training = TrainingFactory(title="Monter un dossier FCR")
    SessionFactory(training=training)
    event = TrainingFactory(
        title="Assemblée générale du réseau", kind=TrainingKind.GENERAL_ASSEMBLY
    )
    SessionFactory(training=event)
    return IssueFactory(
        subject="Les nouvelles de décembre",
        posts=[PostFactory(title="Le réseau accueille Haïti")],
        calls=[CallFactory(title="Je coopère avec l'OECO")],
        trainings=[training, event],
    )


TITLES = [
    "Le réseau accueille Haïti",
    "Je coopère avec l'OECO",
    "Monter un dossier FCR",
    "Assemblée générale du réseau",
]


def sent_to(address):
    return [message for message in mail.outbox if message.to == [address]]


def html_of(message) -> str:
    ((content, mimetype),) = message.alternatives
    assert mimetype == "text/html"
    return content


def test_each_subscriber_of_the_territory_gets_the_sections_they_chose(full_issue, sender):
    SubscriberFactory(email="tout@example.org")
    SubscriberFactory(email="appels@example.org", sections=["calls"])
    SubscriberFactory(email="deux@example.org", territories=["guadeloupe", "martinique"],
                      sections=["news", "events"], language="en")  # fmt: skip
    SubscriberFactory(email="martinique@example.org", territories=["martinique"])
    SubscriberFactory(email="pas.confirme@example.org", unconfirmed=True)

    assert issue_send(issue=full_issue, by=sender, base_url=BASE) is True

    assert sorted(m.to[0] for m in mail.outbox) == [
        "appels@example.org",
        "deux@example.org",
        "tout@example.org",
    ]
    (everything,) = sent_to("tout@example.org")
    for title in TITLES:
        assert title in everything.body
        assert title.replace("'", "&#x27;") in html_of(everything)
    (calls,) = sent_to("appels@example.org")
    assert "Je coopère avec l'OECO" in calls.body
    assert "Le réseau accueille Haïti" not in calls.body
    assert "Monter un dossier FCR" not in calls.body
    (english,) = sent_to("deux@example.org")
    assert "Read it on the web" in english.body
    assert "Le réseau accueille Haïti" in english.body
    assert "Assemblée générale du réseau" in english.body
    assert "Monter un dossier FCR" not in english.body

    full_issue.refresh_from_db()
    assert (full_issue.status, full_issue.number, full_issue.sent_by) == ("sent", 1, sender)
    assert english.subject == "Kari'On no. 1 — Les nouvelles de décembre"
    assert f"{BASE}/newsletter/guadeloupe/1/" in everything.body
    assert set(full_issue.deliveries.values_list("status", flat=True)) == {DeliveryStatus.SENT}


def test_every_email_has_its_one_click_unsubscribe_link_in_the_body_and_the_headers(
    full_issue, sender
):
    subscriber = SubscriberFactory()
    issue_send(issue=full_issue, by=sender, base_url=BASE)

    (message,) = mail.outbox
    url = f"{BASE}/newsletter/unsubscribe/{subscriber.token}/"
    assert message.extra_headers["List-Unsubscribe"] == f"<{url}>"
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert url in message.body
    assert f'href="{url}"' in html_of(message)
    # As the mail server receives it.
    sent = message.message()
    assert sent["List-Unsubscribe"] == f"<{url}>"
    assert sent["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_a_subscriber_who_wants_none_of_its_sections_is_not_sent_the_issue(sender, guadeloupe):
    SubscriberFactory(email="formations@example.org", sections=["trainings"])
    SubscriberFactory(email="appels@example.org", sections=["calls"])
    issue = IssueFactory(calls=[CallFactory()])

    issue_send(issue=issue, by=sender, base_url=BASE)
    assert [m.to for m in mail.outbox] == [["appels@example.org"]]
    assert issue.deliveries.count() == 1


def test_an_issue_of_text_alone_goes_to_every_subscriber_of_its_territory(sender, guadeloupe):
    SubscriberFactory(sections=["trainings"])
    SubscriberFactory(sections=["news"])
    issue_send(issue=IssueFactory(intro="Joyeuses fêtes !"), by=sender, base_url=BASE)

    assert len(mail.outbox) == 2
    assert "Joyeuses fêtes !" in mail.outbox[0].body


def test_items_withdrawn_from_publication_leave_the_issue(full_issue, sender):
    SubscriberFactory()
    full_issue.calls.update(status="draft")

    issue_send(issue=full_issue, by=sender, base_url=BASE)
    assert "Je coopère avec l'OECO" not in mail.outbox[0].body


def test_an_issue_is_sent_once_however_many_times_it_is_sent(client, full_issue, sender):
    SubscriberFactory()
    SubscriberFactory()
    client.force_login(sender)
    url = reverse("newsletter:issue_send", args=[full_issue.pk])

    assert client.post(url).status_code == 302
    again = client.post(url, follow=True)
    assert "il n’est envoyé qu’une seule fois" in again.text
    assert issue_send(issue=full_issue, by=sender, base_url=BASE) is False
    assert len(mail.outbox) == 2
    assert full_issue.deliveries.count() == 2
    assert Issue.objects.get(pk=full_issue.pk).number == 1


def test_the_next_issue_takes_the_next_number_of_its_territory(sender, guadeloupe, martinique):
    first, second = IssueFactory(), IssueFactory()
    other = IssueFactory(territory=martinique)
    for issue in (second, other, first):
        issue_send(issue=issue, by=sender, base_url=BASE)

    assert [Issue.objects.get(pk=i.pk).number for i in (first, second, other)] == [2, 1, 1]


def test_an_issue_is_sent_through_the_queue_in_batches_of_200(database_tasks, sender, guadeloupe):
    subscribers = Subscriber.objects.bulk_create(
        [Subscriber(email=f"lecteur{n}@example.org", confirmed_at="2026-01-01T00:00Z")
         for n in range(450)]
    )  # fmt: skip
    Subscriber.territories.through.objects.bulk_create(
        [Subscriber.territories.through(subscriber=s, territory=guadeloupe) for s in subscribers]
    )
    issue = IssueFactory()

    issue_send(issue=issue, by=sender, base_url=BASE)
    batches = DBTaskResult.objects.filter(task_path="newsletter.tasks.issue_batch_send")
    assert sorted(len(batch.args_kwargs["args"][1]) for batch in batches) == [50, 200, 200]
    assert mail.outbox == []  # nothing leaves before the worker runs
    assert Issue.objects.get(pk=issue.pk).status == "sending"
    assert client_get_web(issue).status_code == 200  # the first emails link to it

    run_worker()
    assert len(mail.outbox) == 450
    assert len({m.to[0] for m in mail.outbox}) == 450
    issue = Issue.objects.with_counts().get(pk=issue.pk)
    assert (issue.status, issue.sent_count, issue.pending_count) == ("sent", 450, 0)


def client_get_web(issue):
    from django.test import Client

    issue.refresh_from_db()
    return Client().get(reverse("newsletter:web", args=["guadeloupe", issue.number]))


def test_a_batch_run_twice_sends_nothing_twice(database_tasks, sender, guadeloupe):
    SubscriberFactory()
    issue = IssueFactory()
    issue_send(issue=issue, by=sender, base_url=BASE)
    (batch,) = DBTaskResult.objects.filter(task_path="newsletter.tasks.issue_batch_send")
    run_worker()

    from newsletter.services import issue_batch_deliver

    issue_id, ids, base_url = batch.args_kwargs["args"]
    assert issue_batch_deliver(issue_id=issue_id, delivery_ids=ids, base_url=base_url) == 0
    assert len(mail.outbox) == 1


def test_someone_who_unsubscribes_before_their_batch_runs_is_sent_nothing(
    database_tasks, sender, guadeloupe
):
    leaving = SubscriberFactory()
    SubscriberFactory()
    issue = IssueFactory()
    issue_send(issue=issue, by=sender, base_url=BASE)
    leaving.delete()

    run_worker()
    assert len(mail.outbox) == 1
    assert issue.deliveries.count() == 1
    assert Issue.objects.get(pk=issue.pk).status == "sent"


def test_failures_are_recorded_on_the_deliveries_and_counted_on_the_issue_page(
    client, settings, full_issue, sender
):
    settings.MAILERS = {"default": {"BACKEND": f"{__name__}.RefusingBackend"}}
    SubscriberFactory()
    SubscriberFactory()
    issue_send(issue=full_issue, by=sender, base_url=BASE)
    client.force_login(sender)
    page = client.get(reverse("newsletter:issue", args=[full_issue.pk]))
    assert page.context["counts"].pending_count == 2  # being tried again
    assert page.context["counts"].failed_count == 0

    # The queue's last attempt fails too.
    OutgoingEmail.objects.update(attempts=MAX_ATTEMPTS - 1)
    for pk in OutgoingEmail.objects.values_list("pk", flat=True):
        email_deliver.enqueue(pk)
    page = client.get(reverse("newsletter:issue", args=[full_issue.pk]))
    counts = page.context["counts"]
    assert (counts.sent_count, counts.failed_count, counts.pending_count) == (0, 2, 0)
    assert re.search(r"<dt>(Échec|Failed)</dt>\s*<dd>2\b", page.text)

    assert deliveries_record() == 2
    assert (
        list(full_issue.deliveries.values_list("status", "error"))
        == [("failed", "SMTPServerDisconnected: Connection unexpectedly closed")] * 2
    )


def test_an_email_that_cannot_be_made_is_recorded_failed_and_the_others_go(
    monkeypatch, full_issue, sender
):
    from newsletter import services

    SubscriberFactory(email="ok@example.org")
    broken = SubscriberFactory(email="casse@example.org")
    made = services.issue_message

    def issue_message(**kwargs):
        if kwargs["recipient"] == broken:
            raise ValueError("template broken")
        return made(**kwargs)

    monkeypatch.setattr(services, "issue_message", issue_message)
    issue_send(issue=full_issue, by=sender, base_url=BASE)

    assert [m.to for m in mail.outbox] == [["ok@example.org"]]
    delivery = Delivery.objects.get(subscriber=broken)
    assert (delivery.status, delivery.error) == ("failed", "ValueError: template broken")
    issue = Issue.objects.with_counts().get(pk=full_issue.pk)
    assert (issue.status, issue.sent_count, issue.failed_count) == ("sent", 1, 1)


def test_a_test_goes_to_the_coordinator_alone_and_sends_nothing_else(client, full_issue, sender):
    SubscriberFactory()
    sender.language = "en"
    sender.save()
    client.force_login(sender)

    response = client.post(reverse("newsletter:issue_test", args=[full_issue.pk]))
    assert response.status_code == 302
    (message,) = mail.outbox
    assert message.to == ["coordination@rrma.example"]
    assert message.subject.startswith("[Test] Kari'On — ")
    assert "List-Unsubscribe" in message.extra_headers
    for title in TITLES:
        assert title in message.body
    assert Issue.objects.get(pk=full_issue.pk).is_draft
    assert not Delivery.objects.exists()
    assert issue_send_test(issue=full_issue, user=sender, base_url=BASE) == 1


def test_a_sent_issue_cannot_be_changed(full_issue, sender):
    issue_send(issue=full_issue, by=sender, base_url=BASE)
    with pytest.raises(IssueError):
        issue_save(issue=full_issue, posts=[], calls=[], trainings=[], by=sender)


def test_bounces_are_recorded_and_three_of_them_unsubscribe_the_address(sender, guadeloupe):
    subscriber = SubscriberFactory(email="partie@example.org")
    issues = [IssueFactory() for _ in range(3)]
    for issue in issues:
        issue_send(issue=issue, by=sender, base_url=BASE)

    assert delivery_bounced(email="Partie@Example.org", issue=issues[0]) == 1
    assert Delivery.objects.get(issue=issues[0]).status == DeliveryStatus.BOUNCED
    counted = Issue.objects.with_counts().get(pk=issues[0].pk)
    assert (counted.sent_count, counted.bounced_count, counted.undelivered_count) == (0, 1, 1)
    assert delivery_bounced(email="personne@example.org") == 0

    call_command("newsletter_bounced", "partie@example.org")  # the latest: the third issue
    assert Delivery.objects.get(issue=issues[2]).status == DeliveryStatus.BOUNCED
    assert Subscriber.objects.filter(pk=subscriber.pk).exists()
    delivery_bounced(email="partie@example.org")
    assert not Subscriber.objects.exists()
    assert Delivery.objects.filter(status=DeliveryStatus.BOUNCED).count() == 3


def test_the_bounce_command_reads_addresses_and_says_what_it_did(capsys, territories):
    call_command("newsletter_bounced", "personne@example.org")
    assert "0 marked as bounced, 1 without a delivery." in capsys.readouterr().out


def test_a_batch_whose_task_was_lost_is_sent_by_the_hourly_follow_up(
    database_tasks, settings, sender, guadeloupe
):
    from datetime import timedelta

    from newsletter.tasks import deliveries_follow_up

    settings.SITE_URL = BASE
    SubscriberFactory()
    issue = IssueFactory()
    issue_send(issue=issue, by=sender, base_url=BASE)
    DBTaskResult.objects.all().delete()  # a worker killed, its task gone

    deliveries_follow_up.call()
    assert not DBTaskResult.objects.exists()  # too early to say it is lost
    Delivery.objects.update(created_at=issue.sent_at - timedelta(hours=2))
    assert deliveries_follow_up.call() == {"resumed": 1, "recorded": 0}
    run_worker()
    assert len(mail.outbox) == 1
    assert Issue.objects.get(pk=issue.pk).status == "sent"
    # Delivered by the worker after its batch: the follow-up records it.
    assert deliveries_follow_up.call() == {"resumed": 0, "recorded": 1}
    assert Delivery.objects.get().status == DeliveryStatus.SENT
