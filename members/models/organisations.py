"""Organisations (the census of actors), their contact persons and their members."""

import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from members import acting
from members.enums import (
    JoinRequestStatus,
    MembershipRole,
    OrganisationKind,
    OrganisationStatus,
)
from members.validators import validate_caribbean_phone, validate_rna, validate_siret
from toolbox.images import ReencodedImageField
from toolbox.text import normalize_text, unique_slug

from .people import Territory
from .reference import Commune, Country, Language, SustainableDevelopmentGoal, Theme
from .search import SearchWord
from .translated import TranslatedSummaries

# A record nobody has confirmed accurate for this long is flagged for refresh.
CONFIRMATION_PERIOD = timedelta(days=365)


def public_organisations(prefix: str = "") -> models.Q:
    """What anyone may see of the census: active organisations. The one definition of it;
    other apps' public scopes go through it (`prefix` is the path to the organisation, such as
    "lead__" for a project's lead)."""
    return models.Q(**{f"{prefix}status": OrganisationStatus.ACTIVE})


def _on_earth(latitude, longitude) -> bool:
    # Off the globe, the field's own message says it: no second one about the territory.
    return -90 <= latitude <= 90 and -180 <= longitude <= 180


class OrganisationQuerySet(models.QuerySet):
    """Reads are always scoped: views fetch organisations through these methods, each written on
    the primitives of members.acting and agreeing with its predicate in members.permissions."""

    def public(self):
        """What anyone may see: active organisations."""
        return self.filter(public_organisations())

    def _of_member_or_territory(self, user, *, as_admin: bool = False) -> models.Q:
        ids = (
            acting.administered_organisation_ids(user)
            if as_admin
            else acting.organisation_roles(user)
        )
        return models.Q(pk__in=list(ids)) | models.Q(
            territory__in=acting.coordinated_territory_ids(user)
        )

    def visible_to(self, user):
        """Public records, plus every record the person may read in full (`can_read_private`).

        Business rule: an organisation's members see it in any status; coordinators see every
        organisation of their territory; State services and site admins see all.
        """
        if acting.reads_both_territories(user):
            return self.all()
        return self.filter(public_organisations() | self._of_member_or_territory(user))

    def with_private_access(self, user):
        """Organisations whose non-public fields the person may read (`can_read_private`)."""
        if acting.reads_both_territories(user):
            return self.all()
        return self.filter(self._of_member_or_territory(user))

    def editable_by(self, user):
        """Records the person may edit (`can_edit_organisation`)."""
        if acting.acts_as_site_admin(user):
            return self.all()
        return self.filter(self._of_member_or_territory(user))

    def managed_by(self, user):
        """Organisations whose members the person manages (`can_manage_members`)."""
        if acting.acts_as_site_admin(user):
            return self.all()
        return self.filter(self._of_member_or_territory(user, as_admin=True))

    def moderated_by(self, user):
        """Organisations whose life cycle the person decides (`can_moderate`)."""
        if acting.acts_as_site_admin(user):
            return self.all()
        return self.filter(territory__in=acting.coordinated_territory_ids(user))

    def acted_for_by(self, user):
        """The organisations the person acts for: their memberships (every one, for a site
        admin). What they may declare projects or register for trainings on behalf of."""
        if acting.acts_as_site_admin(user):
            return self.all()
        return self.filter(pk__in=list(acting.organisation_roles(user)))

    def needing_confirmation(self, now=None):
        """Records nobody has confirmed accurate for 12 months (see needs_confirmation)."""
        since = (now or timezone.now()) - CONFIRMATION_PERIOD
        return self.alias(reference=Coalesce("confirmed_at", "validated_at", "created_at")).filter(
            reference__lt=since
        )

    def for_listing(self):
        """What a list of organisations shows, in a constant number of queries."""
        return self.select_related("territory", "commune").prefetch_related("themes", "countries")


