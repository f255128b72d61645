"""The directory's filters: every view is a shareable URL of GET parameters."""

import django_filters
from django.db.models import BooleanField, Count, ExpressionWrapper, F, Q, Value
from django.utils.translation import gettext_lazy as _

from toolbox.filters import FilterSet

from .forms import order_reference_choices
from .models import SUMMARY_LANGUAGES, Commune, Country, Language, Organisation, Territory, Theme
from .search import query_terms, search

# "Has an English / Spanish summary", for the records that carry translated summaries
# (members.models.TranslatedSummaries): the directory, the catalogues and the API.
SUMMARY_CHOICES = [("en", _("In English")), ("es", _("In Spanish"))]


def with_summary_in(queryset, language: str, *, through: str = ""):
    """The records whose summary in `language` (one of SUMMARY_LANGUAGES) is written;
    `through` names the relation to such a record ("training__" for sessions)."""
    if language not in SUMMARY_LANGUAGES:
        return queryset.none()
    return queryset.exclude(**{f"{through}summary_{language}": ""})


def summary_language_filter(*, through: str = "") -> django_filters.ChoiceFilter:
    """The filter "has an English / Spanish summary" of a list of such records."""
    return django_filters.ChoiceFilter(
        label=_("Summary for the Caribbean partners"),
        choices=SUMMARY_CHOICES,
        empty_label=_("All"),
        method=lambda queryset, name, value: with_summary_in(queryset, value, through=through),
    )


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
    summary = summary_language_filter()
    sort = django_filters.OrderingFilter(
        label=_("Sort by"),
        fields=[("name", "name"), ("updated_at", "updated")],
        field_labels={"name": _("Name"), "-updated": _("Recently updated")},
        empty_label=None,
    )

    class Meta:
        model = Organisation
        fields = []

    # The query's terms, looked up once (vocabulary queries) for the filter and the ranking.
    search_terms: list = []

    def filter_q(self, queryset, name, value):
        self.search_terms = query_terms(value)
        return search(queryset, self.search_terms)

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
    # parameter: the field the options count on
    "territory": "territory__slug",
    "kind": "kind",
    "theme": "themes",
    "country": "countries",
    "commune": "commune",
    "language": "languages",
    "summary": "summary",
}
# Facets on the organisation's own columns, counted together in one grouped query.
_COLUMN_FACETS = {"territory": "territory__slug", "kind": "kind", "commune": "commune_id"}
# Facets on many-to-many fields, counted on their through tables (one row per pair: no
# DISTINCT needed) in one UNION ALL query.
_MANY_TO_MANY_FACETS = {"theme": "themes", "country": "countries", "language": "languages"}


def facet_counts(queryset) -> dict[str, dict[str, int]]:
    """How many of the matching organisations each filter option would keep.

    Two grouped queries whatever the number of facets: one over the organisations' columns
    (territory, kind, commune, translated summaries), one over the through tables of the
    many-to-many facets.
    """
    ids = queryset.order_by().values("pk")
    counts: dict[str, dict[str, int]] = {parameter: {} for parameter in FACETS}
    written = {
        f"written_{language}": ExpressionWrapper(
            ~Q(**{f"summary_{language}": ""}), output_field=BooleanField()
        )
        for language in SUMMARY_LANGUAGES
    }
    rows = (
        Organisation.objects.filter(pk__in=ids)
        .values(*_COLUMN_FACETS.values(), **written)
        .annotate(n=Count("pk"))
        .order_by()
    )
    for row in rows:
        for parameter, field in _COLUMN_FACETS.items():
            if row[field] is not None:
                key = str(row[field])
                counts[parameter][key] = counts[parameter].get(key, 0) + row["n"]
        for language in SUMMARY_LANGUAGES:
            if row[f"written_{language}"]:
                counts["summary"][language] = counts["summary"].get(language, 0) + row["n"]
    pairs = []
    for parameter, relation in _MANY_TO_MANY_FACETS.items():
        field = Organisation._meta.get_field(relation)
        through = field.remote_field.through
        target = field.m2m_reverse_name()  # e.g. "theme_id"
        pairs.append(
            through.objects.filter(**{f"{field.m2m_field_name()}__in": ids})
            .values(value=F(target))
            .annotate(facet=Value(parameter), n=Count("*"))
            .order_by()
        )
    for row in pairs[0].union(*pairs[1:], all=True):
        counts[row["facet"]][str(row["value"])] = row["n"]
    return counts
