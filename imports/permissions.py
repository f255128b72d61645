"""Who may import organisations: one predicate per capability, written on the primitives of
members.acting (rules in docs/permissions.md).

A territory's coordinators import spreadsheets into their territory's census, review and undo
their imports; site admins into either. The other territory's coordinator does not know an
import exists (404); nobody else may import (403).
"""

from members import acting
from members.models import Territory

from .models import Import


def can_import_organisations(user) -> bool:
    """Upload a spreadsheet and list the imports (`import_territories` not empty)."""
    return acting.acts_as_site_admin(user) or acting.acts_as_coordinator(user)


def can_manage_import(user, source: Import) -> bool:
    """Map, review, run, read the report of, undo an import (`Import.objects.managed_by`)."""
    return acting.acts_as_site_admin(user) or acting.acts_as_coordinator(user, source.territory_id)


def import_territories(user):
    """The territories the person imports into."""
    return Territory.objects.moderated_by(user)
