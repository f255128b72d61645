"""The controlled values of advisory support."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Topic(models.TextChoices):
    """What a request is about: the network's advisory missions, as actors name them."""

    PROJECT_DESIGN = "project-design", _("Project design")
    FUNDING_FCR = "funding-fcr", _("Funding file: FCR")
    FUNDING_INTERREG = "funding-interreg", _("Funding file: Interreg")
    FUNDING_AFD = "funding-afd", _("Funding file: AFD")
    FUNDING_OTHER = "funding-other", _("Funding file: other funder")
    BUDGET = "budget", _("Budget and financial management")
    PARTNER_SEARCH = "partner-search", _("Partner search")
    MOBILITY = "mobility", _("Mobility and visas")
    COMMUNICATION = "communication", _("Communication")
    OTHER = "other", _("Other")


class Mode(models.TextChoices):
    """How a meeting takes place: the form a request prefers, an appointment's form."""

    ON_SITE = "on-site", _("Appointment on site")
    REMOTE = "remote", _("Remote (video call)")
    PHONE = "phone", _("Phone")


class Status(models.TextChoices):
    """Where a request stands. Open ones are followed by the territory's coordinators."""

    NEW = "new", _("New")
    ASSIGNED = "assigned", _("Assigned")
    IN_PROGRESS = "in-progress", _("In progress")
    WAITING = "waiting", _("Waiting for the organisation")
    # Contexts: French agrees with « demande » (feminine), unlike other things closed.
    CLOSED = "closed", pgettext_lazy("support request", "Closed")
    WITHDRAWN = "withdrawn", _("Withdrawn")


OPEN_STATUSES = frozenset({Status.NEW, Status.ASSIGNED, Status.IN_PROGRESS, Status.WAITING})
ENDED_STATUSES = frozenset({Status.CLOSED, Status.WITHDRAWN})
# The statuses a coordinator sets from the follow-up form (taking or assigning sets ASSIGNED;
# the organisation withdraws; NEW is where a request starts).
FOLLOW_UP_STATUSES = (Status.IN_PROGRESS, Status.WAITING, Status.CLOSED)


class Outcome(models.TextChoices):
    """What a closed request led to."""

    ADVICE_GIVEN = "advice-given", _("Advice given")
    FILE_SUBMITTED = "file-submitted", _("File submitted")
    FUNDING_OBTAINED = "funding-obtained", _("Funding obtained")
    PARTNER_FOUND = "partner-found", _("Partner found")
    REDIRECTED = "redirected", _("Redirected elsewhere")
    NO_FOLLOW_UP = "no-follow-up", _("No follow-up")