class Organisation(TranslatedSummaries):
    Kind = OrganisationKind

    # The French summary, which the English and Spanish ones translate.
    SUMMARY_FIELD = "short_description"

    Status = OrganisationStatus

    # Identity
    name = models.CharField(_("name"), max_length=200)
    acronym = models.CharField(_("acronym"), max_length=30, blank=True)
    slug = models.SlugField(_("slug"), max_length=220, unique=True)
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    siret = models.CharField(
        _("SIRET number"),
        max_length=14,
        blank=True,
        help_text=_("14 digits. Optional: many associations have none."),
        validators=[validate_siret],
    )
    rna = models.CharField(
        _("RNA number"),
        max_length=10,
        blank=True,
        help_text=_("The register number of associations, e.g. W9G1002345."),
        validators=[validate_rna],
    )
    year_founded = models.PositiveSmallIntegerField(
        _("year founded"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1800), MaxValueValidator(2100)],
    )
    # Decoded, checked and re-encoded on upload, stored under a random name (toolbox/images.py).
    logo = ReencodedImageField(_("logo"), upload_to="logos/", blank=True)

    # Place
    territory = models.ForeignKey(
        Territory,
        on_delete=models.PROTECT,
        related_name="organisations",
        verbose_name=_("territory"),
    )
    commune = models.ForeignKey(
        Commune, on_delete=models.PROTECT, related_name="organisations", verbose_name=_("commune")
    )
    address = models.CharField(_("address"), max_length=255, blank=True)
    postal_code = models.CharField(
        _("postal code"),
        max_length=5,
        blank=True,
        help_text=_("Filled in from the commune when it has only one."),
    )
    latitude = models.DecimalField(
        _("latitude"),
        max_digits=8,
        decimal_places=5,
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    longitude = models.DecimalField(
        _("longitude"),
        max_digits=8,
        decimal_places=5,
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )

    # Activity
    short_description = models.CharField(_("short description"), max_length=280)
    description = models.TextField(_("full description"), blank=True)
    themes = models.ManyToManyField(Theme, related_name="organisations", verbose_name=_("themes"))
    countries = models.ManyToManyField(
        Country,
        blank=True,
        related_name="organisations",
        verbose_name=_("Caribbean countries and territories"),
    )
    languages = models.ManyToManyField(
        Language, blank=True, related_name="organisations", verbose_name=_("working languages")
    )
    sdgs = models.ManyToManyField(
        SustainableDevelopmentGoal,
        blank=True,
        related_name="organisations",
        verbose_name=_("Sustainable Development Goals"),
    )

    # Public contact
    email = models.EmailField(_("public email"), blank=True)
    phone = models.CharField(
        _("public phone"), max_length=20, blank=True, validators=[validate_caribbean_phone]
    )
    website = models.URLField(_("website"), blank=True)
    facebook = models.URLField(_("Facebook page"), blank=True)
    linkedin = models.URLField(_("LinkedIn page"), blank=True)
    instagram = models.URLField(_("Instagram account"), blank=True)

    # Life cycle
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PENDING
    )
    refusal_reason = models.TextField(_("reason for refusal"), blank=True)
    validated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("validated by"),
    )
    validated_at = models.DateTimeField(_("validated at"), null=True, blank=True)
    confirmed_at = models.DateTimeField(_("record last confirmed accurate"), null=True, blank=True)
    # When its admins were last asked to confirm it (so a daily run asks once a month at most).
    confirmation_requested_at = models.DateTimeField(
        _("confirmation last requested"), null=True, blank=True
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    # Unaccented lower-case text of the searchable fields (see normalize_text).
    search_text = models.TextField(editable=False, default="")
    # PostgreSQL: French full-text vectors of search_text and of its first line (the name),
    # kept by a trigger (members 0012) and GIN-indexed; unused elsewhere (members/search.py).
    search_vector = SearchVectorField(null=True, editable=False)
    title_vector = SearchVectorField(null=True, editable=False)

    objects = OrganisationQuerySet.as_manager()
    history = HistoricalRecords(
        excluded_fields=[
            "search_text",
            "search_vector",
            "title_vector",
            "updated_at",
            "confirmation_requested_at",
        ],
        m2m_fields=[themes, countries, languages, sdgs],
    )

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["siret"], condition=~models.Q(siret=""), name="organisation_siret_unique"
            ),
            models.UniqueConstraint(
                fields=["rna"], condition=~models.Q(rna=""), name="organisation_rna_unique"
            ),
            models.CheckConstraint(
                condition=~models.Q(status=OrganisationStatus.REFUSED)
                | ~models.Q(refusal_reason=""),
                name="organisation_refusal_has_reason",
            ),
            models.CheckConstraint(
                condition=models.Q(year_founded__isnull=True)
                | models.Q(year_founded__gte=1800, year_founded__lte=2100),
                name="organisation_year_founded_in_range",
            ),
            # Both coordinates or neither, on the globe (the territory's box is checked in
            # clean(), which needs the territory).
            models.CheckConstraint(
                condition=models.Q(latitude__isnull=True, longitude__isnull=True)
                | models.Q(
                    latitude__gte=-90, latitude__lte=90, longitude__gte=-180, longitude__lte=180
                ),
                name="organisation_position_on_earth",
            ),
        ]
        indexes = [
            # Counts by territory and kind (statistics, dashboards) from the index alone.
            models.Index(fields=["status", "territory", "kind"], name="organisation_status_kind"),
            # The directory's and the census' default order, and their pages at any depth.
            models.Index(fields=["status", "name"], name="organisation_status_name"),
            models.Index(fields=["-updated_at"]),
            # What hangs from a territory's organisations, or its active ones (missions,
            # requests, projects…), joined from the index alone, never from the wide rows: at
            # 50,000 organisations, a territory's missions counted in 6 ms instead of 80.
            models.Index(fields=["territory", "status", "id"], name="organisation_territory"),
            # The network page's newest members; the moderation queue.
            models.Index(
                fields=["territory", "-validated_at"],
                condition=models.Q(status=OrganisationStatus.ACTIVE),
                name="organisation_active_newest",
            ),
            models.Index(
                fields=["territory", "created_at"],
                condition=models.Q(status=OrganisationStatus.PENDING),
                name="organisation_pending_queue",
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.acronym})" if self.acronym else self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(self, self.acronym or self.name, fallback="organisation")
        self.search_text = self.build_search_text()
        super().save(*args, **kwargs)
        SearchWord.learn(self.search_text)

    def get_absolute_url(self):
        # The record's page composes several apps: it is the top floor's (rrma).
        return reverse("organisation", kwargs={"slug": self.slug})

    def clean(self):
        """Business rules: an organisation lies in its commune's territory, its position (when
        given) inside that territory, and its postal code is one of its commune's."""
        errors: dict[str, str] = {}
        commune = self.commune if self.commune_id else None
        if commune and self.territory_id and commune.territory_id != self.territory_id:
            errors["commune"] = str(_("This commune is not in the organisation's territory."))
        if (self.latitude is None) != (self.longitude is None):
            errors["longitude"] = str(_("Give both latitude and longitude, or neither."))
        elif (
            self.latitude is not None
            and self.longitude is not None
            and self.territory_id
            and _on_earth(self.latitude, self.longitude)
        ):
            box = self.territory.bounds
            if not box.contains(float(self.latitude), float(self.longitude)):
                errors["latitude"] = _(
                    "This position is not in %(territory)s: its latitude lies between "
                    "%(south)s and %(north)s, its longitude between %(west)s and %(east)s."
                ) % {
                    "territory": self.territory.name,
                    **{side: number_format(degrees, 2) for side, degrees in box._asdict().items()},
                }
        if commune and self.postal_code and self.postal_code not in commune.postal_code_list:
            errors["postal_code"] = _("The postal codes of %(commune)s are: %(codes)s.") % {
                "commune": commune.name,
                "codes": ", ".join(commune.postal_code_list),
            }
        if errors:
            raise ValidationError(errors)

    @property
    def postal_address(self) -> str:
        """ "12 rue Frébault, 97110 Pointe-à-Pitre": the address as it goes on an envelope."""
        town = " ".join(filter(None, [self.postal_code, self.commune.name]))
        return ", ".join(filter(None, [self.address, town]))

    def build_search_text(self) -> str:
        """Name and acronym on the first line (PostgreSQL ranks a match there highest), then the
        commune and the descriptions."""
        commune = self.commune.name if self.commune_id else ""
        title = " ".join(p for p in [self.name, self.acronym] if p).replace("\n", " ")
        rest = " ".join(p for p in [commune, self.short_description, self.description] if p)
        return normalize_text(f"{title}\n{rest}")

    @property
    def position(self) -> tuple[float, float]:
        """Where its pin goes: its own position, or its commune's."""
        if self.latitude is not None and self.longitude is not None:
            return float(self.latitude), float(self.longitude)
        return float(self.commune.latitude), float(self.commune.longitude)

    @property
    def is_public(self) -> bool:
        """The same rule as `public_organisations`."""
        return self.status == OrganisationStatus.ACTIVE

    @property
    def is_pending(self) -> bool:
        return self.status == OrganisationStatus.PENDING

    @property
    def is_refused(self) -> bool:
        return self.status == OrganisationStatus.REFUSED

    @property
    def is_archived(self) -> bool:
        return self.status == OrganisationStatus.ARCHIVED

    def needs_confirmation(self, now=None) -> bool:
        """A record not confirmed accurate for 12 months is flagged for its admins."""
        reference = self.confirmed_at or self.validated_at or self.created_at
        return reference < (now or timezone.now()) - CONFIRMATION_PERIOD


