"""Workflows on people, roles, organisations and their members."""

import logging
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from difflib import SequenceMatcher

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from toolbox.history import explain_change
from toolbox.text import normalize_text

from .. import permissions
from ..acting import coordinators_of, forget_cached_roles
from ..emails import send_notification
from ..enums import ChangeReason
from ..models import (
    ContactPerson,
    Invitation,
    JoinRequest,
    Membership,
    Organisation,
    RoleGrant,
    Territory,
    User,
)

logger = logging.getLogger(__name__)


class RoleError(ValueError):
    """A role request that cannot be carried out, with a message for the operator."""


def _check_territory(role: str, territory: Territory | None) -> None:
    if role == RoleGrant.Role.COORDINATOR and territory is None:
        raise RoleError("A coordinator role needs a territory (--territory).")
    if role == RoleGrant.Role.STATE and territory is not None:
        raise RoleError("State services cover both territories: give no --territory.")


@transaction.atomic
def role_grant(
    *, user: User, role: str, territory: Territory | None = None
) -> tuple[RoleGrant, bool]:
    """Give `user` a network role; returns the grant and whether it is new (idempotent)."""
    _check_territory(role, territory)
    grant, created = RoleGrant.objects.get_or_create(user=user, role=role, territory=territory)
    forget_cached_roles(user)
    if created:
        logger.info("Role %s granted to user %s (territory %s)", role, user.pk, territory)
    return grant, created


@transaction.atomic
def role_revoke(*, user: User, role: str, territory: Territory | None = None) -> int:
    """Withdraw a network role; returns how many grants were removed (0 if none was held)."""
    _check_territory(role, territory)
    deleted, _ = RoleGrant.objects.filter(user=user, role=role, territory=territory).delete()
    forget_cached_roles(user)
    if deleted:
        logger.info("Role %s revoked from user %s (territory %s)", role, user.pk, territory)
    return deleted


# Organisations ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Duplicates:
    """Organisations an applicant may be about to register again."""

    same_identifier: list  # same SIRET or RNA number: registering again is impossible
    similar_name: list  # a very similar name in the same territory: worth asking to join

    def __bool__(self):
        return bool(self.same_identifier or self.similar_name)


# Names this alike (difflib ratio, accents and case ignored) are suspected duplicates.
SIMILAR_NAME = 0.8
# Words of a normalised name that say something ("de", "la" do not); the names compared to
# one at most.
_NAME_WORD = re.compile(r"[a-z0-9]{4,}")
MAX_NAME_CANDIDATES = 2000


def duplicates_find(
    *, name: str, territory: Territory, siret: str = "", rna: str = "", exclude_pk=None
) -> Duplicates:
    """Look for the same SIRET or RNA anywhere, and for a very similar name in the territory."""
    identifiers = Q(pk__in=[])
    if siret:
        identifiers |= Q(siret=siret)
    if rna:
        identifiers |= Q(rna=rna)
    others = Organisation.objects.exclude(pk=exclude_pk).exclude(status=Organisation.Status.REFUSED)
    same = list(others.filter(identifiers).select_related("territory"))
    wanted = normalize_text(name)
    # Compared in Python (the same answer on every database), but only with the names that
    # share the start of one of this name's two longest words: a territory of 25,000 records
    # compared whole took seconds per name. Names this similar (SIMILAR_NAME) share one.
    words = sorted(set(_NAME_WORD.findall(wanted)), key=len, reverse=True)[:2]
    sharing = Q()
    for word in words:
        sharing |= Q(search_text__contains=word[:5])
    candidates = (
        others.filter(territory=territory)
        .filter(sharing)
        .exclude(pk__in=[o.pk for o in same])
        .only("pk", "name", "slug", "status", "territory_id")
        .order_by("pk")[:MAX_NAME_CANDIDATES]
    )
    scored = [
        (SequenceMatcher(None, normalize_text(o.name), wanted).ratio(), o) for o in candidates
    ]
    similar = [o for score, o in sorted(scored, key=lambda s: -s[0]) if score >= SIMILAR_NAME][:5]
    return Duplicates(same_identifier=same, similar_name=similar)


def _admins_of(organisation: Organisation):
    return User.objects.filter(
        is_active=True,
        memberships__organisation=organisation,
        memberships__role=Membership.Role.ADMIN,
    )


@dataclass(frozen=True)
class ContactDetails:
    """How to reach a contact person, and whether they agree to show it publicly."""

    name: str
    role: str = ""
    phone: str = ""
    public: bool = False


def _set_relations(instance, relations: Mapping[str, Iterable]) -> None:
    for name, values in relations.items():
        getattr(instance, name).set(values)


