from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from toolbox.documents import PdfField
from toolbox.forms import (
    FieldsetsMixin,
    FoundChoicesMixin,
    SafeInputMixin,
    StoredValuesMixin,
    widen_for_typing,
)
from toolbox.text import normalize_text

from .enums import MembershipRole
from .models import (
    Commune,
    ContactPerson,
    Country,
    Invitation,
    Membership,
    Organisation,
    Territory,
    WorkingGroup,
)
from .search import search
from .validators import (
    normalize_phone,
    normalize_rna,
    normalize_siret,
    validate_caribbean_phone,
    validate_rna,
    validate_siret,
)

# The optional English and Spanish summaries of a record, for the Caribbean partners: one fieldset
# after the French text, each box marked with its language (spelling checkers, screen readers).
TRANSLATED_SUMMARY_FIELDS = ["summary_en", "summary_es"]
TRANSLATED_SUMMARY_WIDGETS = {
    field: forms.Textarea(attrs={"rows": 3, "maxlength": 500, "lang": field[-2:]})
    for field in TRANSLATED_SUMMARY_FIELDS
}
TRANSLATED_SUMMARY_FIELDSET = (
    _("Summaries for the Caribbean partners (optional)"),
    TRANSLATED_SUMMARY_FIELDS,
)


def clean_phone_value(value: str) -> str:
    """An optional phone number, checked and stored in E.164 (+590590123456)."""
    if not value.strip():
        return ""
    validate_caribbean_phone(value)
    return normalize_phone(value)


class CommuneGroups(forms.models.ModelChoiceIterator):
    """Communes grouped by territory (<optgroup>): both territories have a Sainte-Anne.
    Read from the database only when rendered."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        groups: dict[str, list] = {}
        communes = self.queryset.select_related("territory").order_by("territory__insee_code")
        for commune in sorted(
            communes, key=lambda c: (c.territory.insee_code, normalize_text(c.name))
        ):
            groups.setdefault(commune.territory.name, []).append(self.choice(commune))
        yield from groups.items()


class ByLabel(forms.models.ModelChoiceIterator):
    """Choices in the alphabetical order of their label in the current language (countries are
    stored by ISO code, and "Haïti" comes before "Jamaïque" but after "Guyana")."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        choices = [self.choice(row) for row in self.queryset]
        yield from sorted(choices, key=lambda choice: normalize_text(str(choice[1])))


def order_reference_choices(fields) -> None:
    """Lists of countries in alphabetical order, communes grouped by territory, in every form
    and filter that offers them."""
    for field in fields.values():
        model = getattr(getattr(field, "queryset", None), "model", None)
        if model is Country:
            field.iterator = ByLabel
        elif model is Commune:
            field.iterator = CommuneGroups
        else:
            continue
        # The widget took its choices when the field was made: give it the new ones.
        field.widget.choices = field.choices


