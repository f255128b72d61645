"""Access helpers: views fetch objects through scopes with these, so no check can be skipped.

Rules (docs/permissions.md): outside a person's reach an object does not exist (404); within
reach but without the capability, 403; an anonymous visitor is sent to log in. Moderation
pages answer 404 to anyone who may not moderate the organisation, so a coordinator never
learns of another territory's queue.
"""

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from ..models import Organisation, Territory


def object_for(request, queryset, capability: Callable | None = None, **lookup):
    """The object of `queryset` (a scope of what the person may see) matching `lookup`: 404
    when out of reach; 403 when in reach but `capability(user, object)` refuses."""
    found = get_object_or_404(queryset, **lookup)
    if capability is not None and not capability(request.user, found):
        raise PermissionDenied
    return found


def capability_required(capability: Callable):
    """Decorate a view that needs `capability(user)`: anonymous visitors log in, others
    without it get 403. The one way views ask a capability that names no object."""

    def decorator(view):
        @wraps(view)
        @login_required
        def checked(request, *args, **kwargs):
            if not capability(request.user):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return checked

    return decorator


def organisation_for(
    request, slug: str, capability: Callable | None = None, queryset=None
) -> Organisation:
    """The organisation `slug` as the person may see it, checked for `capability`."""
    queryset = (
        Organisation.objects.select_related("territory", "commune")
        if queryset is None
        else queryset
    )
    return object_for(request, queryset.visible_to(request.user), capability, slug=slug)


def organisation_to_moderate(request, slug: str) -> Organisation:
    """The organisation `slug` if the person moderates it, else 404."""
    queryset = Organisation.objects.select_related("territory", "commune")
    return object_for(request, queryset.moderated_by(request.user), slug=slug)


def territory_to_moderate(request, slug: str) -> Territory:
    """The territory `slug` if the person runs its queue, else 404."""
    return object_for(request, Territory.objects.moderated_by(request.user), slug=slug)
