"""Enqueue work so that it is never lost and never runs for an action that was rolled back."""

from django.tasks import Task


def enqueue_with_transaction(task: Task, *args, **kwargs) -> None:
    """Enqueue `task` as part of the current transaction.

    With the database backend (production, the demo) the task row is written in the same
    transaction as the action: both are saved, or neither, and nothing runs after the commit
    that could fail and turn a saved action into an error page. (The tests' immediate backend
    runs the task at once; tests of the rollback use the database backend.)"""
    task.enqueue(*args, **kwargs)
