from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class MembersConfig(AppConfig):
    """Organisations, people and their roles: who may do what on the portal."""

    name = "members"
    verbose_name = _("Members")

    def ready(self):
        from .signals import sync_reference_data

        post_migrate.connect(sync_reference_data, sender=self)
