from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from members.forms import FieldsetsMixin
from members.models import Country, Organisation
from members.text import normalize_text

from .models import CaribbeanPartner, FundingLine, Project


class ProjectForm(FieldsetsMixin, forms.ModelForm):
    class Meta:
        model = Project
        fields = [
            "lead",
            "title",
            "summary",
            "description",
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


class FundingLineForm(forms.ModelForm):
    class Meta:
        model = FundingLine
        fields = ["funder", "amount_requested", "amount_granted", "decision_date"]
        widgets = {"decision_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("amount_granted") is not None and not cleaned.get("decision_date"):
            self.add_error("decision_date", _("Give the date of the decision that granted it."))
        return cleaned


FundingLineFormSet = forms.inlineformset_factory(
    Project, FundingLine, form=FundingLineForm, extra=2, can_delete=True, max_num=20
)


class NewPartnerForm(forms.Form):
    """A Caribbean partner not yet in the list, created (or found) when the project is saved."""

    name = forms.CharField(label=_("Name of the new Caribbean partner"), max_length=200)
    country = forms.ModelChoiceField(label=_("Country"), queryset=Country.objects.all())
    kind = forms.ChoiceField(label=_("Kind"), choices=CaribbeanPartner.Kind.choices)


NewPartnerFormSet = forms.formset_factory(NewPartnerForm, extra=1, max_num=5)


class PartnerForm(forms.ModelForm):
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