class ContactPersonQuerySet(models.QuerySet):
    def public(self):
        """Contact persons who agreed to show their details on the public record."""
        return self.filter(public_consent_at__isnull=False)

    def visible_to(self, user):
        """Public contacts, and every contact of the organisations whose private fields the
        person reads (`can_read_private`)."""
        private = Organisation.objects.with_private_access(user).values("pk")
        return self.filter(
            models.Q(public_consent_at__isnull=False) | models.Q(organisation__in=private)
        )


class ContactPerson(models.Model):
    """A person to contact in the organisation.

    Business rule: visible only to the organisation's members, its territory's coordinators and
    State services, unless the person opted in to publication (the date is recorded).
    """

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="contacts"
    )
    name = models.CharField(_("name"), max_length=150)
    role = models.CharField(_("role in the organisation"), max_length=150, blank=True)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(
        _("phone"), max_length=20, blank=True, validators=[validate_caribbean_phone]
    )
    public_consent_at = models.DateTimeField(
        _("agreed to public display on"), null=True, blank=True
    )

    objects = ContactPersonQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("contact person")
        verbose_name_plural = _("contact persons")
        ordering = ["name"]

    def __str__(self):
        return self.name

    @property
    def is_public(self) -> bool:
        return self.public_consent_at is not None


