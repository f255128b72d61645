"""Seat rules: whatever frees a seat gives it to the first person waiting, in order of
registration and in the same transaction; approvals and promotions ahead of the queue keep
confirmed seats within the capacity. (The edit page and a training's cancellation:
test_training_forms.py.)"""

from datetime import timedelta
from types import SimpleNamespace

import lxml.html
import pytest
from django.core import mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from background.models import OutgoingEmail
from members.personal_data import account_delete
from tests.conftest import run_worker
from tests.members.factories import OrganisationFactory, member_of
from tests.trainings.factories import RegistrationFactory, SessionFactory, TrainingFactory
from trainings.models import Registration, Session
from trainings.services import (
    RegistrationError,
    registration_approve,
    registration_cancel,
    registration_promote,
)

pytestmark = pytest.mark.django_db
Status = Registration.Status


def registration(session, status, *, days_ago=1):
    """A registration on behalf of the person's own organisation, registered `days_ago`."""
    organisation = OrganisationFactory()
    made = RegistrationFactory(
        session=session, user=member_of(organisation), organisation=organisation, status=status
    )
    # created_at is auto_now_add: the order of registration is set afterwards.
    Registration.objects.filter(pk=made.pk).update(
        created_at=timezone.now() - timedelta(days=days_ago)
    )
    made.refresh_from_db()
    return made


def full_queue(session):
    """One seat taken, two people waiting. The first registered earlier but their row was
    written last: the queue follows the order of registration, not the order of the rows."""
    seated = registration(session, Status.CONFIRMED, days_ago=5)
    second = registration(session, Status.WAITLISTED, days_ago=2)
    first = registration(session, Status.WAITLISTED, days_ago=3)
    return SimpleNamespace(session=session, seated=seated, first=first, second=second)


@pytest.fixture
def queue(territories):
    return full_queue(SessionFactory(capacity=1))


@pytest.fixture
def ended_queue(territories):
    start = timezone.now() - timedelta(days=2)
    return full_queue(
        SessionFactory(
            capacity=1,
            starts_at=start,
            ends_at=start + timedelta(hours=3),
            registration_deadline=start - timedelta(days=2),
        )
    )


def status_of(registration):
    return Registration.objects.get(pk=registration.pk).status


def recipients():
    return [address for message in mail.outbox for address in message.to]


def raise_capacity_in_edit_form(q, coordinator, client):
    """The coordinator raises the capacity by one on the training's edit page."""
    client.force_login(coordinator)
    url = reverse("trainings:training_edit", args=[q.session.training.slug])
    page = lxml.html.fromstring(client.get(url).content)
    form = next(f for f in page.forms if "record-form" in (f.get("class") or "").split())
    data = {}
    for name, value in form.form_values():
        data.setdefault(name, []).append(value)
    row = next(
        k[: -len("-id")] for k, v in data.items() if k.endswith("-id") and v == [str(q.session.pk)]
    )
    data[f"{row}-capacity"] = [str(q.session.capacity + 1)]
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()


SEAT_FREED = {
    "cancelled by the participant": lambda q, coordinator, client: registration_cancel(
        registration=q.seated, by=q.seated.user
    ),
    "cancelled by a coordinator": lambda q, coordinator, client: registration_cancel(
        registration=q.seated, by=coordinator
    ),
    "account deleted by its owner": lambda q, coordinator, client: account_delete(
        user=q.seated.user
    ),
    "user deleted (as from the admin)": lambda q, coordinator, client: q.seated.user.delete(),
    "organisation deleted": lambda q, coordinator, client: q.seated.organisation.delete(),
    "registration deleted": lambda q, coordinator, client: q.seated.delete(),
}
EVERY_PATH = {**SEAT_FREED, "capacity raised in the edit form": raise_capacity_in_edit_form}


