from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def register_sqlite_functions(sender, connection, **kwargs) -> None:
    """SQLite's copy of what PostgreSQL computes for the search (`members.search.Normalized`)."""
    if connection.vendor == "sqlite":
        from toolbox.text import normalize_text

        connection.connection.create_function(
            "rrma_normalize", 1, normalize_text, deterministic=True
        )


class MembersConfig(AppConfig):
    """Organisations, people and their roles: who may do what on the portal."""

    name = "members"
    verbose_name = _("Members")

    def ready(self):
        from .signals import sync_reference_data

        post_migrate.connect(sync_reference_data, sender=self)
        connection_created.connect(register_sqlite_functions)
