"""Trainings organised by a territory's network, their sessions and registrations."""

from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from members import acting
from members.models import (
    Commune,
    Language,
    Organisation,
    Territory,
    Theme,
    TranslatedSummaries,
    WorkingGroup,
)
from members.search import SearchTextMixin
from resources.models import Resource
from toolbox.dates import dates_in_range, validate_datetime_in_range
from toolbox.text import unique_slug
from trainings.enums import (
    EVENT_KINDS,
    HOLDS_A_SEAT,
    STILL_COMING,
    RegistrationStatus,
    TrainingFormat,
    TrainingKind,
    TrainingStatus,
)

# Announced trainings, cancelled ones included: their page and the calendar feeds say so.
ANNOUNCED = [TrainingStatus.PUBLISHED, TrainingStatus.CANCELLED]


class TrainingQuerySet(models.QuerySet):
    """Reads are always scoped (written on members.acting, agreeing with trainings.permissions)."""

    def public(self):
        """What anyone may see: announced trainings (drafts are their coordinators' only)."""
        return self.filter(status__in=ANNOUNCED)

    def published(self):
        """Trainings open to registration: published, not cancelled."""
        return self.filter(status=TrainingStatus.PUBLISHED)

    def trainings(self):
        """Trainings proper (the catalogue), without the network's other events."""
        return self.filter(kind=TrainingKind.TRAINING)

    def events(self):
        """The network's other events: general assemblies, meetings, worklabs… (`/events/`)."""
        return self.filter(kind__in=EVENT_KINDS)

    def managed_by(self, user):
        """Trainings the person creates, edits and runs (`can_manage_training`): their
        territory's, as coordinator; all, as site admin."""
        if acting.acts_as_site_admin(user):
            return self.all()
        return self.filter(territory__in=acting.coordinated_territory_ids(user))

    def visible_to(self, user):
        return self.filter(Q(status__in=ANNOUNCED) | Q(pk__in=self.managed_by(user).values("pk")))


