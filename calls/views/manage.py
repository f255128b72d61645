"""The coordinators' pages: create, edit, publish and unpublish calls, attach documents."""

from django.http import Http404


def _todo(*args, **kwargs):
    raise Http404


call_create = call_edit = call_status = document_add = document_delete = _todo
