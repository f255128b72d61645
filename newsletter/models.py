"""The networks' newsletters: who subscribed to what, the issues, who was sent which issue."""

import secrets
from functools import reduce
from operator import or_

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from background.enums import EmailStatus
from calls.models import Call
from members import acting
from members.models import Territory
from news.models import Post
from trainings.models import Training

from .enums import DeliveryStatus, IssueStatus, Section

# The newsletters' own names, by territory; the others are "the newsletter of <network>".
NAMES = {"guadeloupe": "Kari'On"}
# What each section asks of a subscriber.
SECTION_FIELDS = {
    Section.NEWS: "wants_news",
    Section.CALLS: "wants_calls",
    Section.TRAININGS: "wants_trainings",
    Section.EVENTS: "wants_events",
}


def newsletter_name(territory: Territory) -> str:
    """The newsletter's name: its own (Kari'On for Guadeloupe), or its network's."""
    if territory.slug in NAMES:
        return NAMES[territory.slug]
    network = territory.network_name or territory.name
    return gettext("The newsletter of %(network)s") % {"network": network}


def new_token() -> str:
    return secrets.token_urlsafe(24)


class SubscriberQuerySet(models.QuerySet):
    def confirmed(self):
        return self.filter(confirmed_at__isnull=False)

    def wanting(self, sections):
        """Subscribers who chose at least one of `sections` (all of them for none: an issue
        of the coordinators' text alone is for every subscriber)."""
        if not sections:
            return self.all()
        return self.filter(reduce(or_, (Q(**{SECTION_FIELDS[s]: True}) for s in sections)))


class Subscriber(models.Model):
    """An address that receives the newsletters of one or both networks, for the sections it
    chose, once it has confirmed it wants them (double opt-in). No account is needed.

    Business rules: one row per address (lower case); its choices change only from a link
    emailed to the address; unconfirmed, it is deleted after seven days; unsubscribing deletes
    it at once (its deliveries stay, without it, for the issues' counts). Personal data:
    exported and erased with the account of the same address (members/personal_data.py)."""

    PERSONAL_DATA_EMAIL_FIELD = "email"

    email = models.EmailField(_("email address"))
    territories = models.ManyToManyField(
        Territory, related_name="newsletter_subscribers", verbose_name=_("networks")
    )
    wants_news = models.BooleanField(_("news of the network"), default=True)
    wants_calls = models.BooleanField(_("funding calls"), default=True)
    wants_trainings = models.BooleanField(_("trainings"), default=True)
    wants_events = models.BooleanField(_("events"), default=True)
    language = models.CharField(
        _("language"), max_length=10, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )
    # Names the subscription in every email's unsubscribe link and in the confirmation links.
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    created_at = models.DateTimeField(_("asked at"), auto_now_add=True)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)

    objects = SubscriberQuerySet.as_manager()

    class Meta:
        verbose_name = _("newsletter subscriber")
        verbose_name_plural = _("newsletter subscribers")
        ordering = ["email"]
        constraints = [
            models.UniqueConstraint(Lower("email"), name="one_subscriber_per_address"),
        ]

    def __str__(self):
        return self.email

    @property
    def sections(self) -> list[Section]:
        return [section for section, name in SECTION_FIELDS.items() if getattr(self, name)]

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed_at is not None


class IssueQuerySet(models.QuerySet):
    """Reads are always scoped (written on members.acting, agreeing with the permissions)."""

    def public(self):
        """Issues whose sending has begun: their web version is everyone's (the emails link
        to it). Drafts are their coordinators' only."""
        return self.filter(status__in=[IssueStatus.SENDING, IssueStatus.SENT])

    def managed_by(self, user):
        """Issues the person composes and sends (`can_send_newsletter`): their territory's, as
        coordinator; all, as site admin."""
        if acting.acts_as_site_admin(user):
            return self.all()
        return self.filter(territory__in=acting.coordinated_territory_ids(user))

    def visible_to(self, user):
        return self.filter(Q(pk__in=self.public().values("pk")) | Q(pk__in=self.managed_by(user)))

    def with_counts(self):
        """Each issue's deliveries by outcome (`sent_count`, `failed_count`, `bounced_count`,
        `delivery_count`), an email's outcome read from the queue until it is recorded."""
        sent = Q(deliveries__status=DeliveryStatus.SENT) | Q(
            deliveries__status=DeliveryStatus.PENDING,
            deliveries__outgoing__status=EmailStatus.SENT,
        )
        failed = Q(deliveries__status=DeliveryStatus.FAILED) | Q(
            deliveries__status=DeliveryStatus.PENDING,
            deliveries__outgoing__status=EmailStatus.FAILED,
        )
        return self.annotate(
            delivery_count=models.Count("deliveries"),
            sent_count=models.Count("deliveries", filter=sent),
            failed_count=models.Count("deliveries", filter=failed),
            bounced_count=models.Count(
                "deliveries", filter=Q(deliveries__status=DeliveryStatus.BOUNCED)
            ),
        )


