"""The coordinators' forms: a funding call, and a document attached to it."""

from datetime import date, datetime, time

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from members.forms import (
    TRANSLATED_SUMMARY_FIELDS,
    TRANSLATED_SUMMARY_FIELDSET,
    TRANSLATED_SUMMARY_WIDGETS,
    ReferenceChoicesMixin,
)
from members.models import Country, Territory
from toolbox.documents import PdfField
from toolbox.forms import FieldsetsMixin, SafeInputMixin, StoredValuesMixin

from .models import Call, local_zone

DATE = {"type": "date"}
LOCAL = {"type": "datetime-local"}


class CallForm(
    SafeInputMixin, StoredValuesMixin, ReferenceChoicesMixin, FieldsetsMixin, forms.ModelForm
):
    """A funding call, as its coordinators write it. The deadline is typed in the territories'
    local time (UTC−4 all year) and stored in UTC.

    Business rules: the call is open to at least one territory the person publishes for (a
    call open to both is allowed, and is then edited by the coordinators of either); it closes
    after it opens; a pre-deposit date falls between the opening and the deadline; each
    minimum is at most its maximum; partners come from the whole Greater Caribbean or from the
    countries named.
    """

    class Meta:
        model = Call
        fields = [
            "title",
            "funder",
            "programme",
            "summary",
            "description",
            *TRANSLATED_SUMMARY_FIELDS,
            "territories",
            "applicants",
            "themes",
            "whole_caribbean",
            "countries",
            "cofinancing_min",
            "cofinancing_max",
            "grant_min",
            "grant_max",
            "opens_on",
            "predeposit_on",
            "deadline",
            "official_url",
        ]
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 3, "maxlength": 500}),
            "description": forms.Textarea(attrs={"rows": 8}),
            **TRANSLATED_SUMMARY_WIDGETS,
            "territories": forms.CheckboxSelectMultiple,
            "applicants": forms.CheckboxSelectMultiple,
            "themes": forms.CheckboxSelectMultiple,
            "countries": forms.CheckboxSelectMultiple,
            "opens_on": forms.DateInput(attrs=DATE, format="%Y-%m-%d"),
            "predeposit_on": forms.DateInput(attrs=DATE, format="%Y-%m-%d"),
            "deadline": forms.DateTimeInput(attrs=LOCAL, format="%Y-%m-%dT%H:%M"),
        }
        help_texts = {
            "territories": _(
                "Where the applicants must be based. Tick both for a call open to Guadeloupe "
                "and Martinique: the coordinators of either can then edit it."
            ),
            "countries": _(
                "Only when partners do not come from the whole Greater Caribbean: tick the "
                "eligible countries."
            ),
            "predeposit_on": _("If the funder asks for a pre-deposit (a letter of intent)."),
            "deadline": _(
                "Date and time in the local time of Guadeloupe and Martinique (UTC−4 all year), "
                "as the call states it."
            ),
            "official_url": _("The funder's page for the call, where its full text is."),
        }

    fieldsets = [
        (_("The call"), ["title", "funder", "programme", "summary", "description"]),
        TRANSLATED_SUMMARY_FIELDSET,
        (
            _("Eligibility"),
            ["territories", "applicants", "themes", "whole_caribbean", "countries"],
        ),
        (_("Funding"), ["cofinancing_min", "cofinancing_max", "grant_min", "grant_max"]),
        (_("Dates"), ["opens_on", "predeposit_on", "deadline", "official_url"]),
    ]

    def __init__(self, *args, publishing, **kwargs):
        """`publishing`: the territories the person publishes calls for
        (members.permissions.publishing_territories)."""
        super().__init__(*args, **kwargs)
        self.publishing = list(publishing)
        # Every territory may be ticked: a call for both is allowed (see clean_territories).
        self.fields["territories"].queryset = Territory.objects.all()
        self.fields["countries"].required = False
        if not self.instance.pk and not self.is_bound:
            self._tick_the_only_territory()

    def _tick_the_only_territory(self):
        # A coordinator of one territory publishes for it: ticked in advance (the other one
        # may be added).
        if len(self.publishing) == 1:
            self.initial["territories"] = self.publishing

    def clean_territories(self):
        territories = self.cleaned_data["territories"]
        allowed = {t.pk for t in self.publishing}
        if not any(t.pk in allowed for t in territories):
            raise forms.ValidationError(
                _(
                    "Tick a territory you publish calls for (%(territories)s): the other "
                    "territory may be added beside it."
                )
                % {"territories": ", ".join(str(t) for t in self.publishing)},
                code="territory_not_published_for",
            )
        return territories

    def clean(self):
        cleaned = super().clean()
        opens_on, deadline = cleaned.get("opens_on"), cleaned.get("deadline")
        predeposit_on = cleaned.get("predeposit_on")
        # The call opens at the start of its opening day, local time: a deadline on the day
        # before (or at that very minute) would close it before it opens.
        if opens_on and deadline and deadline <= datetime.combine(opens_on, time.min, local_zone()):
            self._refuse(
                "deadline",
                _("The deadline must come after the opening date: correct one or the other."),
                "deadline_before_opening",
            )
        if predeposit_on and opens_on and predeposit_on < opens_on:
            self._refuse(
                "predeposit_on",
                _("The pre-deposit date cannot come before the opening date."),
                "predeposit_before_opening",
            )
        elif predeposit_on and deadline and predeposit_on > local_date(deadline):
            self._refuse(
                "predeposit_on",
                _("The pre-deposit date cannot come after the deadline."),
                "predeposit_after_deadline",
            )
        for low, high, message in (
            (
                "cofinancing_min",
                "cofinancing_max",
                _("The maximum rate cannot be below the minimum rate."),
            ),
            ("grant_min", "grant_max", _("The maximum grant cannot be below the minimum grant.")),
        ):
            minimum, maximum = cleaned.get(low), cleaned.get(high)
            if minimum is not None and maximum is not None and minimum > maximum:
                self._refuse(high, message, "maximum_below_minimum")
        if cleaned.get("whole_caribbean"):
            # Open to the whole Greater Caribbean: a list of countries beside it would say
            # otherwise on the call's page.
            cleaned["countries"] = Country.objects.none()
        elif "whole_caribbean" in cleaned and not cleaned.get("countries"):
            self._refuse(
                "countries",
                _(
                    "Tick the eligible partner countries, or tick “partners from the whole "
                    "Greater Caribbean”."
                ),
                "no_country",
            )
        return cleaned

    def _refuse(self, name: str, message, code: str) -> None:
        """An error of the rules between fields, next to the field it names."""
        self._combined.add(name)
        self.add_error(name, forms.ValidationError(message, code=code))

    def full_clean(self):
        self._combined = set()
        super().full_clean()
        # StoredValuesMixin says of an unchanged field in error that its saved value no longer
        # passes. A rule between fields refuses the combination the person has just made (an
        # opening date moved past the deadline), and only fields whose own checks passed are
        # compared: the field's error is that rule's alone.
        for name in self._combined:
            errors = self._errors.get(name)
            if errors is not None:
                errors.data[:] = [e for e in errors.as_data() if e.code]


def local_date(moment) -> date:
    """The day of `moment` in the territories' local time."""
    return timezone.localtime(moment, local_zone()).date()


class CallDocumentForm(SafeInputMixin, forms.Form):
    """One PDF attached to a call, with the title it is listed under."""

    title = forms.CharField(label=_("Title of the document"), max_length=200)
    file = PdfField(
        label=_("PDF document"),
        help_text=_("One PDF file of at most 5 MB (rules, application form, budget template…)."),
    )
