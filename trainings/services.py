"""Registrations, waiting lists, attendance and reminders.

Capacity is protected by locking the session row (SELECT … FOR UPDATE) for the length of each
change of seats, so concurrent registrations and cancellations are serialised per session.
"""

import logging
from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from members.emails import send_notification
from members.models import Organisation, User

from .ics import calendar_of
from .models import Registration, Session

logger = logging.getLogger(__name__)
Status = Registration.Status


class RegistrationError(ValueError):
    """A registration that cannot be made or changed (message translated)."""


def _locked(session: Session) -> Session:
    return (
        Session.objects.select_for_update().select_related("training__territory").get(pk=session.pk)
    )


def _seats_taken(session: Session) -> int:
    return session.registrations.filter(status__in=Registration.HOLDS_A_SEAT).count()


def _ics_attachment(session: Session, registration: Registration, base_url: str):
    links = {session.pk} if registration.status == Status.CONFIRMED else set()
    data = calendar_of([session], name=session.training.title, base_url=base_url, links_for=links)
    return (f"session-{session.pk}.ics", data, "text/calendar")


def _notify(registration: Registration, template: str, base_url: str) -> None:
    session = registration.session
    transaction.on_commit(
        lambda: send_notification(
            template=f"trainings/email/{template}",
            recipients=[registration.user],
            context={"registration": registration, "session": session},
            base_url=base_url,
            attachments=[_ics_attachment(session, registration, base_url)]
            if registration.status == Status.CONFIRMED
            else [],
        )
    )


@transaction.atomic
def registration_create(
    *, session: Session, user: User, organisation: Organisation, base_url: str = ""
) -> Registration:
    """Register `user` for `session` on behalf of `organisation`.

    Confirmed while seats remain, waitlisted after; awaiting approval when the training asks
    for it. Emails the participant (with the session's .ics once confirmed).
    """
    session = _locked(session)
    if not session.registration_open():
        raise RegistrationError(_("Registrations for this session are closed."))
    if not session.training.accepts_members_of(organisation):
        raise RegistrationError(_("This training is reserved for its territory's members."))
    if session.registrations.active().filter(user=user).exists():
        raise RegistrationError(_("You are already registered for this session."))
    if session.training.requires_approval:
        status = Status.PENDING
    elif _seats_taken(session) < session.capacity:
        status = Status.CONFIRMED
    else:
        status = Status.WAITLISTED
    registration = Registration.objects.create(
        session=session, user=user, organisation=organisation, status=status
    )
    _notify(registration, "registered", base_url)
    return registration


def _promote_waitlisted(session: Session, base_url: str) -> Registration | None:
    """Give a freed seat to the first person waiting (in order of registration)."""
    if _seats_taken(session) >= session.capacity:
        return None
    first = (
        session.registrations.filter(status=Status.WAITLISTED).order_by("created_at", "pk").first()
    )
    if first is None:
        return None
    first.status = Status.CONFIRMED
    first.save(update_fields=["status"])
    _notify(first, "promoted", base_url)
    return first


@transaction.atomic
def registration_cancel(
    *, registration: Registration, by: User, base_url: str = ""
) -> Registration | None:
    """Cancel a registration; a freed seat goes to the first waitlisted person, in the same
    transaction. Participants cancel until the deadline, coordinators at any time.
    Returns the promoted registration, if any."""
    session = _locked(registration.session)
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if registration.status == Status.CANCELLED:
        raise RegistrationError(_("This registration is already cancelled."))
    if by.pk == registration.user_id and timezone.now() > session.registration_deadline:
        raise RegistrationError(_("The deadline has passed: ask the coordinators."))
    registration.status = Status.CANCELLED
    registration.cancelled_at = timezone.now()
    registration.save(update_fields=["status", "cancelled_at"])
    return _promote_waitlisted(session, base_url)


@transaction.atomic
def registration_approve(*, registration: Registration, base_url: str = "") -> Registration:
    """Approving confirms while seats remain, and waitlists after."""
    session = _locked(registration.session)
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if registration.status != Status.PENDING:
        raise RegistrationError(_("This registration is not awaiting approval."))
    seats = _seats_taken(session) < session.capacity
    registration.status = Status.CONFIRMED if seats else Status.WAITLISTED
    registration.save(update_fields=["status"])
    _notify(registration, "approved", base_url)
    return registration


def attendance_mark(*, session: Session, attended: set[int]) -> int:
    """After the session starts, confirmed participants are marked attended or absent."""
    if timezone.now() < session.starts_at:
        raise RegistrationError(_("Attendance is marked once the session has started."))
    seated = session.registrations.filter(status__in=Registration.HOLDS_A_SEAT)
    present = seated.filter(pk__in=attended).update(status=Status.ATTENDED)
    seated.exclude(pk__in=attended).update(status=Status.ABSENT)
    return present


def session_email_registrants(
    *, session: Session, subject: str, message: str, include_waitlist: bool, base_url: str = ""
) -> int:
    statuses = [Status.CONFIRMED, Status.PENDING] + (
        [Status.WAITLISTED] if include_waitlist else []
    )
    recipients = [
        r.user for r in session.registrations.filter(status__in=statuses).select_related("user")
    ]
    return send_notification(
        template="trainings/email/message",
        recipients=recipients,
        context={"session": session, "subject": subject, "message": message},
        base_url=base_url,
    )


REMINDER_WINDOW = timedelta(hours=48)


def reminders_send(*, base_url: str, now=None) -> int:
    """Email confirmed participants of sessions starting within 48 hours, once each."""
    now = now or timezone.now()
    due = Registration.objects.filter(
        status=Status.CONFIRMED,
        reminder_sent_at__isnull=True,
        session__starts_at__gt=now,
        session__starts_at__lte=now + REMINDER_WINDOW,
        session__training__status="published",
    ).select_related("user", "session__training__territory", "session__commune")
    sent = 0
    for registration in due:
        # Claim the reminder first, so that two concurrent runs never send it twice.
        claimed = Registration.objects.filter(
            pk=registration.pk, reminder_sent_at__isnull=True
        ).update(reminder_sent_at=now)
        if not claimed:
            continue
        sent += send_notification(
            template="trainings/email/reminder",
            recipients=[registration.user],
            context={"registration": registration, "session": registration.session},
            base_url=base_url,
            attachments=[_ics_attachment(registration.session, registration, base_url)],
        )
    return sent