class Issue(models.Model):
    """One issue of a territory's newsletter: the coordinators' text and the news, funding
    calls, trainings and events they chose.

    Business rules: edited while a draft; sent once (draft → sending → sent), to the confirmed
    subscribers of its territory who want at least one of its sections, each receiving only
    the sections they chose; numbered when its sending begins (1, 2, … per territory), which
    makes its web version public. Items shown are always those still public."""

    Status = IssueStatus

    territory = models.ForeignKey(
        Territory,
        on_delete=models.PROTECT,
        related_name="newsletter_issues",
        verbose_name=_("territory"),
    )
    number = models.PositiveIntegerField(_("number"), null=True, blank=True, editable=False)
    subject = models.CharField(_("subject"), max_length=200)
    intro = models.TextField(
        _("introduction"),
        blank=True,
        help_text=_("The coordinators' own words, at the top of the issue. Plain text."),
    )
    posts = models.ManyToManyField(
        Post, blank=True, related_name="newsletter_issues", verbose_name=_("news")
    )
    calls = models.ManyToManyField(
        Call, blank=True, related_name="newsletter_issues", verbose_name=_("funding calls")
    )
    # Trainings and events alike (their kind says which section shows them).
    trainings = models.ManyToManyField(
        Training,
        blank=True,
        related_name="newsletter_issues",
        verbose_name=_("trainings and events"),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("sent by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    objects = IssueQuerySet.as_manager()

    # Read by IssueQuerySet.with_counts().
    delivery_count: int
    sent_count: int
    failed_count: int
    bounced_count: int

    class Meta:
        verbose_name = _("newsletter issue")
        verbose_name_plural = _("newsletter issues")
        ordering = ["-sent_at", "-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["territory", "number"], name="issue_number_once"),
            models.CheckConstraint(
                condition=Q(status=IssueStatus.DRAFT) | Q(number__isnull=False),
                name="issue_sent_has_number",
            ),
        ]
        indexes = [models.Index(fields=["territory", "status"], name="issue_territory_status")]

    def __str__(self):
        return f"{self.title} — {self.subject}" if self.number else self.subject

    def get_absolute_url(self):
        """The public web version (issues being sent or sent), else the coordinators' page."""
        if self.is_public:
            return reverse("newsletter:web", args=[self.territory.slug, self.number])
        return self.get_manage_url()

    def get_manage_url(self):
        return reverse("newsletter:issue", args=[self.pk])

    @property
    def is_draft(self) -> bool:
        return self.status == IssueStatus.DRAFT

    @property
    def is_public(self) -> bool:
        return self.status in (IssueStatus.SENDING, IssueStatus.SENT)

    @property
    def name(self) -> str:
        return newsletter_name(self.territory)

    @property
    def title(self) -> str:
        """ "Kari'On no. 3"; a draft, not numbered yet: the newsletter's name."""
        if self.number is None:
            return self.name
        return gettext("%(name)s no. %(number)s") % {"name": self.name, "number": self.number}

    # Of an issue read `with_counts()`:

    @property
    def undelivered_count(self) -> int:
        """Failed and bounced, as the issue's page counts them."""
        return self.failed_count + self.bounced_count

    @property
    def pending_count(self) -> int:
        return self.delivery_count - self.sent_count - self.undelivered_count


class Delivery(models.Model):
    """One issue for one subscriber: its email (in the task queue) and its outcome.

    Business rules: one per issue and subscriber, created when the issue is sent; pending
    until its email is delivered (sent) or given up on after the queue's attempts (failed,
    with the error), or reported undeliverable (bounced). A subscriber who unsubscribes leaves
    their deliveries without them: the issue's counts stay."""

    Status = DeliveryStatus

    issue = models.ForeignKey(Issue, on_delete=models.CASCADE, related_name="deliveries")
    subscriber = models.ForeignKey(
        Subscriber,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="deliveries",
    )
    outgoing = models.ForeignKey(
        "background.OutgoingEmail",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("email"),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PENDING
    )
    error = models.TextField(_("error"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("newsletter delivery")
        verbose_name_plural = _("newsletter deliveries")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["issue", "subscriber"], name="delivery_once"),
        ]
        indexes = [models.Index(fields=["issue", "status"], name="delivery_issue_status")]

    def __str__(self):
        return f"{self.issue_id} → {self.subscriber or '—'} ({self.get_status_display()})"
