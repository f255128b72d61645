from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class RrmaConfig(AppConfig):
    """The project wiring: pages that compose several apps, the demo, shared infrastructure."""

    default = True
    name = "rrma"
    verbose_name = _("RRMA Antilles portal")

    def ready(self):
        from django.contrib import admin

        from . import sessions  # noqa: F401  (its receiver starts each login's clocks)
        from .admin import ExportLogAdmin
        from .models import ExportLog

        admin.site.register(ExportLog, ExportLogAdmin)


class PortalAdminConfig(admin_apps.AdminConfig):
    """The Django admin restricted to site admins with two-factor authentication."""

    default = False
    default_site = "rrma.admin.PortalAdminSite"
