"""The directory's filters: every view is a shareable URL of GET parameters."""

import django_filters
from django.contrib.postgres.search import SearchQuery, SearchVector, TrigramWordSimilarity
from django.db import connection
from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from toolbox.filters import FilterSet
from toolbox.text import normalize_text

from .forms import order_reference_choices
from .models import Commune, Country, Language, Organisation, Territory, Theme

# Minimum pg_trgm word similarity for a typo to still match ("developement").
TYPO_SIMILARITY = 0.5


def search_text(queryset, text: str):
    """Full-text search that ignores accents and case, and tolerates small typos on PostgreSQL.

    Works on any model with a `search_text` field holding its searchable text through
    `normalize_text`. Both sides are compared without accents. On
    PostgreSQL: French full-text search (stemming, indexed) or trigram word similarity (typos);
    elsewhere every word must appear.
    """
    wanted = normalize_text(text).strip()
    if not wanted:
        return queryset
    if connection.vendor == "postgresql":
        return queryset.annotate(
            search=SearchVector("search_text", config="french"),
            similarity=TrigramWordSimilarity(wanted, "search_text"),
        ).filter(
            Q(search=SearchQuery(wanted, config="french", search_type="websearch"))
            | Q(similarity__gte=TYPO_SIMILARITY)
        )
    for word in wanted.replace("-", " ").split():
        queryset = queryset.filter(search_text__contains=word)
    return queryset


class DirectoryFilter(FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="filter_q")
    territory = django_filters.ModelChoiceFilter(
        label=_("Territory"), queryset=Territory.objects.all(), to_field_name="slug"
    )
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=Organisation.Kind.choices)
    theme = django_filters.ModelChoiceFilter(
        label=_("Theme"), field_name="themes", queryset=Theme.objects.all()
    )
    country = django_filters.ModelChoiceFilter(
        label=_("Caribbean country"), field_name="countries", queryset=Country.objects.all()
    )
    commune = django_filters.ModelChoiceFilter(label=_("Commune"), queryset=Commune.objects.all())
    language = django_filters.ModelChoiceFilter(
        label=_("Working language"), field_name="languages", queryset=Language.objects.all()
    )
    sort = django_filters.OrderingFilter(
        label=_("Sort by"),
        fields=[("name", "name"), ("updated_at", "updated")],
        field_labels={"name": _("Name"), "-updated": _("Recently updated")},
        empty_label=None,
    )

    class Meta:
        model = Organisation
        fields = []

    def filter_q(self, queryset, name, value):
        return search_text(queryset, value)

    @property
    def form(self):
        form = super().form
        order_reference_choices(form.fields)
        return form

    @property
    def qs(self):
        queryset = super().qs
        if not self.form.cleaned_data.get("sort"):
            queryset = queryset.order_by("name")
        # Filtering on many-to-many fields may repeat rows.
        return queryset.distinct() if self._filters_many_to_many() else queryset

    def _filters_many_to_many(self) -> bool:
        data = self.form.cleaned_data
        return any(data.get(name) for name in ("theme", "country", "language"))


FACETS = {
    # parameter: (field to count on, how the option is labelled)
    "territory": "territory__slug",
    "kind": "kind",
    "theme": "themes",
    "country": "countries",
    "commune": "commune",
    "language": "languages",
}


def facet_counts(queryset) -> dict[str, dict[str, int]]:
    """How many of the matching organisations each filter option would keep (one query each)."""
    ids = queryset.order_by().values("pk")
    base = Organisation.objects.filter(pk__in=ids)
    counts = {}
    for parameter, field in FACETS.items():
        rows = base.values(field).annotate(n=Count("pk", distinct=True)).order_by()
        counts[parameter] = {str(row[field]): row["n"] for row in rows if row[field] is not None}
    return counts
