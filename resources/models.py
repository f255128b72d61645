"""The networks' resource library."""

import secrets
from pathlib import PurePath

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from members import acting
from members.models import Language, NetworkContentQuerySet, Territory, Theme, WorkingGroup
from members.search import SearchTextMixin
from toolbox.documents import private_storage
from toolbox.text import unique_slug
from toolbox.uploads import RASTER_IMAGE_TYPES, type_label

from .enums import ResourceAudience, ResourceKind, ResourceStatus

RESERVED_SLUGS = {"new"}


def resource_file_path(instance, filename: str) -> str:
    """A random name keeping the (checked) extension: the name sent is never used."""
    return f"resources/{secrets.token_urlsafe(16)}{PurePath(filename).suffix.lower()[:8]}"


class ResourceQuerySet(NetworkContentQuerySet):
    def public(self):
        """Published resources anyone may see."""
        return self.filter(status=ResourceStatus.PUBLISHED, audience=ResourceAudience.PUBLIC)

    def visible_to(self, user):
        """Public resources to everyone; members-only ones to people of the networks as well."""
        if acting.is_verified_member(user):
            return self.filter(status=ResourceStatus.PUBLISHED) | self.managed_by(user)
        return self.public() | self.managed_by(user)


class Resource(SearchTextMixin, models.Model):
    """A guide, template, report or recording: a file (checked by content) or an external link.

    Business rules: exactly one of `file` and `url`; members-only resources are hidden from
    visitors (404, absent from search and feeds).
    """

    SEARCHED_FIELDS = ["title", "description"]

    Kind = ResourceKind
    Audience = ResourceAudience
    Status = ResourceStatus

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=220, unique=True)
    description = models.TextField(_("description"), blank=True)
    themes = models.ManyToManyField(
        Theme, related_name="resources", blank=True, verbose_name=_("themes")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.GUIDE)
    language = models.ForeignKey(
        Language, on_delete=models.PROTECT, default="fr", verbose_name=_("language")
    )
    file = models.FileField(
        _("file"), upload_to=resource_file_path, storage=private_storage, blank=True
    )
    file_type = models.CharField(max_length=100, blank=True, editable=False)
    file_size = models.PositiveIntegerField(null=True, blank=True, editable=False)
    url = models.URLField(_("external link"), blank=True)
    audience = models.CharField(
        _("who may see it"), max_length=20, choices=Audience.choices, default=Audience.PUBLIC
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PUBLISHED
    )
    territory = models.ForeignKey(
        Territory,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="resources",
        verbose_name=_("territory"),
        help_text=_("Leave empty for a resource of both networks."),
    )
    working_group = models.ForeignKey(
        WorkingGroup,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="resources",
        verbose_name=_("working group"),
    )
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("added by"),
    )
    created_at = models.DateTimeField(_("added on"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = ResourceQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["updated_at", "search_text"], m2m_fields=[themes])

    class Meta:
        verbose_name = _("resource")
        verbose_name_plural = _("resources")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(file="") & ~Q(url="")) | (~Q(file="") & Q(url="")),
                name="resource_file_or_link",
            )
        ]
        indexes = [
            # The library's order (ResourceQuerySet's scopes, then the newest first).
            models.Index(fields=["-created_at", "-id"], name="resource_latest"),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(self, self.title, fallback="resource", reserved=RESERVED_SLUGS)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("resources:resource", kwargs={"slug": self.slug})

    @property
    def is_published(self) -> bool:
        return self.status == ResourceStatus.PUBLISHED

    @property
    def is_members_only(self) -> bool:
        return self.audience == ResourceAudience.MEMBERS

    @property
    def is_public(self) -> bool:
        """The same rule as `ResourceQuerySet.public`."""
        return self.is_published and not self.is_members_only

    @property
    def extension(self) -> str:
        """The stored file's extension (the one its checked content gave), without the dot."""
        return PurePath(self.file.name or "").suffix.lstrip(".").lower()

    @property
    def shown_inline(self) -> bool:
        """Raster images are shown by the browser; every other file is downloaded."""
        return self.file_type in RASTER_IMAGE_TYPES

    @property
    def file_label(self) -> str:
        """The kind of file, as people name it ("PDF", "Word", "Excel"…)."""
        return type_label(self.file_type)
