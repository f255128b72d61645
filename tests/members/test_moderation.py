import pytest
from django.core import mail
from django.urls import reverse

from members.models import Organisation
from tests.members.factories import OrganisationFactory, member_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def pending(guadeloupe):
    return OrganisationFactory(name="Jeunesse Karukera", status="pending", territory=guadeloupe)


def moderate(client, organisation, **data):
    return client.post(reverse("members:organisation_moderate", args=[organisation.slug]), data)


def test_the_queue_lists_the_territorys_pending_organisations_with_duplicate_suspicions(
    client, coordinator_gp, pending, guadeloupe, martinique
):
    twin = OrganisationFactory(name="Jeunesse Karukéra", territory=guadeloupe)
    OrganisationFactory(name="En attente en Martinique", status="pending", territory=martinique)
    client.force_login(coordinator_gp)
    response = client.get(reverse("members:moderation_queue", args=["guadeloupe"]))
    assert [item["organisation"] for item in response.context["items"]] == [pending]
    assert response.context["items"][0]["duplicates"].similar_name == [twin]
    assert "En attente en Martinique" not in response.text


@pytest.mark.parametrize("count", [10, 45])
def test_the_queue_comes_a_page_at_a_time_in_a_bounded_number_of_queries(
    client, coordinator_gp, guadeloupe, django_assert_max_num_queries, count
):
    for n in range(count):
        OrganisationFactory(name=f"En attente {n:02}", status="pending", territory=guadeloupe)
    client.force_login(coordinator_gp)
    url = reverse("members:moderation_queue", args=["guadeloupe"])
    # Duplicate suspicions cost two queries per organisation shown, 20 at most a page.
    with django_assert_max_num_queries(9 + 2 * 20):
        response = client.get(url)
    assert response.status_code == 200
    shown = min(count, 20)
    assert all(f"En attente {n:02}" in response.text for n in range(shown))
    assert f"En attente {shown:02}" not in response.text
    if count > 20:
        assert 'rel="next"' in response.text
        assert "En attente 20" in client.get(url, {"page": 2}).text


def test_validating_makes_the_organisation_public_and_tells_its_admins(
    client, coordinator_gp, pending, django_capture_on_commit_callbacks
):
    admin = member_of(pending, role="admin")
    client.force_login(coordinator_gp)
    with django_capture_on_commit_callbacks(execute=True):
        response = moderate(client, pending, decision="validate")
    assert response.status_code == 302
    pending.refresh_from_db()
    assert pending.status == Organisation.Status.ACTIVE
    assert pending.validated_by == coordinator_gp
    assert pending.validated_at is not None
    assert pending.confirmed_at == pending.validated_at
    assert [m.to for m in mail.outbox] == [[admin.email]]
    assert "Jeunesse Karukera" in mail.outbox[0].subject
    client.logout()
    assert "Jeunesse Karukera" in client.get(reverse("members:directory")).text


def test_refusing_needs_a_reason_which_the_applicant_receives(
    client, coordinator_gp, pending, django_capture_on_commit_callbacks
):
    admin = member_of(pending, role="admin")
    client.force_login(coordinator_gp)
    response = moderate(client, pending, decision="refuse", reason="")
    assert response.status_code == 200
    assert "reason" in response.context["refusal"].errors
    pending.refresh_from_db()
    assert pending.status == Organisation.Status.PENDING
    with django_capture_on_commit_callbacks(execute=True):
        moderate(client, pending, decision="refuse", reason="Structure hors du territoire.")
    pending.refresh_from_db()
    assert pending.status == Organisation.Status.REFUSED
    assert pending.refusal_reason == "Structure hors du territoire."
    assert mail.outbox[0].to == [admin.email]
    assert "Structure hors du territoire." in mail.outbox[0].body


def test_the_other_territorys_coordinator_gets_404_everywhere(client, coordinator_mq, pending):
    client.force_login(coordinator_mq)
    assert client.get(reverse("members:moderation_queue", args=["guadeloupe"])).status_code == 404
    assert moderate(client, pending, decision="validate").status_code == 404
    url = reverse("members:organisation_archive", args=[pending.slug])
    assert client.post(url).status_code == 404
    pending.refresh_from_db()
    assert pending.status == Organisation.Status.PENDING


def test_archiving_removes_the_organisation_from_the_directory(client, coordinator_gp, guadeloupe):
    organisation = OrganisationFactory(name="Ancienne structure", territory=guadeloupe)
    client.force_login(coordinator_gp)
    client.post(reverse("members:organisation_archive", args=[organisation.slug]))
    organisation.refresh_from_db()
    assert organisation.status == Organisation.Status.ARCHIVED
    client.logout()
    assert "Ancienne structure" not in client.get(reverse("members:directory")).text


def test_coordinators_edit_any_organisation_of_their_territory(client, coordinator_gp, guadeloupe):
    organisation = OrganisationFactory(territory=guadeloupe)
    client.force_login(coordinator_gp)
    assert (
        client.get(reverse("members:organisation_edit", args=[organisation.slug])).status_code
        == 200
    )


def test_the_history_shows_who_changed_what(client, coordinator_gp, pending):
    client.force_login(coordinator_gp)
    moderate(client, pending, decision="validate")
    response = client.get(reverse("members:organisation_history", args=[pending.slug]))
    entries = response.context["entries"]
    assert entries[0].who == coordinator_gp
    assert entries[0].what == "Validation"
    assert any(change.new == "Active" for change in entries[0].changes)
    assert "En attente de validation → Active" in response.text
