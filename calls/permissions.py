"""Who may do what with funding calls: one predicate per capability, written on the primitives
of members.acting (rules in docs/permissions.md).

A territory's coordinators publish, edit and unpublish the calls open to their territory (a
call open to both territories by the coordinators of either); State services read every call
and the projects that answered it, never write; anyone reads published calls and subscribes to
alerts."""

from members import acting
from members.models import Organisation

from .models import Call


def can_create_call(user) -> bool:
    return acting.acts_as_site_admin(user) or acting.acts_as_coordinator(user)


def can_manage_call(user, call: Call) -> bool:
    """Edit, publish, unpublish, attach documents (the scope `CallQuerySet.managed_by`)."""
    if acting.acts_as_site_admin(user):
        return True
    coordinated = acting.coordinated_territory_ids(user)
    return bool(coordinated) and any(t.pk in coordinated for t in call.territories.all())


def can_read_applications(user, call: Call) -> bool:
    """The projects that answered the call, with the amounts requested and granted: its
    coordinators, State services and site admins."""
    return acting.reads_both_territories(user) or can_manage_call(user, call)


def alert_organisations(user):
    """The organisations whose matching calls the person may be emailed about: those they
    belong to (verified members; every one for a site admin would be noise: theirs only)."""
    if not acting.is_verified_member(user):
        return Organisation.objects.none()
    return Organisation.objects.filter(pk__in=list(acting.organisation_roles(user)))