class Training(SearchTextMixin, TranslatedSummaries):
    """A training or another network event (general assembly, meeting, worklab…): `kind`
    says which; sessions, registrations, waiting lists, reminders and calendars are the same."""

    Format = TrainingFormat

    Kind = TrainingKind

    Status = TrainingStatus

    SEARCHED_FIELDS = ["title", "summary", "objectives", "content", "trainers"]

    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices, default=Kind.TRAINING)
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=220, unique=True)
    summary = models.CharField(_("summary"), max_length=500)
    objectives = models.TextField(_("objectives"), blank=True)
    content = models.TextField(_("content"), blank=True)
    prerequisites = models.TextField(_("prerequisites"), blank=True)
    audience = models.TextField(_("audience"), blank=True)
    themes = models.ManyToManyField(Theme, related_name="trainings", verbose_name=_("themes"))
    trainers = models.CharField(_("trainers"), max_length=300, blank=True)
    territory = models.ForeignKey(
        Territory, on_delete=models.PROTECT, related_name="trainings", verbose_name=_("territory")
    )
    open_to_other_territory = models.BooleanField(
        _("open to members of the other territory"), default=False
    )
    format = models.CharField(
        _("format"), max_length=20, choices=Format.choices, default=Format.IN_PERSON
    )
    language = models.ForeignKey(
        Language, on_delete=models.PROTECT, default="fr", verbose_name=_("language")
    )
    requires_approval = models.BooleanField(
        _("registrations need the coordinators' approval"), default=False
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    working_group = models.ForeignKey(
        WorkingGroup,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="events",
        verbose_name=_("working group"),
    )
    materials = models.ManyToManyField(
        Resource, related_name="trainings", blank=True, verbose_name=_("materials")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = TrainingQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["updated_at", "search_text"], m2m_fields=[themes])

    class Meta:
        verbose_name = _("training")
        verbose_name_plural = _("trainings")
        ordering = ["title"]
        # Published trainings of a territory: the catalogue, the network pages, statistics.
        indexes = [
            models.Index(fields=["status", "territory"], name="training_status_territory"),
            # Trainings or events (their lists, their feeds): the keys of a kind, read from the
            # index alone.
            models.Index(fields=["kind", "status", "id"], name="training_kind_status"),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(self, self.title, fallback="training", reserved=RESERVED_SLUGS)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        """Trainings live under /trainings/, the other events under /events/ (each URL sends
        the other kind to this one)."""
        name = "trainings:event" if self.is_event else "trainings:training"
        return reverse(name, kwargs={"slug": self.slug})

    @property
    def is_event(self) -> bool:
        """A network event (general assembly, meeting, worklab…) rather than a training: the
        pages and emails say "event"."""
        return self.kind != TrainingKind.TRAINING

    def worded(self, of_a_training: str, of_an_event: str) -> str:
        """The message in the words of its kind: each one a whole sentence, for translators."""
        return of_an_event if self.is_event else of_a_training

    @property
    def is_published(self) -> bool:
        return self.status == TrainingStatus.PUBLISHED

    @property
    def is_cancelled(self) -> bool:
        return self.status == TrainingStatus.CANCELLED

    def accepts_members_of(self, organisation: Organisation) -> bool:
        """Members of the other territory register only if the training is open to them."""
        return organisation.territory_id == self.territory_id or self.open_to_other_territory


RESERVED_SLUGS = {"new", "archive", "mine", "calendar", "sessions", "registrations"}


class SessionQuerySet(models.QuerySet):
    def upcoming(self, now=None):
        return self.filter(ends_at__gte=now or timezone.now())

    def past(self, now=None):
        return self.filter(ends_at__lt=now or timezone.now())

    def public(self):
        """Sessions of announced trainings (`TrainingQuerySet.public`)."""
        return self.filter(training__in=Training.objects.public())

    def published(self):
        """Sessions open to registration's trainings (the catalogue)."""
        return self.filter(training__in=Training.objects.published())

    # Through the trainings' keys (the index of kinds), not a join on their rows: a training's
    # row is wide (its texts), and reading every one to keep those of a kind cost twice as much.
    def of_trainings(self):
        """Sessions of trainings proper (the catalogue and its archive)."""
        return self.filter(training__in=Training.objects.trainings())

    def of_events(self):
        """Sessions of the network's other events (`/events/` and its archive)."""
        return self.filter(training__in=Training.objects.events())

    def visible_to(self, user):
        return self.filter(training__in=Training.objects.visible_to(user))

    def managed_by(self, user):
        """Sessions whose registrants the person sees and runs (`can_manage_training`)."""
        return self.filter(training__in=Training.objects.managed_by(user))

    def with_counts(self):
        return self.annotate(
            confirmed_count=models.Count(
                "registrations",
                filter=Q(registrations__status__in=Registration.HOLDS_A_SEAT),
            ),
            waitlist_count=models.Count(
                "registrations", filter=Q(registrations__status=Registration.Status.WAITLISTED)
            ),
        )


class Session(models.Model):
    """One occurrence of a training. Times are stored in UTC and shown in the territory's
    local time (UTC-4, no daylight saving)."""

    training = models.ForeignKey(Training, on_delete=models.CASCADE, related_name="sessions")
    starts_at = models.DateTimeField(_("starts at"), validators=[validate_datetime_in_range])
    ends_at = models.DateTimeField(_("ends at"), validators=[validate_datetime_in_range])
    venue = models.CharField(_("venue"), max_length=255, blank=True)
    commune = models.ForeignKey(
        Commune, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("commune")
    )
    online_url = models.URLField(
        _("online link"), blank=True, help_text=_("Shown only to confirmed participants.")
    )
    capacity = models.PositiveIntegerField(_("capacity"))
    registration_opens_at = models.DateTimeField(
        _("registration opens"), null=True, blank=True, validators=[validate_datetime_in_range]
    )
    registration_deadline = models.DateTimeField(
        _("registration deadline"), validators=[validate_datetime_in_range]
    )

    objects = SessionQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        ordering = ["starts_at"]
        indexes = [
            # Lists by date, soonest or latest first (catalogue, archive, dashboards), and
            # statistics by month.
            models.Index(fields=["starts_at"], name="session_starts_at"),
            # Coming or past: what has not ended yet, what has.
            models.Index(fields=["ends_at"], name="session_ends_at"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="session_ends_after_start"
            ),
            models.CheckConstraint(condition=Q(capacity__gte=1), name="session_has_seats"),
            *dates_in_range(
                "session",
                "starts_at",
                "ends_at",
                "registration_opens_at",
                "registration_deadline",
                times=True,
            ),
        ]

    def __str__(self):
        return f"{self.training} — {timezone.localtime(self.starts_at, self.tz):%Y-%m-%d %H:%M}"

    def get_absolute_url(self):
        return self.training.get_absolute_url() + f"#session-{self.pk}"

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.training.territory.timezone)

    @property
    def local_start(self):
        return timezone.localtime(self.starts_at, self.tz)

    @property
    def local_end(self):
        return timezone.localtime(self.ends_at, self.tz)

    def seats_taken(self) -> int:
        return self.registrations.filter(status__in=Registration.HOLDS_A_SEAT).count()

    def has_ended(self, now=None) -> bool:
        return self.ends_at < (now or timezone.now())

    def registration_open(self, now=None) -> bool:
        now = now or timezone.now()
        opened = self.registration_opens_at is None or self.registration_opens_at <= now
        return opened and now <= self.registration_deadline and self.training.is_published


class RegistrationQuerySet(models.QuerySet):
    def active(self):
        return self.exclude(status=Registration.Status.CANCELLED)

    def holding_a_seat(self):
        return self.filter(status__in=Registration.HOLDS_A_SEAT)

    def waiting(self):
        """The waiting list, first come first served."""
        return self.filter(status=Registration.Status.WAITLISTED).order_by("created_at", "pk")

    def of(self, user):
        """The person's own registrations."""
        if not acting.is_active_account(user):
            return self.none()
        return self.filter(user=user)

    def managed_by(self, user):
        """Registrations to sessions the person runs (`can_manage_training`)."""
        return self.filter(session__in=Session.objects.managed_by(user))

    def cancellable_by(self, user):
        """The person's own registrations and those they manage (`can_cancel_registration`)."""
        return self.of(user) | self.managed_by(user)

    def of_organisations_readable_by(self, user):
        """An organisation's training history, for whoever reads its private fields."""
        return self.filter(organisation__in=Organisation.objects.with_private_access(user))


class RegistrationManager(models.Manager.from_queryset(RegistrationQuerySet)):  # type: ignore[misc]
    def get_queryset(self):
        # Registrations are always shown with their session, training and person, reverse
        # relations included (an organisation's training history).
        return super().get_queryset().select_related("session__training", "user")


class Registration(models.Model):
    """A person registered on behalf of one of their organisations.

    Business rules: one active registration per person and session; confirmed registrations
    never exceed the session's capacity; beyond it people wait in order of registration.
    """

    Status = RegistrationStatus

    HOLDS_A_SEAT = HOLDS_A_SEAT
    STILL_COMING = STILL_COMING

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="registrations")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="training_registrations"
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="training_registrations",
        verbose_name=_("on behalf of"),
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices)
    created_at = models.DateTimeField(_("registered on"), auto_now_add=True)
    cancelled_at = models.DateTimeField(_("cancelled on"), null=True, blank=True)
    reminder_sent_at = models.DateTimeField(null=True, blank=True)
    # A coordinator may give a waitlisted person a seat ahead of the queue, saying why.
    promoted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("promoted by"),
    )
    promoted_at = models.DateTimeField(_("promoted on"), null=True, blank=True)
    promotion_reason = models.TextField(_("reason for the promotion"), blank=True)

    objects = RegistrationManager()

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["created_at", "pk"]
        # Seats taken and waiting lists of sessions, counted by status.
        indexes = [models.Index(fields=["session", "status"], name="registration_session_status")]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "user"],
                condition=~Q(status=RegistrationStatus.CANCELLED),
                name="registration_one_active_per_person",
            )
        ]

    def __str__(self):
        return f"{self.user} — {self.session}"

    @property
    def is_confirmed(self) -> bool:
        return self.status == RegistrationStatus.CONFIRMED

    @property
    def is_waitlisted(self) -> bool:
        return self.status == RegistrationStatus.WAITLISTED

    @property
    def is_pending(self) -> bool:
        return self.status == RegistrationStatus.PENDING

    @property
    def is_cancelled(self) -> bool:
        return self.status == RegistrationStatus.CANCELLED
