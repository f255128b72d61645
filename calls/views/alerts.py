"""Alerts: members' choices per organisation, saved searches, one-click unsubscribe."""

from django.http import Http404


def _todo(*args, **kwargs):
    raise Http404


alerts = search_save = search_confirm = unsubscribe = _todo
