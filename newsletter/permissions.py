"""Who may do what with the newsletters: one predicate per capability, written on the
primitives of members.acting (rules in docs/permissions.md).

A territory's coordinators compose, preview, test and send its newsletter; site admins those
of both; anyone subscribes, confirms and unsubscribes from the emailed links, without an
account; anyone reads the web version of an issue once it is sent."""

from members import acting
from members.models import Territory

from .models import Issue


def can_send_newsletter(user, territory: Territory) -> bool:
    """Compose, edit, preview, test and send the territory's issues (the scope
    `IssueQuerySet.managed_by`)."""
    return acting.acts_as_site_admin(user) or acting.acts_as_coordinator(user, territory.pk)


def can_compose_newsletter(user) -> bool:
    """The list of issues and a new one: for the territories of
    `members.permissions.publishing_territories`."""
    return acting.acts_as_site_admin(user) or acting.acts_as_coordinator(user)


def can_edit_issue(user, issue: Issue) -> bool:
    """Drafts only: an issue whose sending began stays as it went out."""
    return issue.is_draft and can_send_newsletter(user, issue.territory)
