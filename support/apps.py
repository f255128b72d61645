from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupportConfig(AppConfig):
    """Advisory support (appui-conseil): requests, their thread, appointments, follow-up."""

    name = "support"
    verbose_name = _("Advisory support")
