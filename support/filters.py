"""The filters of the requests' list (a shareable URL of GET parameters, like every list)."""

import django_filters
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from members.models import Territory
from toolbox.filters import FilterSet

from .enums import ENDED_STATUSES, OPEN_STATUSES, Status, Topic
from .models import SupportRequest

OPEN, ENDED, OVERDUE, MINE = "open", "ended", "overdue", "mine"


class RequestFilter(FilterSet):
    state = django_filters.ChoiceFilter(
        label=_("Requests"),
        choices=[
            (OPEN, pgettext_lazy("support requests", "Open")),
            (OVERDUE, _("Waiting on the coordinators too long")),
            (MINE, _("Followed by me")),
            (ENDED, _("Closed or withdrawn")),
        ],
        empty_label=pgettext_lazy("support requests", "All"),
        method="filter_state",
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=Status.choices, empty_label=_("All")
    )
    topic = django_filters.ChoiceFilter(
        label=_("Topic"), choices=Topic.choices, empty_label=_("All")
    )
    territory = django_filters.ModelChoiceFilter(
        label=_("Territory"),
        queryset=Territory.objects.all(),
        to_field_name="slug",
        field_name="organisation__territory",
        empty_label=_("All"),
    )

    class Meta:
        model = SupportRequest
        fields: list[str] = []

    def __init__(self, *args, user, both_territories: bool, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)
        if not both_territories:
            del self.filters["territory"]

    def filter_state(self, queryset, name, value):
        if value == OPEN:
            return queryset.filter(status__in=OPEN_STATUSES)
        if value == ENDED:
            return queryset.filter(status__in=ENDED_STATUSES)
        if value == OVERDUE:
            return queryset.overdue()
        if value == MINE:
            return queryset.filter(assignee=self.user)
        return queryset
