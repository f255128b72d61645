"""Freshness: records not confirmed for a year are flagged; their admins confirm them by link."""

from datetime import timedelta
from unittest import mock

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from members.models import Organisation
from members.services import (
    CONFIRMATION_LINK_DAYS,
    record_confirmation_requests_send,
    record_confirmation_url,
)
from tests.members.factories import OrganisationFactory, member_of

SITE = "https://portal.example"


def stale(**kwargs) -> Organisation:
    """An organisation last confirmed 13 months ago."""
    organisation = OrganisationFactory(**kwargs)
    long_ago = timezone.now() - timedelta(days=400)
    Organisation.objects.filter(pk=organisation.pk).update(
        confirmed_at=long_ago, validated_at=long_ago, created_at=long_ago
    )
    organisation.refresh_from_db()
    return organisation


@pytest.fixture
def organisation(territories):
    return stale()


def links_in(message) -> list[str]:
    return [word for word in message.body.split() if word.startswith(SITE)]


def test_the_stale_records_query_agrees_with_the_flag_on_each_record(territories):
    old, fresh = stale(), OrganisationFactory(confirmed_at=timezone.now())
    assert old.needs_confirmation()
    assert not fresh.needs_confirmation()
    assert list(Organisation.objects.needing_confirmation()) == [old]


def test_the_admins_of_stale_active_records_get_a_personal_link_once_a_month(
    territories, organisation
):
    first, second = member_of(organisation, "admin"), member_of(organisation, "admin")
    member_of(organisation, "editor")
    stale(status=Organisation.Status.PENDING)  # being moderated: not asked
    OrganisationFactory(confirmed_at=timezone.now())  # fresh: not asked
    member_of(stale(), "admin", is_active=False)  # no active admin left

    assert record_confirmation_requests_send(base_url=SITE) == 2
    assert sorted(m.to[0] for m in mail.outbox) == sorted([first.email, second.email])
    first_link, second_link = (links_in(m)[0] for m in mail.outbox)
    assert first_link != second_link, "each admin gets a link of their own"
    assert organisation.name in mail.outbox[0].subject

    assert record_confirmation_requests_send(base_url=SITE) == 0
    later = timezone.now() + timedelta(days=31)
    assert record_confirmation_requests_send(base_url=SITE, now=later) == 2


def test_the_email_is_written_in_the_admins_language(territories, organisation):
    english = member_of(organisation, "admin", language="en")
    french = member_of(organisation, "admin", language="fr")
    record_confirmation_requests_send(base_url=SITE)
    subjects = {m.to[0]: m.subject for m in mail.outbox}
    assert "still accurate" in subjects[english.email]
    assert "toujours exacte" in subjects[french.email]


def test_the_command_sends_the_requests_and_needs_the_portals_address(
    territories, organisation, settings
):
    member_of(organisation, "admin")
    call_command("send_record_confirmation_requests", "--base-url", SITE)
    assert len(mail.outbox) == 1
    settings.SITE_URL = ""
    with pytest.raises(CommandError, match="SITE_URL"):
        call_command("send_record_confirmation_requests")


def test_following_the_link_shows_the_record_and_confirms_it_only_on_the_button(
    client, territories, organisation
):
    admin = member_of(organisation, "admin")
    url = record_confirmation_url(organisation=organisation, user=admin)
    page = client.get(url)
    assert page.status_code == 200
    assert organisation.name in page.text
    organisation.refresh_from_db()
    assert organisation.needs_confirmation(), "a mail scanner following the link confirms nothing"

    response = client.post(url)
    assert response.status_code == 200
    organisation.refresh_from_db()
    assert not organisation.needs_confirmation()
    assert timezone.now() - organisation.confirmed_at < timedelta(minutes=1)
    entry = organisation.history.first()
    assert (entry.history_user, entry.history_change_reason) == (admin, "confirmed")


def test_an_expired_link_confirms_nothing_and_says_why(client, territories, organisation):
    admin = member_of(organisation, "admin")
    url = record_confirmation_url(organisation=organisation, user=admin)
    later = timezone.now() + timedelta(days=CONFIRMATION_LINK_DAYS + 1)
    with mock.patch("django.core.signing.time.time", return_value=later.timestamp()):
        response = client.post(url)
    assert response.status_code == 410
    assert "expiré" in response.text
    organisation.refresh_from_db()
    assert organisation.needs_confirmation()


def test_a_link_works_only_for_its_record_and_while_its_holder_edits_it(
    client, territories, organisation
):
    admin = member_of(organisation, "admin")
    other = stale()
    url = record_confirmation_url(organisation=organisation, user=admin)
    slug_swapped = url.replace(f"/{organisation.slug}/", f"/{other.slug}/")
    assert client.post(slug_swapped).status_code == 404
    tampered = url[:-3] + ("AAA/" if not url.endswith("AAA/") else "BBB/")
    assert client.post(tampered).status_code == 404
    admin.memberships.all().delete()
    assert client.post(url).status_code == 404
    organisation.refresh_from_db()
    other.refresh_from_db()
    assert organisation.needs_confirmation()
    assert other.needs_confirmation()


def test_editors_confirm_from_the_records_page(client, territories, organisation):
    client.force_login(member_of(organisation, "editor"))
    page = client.get(organisation.get_absolute_url())
    assert "plus d’un an" in page.text or "plus d'un an" in page.text
    client.post(reverse("members:organisation_confirm", args=[organisation.slug]))
    organisation.refresh_from_db()
    assert not organisation.needs_confirmation()
