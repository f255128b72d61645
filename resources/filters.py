"""The library's filters: every view of it is a shareable URL of GET parameters, as for the
directory, the calendar of calls and the news.

Business rules: a value that cannot be a filter (a made-up territory, a NUL character) is said
next to its field and left out; the other filters still apply. The search finds every word in
the title or the description, accents and case ignored, typos corrected, on SQLite and
PostgreSQL alike (members.search.search_stored, the directory's matching). A territory's
resources include those of both networks. The theme filter is a subquery on the relation's
table, so that a resource is listed once, without DISTINCT."""

import django_filters
from django.utils.translation import gettext_lazy as _

from members.models import Language, Territory, Theme
from members.search import search_stored
from toolbox.filters import FilterSet

from .enums import ResourceKind
from .models import Resource

# The longest text searched: beyond, a typo or a paste, refused with a message.
SEARCH_MAX_LENGTH = 200


class ResourceFilter(FilterSet):
    q = django_filters.CharFilter(
        label=_("Search"), method="filter_q", max_length=SEARCH_MAX_LENGTH
    )
    kind = django_filters.ChoiceFilter(
        label=_("Kind"), choices=ResourceKind.choices, empty_label=_("All")
    )
    theme = django_filters.ModelChoiceFilter(
        label=_("Theme"),
        queryset=Theme.objects.all(),
        method="filter_theme",
        empty_label=_("All"),
    )
    language = django_filters.ModelChoiceFilter(
        label=_("Language"), queryset=Language.objects.all(), empty_label=_("All")
    )
    territory = django_filters.ModelChoiceFilter(
        label=_("Network"),
        queryset=Territory.objects.all(),
        to_field_name="slug",
        method="filter_territory",
        empty_label=_("Both"),
    )

    class Meta:
        model = Resource
        fields = []

    def filter_q(self, queryset, name, value):
        """Every word in the title or the description, accents and case ignored."""
        return search_stored(queryset, value)

    def filter_theme(self, queryset, name, value):
        through = Resource.themes.through.objects.filter(theme=value)
        return queryset.filter(pk__in=through.values("resource"))

    def filter_territory(self, queryset, name, value):
        """The territory's resources and those of both networks."""
        return queryset.for_territory(value)
