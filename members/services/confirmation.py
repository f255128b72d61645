"""Keeping records fresh: admins confirm, once a year, that their organisation's record is accurate.

Business rules:
- a record not confirmed for 12 months is flagged (Organisation.needs_confirmation);
- `send_record_confirmation_requests` (daily from cron) emails the admins of each flagged
  active organisation a personal link, signed and valid for CONFIRMATION_LINK_DAYS; an
  organisation is asked at most once every REQUEST_INTERVAL_DAYS;
- the link works without logging in, but only for the organisation and the admin it was made
  for, and only while that person may still edit the record.
"""

import logging
from datetime import datetime, timedelta

from django.core import signing
from django.db import transaction
from django.db.models import Prefetch, Q
from django.urls import reverse
from django.utils import timezone

from toolbox.history import explain_change

from .. import permissions
from ..emails import send_notification
from ..enums import ChangeReason
from ..models import Membership, Organisation, User

logger = logging.getLogger(__name__)

CONFIRMATION_LINK_DAYS = 30
REQUEST_INTERVAL_DAYS = 30
_SALT = "members.record-confirmation"


class ConfirmationLinkExpired(Exception):
    """A genuine confirmation link, too old to be used."""


def record_confirmation_token(*, organisation: Organisation, user: User) -> str:
    return signing.TimestampSigner(salt=_SALT).sign_object(
        {"organisation": organisation.pk, "user": user.pk}
    )


def record_confirmation_url(*, organisation: Organisation, user: User) -> str:
    """The path of `user`'s personal link to confirm `organisation`'s record."""
    token = record_confirmation_token(organisation=organisation, user=user)
    return reverse(
        "members:organisation_confirm_link", kwargs={"slug": organisation.slug, "token": token}
    )


def record_confirmation_check(*, organisation: Organisation, token: str) -> User | None:
    """The admin a link was made for, if it is genuine, for this record and still theirs to edit.

    Raises ConfirmationLinkExpired for a genuine link older than CONFIRMATION_LINK_DAYS.
    """
    signer = signing.TimestampSigner(salt=_SALT)
    try:
        data = signer.unsign_object(token, max_age=timedelta(days=CONFIRMATION_LINK_DAYS))
    except signing.SignatureExpired as expired:
        raise ConfirmationLinkExpired from expired
    except signing.BadSignature:
        return None
    if data.get("organisation") != organisation.pk:
        return None
    user = User.objects.filter(pk=data.get("user"), is_active=True).first()
    if user is None or not permissions.can_edit_organisation(user, organisation):
        return None
    return user


def organisation_confirm(*, organisation: Organisation, by: User) -> None:
    """Record that `by` confirmed the record is still accurate (kept in its history)."""
    organisation.confirmed_at = timezone.now()
    explain_change(organisation, reason=ChangeReason.CONFIRMED, by=by)
    organisation.save()
    logger.info("Organisation %s record confirmed by user %s", organisation.pk, by.pk)


def record_confirmation_requests_send(*, base_url: str, now: datetime | None = None) -> int:
    """Email the admins of every stale active record; returns how many emails went out.

    Each organisation is claimed with a conditional update, so two runs at once never ask twice.
    """
    now = now or timezone.now()
    not_asked_lately = Q(confirmation_requested_at__isnull=True) | Q(
        confirmation_requested_at__lt=now - timedelta(days=REQUEST_INTERVAL_DAYS)
    )
    admins = Membership.objects.filter(
        role=Membership.Role.ADMIN, user__is_active=True
    ).select_related("user")
    stale = (
        Organisation.objects.public()
        .needing_confirmation(now)
        .filter(not_asked_lately, memberships__role=Membership.Role.ADMIN)
        .distinct()
        .order_by("pk")
        .prefetch_related(Prefetch("memberships", queryset=admins, to_attr="admins"))
    )
    sent = 0
    for organisation in stale:
        # The claim and the queued emails commit together: exactly once, even if this stops.
        with transaction.atomic():
            claimed = Organisation.objects.filter(not_asked_lately, pk=organisation.pk).update(
                confirmation_requested_at=now
            )
            if not claimed:
                continue
            edit_path = reverse("members:organisation_edit", args=[organisation.slug])
            for admin in (membership.user for membership in organisation.admins):
                url = record_confirmation_url(organisation=organisation, user=admin)
                sent += send_notification(
                    template="record_confirmation",
                    recipients=[admin],
                    context={
                        "organisation": organisation,
                        "confirm_url": f"{base_url}{url}",
                        "edit_url": f"{base_url}{edit_path}",
                        "valid_days": CONFIRMATION_LINK_DAYS,
                    },
                    base_url=base_url,
                )
    return sent
