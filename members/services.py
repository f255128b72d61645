"""Workflows on people and roles."""

import logging

from django.db import transaction

from .models import RoleGrant, Territory, User
from .permissions import forget_cached_roles

logger = logging.getLogger(__name__)


class RoleError(ValueError):
    """A role request that cannot be carried out, with a message for the operator."""


def _check_territory(role: str, territory: Territory | None) -> None:
    if role == RoleGrant.Role.COORDINATOR and territory is None:
        raise RoleError("A coordinator role needs a territory (--territory).")
    if role == RoleGrant.Role.STATE and territory is not None:
        raise RoleError("State services cover both territories: give no --territory.")


@transaction.atomic
def role_grant(
    *, user: User, role: str, territory: Territory | None = None
) -> tuple[RoleGrant, bool]:
    """Give `user` a network role; returns the grant and whether it is new (idempotent)."""
    _check_territory(role, territory)
    grant, created = RoleGrant.objects.get_or_create(user=user, role=role, territory=territory)
    forget_cached_roles(user)
    if created:
        logger.info("Role %s granted to user %s (territory %s)", role, user.pk, territory)
    return grant, created


@transaction.atomic
def role_revoke(*, user: User, role: str, territory: Territory | None = None) -> int:
    """Withdraw a network role; returns how many grants were removed (0 if none was held)."""
    _check_territory(role, territory)
    deleted, _ = RoleGrant.objects.filter(user=user, role=role, territory=territory).delete()
    forget_cached_roles(user)
    if deleted:
        logger.info("Role %s revoked from user %s (territory %s)", role, user.pk, territory)
    return deleted
