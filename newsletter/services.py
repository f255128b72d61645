"""Subscriptions (double opt-in), issues, and their sending in batches through the task queue.

Every email goes through the queue (background/mail.py): a mail server that is down delays an
issue, never loses it. Each delivery's outcome is read from its queued email and recorded on it
(`deliveries_record`): sent, or failed with the error once the queue gave up on it."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.core import signing
from django.db import IntegrityError, transaction
from django.db.models import Max, OuterRef, Subquery
from django.urls import reverse
from django.utils import timezone

from background.enums import EmailStatus
from background.mail import email_queue
from background.models import OutgoingEmail
from calls.models import Call
from calls.services.emails import Recipient
from members.emails import send_notification
from members.models import Territory, User
from news.models import Post
from toolbox.public_cache import record_public_change
from trainings.models import Training

from .content import blocks_for, issue_content
from .emails import TEST_TOKEN, issue_message
from .enums import DeliveryStatus, IssueStatus, Section
from .models import SECTION_FIELDS, Delivery, Issue, Subscriber, newsletter_name

# An unconfirmed subscription, and a confirmation link, last this long.
UNCONFIRMED_KEPT = timedelta(days=7)
CONFIRMATION_SALT = "newsletter.confirmation"
# Deliveries per task of the queue: one task renders and queues this many emails.
BATCH_SIZE = 200
# A delivery still waiting for its batch after this long lost its task (a worker killed).
LOST_AFTER = timedelta(hours=1)
# Reported undeliverable this many times, an address is unsubscribed.
BOUNCES_BEFORE_REMOVAL = 3
PURPOSE = "newsletter/issue"


class IssueError(ValueError):
    """An issue that cannot be changed any more (its sending began)."""


# Subscriptions -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Confirmation:
    """What a confirmation link asks: these choices for this subscription."""

    subscriber: Subscriber
    territories: list[Territory]
    sections: list[Section]
    language: str


def confirmation_token(
    subscriber: Subscriber, territories: Iterable[Territory], sections, language: str
) -> str:
    """The signed choices a confirmation link carries (valid UNCONFIRMED_KEPT): the
    subscription they change, which territories, which sections, which language."""
    return signing.dumps(
        {
            "s": subscriber.token,
            "t": sorted(t.pk for t in territories),
            "c": sorted(str(s) for s in sections),
            "l": language,
        },
        salt=CONFIRMATION_SALT,
        compress=True,
    )


def confirmation_read(token: str) -> Confirmation | None:
    """The choices of a confirmation link; None for an expired or made-up link, or for a
    subscription that no longer exists (unsubscribed, purged)."""
    try:
        data = signing.loads(token, salt=CONFIRMATION_SALT, max_age=UNCONFIRMED_KEPT)
    except signing.BadSignature:
        return None
    subscriber = Subscriber.objects.filter(token=str(data.get("s", ""))).first()
    territories = list(Territory.objects.filter(pk__in=data.get("t") or []))
    sections = [Section(s) for s in data.get("c") or [] if s in Section.values]
    if subscriber is None or not territories or not sections:
        return None
    return Confirmation(subscriber, territories, sections, str(data.get("l", "")))


def _choose(subscriber: Subscriber, territories, sections, language: str) -> None:
    for section, name in SECTION_FIELDS.items():
        setattr(subscriber, name, section in sections)
    subscriber.language = language
    subscriber.save()
    subscriber.territories.set(territories)


def _one_subscriber(email: str) -> Subscriber:
    """The row of this address, created if need be (one per address is a constraint: of two
    requests at once, the second finds the row the first wrote)."""
    try:
        with transaction.atomic():
            return Subscriber.objects.get_or_create(email=email)[0]
    except IntegrityError:
        return Subscriber.objects.get(email=email)


@transaction.atomic
def subscription_request(
    *, email: str, territories, sections, language: str, base_url: str
) -> Subscriber:
    """Someone asks for `territories`' newsletters, `sections` of them, at `email`: the address
    receives a link to confirm (double opt-in), and nothing else until then.

    Whether the address is known or not, the same happens for the person asking (no
    enumeration): an unconfirmed subscription takes the new choices and its seven days start
    again; a confirmed one changes nothing until its owner confirms the new choices from the
    link."""
    email = email.strip().lower()
    territories = list(territories)
    sections = [Section(s) for s in sections]
    subscriber = _one_subscriber(email)
    already = subscriber.is_confirmed
    if not already:
        subscriber.created_at = timezone.now()
        _choose(subscriber, territories, sections, language)
    token = confirmation_token(subscriber, territories, sections, language)
    send_notification(
        template="newsletter/email/confirm",
        recipients=[Recipient(email=email, language=language)],
        context={
            "already": already,
            "names": [newsletter_name(t) for t in territories],
            "sections": sections,
            "confirm_url": base_url + reverse("newsletter:confirm", args=[token]),
        },
        base_url=base_url,
    )
    return subscriber


@transaction.atomic
def subscription_confirm(*, token: str) -> Subscriber | None:
    """The address confirmed the choices of its link (None: the link no longer works)."""
    confirmation = confirmation_read(token)
    if confirmation is None:
        return None
    subscriber = confirmation.subscriber
    subscriber.confirmed_at = subscriber.confirmed_at or timezone.now()
    _choose(subscriber, confirmation.territories, confirmation.sections, confirmation.language)
    return subscriber


def subscription_end(*, token: str) -> bool:
    """Unsubscribe: the subscription is deleted at once (its deliveries stay, without it, for
    the issues' counts). False when nothing had that token (already unsubscribed)."""
    deleted, _counts = Subscriber.objects.filter(token=token).delete()
    return bool(deleted)


def unconfirmed_subscribers_purge(*, now: datetime | None = None) -> int:
    """Subscriptions left unconfirmed for UNCONFIRMED_KEPT are deleted (an address nobody
    confirmed is not kept)."""
    cutoff = (now or timezone.now()) - UNCONFIRMED_KEPT
    deleted = Subscriber.objects.filter(confirmed_at__isnull=True, created_at__lt=cutoff)
    return deleted.delete()[1].get(Subscriber._meta.label, 0)


# Issues --------------------------------------------------------------------------------------


@transaction.atomic
def issue_save(
    *,
    issue: Issue,
    posts: Iterable[Post],
    calls: Iterable[Call],
    trainings: Iterable[Training],
    by: User,
) -> Issue:
    """Save a draft issue and the items it chose (trainings and events alike)."""
    if issue.pk is not None:
        still_draft = Issue.objects.select_for_update().filter(
            pk=issue.pk, status=IssueStatus.DRAFT
        )
        if not still_draft.exists():
            raise IssueError("Only a draft issue can be changed.")
    else:
        issue.created_by = by
        issue.status = IssueStatus.DRAFT
    issue.save()
    issue.posts.set(posts)
    issue.calls.set(calls)
    issue.trainings.set(trainings)
    return issue


def issue_send_test(*, issue: Issue, user: User, base_url: str) -> int:
    """One email of the issue, every section, to the person's own address (in their language),
    its subject saying it is a test."""
    message = issue_message(
        issue=issue,
        blocks=issue_content(issue),
        recipient=user,
        token=TEST_TOKEN,
        base_url=base_url,
        test=True,
    )
    return len(email_queue([message], purpose="newsletter/test"))


def issue_send(*, issue: Issue, by: User, base_url: str) -> bool:
    """Send the issue, once: numbered, public, one delivery for each confirmed subscriber of its
    territory who wants at least one of its sections, queued in batches of BATCH_SIZE.

    Returns False, and does nothing, for an issue already sent (or being sent): the second
    press of the button, or a second coordinator at the same time."""
    from .tasks import issue_batch_send

    with transaction.atomic():
        # One issue of a territory numbered at a time (PostgreSQL; SQLite writes one at a time).
        Territory.objects.select_for_update().filter(pk=issue.territory_id).exists()
        latest = Issue.objects.filter(territory_id=issue.territory_id).aggregate(Max("number"))
        claimed = Issue.objects.filter(pk=issue.pk, status=IssueStatus.DRAFT).update(
            status=IssueStatus.SENDING,
            number=(latest["number__max"] or 0) + 1,
            sent_at=timezone.now(),
            sent_by=by,
        )
        if not claimed:
            return False
        # Public from now on (an update, which no signal reports): pages kept for visitors,
        # the archive first, are computed afresh.
        record_public_change()
        issue.refresh_from_db()
        sections = [block.section for block in issue_content(issue)]
        recipients = (
            Subscriber.objects.confirmed()
            .filter(territories=issue.territory_id)
            .wanting(sections)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        Delivery.objects.bulk_create(
            [Delivery(issue=issue, subscriber_id=pk) for pk in recipients], batch_size=1000
        )
        ids = list(issue.deliveries.order_by("pk").values_list("pk", flat=True))
        if not ids:
            Issue.objects.filter(pk=issue.pk).update(status=IssueStatus.SENT)
        for start in range(0, len(ids), BATCH_SIZE):
            issue_batch_send.enqueue(issue.pk, ids[start : start + BATCH_SIZE], base_url)
    issue.refresh_from_db()
    return True


def issue_batch_deliver(*, issue_id: int, delivery_ids: list[int], base_url: str) -> int:
    """Queue the emails of these deliveries (a task of the queue runs this): each subscriber's
    sections, in their language. A delivery whose email is queued already is left (a task run
    twice sends nothing twice); one whose subscriber left since is deleted; an email that cannot
    be made is recorded failed, with the error. Returns how many emails were queued."""
    issue = Issue.objects.select_related("territory").get(pk=issue_id)
    blocks = issue_content(issue)
    with transaction.atomic():
        deliveries = list(
            Delivery.objects.select_for_update(of=("self",))
            .filter(pk__in=delivery_ids, status=DeliveryStatus.PENDING, outgoing__isnull=True)
            .select_related("subscriber")
            .order_by("pk")
        )
        messages, queued, gone, failed = [], [], [], []
        for delivery in deliveries:
            subscriber = delivery.subscriber
            chosen = blocks_for(blocks, subscriber.sections) if subscriber else []
            if subscriber is None or not subscriber.is_confirmed or (blocks and not chosen):
                gone.append(delivery.pk)
                continue
            try:
                message = issue_message(
                    issue=issue,
                    blocks=chosen,
                    recipient=subscriber,
                    token=subscriber.token,
                    base_url=base_url,
                )
            except Exception as error:  # recorded on the delivery, shown on its issue's page
                delivery.status = DeliveryStatus.FAILED
                delivery.error = f"{type(error).__name__}: {error}"[:2000]
                failed.append(delivery)
                continue
            messages.append(message)
            queued.append(delivery)
        for delivery, email in zip(queued, email_queue(messages, purpose=PURPOSE), strict=True):
            delivery.outgoing = email
        Delivery.objects.bulk_update(queued, ["outgoing"])
        Delivery.objects.bulk_update(failed, ["status", "error"])
        Delivery.objects.filter(pk__in=gone).delete()
    deliveries_record(issue=issue)
    issue_finish(issue)
    return len(queued)


def lost_batches_resume(*, base_url: str, now: datetime | None = None) -> int:
    """Enqueue again the deliveries of issues being sent still waiting for their batch after
    LOST_AFTER (its task was lost). A batch that runs twice sends nothing twice. Returns how
    many deliveries were enqueued again."""
    from .tasks import issue_batch_send

    cutoff = (now or timezone.now()) - LOST_AFTER
    stuck: dict[int, list[int]] = {}
    rows = (
        Delivery.objects.filter(
            status=DeliveryStatus.PENDING,
            outgoing__isnull=True,
            created_at__lt=cutoff,
            issue__status=IssueStatus.SENDING,
        )
        .order_by("issue", "pk")
        .values_list("issue", "pk")
    )
    for issue_id, pk in rows:
        stuck.setdefault(issue_id, []).append(pk)
    for issue_id, ids in stuck.items():
        for start in range(0, len(ids), BATCH_SIZE):
            issue_batch_send.enqueue(issue_id, ids[start : start + BATCH_SIZE], base_url)
    return sum(len(ids) for ids in stuck.values())


def issue_finish(issue: Issue) -> bool:
    """An issue being sent is sent once every delivery has its email queued (or failed)."""
    waiting = issue.deliveries.filter(status=DeliveryStatus.PENDING, outgoing__isnull=True)
    if waiting.exists():
        return False
    return bool(
        Issue.objects.filter(pk=issue.pk, status=IssueStatus.SENDING).update(
            status=IssueStatus.SENT
        )
    )


def deliveries_record(*, issue: Issue | None = None) -> int:
    """Record on each pending delivery the outcome of its queued email: sent (with its time),
    or failed with the last error once the queue gave up. Returns how many changed."""
    pending = Delivery.objects.filter(status=DeliveryStatus.PENDING)
    if issue is not None:
        pending = pending.filter(issue=issue)
    email = OutgoingEmail.objects.filter(pk=OuterRef("outgoing_id"))
    sent = pending.filter(outgoing__status=EmailStatus.SENT).update(
        status=DeliveryStatus.SENT, sent_at=Subquery(email.values("sent_at")[:1])
    )
    failed = pending.filter(outgoing__status=EmailStatus.FAILED).update(
        status=DeliveryStatus.FAILED, error=Subquery(email.values("last_error")[:1])
    )
    return sent + failed


@transaction.atomic
def delivery_bounced(*, email: str, issue: Issue | None = None) -> int:
    """An issue's email came back undeliverable to `email` (read in a bounce report: the
    portal receives no mail). Its latest delivery to that address (of `issue`, if given) is
    marked bounced; after BOUNCES_BEFORE_REMOVAL bounces the address is unsubscribed. Returns
    how many deliveries were marked (0: no delivery to that address)."""
    deliveries = Delivery.objects.filter(subscriber__email__iexact=email.strip()).exclude(
        status=DeliveryStatus.BOUNCED
    )
    if issue is not None:
        deliveries = deliveries.filter(issue=issue)
    delivery = deliveries.select_related("subscriber").order_by("-pk").first()
    if delivery is None:
        return 0
    Delivery.objects.filter(pk=delivery.pk).update(status=DeliveryStatus.BOUNCED)
    subscriber = delivery.subscriber
    if subscriber is not None:
        bounces = subscriber.deliveries.filter(status=DeliveryStatus.BOUNCED).count()
        if bounces >= BOUNCES_BEFORE_REMOVAL:
            subscriber.delete()
    return 1
