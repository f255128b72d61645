"""Missions and delegations of the organisations, and the obstacles each met."""

from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from members import acting
from members.models import Country, Organisation
from projects.models import Project
from toolbox.dates import dates_in_range, validate_date_in_range

from .enums import Direction, ObstacleKind

# A delegation larger than this is a typo (or an attack on the figures).
MAX_PARTICIPANTS = 500


class MissionQuerySet(models.QuerySet):
    """Reads are always scoped: views fetch missions through these methods, written on the
    primitives of members.acting and agreeing with missions.permissions."""

    def visible_to(self, user):
        """Missions the person reads (`can_read_mission`): those of the organisations they
        belong to, of their territory as coordinator; all, as State services or site admin."""
        if acting.reads_both_territories(user):
            return self.all()
        return self.filter(
            Q(organisation__in=list(acting.organisation_roles(user)))
            | Q(organisation__territory__in=acting.coordinated_territory_ids(user))
        )

    def editable_by(self, user):
        """Missions the person edits and deletes (`can_edit_mission`): those of the
        organisations they act for, never as State services; all, as site admin."""
        if acting.acts_as_site_admin(user):
            return self.all()
        if acting.holds_state_role(user):
            return self.none()
        return self.filter(organisation__in=list(acting.organisation_roles(user)))

    def of_territories(self, territories):
        """Missions of the organisations of these territories (a mission's territory is its
        organisation's, wherever it went)."""
        return self.filter(organisation__territory__in=territories)

    def starting_between(self, start: date | None, end: date | None):
        """Business rule: a mission belongs to the period in which it starts, so that
        consecutive periods never count it twice."""
        missions = self
        if start is not None:
            missions = missions.filter(start_date__gte=start)
        if end is not None:
            missions = missions.filter(start_date__lte=end)
        return missions

    def for_listing(self):
        """What a list of missions shows, in a constant number of queries."""
        return self.select_related(
            "organisation__territory", "country", "project"
        ).prefetch_related("obstacles")


class Mission(models.Model):
    """A mission of an organisation's people to a Caribbean country, or a delegation of that
    country received by the organisation.

    Business rules: it ends on or after the day it starts; it counts its participants (one at
    least) but never names them; the project it belongs to, if any, is one of its
    organisation's; it is private to its organisation, its territory's coordinators, State
    services and site admins. Personal data: its author (`created_by`) is exported with their
    data and forgotten when they delete their account (members/personal_data.py)."""

    Direction = Direction

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="missions",
        verbose_name=_("organisation"),
    )
    direction = models.CharField(
        _("direction"), max_length=20, choices=Direction.choices, default=Direction.OUTGOING
    )
    country = models.ForeignKey(
        Country,
        on_delete=models.PROTECT,
        related_name="missions",
        verbose_name=_("country or territory"),
    )
    start_date = models.DateField(_("start date"), validators=[validate_date_in_range])
    end_date = models.DateField(_("end date"), validators=[validate_date_in_range])
    purpose = models.CharField(
        pgettext_lazy("mission", "purpose"),
        max_length=1000,
        help_text=_("What the mission was for: meetings, a training, a project's activity…"),
    )
    participants = models.PositiveSmallIntegerField(
        _("number of participants"),
        validators=[MinValueValidator(1), MaxValueValidator(MAX_PARTICIPANTS)],
        help_text=_("How many people took part. Never their names."),
    )
    project = models.ForeignKey(
        Project,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="missions",
        verbose_name=_("project"),
        help_text=_("Optional: the organisation's project the mission belongs to."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = MissionQuerySet.as_manager()

    class Meta:
        verbose_name = _("mission")
        verbose_name_plural = _("missions")
        ordering = ["-start_date", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=models.F("start_date")), name="mission_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(participants__gte=1), name="mission_has_participants"
            ),
            *dates_in_range("mission", "start_date", "end_date"),
        ]
        indexes = [
            # The organisation's list, latest first; the report's period.
            models.Index(fields=["organisation", "-start_date"], name="mission_organisation"),
            models.Index(fields=["start_date"], name="mission_start"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("missions:mission", kwargs={"pk": self.pk})

    @property
    def title(self) -> str:
        """The mission's name: "Mission to Haiti" outgoing, "Delegation from Haiti" incoming."""
        country = self.country.label if self.country_id else "—"
        if self.direction == Direction.INCOMING:
            return gettext("Delegation from %(country)s") % {"country": country}
        return gettext("Mission to %(country)s") % {"country": country}

    def clean(self):
        errors = {}
        if self.start_date and self.end_date and self.end_date < self.start_date:
            errors["end_date"] = _("The mission cannot end before it starts.")
        project = self.project if self.project_id else None
        if project is not None and self.organisation_id and project.lead_id != self.organisation_id:
            errors["project"] = _("Choose one of the organisation's own projects.")
        if errors:
            raise ValidationError(errors)


class ObstacleQuerySet(models.QuerySet):
    def of_missions(self, missions):
        return self.filter(mission__in=missions)

    def by_country_and_kind(self):
        """One row per country and kind: `country`, `kind`, `obstacles` (how many were met)
        and `missions` (how many missions met at least one), in one query."""
        return (
            self.values("mission__country", "kind")
            .annotate(obstacles=Count("pk"), missions=Count("mission", distinct=True))
            .order_by("mission__country", "kind")
        )


class Obstacle(models.Model):
    """An obstacle a mission met (a visa refused, no direct flight…), with a short note.

    Business rule: a mission may meet the same kind of obstacle more than once (two visas
    refused): the report counts both the obstacles and the missions affected."""

    Kind = ObstacleKind

    mission = models.ForeignKey(
        Mission, on_delete=models.CASCADE, related_name="obstacles", verbose_name=_("mission")
    )
    kind = models.CharField(_("obstacle"), max_length=30, choices=Kind.choices)
    note = models.CharField(
        _("note"),
        max_length=300,
        blank=True,
        help_text=_("Optional: what happened, where (a consulate, an airline…). No names."),
    )

    objects = ObstacleQuerySet.as_manager()

    class Meta:
        verbose_name = _("obstacle")
        verbose_name_plural = _("obstacles")
        ordering = ["mission", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=ObstacleKind.values), name="obstacle_kind_known"
            ),
        ]

    def __str__(self):
        return str(self.get_kind_display())
