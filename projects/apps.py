from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    """Cooperation projects of member organisations with their Caribbean partners."""

    name = "projects"
    verbose_name = _("Cooperation projects")
