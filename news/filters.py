"""The news list's filters: every view of it is a shareable URL of GET parameters, as for the
calendar of calls and the trainings.

Business rules: a value that cannot be a filter (a made-up territory, a NUL character) is said
next to its field and left out; the other filters still apply. The search ignores accents and
case, on SQLite and PostgreSQL alike (members.search.search_stored). A territory's posts
include those of both networks. The theme filter is a subquery on the relation's table, so
that a post is listed once, without DISTINCT."""

import django_filters
from django.utils.translation import gettext_lazy as _

from members.filters import summary_language_filter
from members.models import Territory, Theme
from members.search import search_stored
from toolbox.filters import FilterSet

from .models import Post

# The longest text searched: beyond, a typo or a paste, refused with a message.
SEARCH_MAX_LENGTH = 200


class PostFilter(FilterSet):
    q = django_filters.CharFilter(
        label=_("Search"), method="filter_q", max_length=SEARCH_MAX_LENGTH
    )
    territory = django_filters.ModelChoiceFilter(
        label=_("Network"),
        queryset=Territory.objects.all(),
        to_field_name="slug",
        method="filter_territory",
        empty_label=_("All"),
    )
    theme = django_filters.ModelChoiceFilter(
        label=_("Theme"),
        queryset=Theme.objects.all(),
        method="filter_theme",
        empty_label=_("All"),
    )
    summary = summary_language_filter()

    class Meta:
        model = Post
        fields = []

    def filter_q(self, queryset, name, value):
        """Every word in the title or the summary, accents and case ignored."""
        return search_stored(queryset, value)

    def filter_territory(self, queryset, name, value):
        """The territory's posts and those of both networks."""
        return queryset.for_territory(value)

    def filter_theme(self, queryset, name, value):
        through = Post.themes.through.objects.filter(theme=value)
        return queryset.filter(pk__in=through.values("post"))
