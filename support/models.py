"""Advisory support (appui-conseil): an organisation's request, its thread, its appointments.

Business rules:
- a request belongs to an organisation and is followed by its territory's coordinators; it is
  private to the organisation's people, those coordinators, State services (reading) and site
  admins (the scopes below, agreeing with support.permissions);
- it is "waiting on the coordinators" from its arrival, or from the organisation's first
  message nobody has answered yet, until a coordinator answers it in the thread, or sets it
  waiting for the organisation, or it ends (`awaiting_since`); past `SUPPORT_ANSWER_DAYS` it
  is flagged on the coordinators' dashboard and reminded once by email per waiting spell;
- internal notes are messages the organisation never sees, on no page and in no email;
- the first answer is the coordinators' first message the organisation sees.
"""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from calls.models import Call
from members import acting
from members.models import Organisation
from projects.models import Project
from toolbox.dates import dates_in_range, validate_date_in_range, validate_datetime_in_range

from .enums import ENDED_STATUSES, OPEN_STATUSES, Mode, Outcome, Status, Topic


def answer_delay() -> timedelta:
    """How long a request may wait on the coordinators before it is flagged and reminded."""
    return timedelta(days=settings.SUPPORT_ANSWER_DAYS)


class SupportRequestQuerySet(models.QuerySet):
    """Reads are always scoped, written on the primitives of members.acting."""

    def visible_to(self, user):
        """The organisation's people (any role), its territory's coordinators, State services
        and site admins (`can_read_request`)."""
        if acting.reads_both_territories(user):
            return self.all()
        return self.filter(
            Q(organisation__in=list(acting.organisation_roles(user)))
            | Q(organisation__territory__in=acting.coordinated_territory_ids(user))
        )

    def followed_by(self, user):
        """Requests the person takes, assigns, answers and closes (`can_follow_request`)."""
        if acting.acts_as_site_admin(user):
            return self.all()
        return self.filter(organisation__territory__in=acting.coordinated_territory_ids(user))

    def open(self):
        return self.filter(status__in=OPEN_STATUSES)

    def ended(self):
        return self.filter(status__in=ENDED_STATUSES)

    def overdue(self, now=None):
        """Open requests waiting on the coordinators for longer than the answer delay."""
        since = (now or timezone.now()) - answer_delay()
        return self.open().filter(awaiting_since__lt=since)

    def for_listing(self):
        return self.select_related("organisation__territory", "assignee", "project")


class SupportRequest(models.Model):
    Status = Status
    Topic = Topic
    Outcome = Outcome

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="support_requests",
        verbose_name=_("organisation"),
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="support_requests",
        verbose_name=_("requested by"),
    )
    topic = models.CharField(_("topic"), max_length=30, choices=Topic.choices)
    description = models.TextField(
        _("description"),
        max_length=5000,
        help_text=_("What you need, where the project stands, what you have tried."),
    )
    project = models.ForeignKey(
        Project,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="support_requests",
        verbose_name=_("project concerned"),
    )
    call = models.ForeignKey(
        Call,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="support_requests",
        verbose_name=_("funding call concerned"),
    )
    preferred_mode = models.CharField(
        _("preferred form of support"), max_length=10, choices=Mode.choices
    )
    needed_by = models.DateField(
        _("needed by"),
        null=True,
        blank=True,
        validators=[validate_date_in_range],
        help_text=_("A deadline, if there is one: a call's closing date, a departure…"),
    )
    status = models.CharField(
        _("status"), max_length=15, choices=Status.choices, default=Status.NEW
    )
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices, blank=True)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assigned_support_requests",
        verbose_name=_("followed by"),
    )
    created_at = models.DateTimeField(_("asked on"), default=timezone.now)
    first_answer_at = models.DateTimeField(_("first answer"), null=True, blank=True)
    ended_at = models.DateTimeField(_("ended on"), null=True, blank=True)
    awaiting_since = models.DateTimeField(_("waiting on the coordinators since"), null=True)
    reminded_at = models.DateTimeField(_("reminder sent"), null=True, blank=True)

    objects = SupportRequestQuerySet.as_manager()

    class Meta:
        verbose_name = _("support request")
        verbose_name_plural = _("support requests")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["status", "awaiting_since"], name="support_status_awaiting"),
            models.Index(fields=["organisation", "-created_at"], name="support_org_created"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status=Status.CLOSED, outcome__gt="") | (~Q(status=Status.CLOSED)),
                name="support_closed_has_outcome",
            ),
            models.CheckConstraint(
                condition=Q(status__in=ENDED_STATUSES, ended_at__isnull=False)
                | (~Q(status__in=ENDED_STATUSES) & Q(ended_at__isnull=True)),
                name="support_ended_has_date",
            ),
            *dates_in_range("support_request", "needed_by"),
        ]

    def __str__(self):
        return _("Request no. %(number)s: %(topic)s") % {
            "number": self.pk,
            "topic": self.get_topic_display(),
        }

    def get_absolute_url(self):
        return reverse("support:request", args=[self.pk])

    @property
    def territory(self):
        return self.organisation.territory

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    def is_overdue(self, now=None) -> bool:
        """Waiting on the coordinators for longer than the answer delay (flagged)."""
        return bool(
            self.is_open
            and self.awaiting_since
            and self.awaiting_since < (now or timezone.now()) - answer_delay()
        )

    def minutes_spent(self) -> int:
        """The coordinators' time on the request, summed over its messages and notes."""
        return self.messages.aggregate(total=Sum("minutes_spent"))["total"] or 0


