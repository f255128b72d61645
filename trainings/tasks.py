"""The trainings app's periodic jobs, started by the worker (settings.PERIODIC_TASKS)."""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.tasks import task
from django.utils import timezone

from .models import Registration
from .services import reminders_send

# Privacy page: "Training registrations and attendance: five years, for the funders' audits."
REGISTRATION_RETENTION = timedelta(days=5 * 365)


@task
def reminders_send_task() -> int:
    """Hourly: remind the confirmed participants of sessions starting within 48 hours, once."""
    return reminders_send(base_url=settings.SITE_URL.rstrip("/"))


@task
def registrations_purge() -> int:
    """Daily: delete the registrations (and attendance) of sessions ended five years ago.
    All of a session's registrations go together, so none is promoted from its waiting list."""
    cutoff = timezone.now() - REGISTRATION_RETENTION
    with transaction.atomic():
        deleted, _ = Registration.objects.filter(session__ends_at__lt=cutoff).delete()
    return deleted
