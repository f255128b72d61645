"""The controlled values of the projects app."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from calls.enums import CallFunder


class PartnerKind(models.TextChoices):
    MINISTRY = "ministry", _("Ministry or government agency")
    LOCAL_AUTHORITY = "local-authority", _("Local authority")
    NGO = "ngo", _("Association or NGO")
    SCHOOL = "school", _("School")
    UNIVERSITY = "university", _("University")
    COMPANY = "company", _("Company")
    OTHER = "other", _("Other")


class ProjectStatus(models.TextChoices):
    IDEA = "idea", _("Idea")
    PREPARATION = "preparation", _("In preparation")
    ONGOING = "ongoing", _("Ongoing")
    COMPLETED = "completed", _("Completed")
    ABANDONED = "abandoned", _("Abandoned")


class Funder(models.TextChoices):
    FCR_GUADELOUPE = "fcr-guadeloupe", _("FCR Guadeloupe")
    FCR_MARTINIQUE = "fcr-martinique", _("FCR Martinique")
    INTERREG = "interreg", _("Interreg Caraïbes")
    AFD = "afd", _("AFD")
    EU_OTHER = "eu-other", _("Other EU funds")
    STATE = "state", _("State / Foreign Ministry")
    REGION = "region", _("Région Guadeloupe or Collectivité territoriale de Martinique")
    DEPARTEMENT = "departement", _("Département")
    OWN = "own", _("Own funds")
    PARTNER = "partner", _("Caribbean partner's contribution")
    OTHER = "other", _("Other")

    @classmethod
    def contributions(cls) -> set[str]:
        """What the partners bring themselves: no funder decides on it."""
        return {cls.OWN, cls.PARTNER}


# The funding line's funder a call's funder stands for ("other" calls may be anyone's): a line
# naming a call must name its funder. The Region and the CTM are one funder of the projects.
FUNDER_OF_CALL: dict[str, str | None] = {
    CallFunder.FCR_GUADELOUPE: Funder.FCR_GUADELOUPE,
    CallFunder.FCR_MARTINIQUE: Funder.FCR_MARTINIQUE,
    CallFunder.INTERREG: Funder.INTERREG,
    CallFunder.REGION: Funder.REGION,
    CallFunder.CTM: Funder.REGION,
    CallFunder.FOREIGN_MINISTRY: Funder.STATE,
    CallFunder.AFD: Funder.AFD,
    CallFunder.EU: Funder.EU_OTHER,
    CallFunder.OTHER: None,
}


class ChangeReason(models.TextChoices):
    PUBLISHED = "published", _("Publication")
    UNPUBLISHED = "unpublished", _("Withdrawal from publication")
