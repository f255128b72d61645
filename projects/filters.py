"""The projects catalogue's filters: every view is a shareable URL of GET parameters."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from members.forms import order_reference_choices
from members.models import Country, SustainableDevelopmentGoal, Territory, Theme
from members.search import query_terms, search
from toolbox.filters import FilterSet, YearFilter

from .models import FundingLine, Project


class ProjectFilter(FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="filter_q")
    territory = django_filters.ModelChoiceFilter(
        label=_("Territory"),
        field_name="lead__territory",
        queryset=Territory.objects.all(),
        to_field_name="slug",
    )
    country = django_filters.ModelChoiceFilter(
        label=_("Caribbean country"), field_name="countries", queryset=Country.objects.all()
    )
    theme = django_filters.ModelChoiceFilter(
        label=_("Theme"), field_name="themes", queryset=Theme.objects.all()
    )
    status = django_filters.ChoiceFilter(label=_("Status"), choices=Project.Status.choices)
    funder = django_filters.ChoiceFilter(
        label=_("Funder"), field_name="funding_lines__funder", choices=FundingLine.Funder.choices
    )
    sdg = django_filters.ModelChoiceFilter(
        label=_("Sustainable Development Goal"),
        field_name="sdgs",
        queryset=SustainableDevelopmentGoal.objects.all(),
    )
    year = YearFilter(label=_("Running in year"), method="filter_year")

    class Meta:
        model = Project
        fields = []

    # The query's terms, looked up once for the filter and the ranking (members.search).
    search_terms: list = []

    def filter_q(self, queryset, name, value):
        self.search_terms = query_terms(value)
        return search(queryset, self.search_terms)

    @property
    def form(self):
        form = super().form
        order_reference_choices(form.fields)
        return form

    def filter_year(self, queryset, name, value):
        """Projects running at some point of that year (undated ends count as still running)."""
        return queryset.filter(start_date__year__lte=value).filter(
            Q(end_date__isnull=True) | Q(end_date__year__gte=value)
        )

    @property
    def qs(self):
        queryset = super().qs
        data = self.form.cleaned_data
        if any(data.get(n) for n in ("country", "theme", "funder", "sdg")):
            queryset = queryset.distinct()
        return queryset
