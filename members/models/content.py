"""What the networks publish for one territory or for both (news posts, resources)."""

from django.db import models
from django.db.models import Q

from members import acting


class NetworkContentQuerySet(models.QuerySet):
    """Records with a `territory`, empty for both networks (agreeing with
    `members.permissions.can_manage_network_content`)."""

    def for_territory(self, territory):
        """A territory's records and those of both networks."""
        return self.filter(Q(territory=territory) | Q(territory__isnull=True))

    def managed_by(self, user):
        """What the person edits: their territory's, as coordinator, and those of both networks
        (by the coordinators of either); all, as site admin."""
        if acting.acts_as_site_admin(user):
            return self.all()
        territories = acting.coordinated_territory_ids(user)
        if not territories:
            return self.none()
        return self.filter(Q(territory__in=territories) | Q(territory__isnull=True))
