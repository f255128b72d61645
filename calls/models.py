"""Funding calls relayed by the networks, their documents, and the alerts people ask for."""

import secrets
from datetime import datetime, time, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from members import acting
from members.models import Country, Organisation, Territory, Theme, TranslatedSummaries
from members.search import SearchTextMixin
from toolbox.dates import dates_in_range, validate_date_in_range, validate_datetime_in_range
from toolbox.documents import private_storage
from toolbox.text import unique_slug

from .enums import (
    AlertFrequency,
    AlertKind,
    CallFunder,
    CallPhase,
    CallStatus,
    applicant_label,
)

# A call is "closing soon" from this many days before its deadline (the last reminder's lead).
CLOSING_SOON = timedelta(days=14)
# Paths of the calendar that a call's slug must not take.
RESERVED_SLUGS = {
    "new",
    "archive",
    "month",
    "calendar",
    "alerts",
    "searches",
    "unsubscribe",
}
MONEY: dict[str, Any] = {
    "max_digits": 12,
    "decimal_places": 2,
    "validators": [MinValueValidator(Decimal(0))],
}
RATE = [MinValueValidator(0), MaxValueValidator(100)]


def local_zone() -> ZoneInfo:
    """Both territories live at UTC-4 all year (settings.TIME_ZONE)."""
    return ZoneInfo(settings.TIME_ZONE)


def local_today(now: datetime | None = None):
    return timezone.localtime(now or timezone.now(), local_zone()).date()


class Applicant(models.Model):
    """One kind of eligible applicant: an organisation kind, or a finer audience (lycées, BTS
    sections, CFA). Created by a data migration from the enums, never by users."""

    code = models.SlugField(_("code"), primary_key=True, max_length=30)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("kind of applicant")
        verbose_name_plural = _("kinds of applicant")
        ordering = ["position"]

    def __str__(self):
        return applicant_label(self.code)


class CallQuerySet(models.QuerySet):
    """Reads are always scoped (written on members.acting, agreeing with calls.permissions)."""

    def public(self):
        """What anyone may see: published calls, closed ones included (drafts are their
        coordinators' only)."""
        return self.filter(status=CallStatus.PUBLISHED)

    def managed_by(self, user):
        """Calls the person edits, publishes and unpublishes (`can_manage_call`): those open
        to a territory they coordinate (a call open to both is edited by the coordinators of
        either); all, as site admin."""
        if acting.acts_as_site_admin(user):
            return self.all()
        territories = acting.coordinated_territory_ids(user)
        if not territories:
            return self.none()
        return self.filter(
            pk__in=Call.territories.through.objects.filter(territory__in=territories).values("call")
        )

    def visible_to(self, user):
        """Published calls, and the drafts of those the person manages."""
        if acting.acts_as_site_admin(user):
            return self.all()
        return self.filter(Q(status=CallStatus.PUBLISHED) | Q(pk__in=self.managed_by(user)))

    # Phases, computed from the dates (local time of the territories, UTC-4).

    def not_closed(self, now=None):
        return self.filter(deadline__gt=now or timezone.now())

    def closed(self, now=None):
        return self.filter(deadline__lte=now or timezone.now())

    def upcoming(self, now=None):
        return self.filter(opens_on__gt=local_today(now))

    def open_now(self, now=None):
        """Open for applications: opened (local date), deadline not passed."""
        return self.not_closed(now).filter(opens_on__lte=local_today(now))

    def closing_soon(self, now=None):
        now = now or timezone.now()
        return self.open_now(now).filter(deadline__lte=now + CLOSING_SOON)

    def with_eligibility(self):
        """Everything a list or the matching reads, in one query per relation."""
        return self.prefetch_related("territories", "applicants", "themes", "countries")