class MessageQuerySet(models.QuerySet):
    def seen_by_organisation(self):
        """What the organisation reads: never the internal notes."""
        return self.filter(internal=False)


class Message(models.Model):
    """One exchange of a request's thread, or an internal note of the coordinators."""

    request = models.ForeignKey(SupportRequest, on_delete=models.CASCADE, related_name="messages")
    # Kept when its author deletes their account, without them (pseudonymised).
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="support_messages",
        verbose_name=_("author"),
    )
    body = models.TextField(_("message"), max_length=5000)
    internal = models.BooleanField(
        _("internal note"),
        default=False,
        help_text=_("Seen by the coordinators only, never by the organisation."),
    )
    from_coordinators = models.BooleanField(default=False)
    minutes_spent = models.PositiveSmallIntegerField(
        _("time spent (minutes)"),
        null=True,
        blank=True,
        help_text=_("On this exchange: reading, advice, a call, a meeting."),
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = MessageQuerySet.as_manager()

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(internal=False) | Q(from_coordinators=True),
                name="support_note_by_coordinators",
            ),
            models.CheckConstraint(
                condition=Q(minutes_spent__isnull=True) | Q(minutes_spent__lte=24 * 60),
                name="support_minutes_within_a_day",
            ),
        ]

    def __str__(self):
        return self.body[:60]


class StatusChange(models.Model):
    """A step of the follow-up, for the thread's timeline and the time to closure."""

    request = models.ForeignKey(
        SupportRequest, on_delete=models.CASCADE, related_name="status_changes"
    )
    status = models.CharField(max_length=15, choices=Status.choices)
    outcome = models.CharField(max_length=20, choices=Outcome.choices, blank=True)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    # Kept when its author deletes their account, without them (pseudonymised).
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="support_status_changes",
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self):
        return self.get_status_display()

    @property
    def is_assignment(self) -> bool:
        """The step names who follows the request from then on."""
        return self.assignee_id is not None


class Appointment(models.Model):
    """A meeting with the organisation: on site (a place), remote (a link) or by phone."""

    request = models.ForeignKey(
        SupportRequest, on_delete=models.CASCADE, related_name="appointments"
    )
    starts_at = models.DateTimeField(_("date and time"), validators=[validate_datetime_in_range])
    duration = models.PositiveSmallIntegerField(
        _("duration (minutes)"),
        default=60,
        help_text=_("Between 15 minutes and 8 hours."),
    )
    mode = models.CharField(_("form"), max_length=10, choices=Mode.choices)
    place = models.CharField(
        _("place"), max_length=200, blank=True, help_text=_("For an appointment on site.")
    )
    link = models.URLField(
        _("link"), max_length=500, blank=True, help_text=_("For a remote appointment.")
    )
    note = models.CharField(_("note for the organisation"), max_length=500, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="support_appointments",
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("appointment")
        verbose_name_plural = _("appointments")
        ordering = ["starts_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(duration__gte=15, duration__lte=8 * 60),
                name="support_appointment_duration",
            ),
            *dates_in_range("support_appointment", "starts_at", times=True),
        ]

    def __str__(self):
        return f"{self.get_mode_display()} — {self.starts_at:%Y-%m-%d %H:%M}"

    @property
    def ends_at(self):
        return self.starts_at + timedelta(minutes=self.duration)

    def get_ics_url(self):
        return reverse("support:appointment_ics", args=[self.request_id, self.pk])
