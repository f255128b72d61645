"""Capabilities on projects: one predicate each (rules in shared/PERMISSIONS.md).

Projects belong to their lead organisation: its admins and editors declare, edit and publish
them; its territory's coordinators may only unpublish; amounts follow the organisation's
private fields unless it chooses to publish them.
"""

from members import permissions as members
from members.models import Organisation

from .models import Project


def _site_admin(user) -> bool:
    return members.is_site_admin(user) and members.has_two_factor(user)


def can_edit_project(user, project: Project) -> bool:
    return project.lead_id in members.organisation_roles(user) or _site_admin(user)


def can_unpublish_project(user, project: Project) -> bool:
    coordinates = members.has_two_factor(user) and (
        project.lead.territory_id in members.coordinated_territory_ids(user)
    )
    return can_edit_project(user, project) or coordinates


def can_read_amounts(user, project: Project) -> bool:
    return project.amounts_public or members.can_read_private(user, project.lead)


def can_declare_project(user) -> bool:
    """Anyone who belongs to an organisation declares its projects (State services never)."""
    if members.is_state_services(user):
        return False
    return bool(members.organisation_roles(user)) or _site_admin(user)


def can_curate_partners(user) -> bool:
    """Coordinators (of either territory) and site admins merge and correct partner records."""
    return members.has_two_factor(user) and (
        members.is_coordinator(user) or members.is_site_admin(user)
    )


def lead_choices(user):
    """The organisations whose projects the person may declare."""
    if _site_admin(user):
        return Organisation.objects.exclude(status=Organisation.Status.REFUSED)
    return Organisation.objects.filter(pk__in=members.organisation_roles(user).keys()).exclude(
        status=Organisation.Status.REFUSED
    )
