"""Who acts as what: the only module that reads roles, memberships and two-factor enrolment.

Every capability predicate (`*/permissions.py`) and every scope (QuerySet methods such as
`visible_to`, `managed_by`) is written on top of these primitives; nothing else reads roles or
checks two-factor. The rules are in docs/permissions.md:

- coordinators, State services and site admins act only after two-factor authentication, so
  the primitives naming those roles answer False (or nothing) until the person has enrolled;
- a person acts for an organisation with the role their membership gives (admin or editor),
  whatever other role they hold, and without two-factor;
- a revoked role or membership takes effect on the very next request: look-ups are cached on
  the user object, which Django loads afresh for every request.
"""

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator

from .enums import MembershipRole, NetworkRole

_ROLES = "_rrma_roles"
_CACHES = (_ROLES, "_rrma_verified", "_rrma_two_factor", "_rrma_memberships")


def forget_cached_roles(user) -> None:
    """Drop the per-request cache after granting or revoking a role in the same request."""
    for attr in _CACHES:
        # delattr, not __dict__: request.user is a lazy proxy that forwards it to the user.
        if hasattr(user, attr):
            delattr(user, attr)


def is_active_account(user) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active)


def _grants(user) -> dict:
    cached = getattr(user, _ROLES, None)
    if cached is None:
        grants = list(user.role_grants.values_list("role", "territory_id"))
        cached = {
            "coordinated": frozenset(t for role, t in grants if role == NetworkRole.COORDINATOR),
            "state": any(role == NetworkRole.STATE for role, _t in grants),
        }
        setattr(user, _ROLES, cached)
    return cached


# What the person is, before two-factor: who must enrol, and who never writes.


def is_verified_member(user) -> bool:
    """A member is any active account whose email address has been verified."""
    if not is_active_account(user):
        return False
    if not hasattr(user, "_rrma_verified"):
        user._rrma_verified = EmailAddress.objects.filter(user=user, verified=True).exists()
    return user._rrma_verified


def has_two_factor(user) -> bool:
    """True once the person has enrolled an authenticator app (TOTP)."""
    if not is_active_account(user):
        return False
    if not hasattr(user, "_rrma_two_factor"):
        user._rrma_two_factor = Authenticator.objects.filter(
            user=user, type=Authenticator.Type.TOTP
        ).exists()
    return user._rrma_two_factor


def holds_state_role(user) -> bool:
    """State services never write anything but their own account, enrolled or not."""
    return is_active_account(user) and _grants(user)["state"]


def granted_territory_ids(user) -> frozenset[int]:
    """The territories the person is appointed to coordinate (acting or not yet)."""
    return _grants(user)["coordinated"] if is_active_account(user) else frozenset()


def holds_privileged_role(user) -> bool:
    """Coordinators, State services and site admins must use two-factor authentication."""
    if not is_active_account(user):
        return False
    return user.is_superuser or holds_state_role(user) or bool(granted_territory_ids(user))


def must_enrol_two_factor(user) -> bool:
    """A privileged person without two-factor authentication is sent to enrol on every page."""
    return holds_privileged_role(user) and not has_two_factor(user)


# Acting in a network role: after two-factor authentication.


def acts_as_site_admin(user) -> bool:
    return is_active_account(user) and user.is_superuser and has_two_factor(user)


def acts_as_state(user) -> bool:
    return holds_state_role(user) and has_two_factor(user)


def reads_both_territories(user) -> bool:
    """State services and site admins read every record of both territories."""
    return acts_as_state(user) or acts_as_site_admin(user)


def coordinated_territory_ids(user) -> frozenset[int]:
    """The territories the person coordinates, once enrolled in two-factor; empty otherwise."""
    ids = granted_territory_ids(user)
    return ids if ids and has_two_factor(user) else frozenset()


def acts_as_coordinator(user, territory_id: int | None = None) -> bool:
    """Coordinator of that territory (or of any, when none is given), after two-factor."""
    ids = coordinated_territory_ids(user)
    return bool(ids) if territory_id is None else territory_id in ids


# Acting for an organisation: its role on the person's membership (no two-factor needed).


def organisation_roles(user) -> dict[int, str]:
    """{organisation id: MembershipRole} for every organisation the person belongs to."""
    if not is_active_account(user):
        return {}
    if not hasattr(user, "_rrma_memberships"):
        user._rrma_memberships = dict(user.memberships.values_list("organisation_id", "role"))
    return user._rrma_memberships


def acts_for(user, organisation_id: int, *, as_admin: bool = False) -> bool:
    """The person belongs to that organisation (as its admin, when `as_admin`)."""
    role = organisation_roles(user).get(organisation_id)
    return role == MembershipRole.ADMIN if as_admin else role is not None


def administered_organisation_ids(user) -> set[int]:
    return {pk for pk, role in organisation_roles(user).items() if role == MembershipRole.ADMIN}


def role_grants(user):
    """The person's network roles, to describe them (their own account page)."""
    if not is_active_account(user):
        return user.role_grants.none() if user is not None and user.pk else []
    return user.role_grants.select_related("territory")


def coordinators_of(territory):
    """The people appointed to coordinate the territory (to write to them, or name them)."""
    from .models import User

    return User.objects.filter(
        is_active=True,
        role_grants__role=NetworkRole.COORDINATOR,
        role_grants__territory=territory,
    ).distinct()
