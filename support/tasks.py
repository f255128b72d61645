"""The support app's periodic job (settings.PERIODIC_TASKS: daily)."""

from django.conf import settings
from django.tasks import task

from . import services


@task
def overdue_requests_remind() -> int:
    """Remind once the requests waiting on the coordinators beyond SUPPORT_ANSWER_DAYS."""
    return services.overdue_requests_remind(base_url=settings.SITE_URL.rstrip("/"))
