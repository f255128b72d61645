"""Who may do what with people and organisations: one named predicate per capability.

Each predicate is written on the primitives of members/acting.py, the only module that reads
roles or two-factor; the scopes of the models (OrganisationQuerySet, TerritoryQuerySet) are
written on the same primitives, and tests check that each predicate agrees with its scope.
Views ask them through members.views.access (`organisation_for`, `capability_required`),
templates through the views and the `can` context processor, the admin and tests directly.
The product rules are in docs/permissions.md.
"""

from . import acting
from .enums import OrganisationStatus
from .models import Territory


def publishing_territories(user):
    """The territories whose calls, news, resources and newsletter the person publishes: those
    they coordinate; all, as site admin (`Territory.objects.moderated_by`)."""
    return Territory.objects.moderated_by(user)


def can_manage_network_content(user, territory_id: int | None) -> bool:
    """Edit what a network publishes (news, resources): a territory's by its coordinators, that
    of both networks (no territory) by the coordinators of either; everything by site admins
    (the scope `NetworkContentQuerySet.managed_by`)."""
    if acting.acts_as_site_admin(user):
        return True
    coordinated = acting.coordinated_territory_ids(user)
    return bool(coordinated) and (territory_id is None or territory_id in coordinated)


def can_use_admin(user) -> bool:
    """Only site admins use the Django admin, after two-factor authentication."""
    return acting.acts_as_site_admin(user) and user.is_staff


def can_coordinate(user, territory) -> bool:
    """Moderate the territory's organisations and publish its trainings."""
    return acting.acts_as_site_admin(user) or acting.acts_as_coordinator(user, territory.pk)


def can_edit_network(user, territory) -> bool:
    """Edit the network's page (its name, lead body, logo, presentation, charter, statutes,
    contact and social links): its coordinators and site admins, as `can_coordinate`."""
    return can_coordinate(user, territory)


def can_read_private(user, org) -> bool:
    """Contact persons, non-active records, training history: the organisation's members,
    its territory's coordinators, State services and site admins."""
    return (
        acting.acts_for(user, org.pk)
        or acting.acts_as_coordinator(user, org.territory_id)
        or acting.reads_both_territories(user)
    )


def can_edit_organisation(user, org) -> bool:
    """Edit the record: its admins and editors, its territory's coordinators, site admins.
    State services never edit."""
    return (
        acting.acts_for(user, org.pk)
        or acting.acts_as_coordinator(user, org.territory_id)
        or acting.acts_as_site_admin(user)
    )


def can_manage_members(user, org) -> bool:
    """Invite, set roles, answer join requests: its admins, its coordinators, site admins."""
    return (
        acting.acts_for(user, org.pk, as_admin=True)
        or acting.acts_as_coordinator(user, org.territory_id)
        or acting.acts_as_site_admin(user)
    )


def can_moderate(user, org) -> bool:
    """Validate, refuse, archive, browse the history: its territory's coordinators, site admins."""
    return acting.acts_as_coordinator(user, org.territory_id) or acting.acts_as_site_admin(user)


def can_resubmit_organisation(user, org) -> bool:
    """A refused record, once corrected, is resubmitted by its admins (or a site admin)."""
    if org.status != OrganisationStatus.REFUSED:
        return False
    return acting.acts_for(user, org.pk, as_admin=True) or acting.acts_as_site_admin(user)


def can_register_organisation(user) -> bool:
    """Any verified member registers or asks to join, except State services, who never write."""
    return acting.is_verified_member(user) and not acting.holds_state_role(user)


def can_ask_to_join(user, org) -> bool:
    return (
        can_register_organisation(user)
        and not acting.acts_for(user, org.pk)
        and org.status == OrganisationStatus.ACTIVE
    )


def can_read_census(user) -> bool:
    """The census (every record, non-public fields): State services and site admins for both
    territories, coordinators for theirs; always after two-factor authentication."""
    return acting.reads_both_territories(user) or acting.acts_as_coordinator(user)


def can_read_both_territories(user) -> bool:
    """The census and figures of both territories: State services and site admins."""
    return acting.reads_both_territories(user)


def can_read_activity_report(user, territory=None) -> bool:
    """The activity report for funders of the territory (of one at least, when none is given):
    State services and site admins for both territories, coordinators for theirs; always after
    two-factor authentication (the scope `Territory.objects.censused_by`)."""
    if acting.reads_both_territories(user):
        return True
    return acting.acts_as_coordinator(user, territory.pk if territory is not None else None)


def can_create_working_group(user, territory=None) -> bool:
    """Create a working group of the territory (of one they coordinate, when none is given):
    its coordinators and site admins."""
    if acting.acts_as_site_admin(user):
        return True
    return acting.acts_as_coordinator(user, territory.pk if territory is not None else None)


def can_manage_working_group(user, group) -> bool:
    """Edit a working group (its description, themes, member organisations, closing it): its
    territory's coordinators and site admins (the scope `WorkingGroupQuerySet.managed_by`)."""
    return acting.acts_as_site_admin(user) or acting.acts_as_coordinator(user, group.territory_id)
