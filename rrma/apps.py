from django.apps import AppConfig
from django.apps import apps as installed_apps
from django.contrib.admin import apps as admin_apps
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils.translation import gettext_lazy as _

from toolbox.public_cache import record_public_change

# The apps whose records public pages show; within them, the models that never appear on a
# public page (accounts, roles, requests to join) change without invalidating anything.
PUBLIC_DATA_APPS = {"members", "news", "resources", "projects", "trainings", "calls", "newsletter"}
PRIVATE_MODELS = {
    "user",
    "rolegrant",
    "membership",
    "joinrequest",
    "invitation",
    # A person's alerts and saved searches, and which alerts went out.
    "organisationalert",
    "savedsearch",
    "alertsent",
    # Newsletter subscriptions and who was sent which issue.
    "subscriber",
    "delivery",
}


def shown_publicly(model) -> bool:
    meta = model._meta
    return (
        # Migrations save through models of their own (and before the cache table exists).
        meta.apps is installed_apps
        and meta.app_label in PUBLIC_DATA_APPS
        and meta.model_name not in PRIVATE_MODELS
        and not meta.model_name.startswith("historical")
    )


def _public_record_changed(sender, action="post_", **kwargs):
    # m2m_changed fires before and after: the change is recorded once, after.
    if action.startswith("post_") and shown_publicly(sender):
        record_public_change()


class RrmaConfig(AppConfig):
    """The project wiring: pages that compose several apps, the demo, shared infrastructure."""

    default = True
    name = "rrma"
    verbose_name = _("RRMA Antilles portal")

    def ready(self):
        from django.contrib import admin

        from . import sessions  # noqa: F401  (its receiver starts each login's clocks)
        from .admin import ExportLogAdmin, PreparedExportAdmin
        from .models import ExportLog, PreparedExport

        admin.site.register(ExportLog, ExportLogAdmin)
        admin.site.register(PreparedExport, PreparedExportAdmin)
        # Cached public values (toolbox/public_cache.py) are forgotten on any change of what
        # they show; a many-to-many change is a save of its through model.
        for name, signal in [("save", post_save), ("delete", post_delete), ("m2m", m2m_changed)]:
            signal.connect(_public_record_changed, dispatch_uid=f"public-data-{name}")


class PortalAdminConfig(admin_apps.AdminConfig):
    """The Django admin restricted to site admins with two-factor authentication."""

    default = False
    default_site = "rrma.admin.PortalAdminSite"
