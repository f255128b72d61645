"""Access helpers: views fetch organisations through these, so no check can be skipped.

Rules (shared/PERMISSIONS.md): outside a person's reach an organisation does not exist (404);
within reach but without the capability, 403. Moderation pages answer 404 to anyone who may
not moderate the organisation, so a coordinator never learns of another territory's queue.
"""

from collections.abc import Callable

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from ..models import Organisation


def organisation_for(
    request, slug: str, capability: Callable | None = None, queryset=None
) -> Organisation:
    """The organisation `slug` as the person may see it, checked for `capability`."""
    queryset = (
        Organisation.objects.select_related("territory", "commune")
        if queryset is None
        else queryset
    )
    organisation = get_object_or_404(queryset.visible_to(request.user), slug=slug)
    if capability is not None and not capability(request.user, organisation):
        raise PermissionDenied
    return organisation


def organisation_to_moderate(request, slug: str) -> Organisation:
    """The organisation `slug` if the person moderates it, else 404."""
    queryset = Organisation.objects.select_related("territory", "commune")
    organisation = queryset.moderated_by(request.user).filter(slug=slug).first()
    if organisation is None:
        raise Http404
    return organisation


def base_url(request) -> str:
    """The portal's address as the visitor reached it, for links in emails."""
    return request.build_absolute_uri("/").rstrip("/")
