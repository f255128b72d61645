from django import forms
from django.utils.translation import gettext_lazy as _

from members.forms import FieldsetsMixin
from members.models import Commune

from .models import Session, Training

LOCAL = {"type": "datetime-local"}


class TrainingForm(FieldsetsMixin, forms.ModelForm):
    class Meta:
        model = Training
        fields = [
            "title",
            "summary",
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
        ]
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 3, "maxlength": 500}),
            "objectives": forms.Textarea(attrs={"rows": 4}),
            "content": forms.Textarea(attrs={"rows": 6}),
            "prerequisites": forms.Textarea(attrs={"rows": 2}),
            "audience": forms.Textarea(attrs={"rows": 2}),
            "themes": forms.CheckboxSelectMultiple,
        }

    fieldsets = [
        (
            _("The training"),
            [
                "title",
                "summary",
                "territory",
                "open_to_other_territory",
                "format",
                "language",
                "requires_approval",
            ],
        ),
        (
            _("Programme"),
            ["themes", "trainers", "objectives", "content", "prerequisites", "audience"],
        ),
    ]

    def __init__(self, *args, territories, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["territory"].queryset = territories
        self.fields["territory"].empty_label = None


class SessionForm(forms.ModelForm):
    """Times are typed in the territory's local time (UTC-4) and stored in UTC."""

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

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["commune"].queryset = Commune.objects.select_related("territory").order_by(
            "territory__insee_code", "name"
        )

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


SessionFormSet = forms.inlineformset_factory(
    Training,
    Session,
    form=SessionForm,
    extra=1,
    can_delete=True,
    max_num=20,
    min_num=1,
    validate_min=True,
)


class RegistrationForm(forms.Form):
    organisation = forms.ModelChoiceField(label=_("On behalf of"), queryset=None, empty_label=None)

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations


class AttendanceForm(forms.Form):
    present = forms.ModelMultipleChoiceField(
        label=_("Present"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, registrations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["present"].queryset = registrations
        self.fields["present"].label_from_instance = lambda r: f"{r.user} ({r.organisation.name})"


class EmailRegistrantsForm(forms.Form):
    subject = forms.CharField(label=_("Subject"), max_length=150)
    message = forms.CharField(label=_("Message"), widget=forms.Textarea(attrs={"rows": 6}))
    include_waitlist = forms.BooleanField(label=_("Also write to the waiting list"), required=False)


class SessionFilterForm(forms.Form):
    """The catalogue's filters (GET)."""

    territory = forms.ChoiceField(label=_("Territory"), required=False)
    theme = forms.ChoiceField(label=_("Theme"), required=False)
    format = forms.ChoiceField(
        label=_("Format"), required=False, choices=[("", _("All")), *Training.Format.choices]
    )
    month = forms.DateField(
        label=_("Month"),
        required=False,
        input_formats=["%Y-%m"],
        widget=forms.DateInput(attrs={"type": "month"}, format="%Y-%m"),
    )

    def __init__(self, *args, territories, themes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["territory"].choices = [
            ("", _("All")),
            *((t.slug, t.name) for t in territories),
        ]
        self.fields["theme"].choices = [("", _("All")), *((t.code, t.label) for t in themes)]
