"""The workflows of advisory support: asking, following up, the thread, appointments and the
reminders. Each one records its step and queues its emails (members.emails, through the task
queue) in the caller's transaction.

Business rules (see support.models for the waiting rule):
- a new request is emailed to its territory's coordinators;
- the organisation's people are emailed of a status change, a coordinator's message and an
  appointment, never of an internal note; the coordinators following a request (its assignee,
  or else all of its territory's) of the organisation's messages;
- a request waiting on the coordinators beyond the answer delay is reminded once per waiting
  spell, to its assignee or else to the territory's coordinators.
"""

from datetime import datetime

from django.db import transaction
from django.utils import timezone

from members import acting
from members.emails import send_notification
from members.models import Membership, Organisation, User

from .enums import ENDED_STATUSES, Mode, Outcome, Status, Topic
from .ics import appointment_calendar
from .models import Appointment, Message, StatusChange, SupportRequest

EMAILS = "support/email"


def _organisation_people(request: SupportRequest):
    return User.objects.filter(
        is_active=True,
        pk__in=Membership.objects.filter(organisation=request.organisation_id).values("user"),
    )


def _followers(request: SupportRequest):
    """Who hears of the organisation's side: the assignee, or else every coordinator."""
    assignee = request.assignee
    if assignee is not None and assignee.is_active:
        return [assignee]
    return list(acting.coordinators_of(request.organisation.territory))


def _notify(
    template: str, recipients, request: SupportRequest, base_url: str, attachments=(), **context
) -> int:
    return send_notification(
        template=f"{EMAILS}/{template}",
        recipients=recipients,
        context={"support_request": request, "organisation": request.organisation, **context},
        base_url=base_url,
        attachments=attachments,
    )


@transaction.atomic
def request_create(
    *,
    organisation: Organisation,
    by: User,
    topic: Topic,
    description: str,
    preferred_mode: Mode,
    project=None,
    call=None,
    needed_by=None,
    base_url: str,
) -> SupportRequest:
    now = timezone.now()
    request = SupportRequest.objects.create(
        organisation=organisation,
        requested_by=by,
        topic=topic,
        description=description,
        preferred_mode=preferred_mode,
        project=project,
        call=call,
        needed_by=needed_by,
        created_at=now,
        awaiting_since=now,
    )
    StatusChange.objects.create(request=request, status=Status.NEW, by=by, created_at=now)
    _notify("request_new", acting.coordinators_of(organisation.territory), request, base_url)
    return request


def _locked(request: SupportRequest) -> SupportRequest:
    """The request read afresh under a row lock: two coordinators acting at once see each
    other's step (PostgreSQL; SQLite serialises writers anyway)."""
    # Locked alone: FOR UPDATE cannot apply to the nullable side of the assignee's join.
    SupportRequest.objects.select_for_update().filter(pk=request.pk).values_list("pk").get()
    return SupportRequest.objects.select_related("organisation__territory", "assignee").get(
        pk=request.pk
    )


def _step(
    request: SupportRequest,
    *,
    status: Status,
    by: User,
    now: datetime,
    outcome: Outcome | str = "",
    assigned: bool = False,
) -> None:
    """Record the step on the request and in its timeline (saved by the caller); an
    assignment's step names the assignee."""
    request.status = status
    request.outcome = outcome if status == Status.CLOSED else ""
    ended = status in ENDED_STATUSES
    request.ended_at = now if ended else None
    if ended or status == Status.WAITING:
        request.awaiting_since = None
    StatusChange.objects.create(
        request=request,
        status=status,
        outcome=request.outcome,
        assignee=request.assignee if assigned else None,
        by=by,
        created_at=now,
    )


@transaction.atomic
def request_assign(
    *, request: SupportRequest, assignee: User, by: User, base_url: str
) -> SupportRequest:
    """Take (assignee = by) or assign the request: it becomes "assigned" if it was new."""
    request = _locked(request)
    now = timezone.now()
    request.assignee = assignee
    status = Status.ASSIGNED if request.status == Status.NEW else Status(request.status)
    _step(request, status=status, by=by, now=now, assigned=True)
    request.save()
    if assignee != by and assignee.is_active:
        _notify("request_assigned", [assignee], request, base_url, by=by)
    if status == Status.ASSIGNED:
        _notify("request_status", _organisation_people(request), request, base_url)
    return request


