from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NewsletterConfig(AppConfig):
    """The networks' newsletters: subscriptions (double opt-in), issues, sending in batches."""

    name = "newsletter"
    verbose_name = _("Newsletter")
