"""The controlled values of the projects app."""

from django.db import models
from django.utils.translation import gettext_lazy as _


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


class ChangeReason(models.TextChoices):
    PUBLISHED = "published", _("Publication")
    UNPUBLISHED = "unpublished", _("Withdrawal from publication")
