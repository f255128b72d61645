from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ResourcesConfig(AppConfig):
    """The networks' resource library: guides, templates, reports, recordings."""

    name = "resources"
    verbose_name = _("Resource library")
