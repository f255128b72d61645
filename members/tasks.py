"""The members app's periodic jobs, started by the worker's scheduler (settings.PERIODIC_TASKS)."""

import logging
from datetime import timedelta

from django.conf import settings
from django.db.models import Q
from django.tasks import task
from django.utils import timezone

from .models import User
from .personal_data import account_delete, organisations_needing_handover
from .services import record_confirmation_requests_send

logger = logging.getLogger(__name__)

# Privacy page: "Accounts: until you delete yours, or after three years without any login."
ACCOUNT_RETENTION = timedelta(days=3 * 365)


@task
def record_confirmation_requests_send_task() -> int:
    """Daily: ask the admins of records unconfirmed for 12 months to confirm them."""
    return record_confirmation_requests_send(base_url=settings.SITE_URL.rstrip("/"))


def dormant_accounts(now=None):
    """Accounts without any login for three years (never logged in: joined three years ago)."""
    cutoff = (now or timezone.now()) - ACCOUNT_RETENTION
    return User.objects.filter(
        Q(last_login__lt=cutoff) | Q(last_login__isnull=True, date_joined__lt=cutoff)
    )


@task
def accounts_purge() -> dict:
    """Daily: delete the accounts dormant for three years, as their owner would (history
    pseudonymised, contact entries erased). The last admin of an organisation is kept and
    counted instead: deleting them would leave the organisation with nobody to edit it; the
    yearly record confirmation asks them, and the coordinators see the organisation."""
    deleted = kept = 0
    for user in dormant_accounts():
        if user.is_superuser or organisations_needing_handover(user):
            kept += 1
            continue
        account_delete(user=user)
        deleted += 1
    if kept:
        logger.info("%s dormant account(s) kept: last admin of an organisation, or superuser", kept)
    return {"deleted": deleted, "kept": kept}
