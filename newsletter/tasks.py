"""The newsletter's tasks: an issue's batches, and the periodic jobs (settings.PERIODIC_TASKS:
`subscribers_purge` daily, `deliveries_follow_up` hourly)."""

from django.conf import settings
from django.tasks import task

from . import services


@task
def issue_batch_send(issue_id: int, delivery_ids: list[int], base_url: str) -> int:
    """Queue the emails of one batch of an issue's deliveries (services.BATCH_SIZE)."""
    return services.issue_batch_deliver(
        issue_id=issue_id, delivery_ids=delivery_ids, base_url=base_url
    )


@task
def subscribers_purge() -> int:
    """Daily: delete the subscriptions left unconfirmed for seven days (privacy: an address
    nobody confirmed is not kept; unsubscribed ones are deleted at once)."""
    return services.unconfirmed_subscribers_purge()


@task
def deliveries_follow_up() -> dict:
    """Hourly: enqueue again the batches whose task was lost, and record on the deliveries the
    outcome of their emails (sent, or failed after the queue's last attempt) before the
    queue's own log of them is purged."""
    return {
        "resumed": services.lost_batches_resume(base_url=settings.SITE_URL.rstrip("/")),
        "recorded": services.deliveries_record(),
    }
