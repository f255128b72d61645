from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NewsConfig(AppConfig):
    """The networks' news: posts, their pages and feeds."""

    name = "news"
    verbose_name = _("News")
