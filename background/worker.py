"""The worker run inside another process: `manage.py demo` serves the portal and runs its
tasks with one command."""

import threading

from django_tasks_db.management.commands.db_worker import Worker

from background.tasks import tick_ensure


def worker_start_in_thread() -> threading.Thread:
    """Start a worker (scheduler included) in a daemon thread of this process; it stops with
    the process. Production runs `manage.py worker` as its own service instead."""
    tick_ensure()
    worker = Worker(
        queue_names=["default"],
        interval=1,
        batch=False,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="in-process",
        excluded_queue_names=[],
    )
    thread = threading.Thread(target=worker.run, name="background-worker", daemon=True)
    thread.start()
    return thread
