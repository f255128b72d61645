"""Leaving the newsletters from the link of an issue, without logging in: the page and its
button, and the mail clients' one click (RFC 8058), which sends no CSRF token."""

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from newsletter.models import Delivery, Subscriber
from newsletter.services import issue_send, subscription_end
from tests.members.factories import coordinator
from tests.newsletter.factories import IssueFactory, SubscriberFactory

pytestmark = pytest.mark.django_db
ONE_CLICK = "List-Unsubscribe=One-Click"


@pytest.fixture
def subscriber(territories):
    return SubscriberFactory(email="lectrice@example.org")


def url_of(subscriber) -> str:
    return reverse("newsletter:unsubscribe", args=[subscriber.token])


def one_click(client, url):
    return client.post(url, ONE_CLICK, content_type="application/x-www-form-urlencoded")


def test_the_page_says_what_its_button_unsubscribes_from_and_changes_nothing(client, subscriber):
    response = client.get(url_of(subscriber))

    assert response.status_code == 200
    assert "lectrice@example.org" in response.text
    assert "Kari&#x27;On" in response.text
    assert '<form method="post">' in response.text
    assert "no-store" in response["Cache-Control"]
    assert Subscriber.objects.filter(pk=subscriber.pk).exists()


def test_the_button_deletes_the_subscription_at_once_and_says_so(client, subscriber):
    response = client.post(url_of(subscriber))

    assert response.status_code == 200
    assert "lectrice@example.org" in response.text
    assert not Subscriber.objects.exists()
    again = client.get(url_of(subscriber))
    assert again.status_code == 200
    assert "vous êtes déjà désabonné" in again.text


def test_the_one_click_of_a_mail_client_works_without_a_csrf_token(subscriber):
    response = one_click(Client(enforce_csrf_checks=True), url_of(subscriber))

    assert response.status_code == 200
    assert not Subscriber.objects.exists()


def test_the_link_of_an_issue_unsubscribes_its_recipient_in_one_click(subscriber, guadeloupe):
    other = SubscriberFactory()
    issue = IssueFactory()
    issue_send(issue=issue, by=coordinator(guadeloupe), base_url="http://testserver")
    message = next(m for m in mail.outbox if m.to == [subscriber.email])
    header = message.extra_headers["List-Unsubscribe"]

    response = one_click(Client(enforce_csrf_checks=True), header.strip("<>"))
    assert response.status_code == 200
    assert set(Subscriber.objects.all()) == {other}
    # Its delivery stays, without it, for the issue's counts.
    assert Delivery.objects.filter(issue=issue).count() == 2
    assert Delivery.objects.filter(issue=issue, subscriber=None).count() == 1


def test_an_unknown_token_says_nothing_is_left_to_unsubscribe_and_deletes_nothing(
    client, subscriber
):
    url = reverse("newsletter:unsubscribe", args=["made-up"])

    assert client.get(url).status_code == 200
    assert one_click(client, url).status_code == 200
    assert "vous êtes déjà désabonné" in client.get(url).text
    assert subscription_end(token="made-up") is False
    assert Subscriber.objects.filter(pk=subscriber.pk).exists()
