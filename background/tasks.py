"""The worker's own tasks: delivering emails, and the scheduler that starts periodic jobs."""

import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.tasks import TaskResultStatus, task
from django.utils import timezone
from django.utils.module_loading import import_string

from background.enums import EmailStatus
from background.models import MAX_ATTEMPTS, OutgoingEmail, ScheduledRun, retry_delay

logger = logging.getLogger(__name__)


class DeliveryFailed(Exception):
    """The last attempt failed: the task is marked failed, with the error, for the admins."""


@task
def email_deliver(email_id: int) -> str:
    """Send one stored email, once.

    The row is claimed by a conditional update first, so that two workers (or a retried
    task) never send it twice. On failure the next attempt is scheduled with a doubling
    delay; after MAX_ATTEMPTS the email is marked failed and this task fails with the error."""
    now = timezone.now()
    claimed = (
        OutgoingEmail.objects.claimable(now)
        .filter(pk=email_id)
        .update(claimed_at=now, attempts=F("attempts") + 1)
    )
    if not claimed:
        return "already handled"
    email = OutgoingEmail.objects.get(pk=email_id)
    try:
        email.message().send()
    except Exception as error:
        return _record_failure(email, error)
    OutgoingEmail.objects.filter(pk=email.pk).update(
        status=EmailStatus.SENT,
        sent_at=timezone.now(),
        claimed_at=None,
        last_error="",
        body="",
        alternatives=[],
        attachments=[],
    )
    return "sent"


def _record_failure(email: OutgoingEmail, error: Exception) -> str:
    description = f"{type(error).__name__}: {error}"[:2000]
    logger.warning("Email %s not sent (attempt %s): %s", email.pk, email.attempts, description)
    if email.attempts >= MAX_ATTEMPTS:
        OutgoingEmail.objects.filter(pk=email.pk).update(
            status=EmailStatus.FAILED, claimed_at=None, last_error=description
        )
        raise DeliveryFailed(description) from error
    next_attempt = timezone.now() + retry_delay(email.attempts)
    with transaction.atomic():
        OutgoingEmail.objects.filter(pk=email.pk).update(
            claimed_at=None, last_error=description, next_attempt_at=next_attempt
        )
        if email_deliver.get_backend().supports_defer:
            email_deliver.using(run_after=next_attempt).enqueue(email.pk)
    return f"attempt {email.attempts} failed, next at {next_attempt.isoformat()}"


def email_retry(email: OutgoingEmail) -> None:
    """A site admin sends a failed (or stuck) email again: a fresh series of attempts."""
    with transaction.atomic():
        OutgoingEmail.objects.filter(pk=email.pk).exclude(status=EmailStatus.SENT).update(
            status=EmailStatus.PENDING,
            attempts=0,
            claimed_at=None,
            next_attempt_at=timezone.now(),
        )
        email_deliver.enqueue(email.pk)


# The scheduler ---------------------------------------------------------------------------

TICK = timedelta(minutes=1)


def period_of(frequency: str, now: datetime) -> str | None:
    """The period a job of this frequency is due for at `now` (local time), or None when it
    is not due yet today. "daily" jobs start from DAILY_JOBS_HOUR, local time; "weekly" ones on
    Mondays from that hour."""
    local = timezone.localtime(now)
    if frequency == "hourly":
        return local.strftime("%Y-%m-%dT%H")
    if frequency == "daily":
        if local.hour < settings.DAILY_JOBS_HOUR:
            return None
        return local.strftime("%Y-%m-%d")
    if frequency == "weekly":
        # Mondays from DAILY_JOBS_HOUR, and any later day of the week if the worker was down.
        if local.weekday() == 0 and local.hour < settings.DAILY_JOBS_HOUR:
            return None
        year, week, _day = local.isocalendar()
        return f"{year}-W{week:02d}"
    raise ValueError(f"Unknown frequency {frequency!r}")


def schedule_due(now: datetime | None = None) -> list[str]:
    """Enqueue every periodic job (settings.PERIODIC_TASKS) not yet started for its current
    period. The ScheduledRun row and the task are written in one transaction, and the row is
    unique per period: each job starts exactly once per period, even with several workers."""
    now = now or timezone.now()
    started = []
    for path, frequency in settings.PERIODIC_TASKS:
        period = period_of(frequency, now)
        if period is None or ScheduledRun.objects.filter(job=path, period=period).exists():
            continue
        try:
            with transaction.atomic():
                ScheduledRun.objects.create(job=path, period=period, started_at=now)
                import_string(path).enqueue()
        except IntegrityError:
            continue  # another worker started it first
        started.append(path)
    return started


def emails_requeue_overdue(now: datetime | None = None) -> int:
    """Enqueue again the pending emails whose task was lost (a worker killed mid-send)."""
    now = now or timezone.now()
    overdue = list(OutgoingEmail.objects.overdue(now).values_list("pk", flat=True)[:500])
    for pk in overdue:
        with transaction.atomic():
            OutgoingEmail.objects.filter(pk=pk).update(next_attempt_at=now)
            email_deliver.enqueue(pk)
    return len(overdue)


@task
def tick() -> dict:
    """Every minute, in the worker: start due periodic jobs, recover lost email deliveries,
    then come back a minute later (one tick is kept pending, whatever the number of workers)."""
    started = schedule_due()
    requeued = emails_requeue_overdue()
    tick_ensure(after=timezone.now() + TICK)
    return {"started": started, "requeued": requeued}


def tick_ensure(*, after: datetime | None = None) -> bool:
    """Enqueue a tick unless one is already waiting. Returns whether one was enqueued."""
    from django_tasks_db.models import DBTaskResult

    # Ready now or later; the running tick (the caller) is not "ready": it does not count.
    waiting = DBTaskResult.objects.filter(status=TaskResultStatus.READY, task_path=tick.module_path)
    if waiting.exists():
        return False
    (tick.using(run_after=after) if after else tick).enqueue()
    return True


@task
def logs_purge() -> dict:
    """Technical logs are kept one year (privacy page): delivered or failed emails, finished
    task results and scheduler entries older than that are deleted."""
    from django_tasks_db.models import DBTaskResult

    cutoff = timezone.now() - timedelta(days=365)
    emails, _ = (
        OutgoingEmail.objects.filter(created_at__lt=cutoff)
        .exclude(status=EmailStatus.PENDING)
        .delete()
    )
    results, _ = DBTaskResult.objects.finished().filter(finished_at__lt=cutoff).delete()
    runs, _ = ScheduledRun.objects.filter(started_at__lt=cutoff).delete()
    return {"emails": emails, "task_results": results, "scheduled_runs": runs}
