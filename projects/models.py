"""Cooperation projects, their Caribbean partners and their funding plans."""

from decimal import Decimal
from typing import Any

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from calls.models import Call
from members import acting
from members.models import (
    Country,
    Language,
    Organisation,
    SearchWord,
    SustainableDevelopmentGoal,
    Theme,
    TranslatedSummaries,
)
from members.models.organisations import public_organisations
from projects.enums import Funder, PartnerKind, ProjectStatus
from toolbox.dates import dates_in_range, validate_date_in_range
from toolbox.text import normalize_text, unique_slug

# Paths of the catalogue that a project's slug must not take.
RESERVED_SLUGS = {"new", "partners", "by-country"}
MONEY: dict[str, Any] = {
    "max_digits": 12,
    "decimal_places": 2,
    "validators": [MinValueValidator(Decimal(0))],
}


class CaribbeanPartner(models.Model):
    """An organisation of a Caribbean country, shared by every project that works with it.

    Business rule: one record per name and country (names compared without accents or case).
    """

    Kind = PartnerKind

    name = models.CharField(_("name"), max_length=200)
    normalized_name = models.CharField(max_length=200, editable=False)
    country = models.ForeignKey(
        Country, on_delete=models.PROTECT, related_name="partners", verbose_name=_("country")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.NGO)
    languages = models.ManyToManyField(
        Language, blank=True, related_name="partners", verbose_name=_("working languages")
    )
    website = models.URLField(_("website"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    history = HistoricalRecords(m2m_fields=[languages])

    class Meta:
        verbose_name = _("Caribbean partner")
        verbose_name_plural = _("Caribbean partners")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["normalized_name", "country"], name="partner_unique_name_per_country"
            )
        ]
        # The partners list, by country then name.
        indexes = [models.Index(fields=["country", "name"], name="partner_country_name")]

    def __str__(self):
        return f"{self.name} ({self.country})"

    def save(self, *args, **kwargs):
        self.normalized_name = normalize_text(" ".join(self.name.split()))
        super().save(*args, **kwargs)


def public_projects(prefix: str = "") -> Q:
    """What anyone may see: published projects of public organisations. The one definition of
    it (`prefix` is the path to the project, such as "projects__" from a partner)."""
    return Q(**{f"{prefix}published": True}) & public_organisations(prefix=f"{prefix}lead__")


class ProjectQuerySet(models.QuerySet):
    """Reads are always scoped: views fetch projects through these methods, built like the
    organisations' scopes and agreeing with projects.permissions."""

    def public(self):
        return self.filter(public_projects())

    def visible_to(self, user):
        """Public projects, plus those of organisations whose private records the person reads."""
        if acting.reads_both_territories(user):
            # Every organisation's: said plainly, since "lead in (every organisation)" made
            # PostgreSQL read the whole projects table (50 ms at 33,500 projects).
            return self.all()
        private = Organisation.objects.with_private_access(user).values("pk")
        return self.filter(public_projects() | Q(lead__in=private))

    def editable_by(self, user):
        """Projects the person edits and publishes (`can_edit_project`)."""
        return self.filter(lead__in=Organisation.objects.acted_for_by(user).values("pk"))

    def for_listing(self):
        return self.select_related("lead__territory").prefetch_related(
            "countries", "themes", "funding_lines"
        )


class ProjectManager(models.Manager.from_queryset(ProjectQuerySet)):  # type: ignore[misc]
    def get_queryset(self):
        # The lead decides visibility: it comes with every project, reverse relations included.
        return super().get_queryset().select_related("lead")