class Call(SearchTextMixin, TranslatedSummaries):
    """A call for projects or applications relayed by a network.

    Business rules: the deadline is a date and time in the territories' local time (stored in
    UTC); the call opens at the start of its opening day, local time; it is "closing soon"
    during its last 14 days, closed from its deadline on. Its eligibility: the territories
    where holders may apply (one or both), the kinds of applicant (none: any), the themes
    (none: any), the partner countries (or the whole Greater Caribbean)."""

    Status = CallStatus

    SEARCHED_FIELDS = ["title", "programme", "summary", "description"]
    Funder = CallFunder

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=220, unique=True)
    funder = models.CharField(_("funder"), max_length=20, choices=Funder.choices)
    programme = models.CharField(
        _("programme"),
        max_length=200,
        blank=True,
        help_text=_(
            "The programme or the call's own name, e.g. “Je coopère avec les pays de l’OECO”."
        ),
    )
    summary = models.CharField(_("summary"), max_length=500)
    description = models.TextField(_("description"), blank=True)
    territories = models.ManyToManyField(
        Territory,
        related_name="calls",
        verbose_name=_("territories where holders may apply"),
    )
    applicants = models.ManyToManyField(
        Applicant,
        blank=True,
        related_name="calls",
        verbose_name=_("eligible applicants"),
        help_text=_("None ticked: every kind of applicant."),
    )
    themes = models.ManyToManyField(
        Theme,
        blank=True,
        related_name="calls",
        verbose_name=_("themes"),
        help_text=_("None ticked: any theme."),
    )
    whole_caribbean = models.BooleanField(
        _("partners from the whole Greater Caribbean"),
        default=True,
        help_text=_("Untick to name the eligible partner countries."),
    )
    countries = models.ManyToManyField(
        Country,
        blank=True,
        related_name="calls",
        verbose_name=_("eligible partner countries"),
    )
    cofinancing_min = models.PositiveSmallIntegerField(
        _("co-financing rate, from (%)"), null=True, blank=True, validators=RATE
    )
    cofinancing_max = models.PositiveSmallIntegerField(
        _("co-financing rate, up to (%)"), null=True, blank=True, validators=RATE
    )
    grant_min = models.DecimalField(_("minimum grant (€)"), null=True, blank=True, **MONEY)
    grant_max = models.DecimalField(_("maximum grant (€)"), null=True, blank=True, **MONEY)
    opens_on = models.DateField(_("opening date"), validators=[validate_date_in_range])
    predeposit_on = models.DateField(
        _("pre-deposit date"), null=True, blank=True, validators=[validate_date_in_range]
    )
    deadline = models.DateTimeField(
        _("deadline"),
        validators=[validate_datetime_in_range],
        help_text=_("Date and time, local time of the territory."),
    )
    official_url = models.URLField(_("official page"), max_length=500, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = CallQuerySet.as_manager()
    history = HistoricalRecords(
        excluded_fields=["updated_at", "search_text"],
        m2m_fields=[territories, applicants, themes, countries],
    )

    class Meta:
        verbose_name = _("funding call")
        verbose_name_plural = _("funding calls")
        ordering = ["deadline", "pk"]
        indexes = [
            # The calendar: published calls by deadline, coming or past.
            models.Index(fields=["status", "deadline"], name="call_status_deadline"),
            models.Index(fields=["status", "published_at"], name="call_status_published"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(cofinancing_min__isnull=True)
                | Q(cofinancing_max__isnull=True)
                | Q(cofinancing_min__lte=models.F("cofinancing_max")),
                name="call_rates_in_order",
            ),
            models.CheckConstraint(
                condition=Q(cofinancing_min__isnull=True) | Q(cofinancing_min__lte=100),
                name="call_rate_min_at_most_100",
            ),
            models.CheckConstraint(
                condition=Q(cofinancing_max__isnull=True) | Q(cofinancing_max__lte=100),
                name="call_rate_max_at_most_100",
            ),
            models.CheckConstraint(
                condition=Q(grant_min__isnull=True)
                | Q(grant_max__isnull=True)
                | Q(grant_min__lte=models.F("grant_max")),
                name="call_grants_in_order",
            ),
            *dates_in_range("call", "opens_on", "predeposit_on"),
            *dates_in_range("call", "deadline", "published_at", times=True),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(self, self.title, fallback="call", reserved=RESERVED_SLUGS)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        # The call's page shows the projects that answered it: the top floor's (rrma).
        return reverse("call", kwargs={"slug": self.slug})

    @property
    def is_published(self) -> bool:
        return self.status == CallStatus.PUBLISHED

    @property
    def opens_at(self) -> datetime:
        """The first instant of the opening day, local time."""
        return datetime.combine(self.opens_on, time.min, local_zone())

    @property
    def local_deadline(self) -> datetime:
        return timezone.localtime(self.deadline, local_zone())

    def phase(self, now: datetime | None = None) -> CallPhase:
        """Upcoming before its opening day, closed from its deadline, closing soon in its last
        14 days, open otherwise."""
        now = now or timezone.now()
        if now >= self.deadline:
            return CallPhase.CLOSED
        if local_today(now) < self.opens_on:
            return CallPhase.UPCOMING
        if self.deadline - now <= CLOSING_SOON:
            return CallPhase.CLOSING_SOON
        return CallPhase.OPEN

    @property
    def current_phase(self) -> CallPhase:
        return self.phase()

    def is_open(self, now: datetime | None = None) -> bool:
        return self.phase(now) in (CallPhase.OPEN, CallPhase.CLOSING_SOON)


def document_path(instance, filename: str) -> str:
    # A random name: the one sent is never used (it may say anything, or be a path).
    return f"calls/{secrets.token_hex(16)}.pdf"


class CallDocument(models.Model):
    """A PDF attached to a call (rules, application form, budget template…). Served through
    the call's page only, so that a draft's documents stay private."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="documents")
    title = models.CharField(_("title"), max_length=200)
    # Private: a draft's documents must not be reachable by a guessed or leaked address.
    file = models.FileField(
        _("file"), upload_to=document_path, storage=private_storage, max_length=200
    )
    size = models.PositiveIntegerField(_("size (bytes)"), default=0)
    created_at = models.DateTimeField(_("added at"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("call document")
        verbose_name_plural = _("call documents")
        ordering = ["pk"]

    def __str__(self):
        return self.title


def new_token() -> str:
    return secrets.token_urlsafe(24)


class OrganisationAlert(models.Model):
    """A member's choice to be emailed about the calls matching one of their organisations:
    for each call (when it opens, then 14 and 3 days before its deadline, each once), or a
    weekly digest."""

    Frequency = AlertFrequency

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="call_alerts"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="call_alerts"
    )
    frequency = models.CharField(
        _("frequency"), max_length=20, choices=Frequency.choices, default=Frequency.EACH_CALL
    )
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    last_digest_at = models.DateTimeField(_("last digest"), null=True, blank=True)

    class Meta:
        verbose_name = _("call alert")
        verbose_name_plural = _("call alerts")
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation"], name="one_alert_per_org")
        ]

    def __str__(self):
        return f"{self.user} — {self.organisation}"


class SavedSearchQuerySet(models.QuerySet):
    def confirmed(self):
        return self.filter(confirmed_at__isnull=False)


class SavedSearch(models.Model):
    """A search of the public calendar whose new results are emailed weekly. People without
    an account confirm their address first (double opt-in); unconfirmed searches are purged."""

    PERSONAL_DATA_EMAIL_FIELD = "email"

    email = models.EmailField(_("email address"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="saved_call_searches",
    )
    # The calendar's GET parameters, as its filter form reads them (a shareable query string).
    query = models.CharField(_("search"), max_length=1000, blank=True)
    language = models.CharField(_("language"), max_length=10, default="fr")
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    last_sent_at = models.DateTimeField(_("last sent"), null=True, blank=True)

    objects = SavedSearchQuerySet.as_manager()

    class Meta:
        verbose_name = _("saved search")
        verbose_name_plural = _("saved searches")
        constraints = [
            models.UniqueConstraint(Lower("email"), "query", name="one_search_per_address")
        ]

    def __str__(self):
        return f"{self.email}: {self.query or '—'}"

    def get_absolute_url(self):
        return reverse("calls:calendar") + (f"?{self.query}" if self.query else "")


class AlertSent(models.Model):
    """That one subscription was told of one call for one reason: the unique constraint makes
    each email go out once, whatever the number of workers or runs."""

    Kind = AlertKind

    alert = models.ForeignKey(OrganisationAlert, on_delete=models.CASCADE, related_name="sent")
    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="alerts_sent")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    sent_at = models.DateTimeField(_("sent at"), default=timezone.now)

    class Meta:
        verbose_name = _("alert sent")
        verbose_name_plural = _("alerts sent")
        constraints = [
            models.UniqueConstraint(fields=["alert", "call", "kind"], name="alert_sent_once")
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.call_id} → {self.alert_id}"
