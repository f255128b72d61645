"""Registrations, waiting lists, attendance, reminders, and the trainings' life cycle.

Capacity is protected by locking the session row (SELECT … FOR UPDATE) for the length of each
change of seats, so concurrent registrations and cancellations are serialised per session.

Business rule: a seat that frees up goes to the first person waiting, in the same transaction,
whatever freed it: a cancellation (by the person or the coordinators), a deleted account or
organisation (trainings.signals), or a larger capacity (training_save).
"""

import logging
from collections.abc import Iterable, Mapping
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from members.emails import send_notification
from members.models import Organisation, User
from toolbox.history import explain_change

from .enums import ChangeReason
from .ics import calendar_of
from .models import Registration, Session, Training

logger = logging.getLogger(__name__)
Status = Registration.Status


class RegistrationError(ValueError):
    """A registration that cannot be made or changed (message translated)."""


def _locked(session: Session) -> Session:
    # Only the session's row: its training and territory, read along, stay unlocked.
    return (
        Session.objects.select_for_update(of=("self",))
        .select_related("training__territory")
        .get(pk=session.pk)
    )


def _ics_attachment(session: Session, registration: Registration, base_url: str):
    links = {session.pk} if registration.status == Status.CONFIRMED else set()
    data = calendar_of([session], name=session.training.title, base_url=base_url, links_for=links)
    return (f"session-{session.pk}.ics", data, "text/calendar")


