"""Unsubscribing from the link of an alert email, without logging in: the page and its button,
and the mail clients' one click (RFC 8058), which sends no CSRF token."""

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from calls.models import AlertSent, OrganisationAlert, SavedSearch
from calls.services.alerts import call_alerts_send, subscription_end
from tests.calls.factories import CallFactory, OrganisationAlertFactory, SavedSearchFactory
from tests.members.factories import OrganisationFactory, member_of

pytestmark = pytest.mark.django_db
ONE_CLICK = "List-Unsubscribe=One-Click"


@pytest.fixture
def alert(territories):
    organisation = OrganisationFactory(name="Jeunesse Karukera")
    return OrganisationAlertFactory(user=member_of(organisation), organisation=organisation)


def url_of(subscription) -> str:
    return reverse("calls:unsubscribe", args=[subscription.token])


def one_click(client, url):
    return client.post(url, ONE_CLICK, content_type="application/x-www-form-urlencoded")


def test_the_page_says_what_its_button_unsubscribes_from_and_changes_nothing(client, alert):
    response = client.get(url_of(alert))

    assert response.status_code == 200
    assert "Jeunesse Karukera" in response.text
    assert '<form method="post">' in response.text
    assert "no-store" in response["Cache-Control"]  # personal: never kept by a cache
    assert OrganisationAlert.objects.filter(pk=alert.pk).exists()


def test_the_button_deletes_the_alert_and_says_so(client, alert):
    CallFactory()
    call_alerts_send(base_url="https://portal.example")
    response = client.post(url_of(alert))

    assert response.status_code == 200
    assert "Jeunesse Karukera" in response.text
    assert not OrganisationAlert.objects.exists()
    assert not AlertSent.objects.exists()
    again = client.get(url_of(alert))
    assert again.status_code == 200
    assert "vous êtes déjà désabonné" in again.text


def test_the_one_click_of_a_mail_client_works_without_a_csrf_token(alert):
    client = Client(enforce_csrf_checks=True)
    search = SavedSearchFactory()

    assert one_click(client, url_of(alert)).status_code == 200
    assert one_click(client, url_of(search)).status_code == 200
    assert not OrganisationAlert.objects.exists()
    assert not SavedSearch.objects.exists()


def test_the_link_of_an_email_unsubscribes_its_recipient_in_one_click(alert):
    CallFactory()
    call_alerts_send(base_url="http://testserver")
    header = mail.outbox[0].extra_headers["List-Unsubscribe"]

    response = one_click(Client(enforce_csrf_checks=True), header.strip("<>"))
    assert response.status_code == 200
    assert not OrganisationAlert.objects.filter(pk=alert.pk).exists()
    assert call_alerts_send(base_url="http://testserver") == 0


def test_a_saved_search_is_unsubscribed_from_its_page(client):
    search = SavedSearchFactory(email="veille@example.org")

    page = client.get(url_of(search))
    assert "veille@example.org" in page.text
    assert client.post(url_of(search)).status_code == 200
    assert not SavedSearch.objects.exists()


def test_an_unknown_token_says_nothing_is_left_to_unsubscribe_and_deletes_nothing(client, alert):
    url = reverse("calls:unsubscribe", args=["made-up"])
    assert client.get(url).status_code == 200
    assert one_click(client, url).status_code == 200
    assert "vous êtes déjà désabonné" in client.get(url).text
    assert subscription_end(token="made-up") is False
    assert OrganisationAlert.objects.filter(pk=alert.pk).exists()
    assert OrganisationAlert.objects.filter(pk=alert.pk).exists()


def test_unsubscribing_one_subscription_leaves_the_others(client, alert):
    other = OrganisationAlertFactory(
        user=member_of(alert.organisation), organisation=alert.organisation
    )
    search = SavedSearchFactory(email=alert.user.email)

    client.post(url_of(alert))
    assert set(OrganisationAlert.objects.all()) == {other}
    assert set(SavedSearch.objects.all()) == {search}
