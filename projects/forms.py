from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from calls.models import Call
from members.forms import (
    TRANSLATED_SUMMARY_FIELDS,
    TRANSLATED_SUMMARY_FIELDSET,
    TRANSLATED_SUMMARY_WIDGETS,
    ReferenceChoicesMixin,
)
from members.models import Country, Organisation
from toolbox.forms import FieldsetsMixin, SafeInputMixin
from toolbox.text import normalize_text

from .enums import FUNDER_OF_CALL
from .models import CaribbeanPartner, FundingLine, Project


def euros(amount: Decimal) -> str:
    """An amount as people read it in the current language: 48 000,00 € in French."""
    return f"{number_format(amount, 2, use_l10n=True, force_grouping=True)}\u00a0€"


class ProjectForm(SafeInputMixin, ReferenceChoicesMixin, FieldsetsMixin, forms.ModelForm):
    class Meta:
        model = Project
        fields = [
            "lead",
            "title",
            "summary",
            "description",
            *TRANSLATED_SUMMARY_FIELDS,
            "status",
            "start_date",
            "end_date",
            "themes",
            "sdgs",
            "countries",
            "caribbean_partners",
            "local_partners",
            "beneficiaries",
            "beneficiaries_count",
            "results",
            "total_budget",
            "amounts_public",
        ]
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 3, "maxlength": 500}),
            "description": forms.Textarea(attrs={"rows": 6}),
            **TRANSLATED_SUMMARY_WIDGETS,
            "beneficiaries": forms.Textarea(attrs={"rows": 3}),
            "results": forms.Textarea(attrs={"rows": 3}),
            "start_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "end_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "themes": forms.CheckboxSelectMultiple,
            "sdgs": forms.CheckboxSelectMultiple,
            "countries": forms.CheckboxSelectMultiple,
            "caribbean_partners": forms.SelectMultiple(attrs={"size": 8}),
            "local_partners": forms.SelectMultiple(attrs={"size": 8}),
        }
        help_texts = {
            "countries": _("The countries of the Caribbean partners are added automatically."),
            "caribbean_partners": _(
                "Hold Ctrl (or Cmd) to choose several. A partner missing from the list can be "
                "added below."
            ),
        }

    fieldsets = [
        (
            _("The project"),
            ["lead", "title", "summary", "description", "status", "start_date", "end_date"],
        ),
        TRANSLATED_SUMMARY_FIELDSET,
        (_("Themes and goals"), ["themes", "sdgs"]),
        (_("Partners"), ["countries", "caribbean_partners", "local_partners"]),
        (_("Beneficiaries and results"), ["beneficiaries", "beneficiaries_count", "results"]),
        (_("Budget"), ["total_budget", "amounts_public"]),
    ]

    def __init__(self, *args, leads, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lead"].queryset = leads
        self.fields["lead"].empty_label = None
        self.fields["local_partners"].queryset = Organisation.objects.public().exclude(
            pk=self.instance.lead_id
        )
        self.fields["caribbean_partners"].queryset = CaribbeanPartner.objects.select_related(
            "country"
        )
        self.fields["countries"].required = False

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_date"), cleaned.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("The project cannot end before it starts."))
        lead = cleaned.get("lead")
        if lead and lead in (cleaned.get("local_partners") or []):
            self.add_error("local_partners", _("The lead organisation is not its own partner."))
        return cleaned


def call_label(call: Call) -> str:
    return f"{call.title} ({call.local_deadline:%Y})"


class FundingLineForm(SafeInputMixin, forms.ModelForm):
    class Meta:
        model = FundingLine
        fields = ["funder", "call", "amount_requested", "amount_granted", "decision_date"]
        widgets = {"decision_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}
        help_texts = {"call": _("Optional: the funding call relayed on the portal you answered.")}

    def __init__(self, *args, offered_calls: list | None = None, **kwargs):
        """`offered_calls`: the published calls as (pk, label) choices, read once by the
        formset for all its rows (each row reading them would be a query per row)."""
        super().__init__(*args, **kwargs)
        # Published calls, latest first; the one already named stays offered if unpublished.
        calls = Call.objects.public()
        if self.instance.call_id:
            calls = calls | Call.objects.filter(pk=self.instance.call_id)
        field = self.fields["call"]
        field.queryset = calls.order_by("-deadline", "pk")
        field.label_from_instance = call_label
        if offered_calls is not None:
            choices = [("", field.empty_label), *offered_calls]
            if self.instance.call_id and self.instance.call_id not in {pk for pk, _ in choices}:
                choices.append((self.instance.call_id, call_label(self.instance.call)))
            field.choices = choices

    def clean(self):
        """Business rules: nothing is granted beyond what was requested; a grant is dated by
        its decision, except contributions (own funds, the partner's), which no one decides; a
        line naming a call names that call's funder."""
        cleaned = super().clean()
        call, funder = cleaned.get("call"), cleaned.get("funder")
        if call is not None and funder and FUNDER_OF_CALL.get(call.funder) not in (None, funder):
            self.add_error(
                "call",
                _("This call is funded by %(funder)s: choose that funder, or another call.")
                % {"funder": call.get_funder_display()},
            )
        requested, granted = cleaned.get("amount_requested"), cleaned.get("amount_granted")
        if requested is not None and granted is not None and granted > requested:
            self.add_error(
                "amount_granted",
                _("The amount granted (%(granted)s) is above the amount requested (%(requested)s).")
                % {"granted": euros(granted), "requested": euros(requested)},
            )
        decided_by_funder = cleaned.get("funder") not in FundingLine.Funder.contributions()
        if granted is not None and decided_by_funder and not cleaned.get("decision_date"):
            self.add_error("decision_date", _("Give the date of the decision that granted it."))
        return cleaned


class BaseFundingLineFormSet(forms.BaseInlineFormSet):
    """The funding plan. Set `total_budget` (the project form's, once cleaned) before
    validating: the amounts granted cannot add up to more than the project costs."""

    total_budget: Decimal | None = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.offered_calls = [
            (call.pk, call_label(call))
            for call in Call.objects.public()
            .order_by("-deadline", "pk")
            .only("pk", "title", "deadline")
        ]

    def get_form_kwargs(self, index):
        return {**super().get_form_kwargs(index), "offered_calls": self.offered_calls}

    def clean(self):
        super().clean()
        lines = [
            form.cleaned_data
            for form in self.forms
            # Rows left empty have no cleaned data; rows marked for deletion do not count.
            if getattr(form, "cleaned_data", None) and not form.cleaned_data.get("DELETE")
        ]
        granted = sum((line.get("amount_granted") or Decimal(0) for line in lines), Decimal(0))
        if self.total_budget is not None and granted > self.total_budget:
            raise ValidationError(
                _(
                    "The amounts granted add up to %(granted)s, more than the total budget of "
                    "%(budget)s: correct the amounts or the budget."
                )
                % {"granted": euros(granted), "budget": euros(self.total_budget)},
                code="granted_above_budget",
            )


FundingLineFormSet = forms.inlineformset_factory(
    Project,
    FundingLine,
    form=FundingLineForm,
    formset=BaseFundingLineFormSet,
    extra=2,
    can_delete=True,
    max_num=20,
    # Built at most: a forged TOTAL_FORMS is refused with a message (see members/forms.py).
    absolute_max=20,
    validate_max=True,
)


class NewPartnerForm(SafeInputMixin, ReferenceChoicesMixin, forms.Form):
    """A Caribbean partner not yet in the list, created (or found) when the project is saved.

    Every choice starts blank, so that a row left untouched is not sent as a half-filled
    partner (a select without a blank choice posts its first option)."""

    name = forms.CharField(label=_("Name of the new Caribbean partner"), max_length=200)
    country = forms.ModelChoiceField(label=_("Country"), queryset=Country.objects.all())
    kind = forms.ChoiceField(
        label=_("Kind"), choices=[("", "---------"), *CaribbeanPartner.Kind.choices]
    )


class BaseNewPartnerFormSet(forms.BaseFormSet):
    row_label = _("New Caribbean partner")


NewPartnerFormSet = forms.formset_factory(
    NewPartnerForm,
    formset=BaseNewPartnerFormSet,
    extra=1,
    max_num=5,
    absolute_max=5,
    validate_max=True,
)


class PartnerForm(SafeInputMixin, ReferenceChoicesMixin, forms.ModelForm):
    class Meta:
        model = CaribbeanPartner
        fields = ["name", "country", "kind", "languages", "website"]
        widgets = {"languages": forms.CheckboxSelectMultiple}

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        twin = CaribbeanPartner.objects.filter(
            normalized_name=normalize_text(" ".join(cleaned["name"].split())),
            country=cleaned["country"],
        ).exclude(pk=self.instance.pk)
        if twin.exists():
            raise ValidationError(_("This partner already exists in this country."))
        return cleaned
