"""The controlled values of the resource library."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ResourceKind(models.TextChoices):
    GUIDE = "guide", _("Guide")
    TEMPLATE = "template", _("Template")
    REPORT = "report", _("Report")
    PRESENTATION = "presentation", _("Presentation")
    VIDEO = "video", _("Video or recording")
    MINUTES = "minutes", _("Minutes")
    OTHER = "other", _("Other")


class ResourceAudience(models.TextChoices):
    PUBLIC = "public", _("Everyone")
    MEMBERS = "members", _("Members only")


class ResourceStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
