"""Personal data kept for an address rather than an account (models declaring
PERSONAL_DATA_EMAIL_FIELD: newsletter subscriptions, saved searches of the calendar): in the
account's export, and deleted with it, whatever the case of the address."""

import json

import pytest
from django.urls import reverse

from calls.models import SavedSearch
from members.personal_data import email_models
from newsletter.models import Delivery, Subscriber
from newsletter.services import issue_send
from tests.calls.factories import SavedSearchFactory
from tests.members.factories import PASSWORD, UserFactory, coordinator
from tests.newsletter.factories import IssueFactory, SubscriberFactory

pytestmark = pytest.mark.django_db
ADDRESS = "planted.reader.zq8@example.org"


@pytest.fixture
def person(client, territories):
    """Someone with an account, subscribed to a newsletter and with a saved search under their
    address typed otherwise, before they had an account; others subscribed beside them."""
    user = UserFactory(email=ADDRESS)
    SubscriberFactory(email="Planted.Reader.ZQ8@example.org", territories=["martinique"])
    SavedSearchFactory(email=ADDRESS.upper(), query="territory=guadeloupe")
    client.force_login(user)
    return user


def test_the_models_kept_for_an_address_declare_it():
    assert {model._meta.label: field for model, field in email_models()} == {
        "calls.SavedSearch": "email",
        "newsletter.Subscriber": "email",
    }


def test_the_export_holds_the_subscription_and_the_saved_search_of_the_address(
    client, person, territories
):
    SubscriberFactory(email="someone.else@example.org")

    response = client.get(reverse("members:data_export"))
    text = response.content.decode()
    data = json.loads(text)
    subscriber = Subscriber.objects.get(email="Planted.Reader.ZQ8@example.org")
    (subscription,) = data["newsletter.Subscriber"]
    assert subscription["id"] == subscriber.pk
    assert subscription["email"] == "Planted.Reader.ZQ8@example.org"
    assert subscription["territories"] == [territories["martinique"].pk]
    assert subscription["wants_news"] is True
    assert subscription["confirmed_at"]
    search = SavedSearch.objects.get()
    (exported_search,) = data["calls.SavedSearch"]
    assert exported_search["query"] == "territory=guadeloupe"
    # Secrets, never exported: the tokens of their links appear nowhere in the export's text.
    for token in (subscriber.token, search.token):
        assert token
        assert token not in text


def test_deleting_the_account_deletes_what_its_address_subscribed_to(client, person, territories):
    other = SubscriberFactory(email="someone.else@example.org", territories=["martinique"])
    kept_search = SavedSearchFactory(email="someone.else@example.org")
    issue = IssueFactory(territory=territories["martinique"])
    issue_send(issue=issue, by=coordinator(territories["martinique"]), base_url="http://x")

    response = client.post(reverse("members:account_delete"), {"password": PASSWORD})
    assert response.status_code == 302
    assert list(Subscriber.objects.all()) == [other]
    assert list(SavedSearch.objects.all()) == [kept_search]
    # The issue's counts stay: its delivery to the person, without them.
    assert Delivery.objects.filter(issue=issue).count() == 2
    assert Delivery.objects.filter(issue=issue, subscriber=None).count() == 1