def _notify(registration: Registration, template: str, base_url: str) -> None:
    session = registration.session
    send_notification(
        template=f"trainings/email/{template}",
        recipients=[registration.user],
        context={"registration": registration, "session": session},
        base_url=base_url,
        attachments=[_ics_attachment(session, registration, base_url)]
        if registration.status == Status.CONFIRMED
        else [],
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
        raise RegistrationError(
            session.training.worded(
                _("This training is reserved for its territory's members."),
                _("This event is reserved for its territory's members."),
            )
        )
    if session.registrations.active().filter(user=user).exists():
        raise RegistrationError(_("You are already registered for this session."))
    if session.training.requires_approval:
        status = Status.PENDING
    elif session.seats_taken() < session.capacity:
        status = Status.CONFIRMED
    else:
        status = Status.WAITLISTED
    registration = Registration.objects.create(
        session=session, user=user, organisation=organisation, status=status
    )
    _notify(registration, "registered", base_url)
    return registration


def _fill_from_waiting_list(session: Session, base_url: str) -> list[Registration]:
    """Give every free seat to the people waiting, first come first served. The caller holds
    the session's lock. Sessions already over promote nobody."""
    if session.has_ended():
        return []
    free = session.capacity - session.seats_taken()
    promoted = list(session.registrations.waiting()[: max(free, 0)])
    for registration in promoted:
        registration.status = Status.CONFIRMED
        registration.save(update_fields=["status"])
        _notify(registration, "promoted", base_url)
    return promoted


def session_seats_freed(*, session_id: int, base_url: str = "") -> list[Registration]:
    """A seat may have freed up in that session (a registration went): fill it from the waiting
    list, in the caller's transaction."""
    with transaction.atomic():
        session = (
            Session.objects.select_for_update(of=("self",))
            .select_related("training__territory")
            .filter(pk=session_id)
            .first()
        )
        if session is None:  # deleted with its registrations
            return []
        return _fill_from_waiting_list(session, base_url or settings.SITE_URL)


@transaction.atomic
def registration_cancel(
    *, registration: Registration, by: User, base_url: str = ""
) -> Registration | None:
    """Cancel a registration; a freed seat goes to the first waitlisted person, in the same
    transaction. Participants cancel until the deadline, coordinators at any time (and the
    participant is then told). Returns the promoted registration, if any."""
    session = _locked(registration.session)
    registration = Registration.objects.select_for_update(of=("self",)).get(pk=registration.pk)
    if registration.status == Status.CANCELLED:
        raise RegistrationError(_("This registration is already cancelled."))
    by_participant = by.pk == registration.user_id
    if by_participant and timezone.now() > session.registration_deadline:
        raise RegistrationError(_("The deadline has passed: ask the coordinators."))
    registration.status = Status.CANCELLED
    registration.cancelled_at = timezone.now()
    registration.save(update_fields=["status", "cancelled_at"])
    if not by_participant:
        _notify(registration, "cancelled", base_url)
    promoted = _fill_from_waiting_list(session, base_url)
    return promoted[0] if promoted else None


@transaction.atomic
def registration_approve(*, registration: Registration, base_url: str = "") -> Registration:
    """Approving confirms while seats remain, and waitlists after: the caller says which
    happened (the returned registration's status)."""
    session = _locked(registration.session)
    registration = Registration.objects.select_for_update(of=("self",)).get(pk=registration.pk)
    if registration.status != Status.PENDING:
        raise RegistrationError(_("This registration is not awaiting approval."))
    seats = session.seats_taken() < session.capacity
    registration.status = Status.CONFIRMED if seats else Status.WAITLISTED
    registration.save(update_fields=["status"])
    _notify(registration, "approved", base_url)
    return registration


@transaction.atomic
def registration_promote(
    *, registration: Registration, by: User, reason: str, base_url: str = ""
) -> Session:
    """A coordinator gives a waitlisted person a seat ahead of the queue, saying why.

    Business rule: confirmed registrations never exceed the capacity, so on a full session the
    promotion adds a seat (the capacity grows by one). Returns the session, as it now is.
    """
    if not reason.strip():
        raise RegistrationError(_("Say why this person goes ahead of the waiting list."))
    session = _locked(registration.session)
    registration = Registration.objects.select_for_update(of=("self",)).get(pk=registration.pk)
    if registration.status != Status.WAITLISTED:
        raise RegistrationError(_("Only people on the waiting list can be promoted."))
    if session.seats_taken() >= session.capacity:
        session.capacity += 1
        explain_change(session, reason=ChangeReason.SEAT_ADDED)
        session.save(update_fields=["capacity"])
    registration.status = Status.CONFIRMED
    registration.promoted_by = by
    registration.promoted_at = timezone.now()
    registration.promotion_reason = reason.strip()
    registration.save(update_fields=["status", "promoted_by", "promoted_at", "promotion_reason"])
    _notify(registration, "promoted", base_url)
    logger.info(
        "Registration %s promoted by user %s ahead of the waiting list", registration.pk, by.pk
    )
    return session


class SessionsError(ValueError):
    """Saved sessions that would break a seat rule (message translated)."""


@transaction.atomic
def training_save(
    *,
    training: Training,
    relations: Mapping[str, Iterable],
    sessions: Iterable[Session] = (),
    removed_sessions: Iterable[Session] = (),
    by: User,
    base_url: str = "",
) -> list[Registration]:
    """Create or edit a training and its sessions, all or nothing. Returns the registrations
    promoted from the waiting list by seats added.

    Business rules: only a session nobody is registered for is deleted; no session holds more
    confirmed seats than its capacity; seats added go to the people waiting. Forms say so
    first; this checks again under the sessions' locks, for registrations made meanwhile, and
    raises SessionsError (nothing is saved).
    """
    training.save()
    for name, values in relations.items():
        getattr(training, name).set(values)
    for session in sessions:
        session.training = training
        session.save()
    for session in removed_sessions:
        locked = Session.objects.select_for_update(of=("self",)).get(pk=session.pk)
        if locked.registrations.active().exists():
            raise SessionsError(_("People registered for a session meanwhile: it is kept."))
        locked.delete()
    promoted = _check_seats(training, base_url)
    logger.info("Training %s saved by user %s", training.pk, by.pk)
    return promoted


def training_publish(*, training: Training, by: User) -> None:
    """A published training appears in the catalogue (an event in the events' list) and opens
    its sessions' registrations."""
    training.status = Training.Status.PUBLISHED
    training.save(update_fields=["status", "updated_at"])
    logger.info("Training %s published by user %s", training.pk, by.pk)


def _check_seats(training: Training, base_url: str) -> list[Registration]:
    promoted = []
    for session in (
        Session.objects.select_for_update(of=("self",))
        .select_related("training__territory")
        .filter(training=training)
        .order_by("pk")
    ):
        taken = session.seats_taken()
        if taken > session.capacity:
            raise SessionsError(
                _(
                    "The session of %(date)s already has %(taken)s confirmed participants: its "
                    "capacity cannot be lower."
                )
                % {
                    "date": date_format(session.local_start, "SHORT_DATETIME_FORMAT"),
                    "taken": taken,
                }
            )
        promoted += _fill_from_waiting_list(session, base_url)
    return promoted


@transaction.atomic
def training_cancel(*, training: Training, by: User, base_url: str = "") -> int:
    """Cancel a training: every registration to a coming session is cancelled and its person
    told by email. Attendance of sessions already held stays. Returns how many were cancelled.
    """
    training = Training.objects.select_for_update(of=("self",)).get(pk=training.pk)
    training.status = Training.Status.CANCELLED
    training.save(update_fields=["status", "updated_at"])
    now = timezone.now()
    cancelled = 0
    sessions = Session.objects.select_for_update(of=("self",)).select_related("training__territory")
    for session in sessions.filter(training=training, ends_at__gte=now):
        for registration in session.registrations.filter(status__in=Registration.STILL_COMING):
            registration.status = Status.CANCELLED
            registration.cancelled_at = now
            registration.save(update_fields=["status", "cancelled_at"])
            registration.session = session
            _notify(registration, "training_cancelled", base_url)
            cancelled += 1
    logger.info(
        "Training %s cancelled by user %s (%s registrations)", training.pk, by.pk, cancelled
    )
    return cancelled


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
        session__in=Session.objects.published(),
    ).select_related("user", "session__training__territory", "session__commune")
    sent = 0
    for registration in due:
        # Claimed first, so that two concurrent runs never send it twice; the claim and the
        # queued email commit together, so a run that stops halfway loses none.
        with transaction.atomic():
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
