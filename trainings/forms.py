from django import forms
from django.db.models import Q
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from members.forms import (
    TRANSLATED_SUMMARY_FIELDS,
    TRANSLATED_SUMMARY_FIELDSET,
    TRANSLATED_SUMMARY_WIDGETS,
    ReferenceChoicesMixin,
)
from members.models import WorkingGroup
from members.search import search_stored
from resources.models import Resource
from toolbox.forms import FieldsetsMixin, FoundChoicesMixin, SafeInputMixin, StoredValuesMixin

from .enums import TrainingKind
from .models import Session, Training

LOCAL = {"type": "datetime-local"}


class TrainingForm(
    FoundChoicesMixin, SafeInputMixin, StoredValuesMixin, FieldsetsMixin, forms.ModelForm
):
    """A training, or one of the network's other events (its `kind`): one form for both, in
    the words of the kind. Its working group is one of the person's territories' active groups
    (or the one it had), its materials resources the person may read, found by a search in the
    form; materials they may not read stay as they were."""

    class Meta:
        model = Training
        fields = [
            "kind",
            "title",
            "summary",
            *TRANSLATED_SUMMARY_FIELDS,
            "territory",
            "open_to_other_territory",
            "format",
            "language",
            "themes",
            "trainers",
            "objectives",
            "content",
            "prerequisites",
            "audience",
            "requires_approval",
            "working_group",
            "materials",
        ]
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 3, "maxlength": 500}),
            **TRANSLATED_SUMMARY_WIDGETS,
            "objectives": forms.Textarea(attrs={"rows": 4}),
            "content": forms.Textarea(attrs={"rows": 6}),
            "prerequisites": forms.Textarea(attrs={"rows": 2}),
            "audience": forms.Textarea(attrs={"rows": 2}),
            "themes": forms.CheckboxSelectMultiple,
            "materials": forms.CheckboxSelectMultiple,
        }
        help_texts = {
            "working_group": _("For a meeting of a working group: it shows on the group's page."),
            "materials": _(
                "Documents of the resource library shown on the page, to those who may read them."
            ),
        }

    def __init__(self, *args, territories, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["territory"].queryset = territories
        self.fields["territory"].empty_label = None
        group = self.fields["working_group"]
        group.queryset = (
            WorkingGroup.objects.filter(territory__in=territories)
            .filter(Q(is_active=True) | Q(pk=self.instance.working_group_id))
            .select_related("territory")
        )
        group.label_from_instance = lambda g: f"{g.name} ({g.territory.name})"
        group.empty_label = _("None")
        self.offer_found(
            "materials",
            (
                Resource.objects.visible_to(user) if user is not None else Resource.objects.none()
            ).order_by("title", "pk"),
            search_stored,
            label=_("Find documents of the library"),
            help_text=_(
                "Words of their title or description: the documents found are offered below."
            ),
        )
        event = self.is_event
        if event:
            self.fields["trainers"].label = _("Speakers and facilitators")
        self.fieldsets = [
            (
                _("The event") if event else _("The training"),
                [
                    "kind",
                    "title",
                    "summary",
                    "territory",
                    "open_to_other_territory",
                    "format",
                    "language",
                    "requires_approval",
                    "working_group",
                ],
            ),
            TRANSLATED_SUMMARY_FIELDSET,
            (
                _("Programme"),
                ["themes", "trainers", "objectives", "content", "prerequisites", "audience"],
            ),
            (_("Materials"), ["materials_find", "materials"]),
        ]

    @property
    def is_event(self) -> bool:
        """Whether the form speaks of an event: the kind sent, or the one it has."""
        kind = self.instance.kind
        if self.is_bound:
            sent = self.data.get(self.add_prefix("kind"))
            if sent in TrainingKind.values:
                kind = sent
        return kind != TrainingKind.TRAINING

    def clean_materials(self):
        """What the person chose, and the materials they cannot see, kept."""
        return self.kept_unoffered("materials")

    def clean(self):
        cleaned = super().clean()
        group, territory = cleaned.get("working_group"), cleaned.get("territory")
        if group and territory and group.territory_id != territory.pk:
            self.add_error(
                "working_group", _("Choose a working group of the network that organises it.")
            )
        return cleaned


class SessionForm(SafeInputMixin, StoredValuesMixin, ReferenceChoicesMixin, forms.ModelForm):
    """Times are typed in the territory's local time (UTC-4) and stored in UTC.

    Business rule: the capacity never goes below the seats already taken.
    """

    class Meta:
        model = Session
        fields = [
            "starts_at",
            "ends_at",
            "venue",
            "commune",
            "online_url",
            "capacity",
            "registration_opens_at",
            "registration_deadline",
        ]
        widgets = {
            name: forms.DateTimeInput(attrs=LOCAL, format="%Y-%m-%dT%H:%M")
            for name in ("starts_at", "ends_at", "registration_opens_at", "registration_deadline")
        }

    def clean_capacity(self):
        capacity = self.cleaned_data["capacity"]
        taken = self.instance.seats_taken() if self.instance.pk else 0
        if capacity is not None and capacity < taken:
            raise forms.ValidationError(
                _(
                    "%(taken)s seats are already taken: the capacity cannot be lower. Cancel "
                    "registrations first, from the list of registrants."
                )
                % {"taken": taken},
                code="capacity_below_seats",
            )
        return capacity

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("starts_at"), cleaned.get("ends_at")
        deadline = cleaned.get("registration_deadline")
        if start and end and end <= start:
            self.add_error("ends_at", _("A session ends after it starts."))
        if start and deadline and deadline > start:
            self.add_error(
                "registration_deadline", _("Registrations close before the session starts.")
            )
        return cleaned


class BaseSessionFormSet(forms.BaseInlineFormSet):
    """A training's sessions. Business rule: only a session nobody is registered for can be
    deleted; registrations are cancelled first (their people are told)."""

    row_label = _("Session")

    def clean(self):
        super().clean()
        # Rows marked for deletion are not validated as forms: the refusal is the formset's.
        kept = [
            _(
                "People are registered for the session of %(date)s: it cannot be deleted. "
                "Cancel their registrations first, from the list of registrants."
            )
            % {"date": date_format(form.instance.local_start, "SHORT_DATETIME_FORMAT")}
            for form in self.deleted_forms
            if form.instance.pk and form.instance.registrations.active().exists()
        ]
        if kept:
            raise forms.ValidationError(kept, code="session_has_registrations")


SessionFormSet = forms.inlineformset_factory(
    Training,
    Session,
    form=SessionForm,
    formset=BaseSessionFormSet,
    extra=1,
    can_delete=True,
    max_num=20,
    # Built at most: a forged TOTAL_FORMS is refused with a message (see members/forms.py).
    absolute_max=20,
    validate_max=True,
    min_num=1,
    validate_min=True,
)


class PromotionForm(SafeInputMixin, forms.Form):
    reason = forms.CharField(
        label=_("Why this person goes ahead of the waiting list"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class RegistrationForm(SafeInputMixin, forms.Form):
    organisation = forms.ModelChoiceField(label=_("On behalf of"), queryset=None, empty_label=None)

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations


class ChosenRegistrationForm(SafeInputMixin, forms.Form):
    """The registration a coordinator's action is about (its id, posted by the button), among
    the session's: any other value, junk or an id beyond every integer, is no registration."""

    registration = forms.ModelChoiceField(queryset=None)

    def __init__(self, *args, registrations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["registration"].queryset = registrations


class AttendanceForm(SafeInputMixin, forms.Form):
    present = forms.ModelMultipleChoiceField(
        label=_("Present"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, registrations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["present"].queryset = registrations
        self.fields["present"].label_from_instance = lambda r: f"{r.user} ({r.organisation.name})"


class EmailRegistrantsForm(SafeInputMixin, forms.Form):
    subject = forms.CharField(label=_("Subject"), max_length=150)
    message = forms.CharField(label=_("Message"), widget=forms.Textarea(attrs={"rows": 6}))
    include_waitlist = forms.BooleanField(label=_("Also write to the waiting list"), required=False)
