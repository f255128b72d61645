from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrainingsConfig(AppConfig):
    """The networks' trainings: sessions, registrations, waiting lists and attendance."""

    name = "trainings"
    verbose_name = _("Trainings")

    def ready(self):
        from . import signals  # noqa: F401  (connects the receivers)