@transaction.atomic
def organisation_register(
    *,
    organisation: Organisation,
    relations: Mapping[str, Iterable],
    registrant: User,
    contact: ContactDetails,
    base_url: str = "",
) -> Organisation:
    """Save a new organisation as pending and tell its coordinators.

    Business rules: the registrant becomes its admin and its first contact person (with their
    account's address; public only if they agree). The record is saved even if mail fails;
    the coordinators' email goes after the commit.
    """
    organisation.status = Organisation.Status.PENDING
    organisation.save()
    _set_relations(organisation, relations)
    Membership.objects.create(
        user=registrant, organisation=organisation, role=Membership.Role.ADMIN
    )
    ContactPerson.objects.create(
        organisation=organisation,
        name=contact.name,
        role=contact.role,
        email=registrant.email,
        phone=contact.phone,
        public_consent_at=timezone.now() if contact.public else None,
    )
    forget_cached_roles(registrant)
    _tell_coordinators(organisation, applicant=registrant, why=None, base_url=base_url)
    logger.info("Organisation %s registered by user %s", organisation.pk, registrant.pk)
    return organisation


def _tell_coordinators(
    organisation: Organisation, *, applicant: User, why: ChangeReason | None, base_url: str
):
    """After the commit, the territory's coordinators learn a record awaits their validation:
    new (`why` None), resubmitted or moved."""
    territory = organisation.territory
    send_notification(
        template="organisation_pending",
        recipients=coordinators_of(territory),
        context={
            "organisation": organisation,
            "applicant": applicant,
            "resubmitted": why == ChangeReason.RESUBMITTED,
            "moved": why == ChangeReason.MOVED,
        },
        base_url=base_url,
    )


@transaction.atomic
def organisation_update(
    *,
    organisation: Organisation,
    relations: Mapping[str, Iterable],
    contacts: Iterable[ContactPerson] = (),
    removed_contacts: Iterable[ContactPerson] = (),
    previous_territory_id: int,
    by: User,
    base_url: str = "",
) -> bool:
    """Save an edited record, its lists and its contact persons. Returns whether it went back
    to moderation.

    Business rule: a record moved to the other territory (its commune is there) is validated
    by that territory's coordinators: unless the editor is one of them (or a site admin), an
    active or pending record becomes pending again, and they are told.
    """
    moved = organisation.territory_id != previous_territory_id
    back_to_moderation = (
        moved
        and organisation.status in (Organisation.Status.ACTIVE, Organisation.Status.PENDING)
        and not permissions.can_moderate(by, organisation)
    )
    if back_to_moderation:
        organisation.status = Organisation.Status.PENDING
        explain_change(organisation, reason=ChangeReason.MOVED)
    explain_change(organisation, by=by)
    organisation.save()
    _set_relations(organisation, relations)
    for contact in contacts:
        contact.organisation = organisation
        contact.save()
    for contact in removed_contacts:
        contact.delete()
    if back_to_moderation:
        _tell_coordinators(organisation, applicant=by, why=ChangeReason.MOVED, base_url=base_url)
        logger.info(
            "Organisation %s moved to territory %s by user %s: back to moderation",
            organisation.pk,
            organisation.territory_id,
            by.pk,
        )
    return back_to_moderation


@transaction.atomic
def organisation_resubmit(*, organisation: Organisation, by: User, base_url: str = "") -> None:
    """A refused record, once corrected, goes back to its territory's coordinators. The reason
    of the refusal stays on the record for them to see, and in its history."""
    if organisation.status != Organisation.Status.REFUSED:
        raise ValueError("Only a refused organisation is resubmitted.")
    organisation.status = Organisation.Status.PENDING
    explain_change(organisation, reason=ChangeReason.RESUBMITTED, by=by)
    organisation.save()
    _tell_coordinators(organisation, applicant=by, why=ChangeReason.RESUBMITTED, base_url=base_url)
    logger.info("Organisation %s resubmitted by user %s", organisation.pk, by.pk)


@transaction.atomic
def organisation_validate(*, organisation: Organisation, by: User, base_url: str = "") -> None:
    """A coordinator validates a pending (or refused) organisation: it becomes public."""
    organisation.status = Organisation.Status.ACTIVE
    organisation.refusal_reason = ""
    organisation.validated_by = by
    organisation.validated_at = timezone.now()
    organisation.confirmed_at = organisation.validated_at
    explain_change(organisation, reason=ChangeReason.VALIDATED, by=by)
    organisation.save()
    send_notification(
        template="organisation_validated",
        recipients=_admins_of(organisation),
        context={"organisation": organisation},
        base_url=base_url,
    )


@transaction.atomic
def organisation_refuse(
    *, organisation: Organisation, by: User, reason: str, base_url: str = ""
) -> None:
    """A coordinator refuses a registration, with a reason the applicant receives. Who refused,
    and when, is in the record's history (validated_by names who validated it, if ever)."""
    if not reason.strip():
        raise ValueError("A refusal needs a reason.")
    organisation.status = Organisation.Status.REFUSED
    organisation.refusal_reason = reason.strip()
    explain_change(organisation, reason=ChangeReason.REFUSED, by=by)
    organisation.save()
    send_notification(
        template="organisation_refused",
        recipients=_admins_of(organisation),
        context={"organisation": organisation, "reason": organisation.refusal_reason},
        base_url=base_url,
    )


