from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MissionsConfig(AppConfig):
    """Missions and delegations, and the obstacles they met (visas, transport, languages…)."""

    name = "missions"
    verbose_name = _("Missions and obstacles")
