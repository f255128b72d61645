"""The history of a record (django-simple-history): why a change was made, and by whom when no
request says it (commands, the demo)."""

from enum import StrEnum


def explain_change(instance, *, reason: StrEnum | str | None = None, by=None) -> None:
    """Mark the next save of `instance` with its reason and its author in the record's history."""
    if reason is not None:
        instance._change_reason = reason
    if by is not None:
        instance._history_user = by
