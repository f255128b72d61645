"""Who may do what with advisory support: one predicate per capability, written on the
primitives of members.acting (rules in docs/permissions.md).

An organisation's admins and editors ask for support and write in its requests' threads; its
territory's coordinators take, assign, answer and close them and write internal notes; State
services read every request of both territories and never write; site admins do everything.
The organisation never sees the internal notes."""

from members import acting

from .models import SupportRequest


def can_ask_support(user) -> bool:
    """Anyone who belongs to an organisation asks on its behalf (State services never)."""
    if acting.holds_state_role(user):
        return False
    return bool(acting.organisation_roles(user)) or acting.acts_as_site_admin(user)


def can_read_support(user) -> bool:
    """The list of requests: the organisations' people, coordinators, State services, site
    admins (each sees the requests of `SupportRequest.objects.visible_to`)."""
    return (
        bool(acting.organisation_roles(user))
        or acting.acts_as_coordinator(user)
        or acting.reads_both_territories(user)
    )


def can_read_request(user, request: SupportRequest) -> bool:
    """The scope `visible_to`: one of its organisation's people, its territory's coordinators,
    State services, site admins."""
    return (
        acting.acts_for(user, request.organisation_id)
        or acting.acts_as_coordinator(user, request.organisation.territory_id)
        or acting.reads_both_territories(user)
    )


def can_follow_request(user, request: SupportRequest) -> bool:
    """Take, assign, answer, close, write internal notes, schedule appointments (the scope
    `followed_by`): its territory's coordinators and site admins."""
    return acting.acts_as_site_admin(user) or acting.acts_as_coordinator(
        user, request.organisation.territory_id
    )


def acts_for_requester(user, request: SupportRequest) -> bool:
    """Writes as the organisation: one of its people (State services never write)."""
    return not acting.holds_state_role(user) and acting.acts_for(user, request.organisation_id)


def can_write_in_thread(user, request: SupportRequest) -> bool:
    """A message in the thread, while the request is open: the organisation's people and
    those who follow it."""
    return request.is_open and (
        acts_for_requester(user, request) or can_follow_request(user, request)
    )


def can_withdraw_request(user, request: SupportRequest) -> bool:
    """The organisation withdraws its own open request."""
    return request.is_open and (
        acts_for_requester(user, request) or acting.acts_as_site_admin(user)
    )


def can_reopen_request(user, request: SupportRequest) -> bool:
    """A closed request comes back to the follow-up (a file returned for completion…)."""
    return not request.is_open and can_follow_request(user, request)
