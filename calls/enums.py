"""The controlled values of the calls app."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from members.enums import OrganisationKind


class CallFunder(models.TextChoices):
    """Who funds a call (its programme is said in words beside it)."""

    FCR_GUADELOUPE = "fcr-guadeloupe", _("FCR Guadeloupe")
    FCR_MARTINIQUE = "fcr-martinique", _("FCR Martinique")
    INTERREG = "interreg", _("Interreg Caraïbes")
    REGION = "region", _("Région Guadeloupe")
    CTM = "ctm", _("Collectivité territoriale de Martinique")
    FOREIGN_MINISTRY = "foreign-ministry", _("Foreign Ministry")
    AFD = "afd", _("AFD")
    EU = "eu", _("European Union")
    OTHER = "other", _("Other")


class Audience(models.TextChoices):
    """Applicants named more finely than the organisation kinds, as calls name them."""

    LYCEE = "lycee", _("Lycées")
    BTS = "bts", _("BTS sections")
    APPRENTICE_CENTRE = "apprentice-centre", _("Apprentice training centres (CFA)")


# The organisation kinds an audience belongs to: a lycée registers as a school, a BTS section
# in a lycée or a higher-education body, a CFA as a vocational training structure.
AUDIENCE_KINDS: dict[str, frozenset[str]] = {
    Audience.LYCEE: frozenset({OrganisationKind.SCHOOL}),
    Audience.BTS: frozenset({OrganisationKind.SCHOOL, OrganisationKind.HIGHER_EDUCATION}),
    Audience.APPRENTICE_CENTRE: frozenset({OrganisationKind.VOCATIONAL_TRAINING}),
}


def applicant_label(code: str) -> str:
    """The words for an eligible applicant: an organisation kind or an audience."""
    for choices in (OrganisationKind, Audience):
        if code in choices.values:
            return str(choices(code).label)
    return code


class CallStatus(models.TextChoices):
    """Publication: a draft is seen by its coordinators only."""

    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")


class CallPhase(models.TextChoices):
    """Where a published call stands, computed from its dates (never stored)."""

    UPCOMING = "upcoming", _("Upcoming")
    OPEN = "open", _("Open")
    CLOSING_SOON = "closing-soon", _("Closing soon")
    CLOSED = "closed", _("Closed")


class AlertFrequency(models.TextChoices):
    """How a member is told of the calls matching one of their organisations."""

    EACH_CALL = (
        "each-call",
        _("For each call: when it opens, then 14 and 3 days before its deadline"),
    )
    WEEKLY = "weekly", _("A weekly digest")


class AlertKind(models.TextChoices):
    """One email about one call, sent at most once to each subscription."""

    OPENING = "opening", _("Opening")
    DEADLINE_14 = "deadline-14", _("Deadline in 14 days")
    DEADLINE_3 = "deadline-3", _("Deadline in 3 days")


class ChangeReason(models.TextChoices):
    PUBLISHED = "published", _("Publication")
    UNPUBLISHED = "unpublished", _("Withdrawal from publication")
