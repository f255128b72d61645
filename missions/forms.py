"""The mission form with its obstacles, the list's filters and the report's period."""

from datetime import date

import django_filters
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from members.forms import ReferenceChoicesMixin
from members.models import Country, Territory
from projects.models import Project
from toolbox.filters import FilterSet
from toolbox.forms import FieldsetsMixin, SafeInputMixin

from .enums import Direction
from .models import Mission, Obstacle

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ProjectGroups(forms.models.ModelChoiceIterator):
    """Projects grouped by their organisation (<optgroup>), when the person records for
    several; read from the database only when rendered, in one query."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        groups: dict[str, list] = {}
        for project in self.queryset.select_related("lead").order_by("lead__name", "title"):
            groups.setdefault(project.lead.name, []).append(self.choice(project))
        if len(groups) == 1:
            yield from next(iter(groups.values()))
        else:
            yield from groups.items()


class MissionForm(SafeInputMixin, ReferenceChoicesMixin, FieldsetsMixin, forms.ModelForm):
    """A mission, for one of `organisations` (those the person records for).

    Business rules: a new mission is recorded for one of the person's organisations (the one
    `preselected`, or the only one); an existing one stays with its organisation. The projects
    offered are the organisation's own (those of all the person's organisations, grouped, until
    one is chosen): another's is refused next to the field."""

    class Meta:
        model = Mission
        fields = [
            "organisation",
            "direction",
            "country",
            "start_date",
            "end_date",
            "participants",
            "purpose",
            "project",
        ]
        widgets = {
            "direction": forms.RadioSelect,
            "start_date": DATE,
            "end_date": DATE,
            "purpose": forms.Textarea(attrs={"rows": 3, "maxlength": 1000}),
        }

    fieldsets = [
        (
            _("The mission"),
            ["organisation", "direction", "country", "start_date", "end_date", "participants"],
        ),
        (_("What it was for"), ["purpose", "project"]),
    ]

    def __init__(self, *args, organisations, preselected=None, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["organisation"]
        if self.instance.pk:
            # The mission stays with its organisation: shown, never sent back.
            field.queryset = organisations.model.objects.filter(pk=self.instance.organisation_id)
            field.disabled = True
            chosen = [self.instance.organisation_id]
        else:
            field.queryset = organisations.order_by("name")
            if preselected is not None:
                self.initial["organisation"] = preselected.pk
            ids = list(organisations.values_list("pk", flat=True)[:2])
            if len(ids) == 1:
                field.empty_label = None
                self.initial["organisation"] = ids[0]
            chosen = self._chosen_organisation(organisations)
        project = self.fields["project"]
        projects = Project.objects.filter(lead__in=organisations)
        if chosen:
            projects = Project.objects.filter(lead__in=chosen)
        project.queryset = projects
        project.iterator = ProjectGroups
        project.widget.choices = project.choices

    def _chosen_organisation(self, organisations) -> list[int]:
        """The organisation sent (or preselected), if it is one of `organisations`."""
        if self.is_bound:
            value = self.data.get(self.add_prefix("organisation"), "")
        else:
            value = self.initial.get("organisation", "")
        value = str(value)
        if not value.isdigit() or len(value) > 18:
            return []
        return list(organisations.filter(pk=int(value)).values_list("pk", flat=True))


class ObstacleForm(SafeInputMixin, forms.ModelForm):
    """One obstacle. Its choice starts blank, so that a row left untouched sends nothing and
    is ignored (a select without a blank choice posts its first option: a row never typed in
    would become an obstacle, or block saving)."""

    class Meta:
        model = Obstacle
        fields = ["kind", "note"]
        widgets = {"note": forms.TextInput(attrs={"maxlength": 300})}


class BaseObstacleFormSet(forms.BaseInlineFormSet):
    row_label = _("Obstacle")


ObstacleFormSet = forms.inlineformset_factory(
    Mission,
    Obstacle,
    form=ObstacleForm,
    formset=BaseObstacleFormSet,
    extra=3,
    can_delete=True,
    max_num=20,
    # Built at most: a forged TOTAL_FORMS is refused with a message.
    absolute_max=20,
    validate_max=True,
)


class MissionFilter(FilterSet):
    """The list's filters, as shareable GET parameters. Business rule: a period keeps the
    missions starting in it (`MissionQuerySet.starting_between`)."""

    territory = django_filters.ModelChoiceFilter(
        label=_("Territory"),
        queryset=Territory.objects.all(),
        to_field_name="slug",
        field_name="organisation__territory",
        empty_label=_("Both"),
    )
    country = django_filters.ModelChoiceFilter(
        label=_("Country or territory"), queryset=Country.objects.all(), empty_label=_("All")
    )
    direction = django_filters.ChoiceFilter(
        label=_("Direction"), choices=Direction.choices, empty_label=_("Both")
    )
    start = django_filters.DateFilter(
        label=_("Starting from"), field_name="start_date", lookup_expr="gte", widget=DATE
    )
    end = django_filters.DateFilter(
        label=_("Starting until"), field_name="start_date", lookup_expr="lte", widget=DATE
    )

    class Meta:
        model = Mission
        fields: list[str] = []

    def __init__(self, *args, both_territories: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not both_territories:
            # One territory's coordinators, or an organisation's people: nothing to choose.
            del self.filters["territory"]

    def get_form_class(self):
        form_class = super().get_form_class()
        return type(form_class.__name__, (ReferenceChoicesMixin, form_class), {})


def default_period(today: date | None = None) -> tuple[date, date]:
    """The report's period by default: the current calendar year."""
    today = today or timezone.localdate()
    return date(today.year, 1, 1), date(today.year, 12, 31)


class ReportForm(SafeInputMixin, forms.Form):
    """The obstacles report's period and, for those who read both, its territory."""

    start = forms.DateField(label=_("From"), widget=DATE)
    end = forms.DateField(label=_("To"), widget=DATE)
    territory = forms.ModelChoiceField(
        label=_("Territory"),
        queryset=Territory.objects.none(),
        to_field_name="slug",
        required=False,
        empty_label=_("Both territories"),
    )

    def __init__(self, *args, territories, **kwargs):
        super().__init__(*args, **kwargs)
        if len(territories) > 1:
            self.fields["territory"].queryset = Territory.objects.filter(
                pk__in=[t.pk for t in territories]
            ).order_by("insee_code")
        else:
            del self.fields["territory"]

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and end < start:
            self.add_error("end", _("The end of the period comes before its start."))
        return cleaned
