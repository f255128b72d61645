"""Who may do what with the resource library: one predicate per capability, written on the
primitives of members.acting (rules in docs/permissions.md).

A territory's coordinators publish, edit, unpublish and delete the resources of their
territory, and those of both networks (no territory); site admins every one. Members-only
resources are read by every verified member (`ResourceQuerySet.visible_to`); anyone reads the
public ones. The territories a person adds resources for are
`members.permissions.publishing_territories`."""

from members import acting
from members.permissions import can_manage_network_content

from .models import Resource


def can_publish_resource(user) -> bool:
    """Add a resource to the library (of a territory one coordinates, or of both networks)."""
    return acting.acts_as_site_admin(user) or acting.acts_as_coordinator(user)


def can_manage_resource(user, resource: Resource) -> bool:
    """Edit, unpublish, delete the resource (the scope `ResourceQuerySet.managed_by`)."""
    return can_manage_network_content(user, resource.territory_id)
