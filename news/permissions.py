"""Who may do what with news posts: one predicate per capability, written on the primitives of
members.acting (rules in docs/permissions.md).

A territory's coordinators publish, edit and unpublish its posts, and the posts of both
networks (no territory), which the coordinators of either edit; site admins every post. Anyone
reads published posts whose publication date has come; State services read, never write."""

from members import acting
from members.models import Territory

from .models import Post


def can_publish_news(user) -> bool:
    """Write a post (for one's territory, or for both networks)."""
    return acting.acts_as_site_admin(user) or bool(acting.coordinated_territory_ids(user))


def can_manage_post(user, post: Post) -> bool:
    """Edit, publish, unpublish, read its draft (the scope `PostQuerySet.managed_by`)."""
    if acting.acts_as_site_admin(user):
        return True
    coordinated = acting.coordinated_territory_ids(user)
    return bool(coordinated) and (post.territory_id is None or post.territory_id in coordinated)


def publishing_territories(user):
    """The territories the person publishes news for; a post may instead be for both networks
    (no territory)."""
    return Territory.objects.moderated_by(user)
