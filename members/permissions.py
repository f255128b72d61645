"""Who may do what: one named predicate per capability.

Views, templates (through the `capabilities` context processor), the admin and tests all ask
these functions, never the roles themselves, so a rule changes in one place. The product rules
are in shared/PERMISSIONS.md; the permission-matrix test encodes them.

Role look-ups are cached on the user object, which Django loads afresh for every request, so a
revoked role or membership takes effect on the very next request.
"""

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator

from .models.people import RoleGrant, Territory, User

_CACHE = "_rrma_roles"


def _roles(user) -> dict:
    cached = getattr(user, _CACHE, None)
    if cached is None:
        grants = list(user.role_grants.values_list("role", "territory_id"))
        cached = {
            "coordinated": frozenset(t for role, t in grants if role == RoleGrant.Role.COORDINATOR),
            "state": any(role == RoleGrant.Role.STATE for role, _t in grants),
        }
        setattr(user, _CACHE, cached)
    return cached


def _active(user) -> bool:
    return bool(user.is_authenticated and user.is_active)


def forget_cached_roles(user: User) -> None:
    """Drop the per-request cache after granting or revoking a role in the same request."""
    for attr in (_CACHE, "_rrma_verified", "_rrma_two_factor", "_rrma_memberships"):
        # delattr, not __dict__: request.user is a lazy proxy that forwards it to the user.
        if hasattr(user, attr):
            delattr(user, attr)


# Roles (used by the predicates below and by pages that describe a person's roles).


def is_verified_member(user) -> bool:
    """A member is any active account whose email address has been verified."""
    if not _active(user):
        return False
    if not hasattr(user, "_rrma_verified"):
        user._rrma_verified = EmailAddress.objects.filter(user=user, verified=True).exists()
    return user._rrma_verified


def coordinated_territory_ids(user) -> frozenset[int]:
    """Ids of the territories this person coordinates (empty for most people)."""
    if not _active(user):
        return frozenset()
    return _roles(user)["coordinated"]


def is_coordinator(user, territory: Territory | None = None) -> bool:
    """Coordinator of `territory`, or of any territory when none is given."""
    ids = coordinated_territory_ids(user)
    return bool(ids) if territory is None else territory.pk in ids


def is_state_services(user) -> bool:
    return _active(user) and _roles(user)["state"]


def is_site_admin(user) -> bool:
    return _active(user) and user.is_superuser


def holds_privileged_role(user) -> bool:
    """Coordinators, State services and site admins must use two-factor authentication."""
    return is_site_admin(user) or is_state_services(user) or is_coordinator(user)


def has_two_factor(user) -> bool:
    """True once the person has enrolled an authenticator app (TOTP)."""
    if not _active(user):
        return False
    if not hasattr(user, "_rrma_two_factor"):
        user._rrma_two_factor = Authenticator.objects.filter(
            user=user, type=Authenticator.Type.TOTP
        ).exists()
    return user._rrma_two_factor


def must_enrol_two_factor(user) -> bool:
    """A privileged person without two-factor authentication is sent to enrol on every page."""
    return holds_privileged_role(user) and not has_two_factor(user)


# Capabilities. Privileged capabilities also require two-factor authentication, so that no
# view can forget it even if the enrolment middleware were bypassed.


def can_use_admin(user) -> bool:
    """Only site admins use the Django admin, after two-factor authentication."""
    return is_site_admin(user) and user.is_staff and has_two_factor(user)


def can_coordinate(user, territory: Territory) -> bool:
    """Moderate the territory's organisations and publish its trainings."""
    if not has_two_factor(user):
        return False
    return is_site_admin(user) or is_coordinator(user, territory)


# Organisations. `org` is an Organisation; memberships are looked up once per request.


def organisation_roles(user) -> dict[int, str]:
    """{organisation id: "admin" | "editor"} for every organisation the person belongs to."""
    if not _active(user):
        return {}
    if not hasattr(user, "_rrma_memberships"):
        user._rrma_memberships = dict(user.memberships.values_list("organisation_id", "role"))
    return user._rrma_memberships


def reads_all_organisations(user) -> bool:
    """State services and site admins read every record of both territories, after 2FA."""
    return (is_state_services(user) or is_site_admin(user)) and has_two_factor(user)


def _coordinates(user, org) -> bool:
    return has_two_factor(user) and org.territory_id in coordinated_territory_ids(user)


def can_read_private(user, org) -> bool:
    """Contact persons, non-active records, training history: the organisation's members,
    its territory's coordinators, State services and site admins."""
    return (
        org.pk in organisation_roles(user)
        or _coordinates(user, org)
        or (reads_all_organisations(user))
    )


def can_edit_organisation(user, org) -> bool:
    """Edit the record: its admins and editors, its territory's coordinators, site admins.
    State services never edit."""
    if org.pk in organisation_roles(user):
        return True
    return _coordinates(user, org) or (is_site_admin(user) and has_two_factor(user))


def can_manage_members(user, org) -> bool:
    """Invite, set roles, answer join requests: its admins, its coordinators, site admins."""
    if organisation_roles(user).get(org.pk) == "admin":
        return True
    return _coordinates(user, org) or (is_site_admin(user) and has_two_factor(user))


def can_moderate(user, org) -> bool:
    """Validate, refuse, archive, browse the history: its territory's coordinators, site admins."""
    return _coordinates(user, org) or (is_site_admin(user) and has_two_factor(user))


def can_resubmit_organisation(user, org) -> bool:
    """A refused record, once corrected, is resubmitted by its admins (or a site admin)."""
    from .models.organisations import Membership, Organisation  # they import this module

    if org.status != Organisation.Status.REFUSED:
        return False
    return organisation_roles(user).get(org.pk) == Membership.Role.ADMIN or (
        is_site_admin(user) and has_two_factor(user)
    )


def can_register_organisation(user) -> bool:
    """Any verified member registers or asks to join, except State services, who never write."""
    return is_verified_member(user) and not is_state_services(user)


def can_ask_to_join(user, org) -> bool:
    return (
        can_register_organisation(user)
        and org.pk not in organisation_roles(user)
        and org.status == "active"
    )


def can_read_census(user) -> bool:
    """The census (every record, non-public fields): State services and site admins for both
    territories, coordinators for theirs; always after two-factor authentication."""
    return reads_all_organisations(user) or (
        has_two_factor(user) and bool(coordinated_territory_ids(user))
    )
