"""Alerts of funding calls by email: members' choices per organisation, saved searches of the
calendar, and the emails both receive.

Business rules:

- **For each call** (an OrganisationAlert, EACH_CALL): an email when a published call the
  organisation matches (calls.matching) is open, then 14 and 3 days before its deadline; each
  (subscription, call, reason) once (AlertSent, unique), whatever the runs or workers. One run
  sends one email per call and subscription: when several reasons are due at once (a call
  published 10 days before its deadline), the opening one if not sent yet, else the most
  urgent reminder, and every reason it stands for is recorded as told.
- **Weekly digest** (WEEKLY): the open matching calls new since the last digest (published or
  opened since; every open one the first time), in one email, none when there is none.
- **Saved searches** (calls.services.searches): sent with the weekly digests.
- Members are emailed for an organisation while it is active, they belong to it and their
  account is active; in their language, with a one-click unsubscribe link (RFC 8058), queued
  with what records the email (send_notification): a mail server down delays, never loses it.
"""

import logging
import math
from collections.abc import Iterable
from datetime import datetime, timedelta

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone, translation

from members.models import Membership, Organisation, User

from ..enums import AlertFrequency, AlertKind
from ..matching import Match, Profile, call_match, matches_for, open_calls
from ..models import CLOSING_SOON, AlertSent, Call, OrganisationAlert, SavedSearch, local_today
from ..permissions import alert_organisations
from .emails import alert_email, claimed
from .searches import search_results_send

logger = logging.getLogger(__name__)

# The reminders, most urgent first: each is due from that long before the deadline.
REMINDERS = ((AlertKind.DEADLINE_3, timedelta(days=3)), (AlertKind.DEADLINE_14, CLOSING_SOON))
# Digests are weekly (settings.PERIODIC_TASKS); a day of slack for a scheduler that ran late
# last week, so that a manual run the same week sends nothing twice.
DIGEST_INTERVAL = timedelta(days=6)


# Subscriptions ---------------------------------------------------------------------------


def alert_set(
    *, user: User, organisation: Organisation, frequency: str | None
) -> OrganisationAlert | None:
    """Create, change or, without a frequency, delete the person's alert for one of their
    organisations (`alert_organisations`). Returns the alert, None once deleted.

    Switching from each call to the weekly digest starts the digests from now: the calls open
    so far were emailed one by one."""
    if not alert_organisations(user).filter(pk=organisation.pk).exists():
        raise PermissionDenied
    alerts = OrganisationAlert.objects.filter(user=user, organisation=organisation)
    if not frequency:
        alerts.delete()
        logger.info("Call alert of user %s for organisation %s deleted", user.pk, organisation.pk)
        return None
    frequency = AlertFrequency(frequency)
    with transaction.atomic():
        alert = alerts.select_for_update().first()
        if alert is None:
            alert, _created = OrganisationAlert.objects.get_or_create(
                user=user, organisation=organisation, defaults={"frequency": frequency}
            )
        elif alert.frequency != frequency:
            if frequency == AlertFrequency.WEEKLY:
                alert.last_digest_at = timezone.now()
            alert.frequency = frequency
            alert.save(update_fields=["frequency", "last_digest_at"])
    return alert


def subscription_end(*, token: str) -> bool:
    """Delete the alert or saved search the token names. Returns whether there was one."""
    deleted, _counts = OrganisationAlert.objects.filter(token=token).delete()
    if not deleted:
        deleted, _counts = SavedSearch.objects.filter(token=token).delete()
    return bool(deleted)


# Sending ---------------------------------------------------------------------------------


def _alerts(frequency: str):
    """The alerts of that frequency whose person may still be told: an active account, still a
    member of the organisation, which is active; with what matching reads of it."""
    membership = Membership.objects.filter(
        user=OuterRef("user_id"), organisation=OuterRef("organisation_id")
    )
    return (
        OrganisationAlert.objects.filter(
            Exists(membership),
            frequency=frequency,
            user__is_active=True,
            organisation__status=Organisation.Status.ACTIVE,
        )
        .select_related("user", "organisation")
        .prefetch_related("organisation__themes", "organisation__countries")
        .order_by("pk")
    )


