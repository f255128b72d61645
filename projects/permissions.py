"""Who may do what with projects: one predicate per capability, written on the primitives of
members.acting (rules in docs/permissions.md).

Projects belong to their lead organisation: its admins and editors declare, edit and publish
them; its territory's coordinators may only unpublish; amounts follow the organisation's
private fields unless it chooses to publish them.
"""

from members import acting
from members import permissions as members

from .models import Project


def can_edit_project(user, project: Project) -> bool:
    return acting.acts_for(user, project.lead_id) or acting.acts_as_site_admin(user)


def can_unpublish_project(user, project: Project) -> bool:
    return can_edit_project(user, project) or acting.acts_as_coordinator(
        user, project.lead.territory_id
    )


def can_read_amounts(user, project: Project) -> bool:
    return project.amounts_public or members.can_read_private(user, project.lead)


def can_declare_project(user) -> bool:
    """Anyone who belongs to an organisation declares its projects (State services never)."""
    if acting.holds_state_role(user):
        return False
    return bool(acting.organisation_roles(user)) or acting.acts_as_site_admin(user)


def can_curate_partners(user) -> bool:
    """Coordinators (of either territory) and site admins merge and correct partner records."""
    return acting.acts_as_coordinator(user) or acting.acts_as_site_admin(user)
