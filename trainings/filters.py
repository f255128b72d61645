"""The filters of the trainings catalogue and of the network's events: every view is a
shareable URL of GET parameters, as for the directory and the projects."""

from datetime import datetime, time
from zoneinfo import ZoneInfo

import django_filters
from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from members.filters import summary_language_filter
from members.models import Territory, Theme
from toolbox.filters import FilterSet

from .enums import EVENT_KINDS, TrainingFormat
from .models import Session


class SessionFilter(FilterSet):
    territory = django_filters.ModelChoiceFilter(
        label=_("Territory"),
        field_name="training__territory",
        queryset=Territory.objects.all(),
        to_field_name="slug",
        empty_label=_("All"),
    )
    theme = django_filters.ModelChoiceFilter(
        label=_("Theme"),
        field_name="training__themes",
        queryset=Theme.objects.all(),
        empty_label=_("All"),
        distinct=True,
    )
    format = django_filters.ChoiceFilter(
        label=_("Format"),
        field_name="training__format",
        choices=TrainingFormat.choices,
        empty_label=_("All"),
    )
    summary = summary_language_filter(through="training__")
    month = django_filters.DateFilter(
        label=_("Month"),
        method="filter_month",
        input_formats=["%Y-%m"],
        widget=forms.DateInput(attrs={"type": "month"}, format="%Y-%m"),
    )

    class Meta:
        model = Session
        fields = []

    def filter_month(self, queryset, name, value):
        """Sessions starting in that month, in the networks' local time (both UTC-4)."""
        zone = ZoneInfo(settings.TIME_ZONE)
        first = value.replace(day=1)
        following = first.replace(year=first.year + first.month // 12, month=first.month % 12 + 1)
        return queryset.filter(
            starts_at__gte=datetime.combine(first, time.min, zone),
            starts_at__lt=datetime.combine(following, time.min, zone),
        )


class EventSessionFilter(SessionFilter):
    """The events' list: the catalogue's filters, and the kind of event."""

    kind = django_filters.ChoiceFilter(
        label=_("Kind of event"),
        field_name="training__kind",
        choices=[(kind.value, kind.label) for kind in EVENT_KINDS],
        empty_label=_("All"),
    )

    class Meta(SessionFilter.Meta):
        fields = []
