"""The controlled values of the missions app: which way a mission goes, the obstacles it met.

Models, predicates, scopes, services and templates use these names; no direction or kind is
written as a bare string anywhere else (migrations aside).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Direction(models.TextChoices):
    """Outgoing: people of the organisation travel to the Caribbean country; incoming: a
    delegation of that country comes to Guadeloupe or Martinique."""

    OUTGOING = "outgoing", _("Outgoing (our people travel to the country)")
    INCOMING = "incoming", _("Incoming (a delegation of the country comes to us)")


class ObstacleKind(models.TextChoices):
    """What got in the way of a mission, as the diplomatic posts can act on it."""

    VISA_REFUSED = "visa-refused", _("Visa refused")
    VISA_DELAYED = "visa-delayed", _("Visa delayed")
    NO_DIRECT_TRANSPORT = "no-direct-transport", _("No direct transport")
    TRANSPORT_COST = "transport-cost", _("Cost of transport")
    LANGUAGE = "language", _("Language")
    HEALTH_SECURITY = "health-security", _("Health or security")
    OTHER = "other", _("Other")