class ReferenceChoicesMixin:
    """Forms listing countries or communes order them for people (order_reference_choices)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        order_reference_choices(self.fields)


class CommuneChoiceField(forms.ModelChoiceField):
    iterator = CommuneGroups

    def __init__(self, **kwargs):
        super().__init__(queryset=Commune.objects.select_related("territory"), **kwargs)


class OrganisationForm(
    SafeInputMixin, StoredValuesMixin, ReferenceChoicesMixin, FieldsetsMixin, forms.ModelForm
):
    """The organisation record. Its territory is its commune's."""

    commune = CommuneChoiceField(label=_("Commune"))

    class Meta:
        model = Organisation
        fields = [
            "name",
            "acronym",
            "kind",
            "siret",
            "rna",
            "year_founded",
            "logo",
            "commune",
            "address",
            "postal_code",
            "latitude",
            "longitude",
            "short_description",
            "description",
            *TRANSLATED_SUMMARY_FIELDS,
            "themes",
            "countries",
            "languages",
            "sdgs",
            "email",
            "phone",
            "website",
            "facebook",
            "linkedin",
            "instagram",
        ]
        widgets = {
            "short_description": forms.Textarea(attrs={"rows": 3, "maxlength": 280}),
            "description": forms.Textarea(attrs={"rows": 8}),
            **TRANSLATED_SUMMARY_WIDGETS,
            "themes": forms.CheckboxSelectMultiple,
            "countries": forms.CheckboxSelectMultiple,
            "languages": forms.CheckboxSelectMultiple,
            "sdgs": forms.CheckboxSelectMultiple,
        }
        help_texts = {
            "latitude": _(
                "Optional, in decimal degrees (16.24125): the commune's position is used otherwise."
            ),
            "longitude": _("West of Greenwich, so negative: −61.53254."),
            "short_description": _("At most 280 characters, shown in the directory."),
            "phone": _("e.g. 0590 12 34 56, 0696 12 34 56 or +509 …"),
        }

    fieldsets = [
        (_("Identity"), ["name", "acronym", "kind", "siret", "rna", "year_founded", "logo"]),
        (_("Place"), ["commune", "address", "postal_code", "latitude", "longitude"]),
        (
            _("Activity"),
            ["short_description", "description", "themes", "countries", "languages", "sdgs"],
        ),
        TRANSLATED_SUMMARY_FIELDSET,
        (_("Public contact"), ["email", "phone", "website", "facebook", "linkedin", "instagram"]),
    ]

    # The logo is decoded, checked and stored re-encoded (toolbox/images.py); past this
    # weight it is refused before being decoded.
    MAX_LOGO_BYTES = 2 * 1024 * 1024

    # What people type may hold spaces and dots ("732 829 320 00074"); the stored,
    # normalised value fits the model's length.
    TYPED_LENGTHS = {"siret": 20, "rna": 14, "phone": 30}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Organisations already registered with the SIRET or RNA number entered.
        self.identifier_matches: list[Organisation] = []
        for name, length in self.TYPED_LENGTHS.items():
            widen_for_typing(self.fields[name], length)
        logo = self.fields["logo"]
        logo.max_bytes = self.MAX_LOGO_BYTES
        logo.error_messages["too_big"] = _("The logo must weigh less than 2 MB.")
        # Degrees are typed as the language writes decimals (16,24125 in French; a dot works too).
        for name in ("latitude", "longitude"):
            self.fields[name].localize = True
            self.fields[name].widget = forms.TextInput(attrs={"inputmode": "decimal"})
            self.fields[name].widget.is_localized = True

    def _unused_identifier(self, field: str, value: str) -> str:
        matches = Organisation.objects.filter(**{field: value}).exclude(pk=self.instance.pk)
        if matches:
            self.identifier_matches.extend(matches)
            raise ValidationError(
                _("An organisation with this number is already registered: ask to join it."),
                code="already_registered",
            )
        return value

    def clean_siret(self):
        value = self.cleaned_data["siret"]
        if not value.strip():
            return ""
        validate_siret(value)
        return self._unused_identifier("siret", normalize_siret(value))

    def clean_rna(self):
        value = self.cleaned_data["rna"]
        if not value.strip():
            return ""
        validate_rna(value)
        return self._unused_identifier("rna", normalize_rna(value))

    def clean_phone(self):
        return clean_phone_value(self.cleaned_data["phone"])

    def clean(self):
        cleaned = super().clean()
        commune = cleaned.get("commune")
        if commune:
            # The territory follows the commune; the model's rules (position inside the
            # territory) are checked against it.
            self.instance.territory = commune.territory
            codes = commune.postal_code_list
            if not cleaned.get("postal_code") and len(codes) == 1:
                cleaned["postal_code"] = codes[0]
        if cleaned.get("kind") != Organisation.Kind.ASSOCIATION and cleaned.get("rna"):
            self.add_error("rna", _("Only associations have an RNA number."))
        return cleaned


class RegistrationForm(OrganisationForm):
    """Registering adds a first contact person and, when duplicates are suspected, a choice."""

    contact_name = forms.CharField(label=_("Your name"), max_length=150)
    contact_role = forms.CharField(
        label=_("Your role in the organisation"), max_length=150, required=False
    )
    contact_phone = forms.CharField(label=_("Your phone"), max_length=30, required=False)
    contact_public = forms.BooleanField(
        label=_("Show my name, email and phone on the public record"), required=False
    )
    confirm_not_duplicate = forms.BooleanField(
        label=_("None of these is my organisation: register it anyway"), required=False
    )

    fieldsets = [
        *OrganisationForm.fieldsets,
        (
            _("You, the first contact person"),
            ["contact_name", "contact_role", "contact_phone", "contact_public"],
        ),
    ]

    def clean_contact_phone(self):
        return clean_phone_value(self.cleaned_data["contact_phone"])