@pytest.mark.parametrize("path", EVERY_PATH.values(), ids=list(EVERY_PATH))
def test_every_path_that_frees_a_seat_gives_it_to_the_first_person_waiting_and_tells_them(
    queue, coordinator_gp, client, path, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        path(queue, coordinator_gp, client)
    assert status_of(queue.first) == Status.CONFIRMED
    assert status_of(queue.second) == Status.WAITLISTED
    session = Session.objects.get(pk=queue.session.pk)
    assert session.seats_taken() == session.capacity
    assert recipients().count(queue.first.user.email) == 1
    assert queue.second.user.email not in recipients()


def test_a_coordinators_cancellation_also_tells_the_cancelled_participant(
    queue, coordinator_gp, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        promoted = registration_cancel(registration=queue.seated, by=coordinator_gp)
    assert promoted == queue.first
    assert sorted(recipients()) == sorted([queue.seated.user.email, queue.first.user.email])
    cancelled = Registration.objects.get(pk=queue.seated.pk)
    assert cancelled.status == Status.CANCELLED
    assert cancelled.cancelled_at is not None


def test_deleting_an_account_gives_its_seat_to_the_first_person_waiting(
    queue, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        account_delete(user=queue.seated.user)
    assert not Registration.objects.filter(pk=queue.seated.pk).exists()
    assert status_of(queue.first) == Status.CONFIRMED
    assert [m.to for m in mail.outbox] == [[queue.first.user.email]]


class Rollback(Exception):
    pass


def free_a_seat_then_roll_back(path, q, coordinator, client):
    with transaction.atomic():
        path(q, coordinator, client)
        # Already promoted, before the transaction ends.
        assert status_of(q.first) == Status.CONFIRMED
        raise Rollback


@pytest.mark.parametrize("path", SEAT_FREED.values(), ids=list(SEAT_FREED))
def test_the_promotion_happens_in_the_transaction_that_frees_the_seat_and_rolls_back_with_it(
    database_tasks, queue, coordinator_gp, client, path
):
    seated = queue.seated.pk  # a deleted instance forgets its key
    with pytest.raises(Rollback):
        free_a_seat_then_roll_back(path, queue, coordinator_gp, client)
    assert Registration.objects.get(pk=seated).status == Status.CONFIRMED
    assert status_of(queue.first) == Status.WAITLISTED
    # The promotion's email was queued in the same transaction: rolled back with it.
    assert not OutgoingEmail.objects.exists()
    run_worker()
    assert mail.outbox == []


def test_people_registered_at_the_same_moment_wait_in_the_order_of_their_rows(
    territories, django_capture_on_commit_callbacks
):
    session = SessionFactory(capacity=1)
    seated = registration(session, Status.CONFIRMED, days_ago=2)
    first = registration(session, Status.WAITLISTED)
    second = registration(session, Status.WAITLISTED)
    Registration.objects.filter(pk=second.pk).update(created_at=first.created_at)
    with django_capture_on_commit_callbacks(execute=True):
        promoted = registration_cancel(registration=seated, by=seated.user)
    assert promoted == first
    assert (status_of(first), status_of(second)) == (Status.CONFIRMED, Status.WAITLISTED)


@pytest.mark.parametrize("status", [Status.WAITLISTED, Status.PENDING])
@pytest.mark.parametrize(
    "delete",
    [
        lambda r: r.delete(),
        lambda r: r.user.delete(),
        lambda r: account_delete(user=r.user),
        lambda r: r.organisation.delete(),
    ],
    ids=["registration", "user", "account", "organisation"],
)
def test_deleting_a_registration_without_a_seat_promotes_nobody(
    queue, status, delete, django_capture_on_commit_callbacks
):
    gone = registration(queue.session, status, days_ago=4)
    pk = gone.pk
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        delete(gone)
    assert not Registration.objects.filter(pk=pk).exists()
    assert status_of(queue.seated) == Status.CONFIRMED
    assert (status_of(queue.first), status_of(queue.second)) == (Status.WAITLISTED,) * 2
    assert mail.outbox == []


@pytest.mark.parametrize(
    "path",
    [v for k, v in EVERY_PATH.items() if k != "cancelled by the participant"],
    ids=[k for k in EVERY_PATH if k != "cancelled by the participant"],
)
def test_a_session_that_has_already_ended_promotes_nobody(
    ended_queue, coordinator_gp, client, path, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        path(ended_queue, coordinator_gp, client)
    session = Session.objects.get(pk=ended_queue.session.pk)
    assert session.seats_taken() < session.capacity  # a seat is free, and stays free
    assert status_of(ended_queue.first) == Status.WAITLISTED
    assert status_of(ended_queue.second) == Status.WAITLISTED
    assert ended_queue.first.user.email not in recipients()


# Approval ---------------------------------------------------------------------------------


@pytest.fixture
def approval_session(territories):
    return SessionFactory(capacity=1, training=TrainingFactory(requires_approval=True))


def test_approving_on_a_full_session_puts_the_person_on_the_waiting_list(approval_session):
    registration(approval_session, Status.CONFIRMED)
    pending = registration(approval_session, Status.PENDING)
    assert registration_approve(registration=pending).status == Status.WAITLISTED
    assert status_of(pending) == Status.WAITLISTED
    assert approval_session.seats_taken() == 1


def test_approving_while_seats_remain_confirms(approval_session):
    pending = registration(approval_session, Status.PENDING)
    assert registration_approve(registration=pending).status == Status.CONFIRMED
    assert status_of(pending) == Status.CONFIRMED


def test_the_registrants_page_says_an_approval_on_a_full_session_went_to_the_waiting_list(
    approval_session, coordinator_gp, client, django_capture_on_commit_callbacks
):
    registration(approval_session, Status.CONFIRMED)
    pending = registration(approval_session, Status.PENDING)
    client.force_login(coordinator_gp)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("trainings:registrants", args=[approval_session.pk]),
            {"action": "approve", "registration": pending.pk},
            follow=True,
        )
    assert response.redirect_chain[-1][1] == 302
    assert status_of(pending) == Status.WAITLISTED
    assert "est sur liste d’attente et en a été informé·e" in response.text
    assert "a une place et en a été informé·e" not in response.text
    assert [m.to for m in mail.outbox] == [[pending.user.email]]
    assert "Sur liste d’attente" in mail.outbox[0].subject


# Promotion ahead of the queue -------------------------------------------------------------


def test_a_coordinator_promotes_a_waiting_person_ahead_of_the_queue_adding_a_seat(
    queue, coordinator_gp, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        session = registration_promote(
            registration=queue.second, by=coordinator_gp, reason="  Intervenante du module 2  "
        )
    assert session.capacity == 2
    assert Session.objects.get(pk=queue.session.pk).capacity == 2
    promoted = Registration.objects.get(pk=queue.second.pk)
    assert promoted.status == Status.CONFIRMED
    assert promoted.promoted_by == coordinator_gp
    assert promoted.promoted_at is not None
    assert promoted.promotion_reason == "Intervenante du module 2"
    assert status_of(queue.first) == Status.WAITLISTED
    assert [m.to for m in mail.outbox] == [[queue.second.user.email]]
    assert "Une place vous est attribuée" in mail.outbox[0].subject


def test_promoting_into_a_free_seat_keeps_the_capacity(territories, coordinator_gp):
    session = SessionFactory(capacity=2)
    registration(session, Status.CONFIRMED)
    waiting = registration(session, Status.WAITLISTED)
    assert (
        registration_promote(registration=waiting, by=coordinator_gp, reason="Élue").capacity == 2
    )
    assert status_of(waiting) == Status.CONFIRMED


def test_a_promotion_needs_a_reason(queue, coordinator_gp):
    with pytest.raises(RegistrationError):
        registration_promote(registration=queue.second, by=coordinator_gp, reason="   ")
    assert status_of(queue.second) == Status.WAITLISTED
    assert Session.objects.get(pk=queue.session.pk).capacity == 1


@pytest.mark.parametrize("status", [Status.CONFIRMED, Status.PENDING, Status.CANCELLED])
def test_only_people_on_the_waiting_list_can_be_promoted(territories, coordinator_gp, status):
    session = SessionFactory(capacity=1)
    other = registration(session, status)
    with pytest.raises(RegistrationError):
        registration_promote(registration=other, by=coordinator_gp, reason="Élu local")
    assert status_of(other) == status
    assert Session.objects.get(pk=session.pk).capacity == 1


def test_the_registrants_page_promotes_with_a_reason(
    queue, coordinator_gp, client, django_capture_on_commit_callbacks
):
    client.force_login(coordinator_gp)
    pk = queue.second.pk
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("trainings:registrants", args=[queue.session.pk]),
            {"action": "promote", "registration": pk, f"promote-{pk}-reason": "Interprète"},
            follow=True,
        )
    assert response.redirect_chain[-1][1] == 302
    assert "a une place et en a été informé·e" in response.text
    assert "sa capacité est désormais de 2" in response.text
    promoted = Registration.objects.get(pk=pk)
    assert (promoted.status, promoted.promotion_reason) == (Status.CONFIRMED, "Interprète")
    assert [m.to for m in mail.outbox] == [[queue.second.user.email]]


def test_the_registrants_page_refuses_a_promotion_without_a_reason(
    queue, coordinator_gp, client, django_capture_on_commit_callbacks
):
    client.force_login(coordinator_gp)
    pk = queue.second.pk
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("trainings:registrants", args=[queue.session.pk]),
            {"action": "promote", "registration": pk, f"promote-{pk}-reason": ""},
            follow=True,
        )
    assert "Indiquez pourquoi cette personne passe devant la liste d’attente." in response.text
    assert status_of(queue.second) == Status.WAITLISTED
    assert Registration.objects.get(pk=pk).promoted_at is None
    assert Session.objects.get(pk=queue.session.pk).capacity == 1
    assert mail.outbox == []
