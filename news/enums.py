"""The controlled values of the news app."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class PostStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")


class ChangeReason(models.TextChoices):
    """Why an entry of a post's history was written, besides a creation or an edit."""

    PUBLISHED = "published", _("Publication")
    UNPUBLISHED = "unpublished", _("Withdrawal from publication")
