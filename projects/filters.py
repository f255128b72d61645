"""The projects catalogue's filters: every view is a shareable URL of GET parameters."""

import django_filters
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _
from django_filters.constants import EMPTY_VALUES

from members.enums import RegionalOrganisation
from members.filters import summary_language_filter
from members.forms import order_reference_choices
from members.models import Country, SustainableDevelopmentGoal, Territory, Theme
from members.reference.caribbean import ACRONYMS, member_codes
from members.search import query_terms, search
from toolbox.filters import FilterSet, YearFilter

from .models import FundingLine, Project


def regional_organisation_choices() -> list[tuple[str, str]]:
    """The choices of the "regional organisation" filters (catalogue, partners, cooperation by
    country): "CARICOM — Caribbean Community", the acronym people know first, so that it stays
    in sight in a narrow list.

    Business rule of those filters: "projects with OECS countries" are those with a country
    that takes part in the OECS (members, associate members, territories represented by France
    or the Netherlands: members.enums.PARTICIPATING), not an applicant nor an accession
    awaiting ratification. The countries' codes come from members.reference.caribbean
    (`member_codes`), so each filter is one `IN` on them, whatever the number of records.
    """
    return [(code, f"{ACRONYMS[code]} — {label}") for code, label in RegionalOrganisation.choices]


class MemberOfFilter(django_filters.ChoiceFilter):
    """The "regional organisation" filter: the records whose country (`field_name`, a lookup
    ending on a country's code) takes part in the chosen organisation (see
    `regional_organisation_choices`)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Regional organisation"))
        kwargs.setdefault("choices", regional_organisation_choices)
        super().__init__(**kwargs)

    def filter(self, qs, value):
        if value in EMPTY_VALUES:
            return qs
        return qs.filter(**{f"{self.field_name}__in": member_codes(value)})


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
    member_of = MemberOfFilter(method="filter_member_of")
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
    summary = summary_language_filter()

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

    def filter_member_of(self, queryset, name, value):
        """Projects with at least one country that takes part in the organisation (see
        `regional_organisation_choices`): a semi-join on the projects' countries, each project
        once, no DISTINCT."""
        countries = Project.countries.through.objects.filter(
            project=OuterRef("pk"), country__in=member_codes(value)
        )
        return queryset.filter(Exists(countries))

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
