from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MembersConfig(AppConfig):
    """Organisations, people and their roles: who may do what on the portal."""

    name = "members"
    verbose_name = _("Members")