class ContactPersonForm(SafeInputMixin, StoredValuesMixin, forms.ModelForm):
    public = forms.BooleanField(
        label=_("This person agreed to show their details on the public record"), required=False
    )

    class Meta:
        model = ContactPerson
        fields = ["name", "role", "email", "phone"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["public"].initial = self.instance.is_public
        widen_for_typing(self.fields["phone"], 30)

    def clean_phone(self):
        return clean_phone_value(self.cleaned_data["phone"])

    def save(self, commit=True):
        if self.cleaned_data["public"] and not self.instance.public_consent_at:
            self.instance.public_consent_at = timezone.now()
        elif not self.cleaned_data["public"]:
            self.instance.public_consent_at = None
        return super().save(commit)


# A record has ten contact persons at most. Every formset caps what it builds at its maximum
# (absolute_max): a forged TOTAL_FORMS of a billion is refused at once, with a message, instead
# of building a thousand forms (seconds of CPU).
ContactPersonFormSet = forms.inlineformset_factory(
    Organisation,
    ContactPerson,
    form=ContactPersonForm,
    extra=1,
    can_delete=True,
    max_num=10,
    absolute_max=10,
    validate_max=True,
)


class RefusalForm(SafeInputMixin, forms.Form):
    reason = forms.CharField(
        label=_("Reason for refusal (sent to the applicant)"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
    )


class JoinRequestForm(SafeInputMixin, forms.Form):
    message = forms.CharField(
        label=_("Message to the organisation's administrators"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=1000,
        required=False,
    )


class InvitationForm(SafeInputMixin, forms.Form):
    # The stored address's length: a form EmailField accepts 320 characters, the column 254
    # (a longer one was a database error, a 500 on PostgreSQL, instead of a message).
    email = forms.EmailField(
        label=_("Email address of the person to invite"),
        max_length=Invitation._meta.get_field("email").max_length,
    )
    role = forms.ChoiceField(
        label=_("Role"), choices=MembershipRole.choices, initial=MembershipRole.EDITOR
    )


class MembershipRoleForm(SafeInputMixin, forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Membership.Role.choices)


class AccountDeletionForm(SafeInputMixin, forms.Form):
    password = forms.CharField(
        label=_("Your password, to confirm"), widget=forms.PasswordInput(render_value=False)
    )

    def __init__(self, user, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise ValidationError(_("This is not your password."), code="wrong_password")
        return password


class NetworkForm(SafeInputMixin, StoredValuesMixin, FieldsetsMixin, forms.ModelForm):
    """A network's page, as its coordinators write it: its own name and lead body, logo,
    presentation, charter and statutes (PDF, checked by content), contact and social links."""

    charter = PdfField(label=_("Charter (PDF)"), required=False)
    statutes = PdfField(label=_("Statutes (PDF)"), required=False)

    class Meta:
        model = Territory
        fields = [
            "network_name",
            "lead_body",
            "presentation",
            "logo",
            "charter",
            "statutes",
            "contact_email",
            "website",
            "facebook",
            "linkedin",
            "instagram",
            "youtube",
        ]
        widgets = {"presentation": forms.Textarea(attrs={"rows": 8})}

    fieldsets = [
        (_("Identity"), ["network_name", "lead_body", "logo", "presentation"]),
        (_("Founding documents"), ["charter", "statutes"]),
        (
            _("Contact"),
            ["contact_email", "website", "facebook", "linkedin", "instagram", "youtube"],
        ),
    ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        logo = self.fields["logo"]
        logo.max_bytes = OrganisationForm.MAX_LOGO_BYTES
        logo.error_messages["too_big"] = _("The logo must weigh less than 2 MB.")
        # The file fields keep the ClearableFileInput of the model's: a saved document can be
        # replaced or removed.
        for name in ("charter", "statutes"):
            self.fields[name].widget = forms.ClearableFileInput(attrs={"accept": ".pdf"})


class WorkingGroupForm(
    FoundChoicesMixin, SafeInputMixin, StoredValuesMixin, FieldsetsMixin, forms.ModelForm
):
    """A working group of one of the person's territories: its members are active
    organisations of either territory, found by a search in the form (the directory's) and
    ticked, without JavaScript. Members no longer active stay members (they are not offered, so
    they could not be kept otherwise)."""

    class Meta:
        model = WorkingGroup
        fields = ["territory", "name", "description", "themes", "organisations", "is_active"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 6}),
            "themes": forms.CheckboxSelectMultiple,
            "organisations": forms.CheckboxSelectMultiple,
        }
        help_texts = {
            "organisations": _("Untick an organisation to take it out of the group."),
            "is_active": _(
                "Untick when the group no longer meets: its page stays, among the closed groups."
            ),
        }

    fieldsets = [
        (_("The working group"), ["territory", "name", "description", "themes", "is_active"]),
        (_("Members"), ["organisations_find", "organisations"]),
    ]

    def __init__(self, *args, territories, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["territory"].queryset = territories
        self.fields["territory"].empty_label = None
        self.offer_found(
            "organisations",
            Organisation.objects.public().order_by("name", "pk"),
            search,
            label=_("Find organisations to add"),
            help_text=_(
                "A name, an acronym, a commune: the organisations found are offered below."
            ),
        )
        organisations = self.fields["organisations"]
        organisations.label_from_instance = lambda o: f"{o.name} ({o.territory.name})"
        organisations.queryset = organisations.queryset.select_related("territory")

    def clean_organisations(self):
        return self.kept_unoffered("organisations")
