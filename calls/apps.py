from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CallsConfig(AppConfig):
    """Funding calls relayed by the networks: the public calendar, matching and alerts."""

    name = "calls"
    verbose_name = _("Funding calls")
