from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import IntegrityError
from django.urls import reverse
from django.utils import timezone

from tests.members.factories import OrganisationFactory, member_of
from tests.trainings.factories import RegistrationFactory, SessionFactory, TrainingFactory
from trainings.models import Registration
from trainings.services import (
    RegistrationError,
    attendance_mark,
    registration_approve,
    registration_cancel,
    registration_create,
    reminders_send,
)

pytestmark = pytest.mark.django_db
Status = Registration.Status


@pytest.fixture
def organisation(territories):
    return OrganisationFactory()


def register(session, organisation, n=1):
    return [
        registration_create(
            session=session, user=member_of(organisation), organisation=organisation
        )
        for _ in range(n)
    ]


def test_seats_are_confirmed_then_people_wait_in_order(organisation):
    session = SessionFactory(capacity=2)
    registrations = register(session, organisation, 4)
    assert [r.status for r in registrations] == [
        Status.CONFIRMED,
        Status.CONFIRMED,
        Status.WAITLISTED,
        Status.WAITLISTED,
    ]


def test_a_cancellation_promotes_the_first_waitlisted_and_tells_them(
    organisation, django_capture_on_commit_callbacks
):
    session = SessionFactory(capacity=1)
    first, second, third = register(session, organisation, 3)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        promoted = registration_cancel(registration=first, by=first.user)
    assert promoted == second
    second.refresh_from_db()
    third.refresh_from_db()
    assert (second.status, third.status) == (Status.CONFIRMED, Status.WAITLISTED)
    assert [m.to for m in mail.outbox] == [[second.user.email]]
    assert mail.outbox[0].attachments[0][0] == f"session-{session.pk}.ics"


def test_the_confirmation_email_carries_the_sessions_ics(
    organisation, django_capture_on_commit_callbacks
):
    session = SessionFactory(online_url="https://visio.example/salle-1")
    with django_capture_on_commit_callbacks(execute=True):
        (registration,) = register(session, organisation)
    message = mail.outbox[0]
    assert message.to == [registration.user.email]
    _name, content, mimetype = message.attachments[0]
    assert mimetype == "text/calendar"
    assert "BEGIN:VEVENT" in str(content)
    assert "https://visio.example/salle-1" in message.body


def test_one_active_registration_per_person_and_session(organisation):
    session = SessionFactory()
    (registration,) = register(session, organisation)
    with pytest.raises(RegistrationError):
        registration_create(session=session, user=registration.user, organisation=organisation)
    with pytest.raises(IntegrityError):
        Registration.objects.create(
            session=session, user=registration.user, organisation=organisation, status="waitlisted"
        )


def test_a_person_registers_again_after_cancelling(organisation):
    session = SessionFactory()
    (registration,) = register(session, organisation)
    registration_cancel(registration=registration, by=registration.user)
    again = registration_create(session=session, user=registration.user, organisation=organisation)
    assert again.status == Status.CONFIRMED


def test_registrations_close_at_the_deadline(organisation):
    session = SessionFactory(registration_deadline=timezone.now() - timedelta(minutes=1))
    with pytest.raises(RegistrationError, match="closes"):
        register(session, organisation)


def test_participants_cancel_until_the_deadline_coordinators_after(organisation, coordinator_gp):
    session = SessionFactory()
    (registration,) = register(session, organisation)
    session.registration_deadline = timezone.now() - timedelta(minutes=1)
    session.save()
    with pytest.raises(RegistrationError, match="date limite"):
        registration_cancel(registration=registration, by=registration.user)
    registration_cancel(registration=registration, by=coordinator_gp)
    registration.refresh_from_db()
    assert registration.status == Status.CANCELLED


def test_the_other_territory_registers_only_when_the_training_is_open_to_it(martinique):
    organisation = OrganisationFactory(territory=martinique)
    closed = SessionFactory()
    with pytest.raises(RegistrationError, match="réservée"):
        register(closed, organisation)
    open_session = SessionFactory(training=TrainingFactory(open_to_other_territory=True))
    assert register(open_session, organisation)[0].status == Status.CONFIRMED


def test_approval_confirms_while_seats_remain(organisation):
    session = SessionFactory(capacity=1, training=TrainingFactory(requires_approval=True))
    first, second = register(session, organisation, 2)
    assert first.status == second.status == Status.PENDING
    assert registration_approve(registration=first).status == Status.CONFIRMED
    assert registration_approve(registration=second).status == Status.WAITLISTED


def test_attendance_is_marked_once_the_session_started(organisation):
    session = SessionFactory(capacity=3)
    present, absent = register(session, organisation, 2)
    with pytest.raises(RegistrationError):
        attendance_mark(session=session, attended={present.pk})
    session.starts_at = timezone.now() - timedelta(hours=1)
    session.registration_deadline = session.starts_at - timedelta(days=1)
    session.save()
    attendance_mark(session=session, attended={present.pk})
    present.refresh_from_db()
    absent.refresh_from_db()
    assert (present.status, absent.status) == (Status.ATTENDED, Status.ABSENT)


def test_reminders_go_once_to_confirmed_participants_of_sessions_within_48_hours(organisation):
    soon = SessionFactory(
        starts_at=timezone.now() + timedelta(hours=30),
        ends_at=timezone.now() + timedelta(hours=33),
        registration_deadline=timezone.now() - timedelta(hours=1),
    )
    later = SessionFactory()
    confirmed = RegistrationFactory(session=soon, organisation=organisation)
    RegistrationFactory(session=soon, organisation=organisation, status=Status.WAITLISTED)
    RegistrationFactory(session=later, organisation=organisation)
    assert reminders_send(base_url="https://portal.example") == 1
    assert [m.to for m in mail.outbox] == [[confirmed.user.email]]
    assert reminders_send(base_url="https://portal.example") == 0
    call_command("send_training_reminders", "--base-url", "https://portal.example")
    assert len(mail.outbox) == 1


def test_the_organisations_training_history_shows_to_its_members_only(client, organisation):
    registration = RegistrationFactory(organisation=organisation, status=Status.ATTENDED)
    title = registration.session.training.title
    assert title not in client.get(organisation.get_absolute_url()).text
    client.force_login(member_of(organisation))
    assert title in client.get(organisation.get_absolute_url()).text


def test_coordinators_email_a_sessions_registrants(client, organisation, coordinator_gp):
    session = SessionFactory()
    register(session, organisation, 2)
    mail.outbox.clear()  # their confirmations
    client.force_login(coordinator_gp)
    client.post(
        reverse("trainings:registrants", args=[session.pk]),
        {"action": "email", "subject": "Changement de salle", "message": "Salle B, 2e étage."},
    )
    assert len(mail.outbox) == 2
    assert all("Salle B" in m.body for m in mail.outbox)


def test_the_attendance_csv_opens_with_the_csv_module(client, organisation, coordinator_gp):
    import csv
    import io

    session = SessionFactory()
    register(session, organisation, 3)
    client.force_login(coordinator_gp)
    response = client.get(reverse("trainings:attendance_csv", args=[session.pk]))
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert len(rows) == 4
    assert rows[1][2] == organisation.name