@transaction.atomic
def request_status_set(
    *,
    request: SupportRequest,
    status: Status,
    by: User,
    outcome: Outcome | str = "",
    base_url: str,
) -> SupportRequest:
    """A coordinator moves the request on (in progress, waiting for the organisation, closed
    with its outcome, or back to the follow-up), or the organisation withdraws it."""
    if status == Status.CLOSED and not outcome:
        raise ValueError("A closed request needs its outcome.")
    request = _locked(request)
    if status == request.status and outcome == request.outcome:
        return request
    now = timezone.now()
    if status == Status.IN_PROGRESS and request.status in ENDED_STATUSES:
        # Reopened: it waits on the coordinators again.
        request.awaiting_since = now
        request.reminded_at = None
    _step(request, status=status, by=by, now=now, outcome=outcome)
    request.save()
    _notify("request_status", _organisation_people(request).exclude(pk=by.pk), request, base_url)
    if status == Status.WITHDRAWN:
        _notify("request_withdrawn", _followers(request), request, base_url)
    return request


@transaction.atomic
def message_post(
    *,
    request: SupportRequest,
    author: User,
    body: str,
    from_coordinators: bool,
    internal: bool = False,
    minutes_spent: int | None = None,
    base_url: str,
) -> Message:
    """A message of the thread, or an internal note (coordinators only).

    A coordinator's message the organisation sees answers it: the first one is the request's
    first answer, and the request stops waiting on the coordinators. The organisation's
    message makes it wait on them again (from then, if nobody answered since) and brings a
    request "waiting for the organisation" back into progress."""
    if internal and not from_coordinators:
        raise ValueError("Only the coordinators write internal notes.")
    request = _locked(request)
    now = timezone.now()
    message = Message.objects.create(
        request=request,
        author=author,
        body=body,
        internal=internal,
        from_coordinators=from_coordinators,
        minutes_spent=minutes_spent if from_coordinators else None,
        created_at=now,
    )
    if internal:
        return message
    if from_coordinators:
        request.first_answer_at = request.first_answer_at or now
        request.awaiting_since = None
        request.reminded_at = None
        request.save(update_fields=["first_answer_at", "awaiting_since", "reminded_at"])
        _notify("message_new", _organisation_people(request), request, base_url, message=message)
        return message
    if request.awaiting_since is None:
        request.awaiting_since = now
        request.reminded_at = None
    if request.status == Status.WAITING:
        _step(request, status=Status.IN_PROGRESS, by=author, now=now)
    request.save()
    _notify("message_new", _followers(request), request, base_url, message=message)
    return message


@transaction.atomic
def appointment_schedule(
    *,
    request: SupportRequest,
    by: User,
    starts_at: datetime,
    duration: int,
    mode: Mode,
    place: str = "",
    link: str = "",
    note: str = "",
    base_url: str,
) -> Appointment:
    """An appointment with the organisation, emailed to its people with its .ics file."""
    appointment = Appointment.objects.create(
        request=request,
        created_by=by,
        starts_at=starts_at,
        duration=duration,
        mode=mode,
        place=place,
        link=link,
        note=note,
    )
    calendar = appointment_calendar(appointment, base_url=base_url)
    _notify(
        "appointment_new",
        _organisation_people(request),
        request,
        base_url,
        appointment=appointment,
        attachments=[("appointment.ics", calendar, "text/calendar")],
    )
    return appointment


def overdue_requests_remind(*, base_url: str, now: datetime | None = None) -> int:
    """Daily: remind once the requests waiting on the coordinators beyond the answer delay
    (the reminder is recorded in the same transaction as its email: never twice)."""
    now = now or timezone.now()
    reminded = 0
    due = SupportRequest.objects.overdue(now).filter(reminded_at__isnull=True)
    for pk in due.values_list("pk", flat=True).order_by("pk"):
        with transaction.atomic():
            claimed = (
                SupportRequest.objects.select_for_update(skip_locked=True)
                .overdue(now)
                .filter(pk=pk, reminded_at__isnull=True)
                .values_list("pk", flat=True)
            )
            if not claimed:
                continue
            request = SupportRequest.objects.select_related(
                "organisation__territory", "assignee"
            ).get(pk=pk)
            request.reminded_at = now
            request.save(update_fields=["reminded_at"])
            _notify("request_overdue", _followers(request), request, base_url)
            reminded += 1
    return reminded
