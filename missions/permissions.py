"""Who may do what with missions and their obstacles: one predicate per capability, written on
the primitives of members.acting (rules in docs/permissions.md).

A mission belongs to its organisation: its admins and editors record, edit and delete it; its
territory's coordinators, State services and site admins read it, and the obstacles report of
the territories they read (coordinators theirs, State services and site admins both). Anyone
else, another organisation or the other territory's coordinator, does not know it exists.
"""

from members import acting
from members.models import Organisation, Territory

from .models import Mission


def recording_organisations(user):
    """The organisations the person records missions for: those they act for (every one, for a
    site admin); none for State services, who never write."""
    if acting.holds_state_role(user) and not acting.acts_as_site_admin(user):
        return Organisation.objects.none()
    return Organisation.objects.acted_for_by(user)


def can_record_mission(user) -> bool:
    """Record a mission: anyone who acts for an organisation (`recording_organisations`)."""
    if acting.acts_as_site_admin(user):
        return True
    return bool(acting.organisation_roles(user)) and not acting.holds_state_role(user)


def can_read_mission(user, mission: Mission) -> bool:
    """The scope `MissionQuerySet.visible_to`."""
    return (
        acting.acts_for(user, mission.organisation_id)
        or acting.acts_as_coordinator(user, mission.organisation.territory_id)
        or acting.reads_both_territories(user)
    )


def can_edit_mission(user, mission: Mission) -> bool:
    """Edit or delete (the scope `MissionQuerySet.editable_by`): its organisation's people,
    except State services; site admins."""
    if acting.acts_as_site_admin(user):
        return True
    return acting.acts_for(user, mission.organisation_id) and not acting.holds_state_role(user)


def can_list_missions(user) -> bool:
    """The list of missions: of one's organisations, of one's territory as coordinator, of
    both as State services or site admin."""
    return (
        bool(acting.organisation_roles(user))
        or acting.acts_as_coordinator(user)
        or acting.reads_both_territories(user)
    )


def report_territories(user):
    """The territories whose obstacles report the person reads: both for State services and
    site admins, their own for coordinators (as the census, `Territory.objects.censused_by`);
    for an organisation's people, their organisations' (the report then counts only their
    own missions: `Mission.objects.visible_to`)."""
    if acting.acts_as_coordinator(user) or acting.reads_both_territories(user):
        return Territory.objects.censused_by(user)
    return Territory.objects.filter(
        pk__in=Organisation.objects.filter(pk__in=list(acting.organisation_roles(user))).values(
            "territory"
        )
    )


def can_read_obstacles_report(user) -> bool:
    """The obstacles report and its exports, over the missions the person reads: coordinators
    (their territory's), State services and site admins (both territories'), an
    organisation's people (their own missions only)."""
    return can_list_missions(user)
