import pytest
from django.core import mail
from django.urls import reverse

from members.models import Invitation, JoinRequest, Membership
from tests.members.factories import OrganisationFactory, UserFactory, member_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def organisation(territories):
    return OrganisationFactory(name="Solidarité Dominique")


def test_a_member_asks_to_join_and_the_admins_are_told(
    client, organisation, django_capture_on_commit_callbacks
):
    admin = member_of(organisation, role="admin")
    member_of(organisation, role="editor")
    applicant = UserFactory()
    client.force_login(applicant)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("members:organisation_join", args=[organisation.slug]),
            {"message": "Je suis la nouvelle trésorière."},
        )
    request = JoinRequest.objects.get()
    assert (request.user, request.status) == (applicant, "pending")
    assert [m.to for m in mail.outbox] == [[admin.email]]
    assert "Je suis la nouvelle trésorière." in mail.outbox[0].body


def test_accepting_a_request_makes_an_editor_and_tells_the_applicant(
    client, organisation, django_capture_on_commit_callbacks
):
    admin = member_of(organisation, role="admin")
    applicant = UserFactory()
    request = JoinRequest.objects.create(user=applicant, organisation=organisation)
    client.force_login(admin)
    url = reverse("members:join_request_answer", args=[organisation.slug, request.pk])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"decision": "accept"})
    assert Membership.objects.get(user=applicant).role == "editor"
    assert mail.outbox[0].to == [applicant.email]


def test_refusing_a_request_creates_no_membership(client, organisation):
    admin = member_of(organisation, role="admin")
    request = JoinRequest.objects.create(user=UserFactory(), organisation=organisation)
    client.force_login(admin)
    url = reverse("members:join_request_answer", args=[organisation.slug, request.pk])
    client.post(url, {"decision": "refuse"})
    request.refresh_from_db()
    assert request.status == "refused"
    assert not Membership.objects.filter(user=request.user).exists()


def test_an_admin_invites_someone_without_an_account_who_joins_after_signing_up(
    client, organisation, django_capture_on_commit_callbacks
):
    admin = member_of(organisation, role="admin")
    client.force_login(admin)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("members:organisation_invite", args=[organisation.slug]),
            {"email": "nouvelle@example.org", "role": "admin"},
        )
    invitation = Invitation.objects.get()
    assert mail.outbox[0].to == ["nouvelle@example.org"]
    assert f"/invitations/{invitation.token}/" in mail.outbox[0].body
    client.logout()
    url = reverse("members:invitation", args=[invitation.token])
    assert client.get(url)["Location"].startswith(reverse("account_login"))
    newcomer = UserFactory(email="nouvelle@example.org")
    client.force_login(newcomer)
    client.post(url)
    assert Membership.objects.get(user=newcomer).role == "admin"
    assert client.post(url).status_code == 200  # used: not twice
    assert Membership.objects.filter(user=newcomer).count() == 1


def test_an_organisation_always_keeps_at_least_one_admin(client, organisation):
    admin = member_of(organisation, role="admin")
    client.force_login(admin)
    membership = Membership.objects.get(user=admin)
    url = reverse("members:membership_update", args=[organisation.slug, membership.pk])
    client.post(url, {"action": "role", "role": "editor"})
    client.post(url, {"action": "remove"})
    membership.refresh_from_db()
    assert membership.role == "admin"


def test_an_admin_steps_down_once_another_admin_exists(client, organisation):
    admin = member_of(organisation, role="admin")
    editor = member_of(organisation, role="editor")
    client.force_login(admin)
    editor_membership = Membership.objects.get(user=editor)
    client.post(
        reverse("members:membership_update", args=[organisation.slug, editor_membership.pk]),
        {"action": "role", "role": "admin"},
    )
    own = Membership.objects.get(user=admin)
    response = client.post(
        reverse("members:membership_update", args=[organisation.slug, own.pk]),
        {"action": "role", "role": "editor"},
    )
    own.refresh_from_db()
    assert own.role == "editor"
    assert response["Location"] == organisation.get_absolute_url()  # no longer manages


def test_a_removed_member_loses_access_on_the_next_request(client, organisation):
    member_of(organisation, role="admin")
    editor = member_of(organisation, role="editor")
    client.force_login(editor)
    edit = reverse("members:organisation_edit", args=[organisation.slug])
    assert client.get(edit).status_code == 200
    Membership.objects.get(user=editor).delete()
    assert client.get(edit).status_code == 403


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_admins_demoting_each_other_at_once_leave_one_admin(territories):
    from concurrent.futures import ThreadPoolExecutor

    from django.db import connection

    from members.services import MembershipError, membership_set_role

    organisation = OrganisationFactory()
    member_of(organisation, role="admin")
    member_of(organisation, role="admin")
    memberships = list(Membership.objects.filter(organisation=organisation))

    def demote(membership):
        try:
            membership_set_role(membership=membership, role="editor")
        except MembershipError:
            return False
        finally:
            connection.close()
        return True

    with ThreadPoolExecutor(2) as pool:
        results = list(pool.map(demote, memberships))
    assert sorted(results) == [False, True]
    assert Membership.objects.filter(organisation=organisation, role="admin").count() == 1
