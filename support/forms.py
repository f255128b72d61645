"""The forms of advisory support: a request, a message of its thread, the coordinators'
follow-up and an appointment. Views hand their cleaned data to support.services."""

from datetime import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from calls.models import Call
from members.models import Organisation, User
from projects.models import Project
from toolbox.forms import SafeInputMixin

from .enums import FOLLOW_UP_STATUSES, Mode, Outcome, Status
from .models import Appointment, Message, SupportRequest

DATE = {"type": "date"}
LOCAL = {"type": "datetime-local"}


class RequestForm(SafeInputMixin, forms.ModelForm):
    """A request, by one of the organisation's people.

    Business rules: the organisation is one the person acts for; the project, if any, is one
    of its projects; the call, if any, a published one open to its territory."""

    organisation = forms.ModelChoiceField(
        label=_("Organisation"), queryset=Organisation.objects.none(), to_field_name="slug"
    )

    class Meta:
        model = SupportRequest
        fields = [
            "organisation",
            "topic",
            "description",
            "project",
            "call",
            "preferred_mode",
            "needed_by",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 8, "maxlength": 5000}),
            "preferred_mode": forms.RadioSelect,
            "needed_by": forms.DateInput(attrs=DATE, format="%Y-%m-%d"),
        }

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        organisations = organisations.order_by("name")
        self.fields["organisation"].queryset = organisations
        several = len(organisations[:2]) > 1
        if not several:
            # The one organisation the person acts for: chosen already.
            self.fields["organisation"].empty_label = None
        self.fields["project"].queryset = Project.objects.filter(
            lead__in=organisations.values("pk")
        ).order_by("title")
        self.fields["project"].label_from_instance = self._project_label(several)
        self.fields["call"].queryset = Call.objects.public().order_by("-deadline")
        self.fields["call"].help_text = _("A funding call published on the portal.")
        self.fields["project"].help_text = _("One of the organisation's projects, if any.")
        self.fields["preferred_mode"].choices = Mode.choices

    @staticmethod
    def _project_label(several: bool):
        """With several organisations, a project says whose it is."""

        def label(project):
            return f"{project.title} ({project.lead.name})" if several else project.title

        return label

    def clean(self):
        data = super().clean()
        organisation, project, call = (
            data.get("organisation"),
            data.get("project"),
            data.get("call"),
        )
        if organisation and project and project.lead_id != organisation.pk:
            self.add_error("project", _("This project is not one of the organisation's."))
        if (
            organisation
            and call
            and not call.territories.filter(pk=organisation.territory_id).exists()
        ):
            self.add_error("call", _("This call is not open to the organisation's territory."))
        needed_by = data.get("needed_by")
        if needed_by and needed_by < timezone.localdate():
            self.add_error("needed_by", _("This date has passed."))
        return data


class MessageForm(SafeInputMixin, forms.ModelForm):
    """A message of the thread; for coordinators, also an internal note and the time spent."""

    class Meta:
        model = Message
        fields = ["body", "internal", "minutes_spent"]
        widgets = {"body": forms.Textarea(attrs={"rows": 5, "maxlength": 5000})}

    def __init__(self, *args, follows: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["minutes_spent"].max_value = 24 * 60
        self.fields["minutes_spent"].widget.attrs.update({"min": 0, "max": 24 * 60})
        if not follows:
            del self.fields["internal"]
            del self.fields["minutes_spent"]


class FollowUpForm(SafeInputMixin, forms.Form):
    """The coordinators' step: who follows the request, where it stands, its outcome."""

    assignee = forms.ModelChoiceField(
        label=_("Followed by"), queryset=User.objects.none(), required=False
    )
    status = forms.ChoiceField(label=_("Status"), widget=forms.RadioSelect)
    outcome = forms.ChoiceField(
        label=_("Outcome"),
        required=False,
        choices=[("", "—"), *Outcome.choices],
        help_text=_("Required to close the request."),
    )

    def __init__(self, *args, request: SupportRequest, followers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = followers
        self.fields["assignee"].label_from_instance = lambda user: user.get_full_name() or str(user)
        current = request.status
        statuses = list(FOLLOW_UP_STATUSES)
        if current not in statuses:
            statuses.insert(0, Status(current))
        self.fields["status"].choices = [(s.value, s.label) for s in statuses]
        self.initial.setdefault("status", current)
        self.initial.setdefault("outcome", request.outcome)
        self.initial.setdefault("assignee", request.assignee_id)

    def clean(self):
        data = super().clean()
        if data.get("status") == Status.CLOSED and not data.get("outcome"):
            self.add_error("outcome", _("Say what the request led to, to close it."))
        if data.get("status") != Status.CLOSED:
            data["outcome"] = ""
        return data


class AppointmentForm(SafeInputMixin, forms.ModelForm):
    """An appointment, typed in the territory's local time (UTC−4 all year).

    Business rules: it is to come; an appointment on site says where, a remote one its link."""

    class Meta:
        model = Appointment
        fields = ["starts_at", "duration", "mode", "place", "link", "note"]
        widgets = {
            "starts_at": forms.DateTimeInput(attrs=LOCAL, format="%Y-%m-%dT%H:%M"),
            "mode": forms.RadioSelect,
            "duration": forms.NumberInput(attrs={"min": 15, "max": 480, "step": 15}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["mode"].choices = Mode.choices
        self.fields["starts_at"].help_text = _("In the territory's local time.")

    def clean_starts_at(self):
        # Made aware in the portal's time zone, the territories' (settings.TIME_ZONE).
        value: datetime = self.cleaned_data["starts_at"]
        if value < timezone.now():
            raise ValidationError(_("An appointment is to come: this time has passed."))
        return value

    def clean_duration(self):
        value = self.cleaned_data["duration"]
        if not 15 <= value <= 8 * 60:
            raise ValidationError(_("Between 15 minutes and 8 hours."))
        return value

    def clean(self):
        data = super().clean()
        mode = data.get("mode")
        if mode == Mode.ON_SITE and not data.get("place"):
            self.add_error("place", _("Say where the appointment takes place."))
        if mode == Mode.REMOTE and not data.get("link"):
            self.add_error("link", _("Give the link of the video call."))
        return data
