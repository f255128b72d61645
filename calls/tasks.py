"""The calls app's periodic jobs, started by the worker (settings.PERIODIC_TASKS)."""

from django.tasks import task


@task
def call_alerts_send_task() -> int:
    return 0


@task
def digests_send_task() -> int:
    return 0


@task
def saved_searches_purge() -> int:
    return 0
