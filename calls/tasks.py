"""The calls app's periodic jobs, started by the worker (settings.PERIODIC_TASKS)."""

from django.conf import settings
from django.tasks import task

from .services.alerts import call_alerts_send, digests_send
from .services.searches import unconfirmed_searches_purge


@task
def call_alerts_send_task() -> int:
    """Hourly: the emails "for each call" due (opening, 14 and 3 days before the deadline)."""
    return call_alerts_send(base_url=settings.SITE_URL.rstrip("/"))


@task
def digests_send_task() -> int:
    """Weekly: the organisations' digests and the saved searches' new results."""
    return digests_send(base_url=settings.SITE_URL.rstrip("/"))


@task
def saved_searches_purge() -> int:
    """Daily: delete the saved searches left unconfirmed for seven days (privacy: an address
    nobody confirmed is not kept)."""
    return unconfirmed_searches_purge()
