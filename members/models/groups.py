"""The networks' thematic working groups."""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from members import acting
from toolbox.text import unique_slug

from .organisations import Organisation
from .people import Territory
from .reference import Theme

# Paths under /networks/<territory>/groups/ that a group's slug would shadow.
RESERVED_SLUGS = {"new"}


class WorkingGroupQuerySet(models.QuerySet):
    """Every group's page is public, closed ones included; writes are scoped (written on
    members.acting, agreeing with members.permissions.can_manage_working_group)."""

    def active(self):
        """Groups still meeting (closed ones keep their page, listed apart)."""
        return self.filter(is_active=True)

    def managed_by(self, user):
        """Groups the person edits (`can_manage_working_group`): their territory's, as
        coordinator; all, as site admin."""
        if acting.acts_as_site_admin(user):
            return self.all()
        return self.filter(territory__in=acting.coordinated_territory_ids(user))


class WorkingGroup(models.Model):
    """A thematic working group of one territory's network.

    Business rules: run by that territory's coordinators; its members are organisations (of
    either territory); its meetings are network events (trainings app) and its documents
    resources (resources app), each naming the group.
    """

    territory = models.ForeignKey(
        Territory,
        on_delete=models.PROTECT,
        related_name="working_groups",
        verbose_name=_("territory"),
    )
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=220, unique=True)
    description = models.TextField(_("description"), blank=True)
    themes = models.ManyToManyField(
        Theme, related_name="working_groups", blank=True, verbose_name=_("themes")
    )
    organisations = models.ManyToManyField(
        Organisation,
        related_name="working_groups",
        blank=True,
        verbose_name=_("member organisations"),
    )
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = WorkingGroupQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[organisations, themes])

    class Meta:
        verbose_name = _("working group")
        verbose_name_plural = _("working groups")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(self, self.name, fallback="group", reserved=RESERVED_SLUGS)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse(
            "working_group", kwargs={"territory": self.territory.slug, "slug": self.slug}
        )
