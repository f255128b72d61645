"""The controlled values of the trainings app."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class TrainingFormat(models.TextChoices):
    IN_PERSON = "in-person", _("In person")
    ONLINE = "online", _("Online")
    HYBRID = "hybrid", _("Hybrid")


class TrainingKind(models.TextChoices):
    """A training, or one of the network's other events: one model, one registration system."""

    TRAINING = "training", _("Training")
    GENERAL_ASSEMBLY = "general-assembly", _("General assembly")
    MEETING = "meeting", _("Network meeting")
    WORKING_GROUP = "working-group", _("Working group meeting")
    WORKLAB = "worklab", _("Worklab")
    INFORMATION_SESSION = "information-session", _("Information session")


# The kinds listed under /events/ rather than in the trainings catalogue.
EVENT_KINDS = [kind for kind in TrainingKind if kind != TrainingKind.TRAINING]


class TrainingStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    CANCELLED = "cancelled", _("Cancelled")


class RegistrationStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting approval")
    CONFIRMED = "confirmed", _("Confirmed")
    WAITLISTED = "waitlisted", _("On the waiting list")
    CANCELLED = "cancelled", _("Cancelled")
    ATTENDED = "attended", _("Attended")
    ABSENT = "absent", _("Absent")


# A seat is held by a confirmed participant, whether the session has happened yet or not.
HOLDS_A_SEAT = [
    RegistrationStatus.CONFIRMED,
    RegistrationStatus.ATTENDED,
    RegistrationStatus.ABSENT,
]
# What a cancelled training or session ends (attendance already taken stays).
STILL_COMING = [
    RegistrationStatus.PENDING,
    RegistrationStatus.CONFIRMED,
    RegistrationStatus.WAITLISTED,
]


class ChangeReason(models.TextChoices):
    SEAT_ADDED = "seat-added", _("Seat added for a promotion ahead of the waiting list")