def organisation_archive(*, organisation: Organisation, by: User) -> None:
    """Archived organisations leave the directory; their record and history are kept."""
    organisation.status = Organisation.Status.ARCHIVED
    explain_change(organisation, reason=ChangeReason.ARCHIVED, by=by)
    organisation.save()
    logger.info("Organisation %s archived by user %s", organisation.pk, by.pk)


# Members of an organisation --------------------------------------------------------------


class MembershipError(ValueError):
    """A change to an organisation's members that would break a rule (message translated)."""


@transaction.atomic
def join_request_create(
    *, user: User, organisation: Organisation, message: str = "", base_url: str = ""
) -> JoinRequest:
    if Membership.objects.filter(user=user, organisation=organisation).exists():
        raise MembershipError(_("You already belong to this organisation."))
    request, created = JoinRequest.objects.get_or_create(
        user=user,
        organisation=organisation,
        status=JoinRequest.Status.PENDING,
        defaults={"message": message},
    )
    if created:
        send_notification(
            template="join_request",
            recipients=_admins_of(organisation),
            context={"organisation": organisation, "join_request": request},
            base_url=base_url,
        )
    return request


@transaction.atomic
def join_request_decide(
    *, join_request: JoinRequest, by: User, accept: bool, base_url: str = ""
) -> None:
    """Accepting makes the person an editor; either way they are told."""
    join_request.status = JoinRequest.Status.ACCEPTED if accept else JoinRequest.Status.REFUSED
    join_request.decided_by = by
    join_request.decided_at = timezone.now()
    join_request.save()
    if accept:
        Membership.objects.get_or_create(
            user=join_request.user,
            organisation=join_request.organisation,
            defaults={"role": Membership.Role.EDITOR},
        )
    send_notification(
        template="join_request_decided",
        recipients=[join_request.user],
        context={"organisation": join_request.organisation, "accepted": accept},
        base_url=base_url,
    )


@transaction.atomic
def invitation_create(
    *, organisation: Organisation, email: str, role: str, by: User, base_url: str = ""
) -> Invitation:
    email = email.strip()
    if Membership.objects.filter(organisation=organisation, user__email__iexact=email).exists():
        raise MembershipError(_("This person already belongs to the organisation."))
    invitation = Invitation.objects.create(
        organisation=organisation, email=email, role=role, invited_by=by
    )
    send_notification(
        template="invitation",
        recipients=[email],
        context={"organisation": organisation, "invitation": invitation, "inviter": by},
        base_url=base_url,
    )
    return invitation


@transaction.atomic
def invitation_accept(*, invitation: Invitation, user: User) -> Membership:
    """The invited person, logged in (any address: the link is the proof), joins."""
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if not invitation.is_valid():
        raise MembershipError(_("This invitation has expired or was already used."))
    membership, _created = Membership.objects.get_or_create(
        user=user, organisation=invitation.organisation, defaults={"role": invitation.role}
    )
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["accepted_at"])
    forget_cached_roles(user)
    return membership


def _lock_admins(organisation: Organisation) -> int:
    # Locking the organisation's admin rows serialises concurrent demotions, so two admins
    # demoting each other at once cannot leave the organisation without one.
    admins = Membership.objects.select_for_update().filter(
        organisation=organisation, role=Membership.Role.ADMIN
    )
    return len(list(admins))


@transaction.atomic
def membership_set_role(*, membership: Membership, role: str) -> None:
    """Business rule: an organisation always keeps at least one admin."""
    demoting = membership.role == Membership.Role.ADMIN and role != Membership.Role.ADMIN
    if demoting and _lock_admins(membership.organisation) <= 1:
        raise MembershipError(_("An organisation must keep at least one administrator."))
    membership.role = role
    membership.save(update_fields=["role"])


@transaction.atomic
def membership_remove(*, membership: Membership) -> None:
    """Business rule: the last admin cannot leave or be removed."""
    if membership.role == Membership.Role.ADMIN and _lock_admins(membership.organisation) <= 1:
        raise MembershipError(_("An organisation must keep at least one administrator."))
    membership.delete()


# Re-exported so that callers import every members workflow from one place.
from .confirmation import (  # noqa: E402
    CONFIRMATION_LINK_DAYS,
    ConfirmationLinkExpired,
    organisation_confirm,
    record_confirmation_check,
    record_confirmation_requests_send,
    record_confirmation_token,
    record_confirmation_url,
)

__all__ = [
    "CONFIRMATION_LINK_DAYS",
    "ConfirmationLinkExpired",
    "organisation_confirm",
    "record_confirmation_check",
    "record_confirmation_requests_send",
    "record_confirmation_token",
    "record_confirmation_url",
]
