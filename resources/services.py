"""The life of a resource: added, edited (its file replaced, or exchanged for a link), deleted.

Business rules: a file is checked by its content (toolbox/uploads.py) and kept in private
storage under a random name with the extension its content gave, with its type and size; a
file replaced or removed, or the resource deleted, takes its file with it once the change is
committed (a change rolled back keeps both). Each save is one entry of the resource's history,
its themes included, saying who did it.
"""

import logging
from collections.abc import Iterable, Mapping

from django.db import transaction

from members.models import User
from toolbox.history import explain_change
from toolbox.uploads import CheckedDocument, check_document

from .models import Resource

logger = logging.getLogger(__name__)


def _stored_file_name(resource: Resource) -> str:
    if resource.pk is None:
        return ""
    return Resource.objects.filter(pk=resource.pk).values_list("file", flat=True).first() or ""


def _delete_after_commit(storage, name: str | None) -> None:
    if name:
        transaction.on_commit(lambda: storage.delete(name))


def _take_new_file(resource: Resource) -> None:
    """A file just given (not yet stored): checked (again, when it does not come from the
    form's DocumentField), its type and size kept."""
    content = resource.file.file
    if not isinstance(content, CheckedDocument):
        # Raises toolbox.documents.DocumentRefused.
        content = check_document(content)
        resource.file = content
    resource.file_type = content.document_type.mime
    resource.file_size = content.size


@transaction.atomic
def resource_save(
    *, resource: Resource, relations: Mapping[str, Iterable] | None = None, by: User
) -> Resource:
    """Add (`by` its author) or edit a resource and its themes, all or nothing: one entry in
    its history, by `by`. A new file is checked by its content (DocumentRefused otherwise); the
    file it replaces, or that a link replaces, is deleted after the commit."""
    created = resource.pk is None
    if created:
        resource.added_by = by
    previous = _stored_file_name(resource)
    # A file given (by the form, or by code) and not stored yet.
    new_file = bool(resource.file) and not getattr(resource.file, "_committed", True)
    if new_file:
        _take_new_file(resource)
    elif not resource.file:
        resource.file_type, resource.file_size = "", None
    explain_change(resource, by=by)
    # Setting the themes would write an entry of its own: the history is paused while they
    # are set, and the entry written once everything is in place (as calls' call_save).
    resource.skip_history_when_saving = True  # type: ignore[attr-defined]
    try:
        if created:
            resource.save()
        for name, values in (relations or {}).items():
            getattr(resource, name).set(values)
    finally:
        del resource.skip_history_when_saving  # type: ignore[attr-defined]
    resource.save()
    if created:
        # The row existed before its themes (they point at it): the entry written by the
        # second save, as a change, is the creation.
        resource.history.filter(history_type="~").update(history_type="+")
    if previous and previous != resource.file.name:
        _delete_after_commit(resource.file.storage, previous)
    logger.info("Resource %s %s by user %s", resource.pk, "added" if created else "saved", by.pk)
    return resource


@transaction.atomic
def resource_delete(*, resource: Resource, by: User) -> None:
    """Remove the resource (from the trainings listing it too) and its file, after the
    commit."""
    storage, name = resource.file.storage, resource.file.name or ""
    explain_change(resource, by=by)
    pk = resource.pk
    resource.delete()
    _delete_after_commit(storage, name)
    logger.info("Resource %s deleted by user %s", pk, by.pk)