class _Matcher:
    """Each (organisation, call) matched once per run (one organisation, several members);
    why, in the recipient's language."""

    def __init__(self):
        self.profiles: dict[int, Profile] = {}
        self.known: dict[tuple[int, int], bool] = {}

    def profile(self, organisation: Organisation) -> Profile:
        return self.profiles.setdefault(organisation.pk, Profile.of(organisation))

    def matches(self, organisation: Organisation, call: Call) -> bool:
        key = (organisation.pk, call.pk)
        if key not in self.known:
            self.known[key] = call_match(call, self.profile(organisation)) is not None
        return self.known[key]

    def explained(self, alert: OrganisationAlert, calls: Iterable[Call]) -> list[Match]:
        with translation.override(alert.user.language):
            return matches_for(self.profile(alert.organisation), calls)


def _due(call: Call, now: datetime) -> list[AlertKind]:
    """The reasons to tell of an open call at `now`: its opening, then the reminders whose
    time has come (in the order they are claimed, the same for every run)."""
    left = call.deadline - now
    return [AlertKind.OPENING] + [kind for kind, lead in reversed(REMINDERS) if left <= lead]


def call_alerts_send(*, now: datetime | None = None, base_url: str) -> int:
    """Hourly: email each alert "for each call" of the calls its organisation matches that
    opened, then whose deadline is 14 and 3 days away; each once (see the module). Returns
    how many emails were queued. A fixed number of queries, plus a few per email queued."""
    now = now or timezone.now()
    calls = open_calls(now)
    if not calls:
        return 0
    told = set(
        AlertSent.objects.filter(
            call__in=[call.pk for call in calls], alert__frequency=AlertFrequency.EACH_CALL
        ).values_list("alert_id", "call_id", "kind")
    )
    matcher = _Matcher()
    sent = 0
    for alert in _alerts(AlertFrequency.EACH_CALL):
        for call in calls:
            untold = [k for k in _due(call, now) if (alert.pk, call.pk, k) not in told]
            if untold and matcher.matches(alert.organisation, call):
                sent += _call_alert_send(alert, call, untold, now, matcher, base_url)
    return sent


def _call_alert_send(alert, call, untold: list[AlertKind], now, matcher: _Matcher, base_url):
    """One email for the reasons `untold` (the opening's, or the most urgent reminder's)."""
    opening = AlertKind.OPENING in untold
    try:
        # The rows first: a concurrent run inserting the same one waits for this transaction,
        # then fails and sends nothing. The rows and the queued email commit together.
        with transaction.atomic():
            for reason in untold:
                AlertSent.objects.create(alert=alert, call=call, kind=reason, sent_at=now)
            context = {
                "alert": alert,
                "organisation": alert.organisation,
                "match": matcher.explained(alert, [call])[0],
                "call": call,
                "days_left": math.ceil((call.deadline - now) / timedelta(days=1)),
            }
            return alert_email(
                template="opening" if opening else "deadline",
                recipient=alert.user,
                token=alert.token,
                context=context,
                base_url=base_url,
            )
    except IntegrityError:
        return 0  # another run told them first


def _new_since(call: Call, since: datetime) -> bool:
    """Published or opened after `since`: a call published before it but opening later was
    not open then, so no digest listed it."""
    published = call.published_at is not None and call.published_at > since
    return published or call.opens_on > local_today(since)


def digests_send(*, now: datetime | None = None, base_url: str) -> int:
    """Weekly: the digest of each weekly alert, then the new results of each confirmed saved
    search (see the module). Returns how many emails were queued."""
    now = now or timezone.now()
    return _organisation_digests_send(now, base_url) + search_results_send(now, base_url)


def _organisation_digests_send(now: datetime, base_url: str) -> int:
    due = Q(last_digest_at__isnull=True) | Q(last_digest_at__lte=now - DIGEST_INTERVAL)
    alerts = list(_alerts(AlertFrequency.WEEKLY).filter(due))
    if not alerts:
        return 0
    calls = open_calls(now)
    matcher = _Matcher()
    sent = 0
    for alert in alerts:
        last = alert.last_digest_at
        new = [
            call
            for call in calls
            if (last is None or _new_since(call, last))
            and matcher.matches(alert.organisation, call)
        ]
        # The claim and the queued email commit together: once a week, even if this stops.
        with transaction.atomic():
            if not claimed(OrganisationAlert, alert.pk, "last_digest_at", last, now):
                continue
            if new:
                sent += alert_email(
                    template="digest",
                    recipient=alert.user,
                    token=alert.token,
                    context={
                        "alert": alert,
                        "organisation": alert.organisation,
                        "matches": matcher.explained(alert, new),
                    },
                    base_url=base_url,
                )
    return sent
