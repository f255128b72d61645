"""The controlled values of the newsletter app."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Section(models.TextChoices):
    """The kinds of content an issue gathers, which subscribers choose among."""

    NEWS = "news", _("News of the network")
    CALLS = "calls", _("Funding calls")
    TRAININGS = "trainings", _("Trainings")
    EVENTS = "events", _("Events")


class IssueStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    # Its deliveries are being queued, batch after batch: its web version is public already
    # (the first emails link to it).
    SENDING = "sending", _("Sending")
    SENT = "sent", _("Sent")


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")
    BOUNCED = "bounced", _("Bounced")
