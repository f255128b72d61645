"""Who may do what with news posts: one predicate per capability, written on the primitives of
members.acting (rules in docs/permissions.md).

A territory's coordinators publish, edit and unpublish its posts, and the posts of both
networks (no territory), which the coordinators of either edit; site admins every post. Anyone
reads published posts whose publication date has come; State services read, never write. The
territories a person publishes for are `members.permissions.publishing_territories`."""

from members import acting
from members.permissions import can_manage_network_content

from .models import Post


def can_publish_news(user) -> bool:
    """Write a post (for one's territory, or for both networks)."""
    return acting.acts_as_site_admin(user) or acting.acts_as_coordinator(user)


def can_manage_post(user, post: Post) -> bool:
    """Edit, publish, unpublish, read its draft (the scope `PostQuerySet.managed_by`)."""
    return can_manage_network_content(user, post.territory_id)
