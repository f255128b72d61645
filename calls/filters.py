"""The calendar's filters: every view of it is a shareable URL of GET parameters, as for the
directory, the projects and the trainings.

Business rules: a value that cannot be a filter (a made-up territory, a NUL character, a
month of year 32768) is said next to its field and left out; the other filters still apply.
Filters on the calls' many-to-many relations are subqueries on the relation's table
(`pk__in`), so that a call named by several rows is listed once, without DISTINCT."""

from datetime import date

import django_filters
from django import forms
from django.db.models import Q
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from members.filters import summary_language_filter
from members.forms import order_reference_choices
from members.models import Country, Territory, Theme
from members.search import search_stored
from toolbox.filters import FilterSet
from toolbox.forms import SafeInputMixin

from .enums import CallFunder
from .models import Applicant, Call

# The longest text searched: beyond, a typo or a paste, refused with a message.
SEARCH_MAX_LENGTH = 200


class CallFilter(FilterSet):
    q = django_filters.CharFilter(
        label=_("Search"), method="filter_q", max_length=SEARCH_MAX_LENGTH
    )
    territory = django_filters.ModelChoiceFilter(
        label=_("Territory"),
        queryset=Territory.objects.all(),
        to_field_name="slug",
        method="filter_territory",
        empty_label=_("All"),
    )
    funder = django_filters.ChoiceFilter(
        label=_("Funder"), choices=CallFunder.choices, empty_label=_("All")
    )
    theme = django_filters.ModelChoiceFilter(
        label=_("Theme"),
        queryset=Theme.objects.all(),
        method="filter_theme",
        empty_label=_("All"),
    )
    country = django_filters.ModelChoiceFilter(
        label=_("Partner country"),
        queryset=Country.objects.all(),
        method="filter_country",
        empty_label=_("All"),
    )
    applicant = django_filters.ModelChoiceFilter(
        label=_("Kind of applicant"),
        queryset=Applicant.objects.all(),
        method="filter_applicant",
        empty_label=_("All"),
    )
    summary = summary_language_filter()
    open = django_filters.BooleanFilter(
        label=_("Open for applications now"),
        method="filter_open",
        widget=forms.CheckboxInput,
    )

    class Meta:
        model = Call
        fields = []

    @property
    def form(self):
        form = super().form
        order_reference_choices(form.fields)
        return form

    def filter_q(self, queryset, name, value):
        """Every word in the title, the programme, the summary or the description, accents,
        case and typos forgiven as in the directory (`members.search.search_stored`)."""
        return search_stored(queryset, value)

    def filter_territory(self, queryset, name, value):
        """Calls whose holders may be of that territory (a call open to both is of each)."""
        through = Call.territories.through.objects.filter(territory=value)
        return queryset.filter(pk__in=through.values("call"))

    def filter_theme(self, queryset, name, value):
        """Calls naming that theme. Calls naming none ("any theme") are left out: most calls
        name none, and the filter is there to find those aimed at the theme."""
        through = Call.themes.through.objects.filter(theme=value)
        return queryset.filter(pk__in=through.values("call"))

    def filter_country(self, queryset, name, value):
        """Calls a partner of that country may join: those naming it, and those open to
        partners from the whole Greater Caribbean, which name no country since every one is
        eligible."""
        through = Call.countries.through.objects.filter(country=value)
        return queryset.filter(Q(whole_caribbean=True) | Q(pk__in=through.values("call")))

    def filter_applicant(self, queryset, name, value):
        """Calls that kind of applicant may answer: those naming it, and those naming no kind
        of applicant at all, which accept every kind."""
        through = Call.applicants.through.objects
        return queryset.filter(
            Q(pk__in=through.filter(applicant=value).values("call"))
            | ~Q(pk__in=through.values("call"))
        )

    def filter_open(self, queryset, name, value):
        """Ticked: calls open for applications now (opened, deadline not passed); unticked, no
        condition."""
        return queryset.open_now() if value else queryset

    def query_string(self) -> str:
        """The filters asked, one way only: in the filters' order, each value once and sorted,
        without the page nor any empty or refused value. The shareable query string the other
        views of the calendar take, and what a saved search keeps (one search, one string)."""
        if not self.is_bound:
            return ""
        errors = self.form.errors
        kept = QueryDict(mutable=True)
        for name in self.filters:
            values = sorted({v.strip() for v in self.data.getlist(name) if v.strip()})
            if values and name not in errors:
                kept.setlist(name, values)
        return kept.urlencode()


class MonthForm(SafeInputMixin, forms.Form):
    """The month the month view shows (YYYY-MM), within the years people search by
    (1900–2100, toolbox/dates.py: SafeInputMixin adds that check)."""

    month = forms.DateField(
        label=_("Month"),
        required=False,
        input_formats=["%Y-%m"],
        widget=forms.DateInput(attrs={"type": "month"}, format="%Y-%m"),
        error_messages={"invalid": _("Enter a month as year and month, e.g. 2027-03.")},
    )

    def first_day(self, today: date) -> date:
        """The first day of the month asked, or of today's month when none is, or when the one
        asked is refused (the form then says why)."""
        chosen = self.cleaned_data.get("month") if self.is_valid() else None
        return (chosen or today).replace(day=1)
