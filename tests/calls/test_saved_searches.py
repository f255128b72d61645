"""Saved searches of the calendar: double opt-in for an address, at once for a member's own
verified address, weekly results, purge of the unconfirmed."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.db import IntegrityError, transaction
from django.urls import resolve, reverse
from django.utils import timezone, translation

from calls.filters import CallFilter
from calls.models import SavedSearch
from calls.services.alerts import digests_send
from calls.services.searches import (
    SearchError,
    search_query_clean,
    search_save,
    unconfirmed_searches_purge,
)
from calls.tasks import saved_searches_purge
from tests.calls.factories import CallFactory, SavedSearchFactory
from tests.members.factories import UserFactory

pytestmark = pytest.mark.django_db
BASE = "https://portal.example"
SAVE = reverse("calls:search_save")


@pytest.fixture(autouse=True)
def _territories(territories):
    return territories


def save(client, query="territory=guadeloupe", email="veille@example.org", **extra):
    return client.post(SAVE, {"query": query, "email": email, **extra})


def confirm_path(message) -> str:
    return re.search(r"https?://[^/\s]+(/calls/searches/confirm/[^\s]+/)", message.body)[1]


def test_a_visitor_saves_a_search_and_is_asked_to_confirm_their_address_first(client):
    CallFactory(title="Déjà publié")
    response = save(client, email="Veille@Example.org")

    assert response.status_code == 200
    assert "veille@example.org" in response.text
    search = SavedSearch.objects.get()
    assert (search.email, search.query, search.confirmed_at) == (
        "veille@example.org",
        "territory=guadeloupe",
        None,
    )
    (message,) = mail.outbox
    assert message.to == ["veille@example.org"]
    assert confirm_path(message) == reverse("calls:search_confirm", args=[search.token])
    assert "List-Unsubscribe" not in message.extra_headers  # no list yet: nothing to leave

    CallFactory(published_at=timezone.now() + timedelta(hours=1))
    assert digests_send(now=timezone.now() + timedelta(days=1), base_url=BASE) == 0
    assert len(mail.outbox) == 1  # nothing else until confirmed


def test_following_the_link_confirms_nothing_and_the_button_confirms(client):
    save(client)
    path = confirm_path(mail.outbox[0])

    page = client.get(path)
    assert page.status_code == 200
    assert '<form method="post"' in page.text
    assert "no-store" in page["Cache-Control"]
    assert SavedSearch.objects.get().confirmed_at is None

    assert client.post(path).status_code == 200
    assert SavedSearch.objects.get().confirmed_at is not None
    assert client.get(reverse("calls:search_confirm", args=["made-up"])).status_code == 404


def test_a_confirmed_search_gets_the_calls_published_since_once_a_week(client):
    CallFactory(title="Avant la confirmation")
    search = SavedSearchFactory(query="territory=guadeloupe", language="en")
    now = timezone.now()
    CallFactory(title="Appel de Guadeloupe", published_at=now + timedelta(hours=1))
    CallFactory(title="Appel de Martinique", territories=["martinique"], published_at=now)
    CallFactory(title="Appel clos", deadline=now + timedelta(hours=2), published_at=now)

    assert digests_send(now=now + timedelta(days=1), base_url=BASE) == 1
    assert digests_send(now=now + timedelta(days=2), base_url=BASE) == 0

    (message,) = mail.outbox
    assert message.to == [search.email]
    assert "Appel de Guadeloupe" in message.body
    assert "Appel clos" not in message.body  # closed by then
    assert "Avant la confirmation" not in message.body
    assert "Appel de Martinique" not in message.body
    url = f"{BASE}/calls/unsubscribe/{search.token}/"
    assert message.extra_headers["List-Unsubscribe"] == f"<{url}>"
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert url in message.body
    assert f"{BASE}/calls/?territory=guadeloupe" in message.body
    with translation.override("en"):
        label = str(CallFilter.base_filters["territory"].label)
    assert f"{label}: Guadeloupe" in message.body  # described in English, as saved


def test_a_member_with_a_verified_address_is_subscribed_at_once(client):
    member = UserFactory()
    client.force_login(member)

    response = save(client, email="")
    assert response.status_code == 302
    assert response.url == reverse("calls:alerts")
    search = SavedSearch.objects.get()
    assert (search.email, search.user, search.confirmed_at is not None) == (
        member.email,
        member,
        True,
    )
    assert mail.outbox == []
    page = client.get(reverse("calls:alerts")).text
    assert reverse("calls:unsubscribe", args=[search.token]) in page


def test_a_person_whose_address_is_not_verified_confirms_it_first(client):
    person = UserFactory(verified=False)
    client.force_login(person)

    assert save(client, email="").status_code == 200
    search = SavedSearch.objects.get()
    assert (search.email, search.user, search.confirmed_at) == (person.email, None, None)
    assert mail.outbox[0].to == [person.email]


def test_the_same_search_saved_twice_for_one_address_is_kept_once(client):
    save(client, query="territory=guadeloupe&funder=afd")
    save(client, query="funder=afd&page=2&territory=guadeloupe&theme=&unknown=1")
    save(client, query="funder=afd&territory=guadeloupe", email="VEILLE@example.org")

    search = SavedSearch.objects.get()
    assert search.query == "territory=guadeloupe&funder=afd"
    assert len(mail.outbox) == 3  # the link again, for as long as it is not confirmed
    search.confirmed_at = timezone.now()
    search.save()
    save(client, query="territory=guadeloupe&funder=afd")
    assert len(mail.outbox) == 3
    assert SavedSearch.objects.count() == 1


def test_the_query_keeps_only_the_calendars_filters_in_one_order():
    assert search_query_clean("page=3&q=+eau+&territory=guadeloupe&x=1&open=") == (
        "q=eau&territory=guadeloupe"
    )
    assert search_query_clean("") == ""
    with pytest.raises(SearchError):
        search_query_clean("territory=atlantis")


def test_a_search_whose_filters_do_not_validate_is_refused_with_a_message(client):
    response = save(client, query="territory=atlantis")

    assert response.status_code == 200
    assert "error-summary" in response.text
    assert not SavedSearch.objects.exists()
    assert mail.outbox == []


def test_a_visitor_must_give_an_address(client):
    response = save(client, email="")

    assert response.status_code == 200
    assert 'name="email"' in response.text
    assert "error-summary" in response.text
    assert not SavedSearch.objects.exists()


def test_opening_the_save_page_saves_nothing_and_sends_nothing(client, territories):
    response = client.get(SAVE, {"query": "territory=guadeloupe"})

    assert response.status_code == 200
    assert "Guadeloupe" in response.text
    assert not SavedSearch.objects.exists()
    assert not mail.outbox


def test_saving_searches_is_rate_limited(client, settings):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "save_call_search": "2/h/ip"}
    statuses = [save(client, email=f"veille{n}@example.org").status_code for n in range(3)]

    assert statuses == [200, 200, 429]
    assert SavedSearch.objects.count() == 2
    assert len(mail.outbox) == 2
    assert resolve(SAVE).func.rate_limit_action == "save_call_search"


def test_unconfirmed_searches_are_deleted_after_seven_days():
    now = timezone.now()
    old = search_save(query="", email="ancien@example.org", language="fr", base_url=BASE)
    SavedSearch.objects.filter(pk=old.pk).update(created_at=now - timedelta(days=8))
    recent = search_save(query="", email="recent@example.org", language="fr", base_url=BASE)
    confirmed = SavedSearchFactory()
    SavedSearch.objects.filter(pk=confirmed.pk).update(created_at=now - timedelta(days=30))

    assert unconfirmed_searches_purge(now=now) == 1
    assert set(SavedSearch.objects.all()) == {recent, confirmed}
    assert saved_searches_purge.enqueue().return_value == 0


def test_one_address_holds_one_row_per_search_whatever_its_case(territories):
    SavedSearchFactory(email="veille@example.org", query="territory=guadeloupe")

    with pytest.raises(IntegrityError), transaction.atomic():
        SavedSearchFactory(email="Veille@Example.org", query="territory=guadeloupe")
    SavedSearchFactory(email="veille@example.org", query="territory=martinique")

    assert SavedSearch.objects.count() == 2


def test_one_search_is_written_one_way_whatever_the_order_of_its_filters(territories):
    one = search_query_clean("territory=guadeloupe&funder=afd&page=3")
    other = search_query_clean("funder=afd&territory=guadeloupe&q=")

    assert one == other == "territory=guadeloupe&funder=afd"