class Membership(models.Model):
    """A person's role in an organisation: admin (manages members) or editor (edits the record)."""

    Role = MembershipRole

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.EDITOR)
    created_at = models.DateTimeField(_("member since"), auto_now_add=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["organisation__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation"], name="membership_one_per_person"
            )
        ]

    def __str__(self):
        return f"{self.user} — {self.organisation} ({self.get_role_display()})"


class JoinRequest(models.Model):
    """A person asks to join an organisation; one of its admins accepts or refuses."""

    Status = JoinRequestStatus

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="join_requests"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="join_requests"
    )
    message = models.TextField(_("message to the administrators"), blank=True, max_length=1000)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    created_at = models.DateTimeField(_("asked on"), auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("join request")
        verbose_name_plural = _("join requests")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation"],
                condition=models.Q(status=JoinRequestStatus.PENDING),
                name="joinrequest_one_pending_per_person",
            )
        ]

    def __str__(self):
        return f"{self.user} → {self.organisation}"


def _invitation_token() -> str:
    return secrets.token_urlsafe(32)


class Invitation(models.Model):
    """An admin invites someone by email, with or without an account yet; valid 14 days."""

    VALIDITY = timedelta(days=14)

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="invitations"
    )
    email = models.EmailField(_("email address"))
    role = models.CharField(
        _("role"), max_length=10, choices=Membership.Role.choices, default=Membership.Role.EDITOR
    )
    token = models.CharField(max_length=64, unique=True, default=_invitation_token, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    accepted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at"]

    def __str__(self):
        return self.email

    def is_valid(self, now=None) -> bool:
        return (
            self.accepted_at is None and (now or timezone.now()) < self.created_at + self.VALIDITY
        )