class Project(TranslatedSummaries):
    Status = ProjectStatus

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=220, unique=True)
    summary = models.CharField(_("summary"), max_length=500)
    description = models.TextField(_("description"), blank=True)
    lead = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="led_projects",
        verbose_name=_("lead organisation"),
    )
    local_partners = models.ManyToManyField(
        Organisation,
        blank=True,
        related_name="partner_projects",
        verbose_name=_("partner member organisations"),
    )
    caribbean_partners = models.ManyToManyField(
        CaribbeanPartner, blank=True, related_name="projects", verbose_name=_("Caribbean partners")
    )
    countries = models.ManyToManyField(
        Country, related_name="projects", verbose_name=_("countries and territories")
    )
    themes = models.ManyToManyField(Theme, related_name="projects", verbose_name=_("themes"))
    sdgs = models.ManyToManyField(
        SustainableDevelopmentGoal,
        blank=True,
        related_name="projects",
        verbose_name=_("Sustainable Development Goals"),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PREPARATION
    )
    start_date = models.DateField(
        _("start date"), null=True, blank=True, validators=[validate_date_in_range]
    )
    end_date = models.DateField(
        _("end date"), null=True, blank=True, validators=[validate_date_in_range]
    )
    beneficiaries = models.TextField(_("beneficiaries"), blank=True)
    beneficiaries_count = models.PositiveIntegerField(
        _("number of beneficiaries"), null=True, blank=True
    )
    results = models.TextField(_("results"), blank=True)
    total_budget = models.DecimalField(_("total budget (€)"), null=True, blank=True, **MONEY)
    amounts_public = models.BooleanField(
        _("publish the amounts"),
        default=False,
        help_text=_("Otherwise public pages name the funders without amounts."),
    )
    published = models.BooleanField(_("published"), default=False)
    published_at = models.DateTimeField(_("published on"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    search_text = models.TextField(editable=False, default="")
    # PostgreSQL: of the text and of the title, kept by a trigger (projects 0004), as for
    # organisations (members/search.py).
    search_vector = SearchVectorField(null=True, editable=False)
    title_vector = SearchVectorField(null=True, editable=False)

    objects = ProjectManager()
    history = HistoricalRecords(
        excluded_fields=["search_text", "search_vector", "title_vector", "updated_at"],
        m2m_fields=[local_partners, caribbean_partners, countries, themes, sdgs],
    )

    class Meta:
        verbose_name = _("cooperation project")
        verbose_name_plural = _("cooperation projects")
        ordering = ["-start_date", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(end_date__gte=models.F("start_date")),
                name="project_ends_after_it_starts",
            ),
            *dates_in_range("project", "start_date", "end_date"),
        ]
        indexes = [
            models.Index(fields=["published", "status"]),
            # The catalogue's default order; the network page's and the State dashboard's latest.
            models.Index(
                fields=["-start_date", "title"],
                condition=Q(published=True),
                name="project_published_by_start",
            ),
            models.Index(
                fields=["-published_at"],
                condition=Q(published=True),
                name="project_published_latest",
            ),
            models.Index(fields=["-created_at"], name="project_created_latest"),
            # A territory's projects running during a period (the activity report's counts),
            # read from the index alone: 450 → 280 ms for a year at 50,000 organisations.
            models.Index(
                fields=["lead", "start_date", "end_date", "id"], name="project_lead_running"
            ),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(self, self.title, fallback="project", reserved=RESERVED_SLUGS)
        self.search_text = self.build_search_text()
        super().save(*args, **kwargs)
        SearchWord.learn(self.search_text)

    def get_absolute_url(self):
        return reverse("projects:project", kwargs={"slug": self.slug})

    def build_search_text(self) -> str:
        """The title on the first line (a search lists the records whose title holds every
        word first: members/search.py), then the summary and the description."""
        title = self.title.replace("\n", " ")
        return normalize_text(f"{title}\n{self.summary} {self.description}")

    @property
    def is_public(self) -> bool:
        """The same rule as `public_projects`."""
        return self.published and self.lead.is_public

    @property
    def territory(self):
        return self.lead.territory

    def funding_summary(self, lines=None) -> dict:
        """Totals of the funding plan, in euros (Decimal).

        Business rule: the co-financing rate is the share of the total budget covered by funders
        other than the organisation itself; a line counts its granted amount once decided,
        its requested amount until then.
        """
        lines = list(self.funding_lines.all() if lines is None else lines)
        requested = sum((line.amount_requested for line in lines), Decimal(0))
        granted = sum((line.amount_granted or Decimal(0) for line in lines), Decimal(0))
        external = sum(
            (line.expected_amount for line in lines if line.funder != FundingLine.Funder.OWN),
            Decimal(0),
        )
        rate = None
        if self.total_budget:
            rate = (external * 100 / self.total_budget).quantize(Decimal("0.1"))
        return {"requested": requested, "granted": granted, "external": external, "rate": rate}


class FundingLine(models.Model):
    Funder = Funder

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="funding_lines")
    funder = models.CharField(_("funder"), max_length=20, choices=Funder.choices)
    amount_requested = models.DecimalField(_("amount requested (€)"), **MONEY)
    amount_granted = models.DecimalField(_("amount granted (€)"), null=True, blank=True, **MONEY)
    decision_date = models.DateField(
        _("decision date"), null=True, blank=True, validators=[validate_date_in_range]
    )
    call = models.ForeignKey(
        Call,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="funding_lines",
        verbose_name=_("call answered"),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("funding line")
        verbose_name_plural = _("funding lines")
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount_requested__gte=0)
                & (Q(amount_granted__isnull=True) | Q(amount_granted__gte=0)),
                name="fundingline_amounts_not_negative",
            ),
            *dates_in_range("fundingline", "decision_date"),
        ]

    def __str__(self):
        return self.get_funder_display()

    @property
    def expected_amount(self) -> Decimal:
        return self.amount_granted if self.amount_granted is not None else self.amount_requested
