"""Form helpers shared by the apps' forms, and what views hand their services: the
many-to-many values of a model form and the rows of a formset, as domain objects.

Every form and filter of the portal takes `SafeInputMixin` (filters through
toolbox.filters.FilterSet): whatever a client sends, a field answers with a message next to
it, never with a server error.
"""

import functools
import re

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.forms.utils import ErrorDict
from django.utils.translation import gettext_lazy as _

from .dates import (
    FIRST_SEARCHED_YEAR,
    LAST_SEARCHED_YEAR,
    validate_searched_date,
    validate_searched_year,
)

# Characters no field lets through: NUL (PostgreSQL refuses it in text, C libraries cut strings
# at it), the other C0 control characters but tab, line feed and carriage return (XML refuses
# them, so an XLSX export holding one would fail), lone surrogates (no UTF-8 for them: the
# database driver fails) and the non-characters U+FFFE and U+FFFF. People never type them; they
# come from pasted documents, broken tools or attacks.
UNSTORABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# The widest integer a database column holds (bigint): beyond, a query would overflow.
LARGEST_INTEGER = 2**63 - 1


def validate_storable(value) -> None:
    """Refuse text (or lists of texts, as multiple choices send) holding UNSTORABLE characters."""
    texts = value if isinstance(value, list | tuple) else [value]
    if any(isinstance(text, str) and UNSTORABLE.search(text) for text in texts):
        raise ValidationError(
            _(
                "This field holds invisible or invalid characters (often pasted from another "
                "document): remove them."
            ),
            code="unstorable_characters",
        )


def _beyond_integers(text) -> bool:
    try:
        return isinstance(text, str) and not -LARGEST_INTEGER - 1 <= int(text) <= LARGEST_INTEGER
    except ValueError:  # not an integer (or too long a one to read: beyond too)
        return isinstance(text, str) and text.strip().lstrip("+-").isdigit()


class _RefusesUnstorable:
    """A field that checks what it receives before anything else: its own parsing then never
    sees unstorable characters, and a choice among rows is never looked up by an id beyond
    what a column holds (SQLite cannot even be asked: "Python int too large")."""

    def clean(self, value, *args, **kwargs):
        validate_storable(value)
        if isinstance(self, forms.ModelChoiceField) and _chosen_by_integer(self):
            for chosen in value if isinstance(value, list | tuple) else [value]:
                if _beyond_integers(chosen):
                    raise ValidationError(
                        self.error_messages["invalid_choice"],
                        code="invalid_choice",
                        params={"value": chosen[:20]},
                    )
        return super().clean(value, *args, **kwargs)


def _chosen_by_integer(field: forms.ModelChoiceField) -> bool:
    if field.queryset is None:
        return False
    model = field.queryset.model
    target = model._meta.get_field(field.to_field_name) if field.to_field_name else model._meta.pk
    return isinstance(target, models.IntegerField)


@functools.cache
def _refusing_unstorable(field_class: type) -> type:
    return type(field_class.__name__, (_RefusesUnstorable, field_class), {})


class SafeInputMixin:
    """Hostile or broken input gets a message next to its field, never a server error.

    Every field of the form: refuses UNSTORABLE characters, before its own checks; as an
    integer, stays within what a database column holds (unless it has tighter bounds); as a
    date that no model field stores, stays within the years people search by (1900–2100,
    toolbox/dates.py): the dates of records keep their own range, checked by their model.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        meta = getattr(self, "_meta", None)
        model = getattr(meta, "model", None)
        stored = {f.name for f in model._meta.get_fields()} if model is not None else set()
        for name, field in self.fields.items():
            guard_field(field, stored=name in stored)


def guard_field(field: forms.Field, *, stored: bool = False) -> None:
    """Give a field the checks of SafeInputMixin (`stored`: a model field of the form's)."""
    if not isinstance(field, _RefusesUnstorable):
        field.__class__ = _refusing_unstorable(type(field))
    if isinstance(field, forms.IntegerField):
        if field.max_value is None:
            field.validators.append(MaxValueValidator(LARGEST_INTEGER))
        if field.min_value is None:
            field.validators.append(MinValueValidator(-LARGEST_INTEGER - 1))
    if isinstance(field, forms.DateField | forms.DateTimeField) and not stored:
        field.validators.append(validate_searched_date)


class YearField(forms.IntegerField):
    """A year people search by (1900–2100), refused beyond with one message saying so."""

    def __init__(self, **kwargs):
        super().__init__(min_value=FIRST_SEARCHED_YEAR, max_value=LAST_SEARCHED_YEAR, **kwargs)
        # The bounds stay for the input's min and max; one message says both.
        self.validators = [
            v for v in self.validators if not isinstance(v, MinValueValidator | MaxValueValidator)
        ] + [validate_searched_year]


def widen_for_typing(field: forms.Field, length: int) -> None:
    """Let people type spaces and dots ("0590 12 34 56"): the normalised value is shorter."""
    field.max_length = length
    field.validators = [v for v in field.validators if not isinstance(v, MaxLengthValidator)]
    field.widget.attrs["maxlength"] = str(length)


class FieldsetsMixin:
    """Forms rendered by templates/includes/form_fieldsets.html list `fieldsets` of names."""

    fieldsets: list = []

    def fieldset_list(self):
        return [(title, [self[name] for name in names]) for title, names in self.fieldsets]


class StoredValuesMixin:
    """Edit forms say which values saved earlier no longer pass today's checks.

    A record may hold a value saved before a rule existed (a phone number the validator now
    rejects). Opening the form lists such values (`stored_value_errors`, shown at the top of
    the page); saving without correcting them explains, next to each, that the saved value is
    the problem, rather than failing on a field the person never touched.
    """

    def stored_value_errors(self) -> dict[str, list[str]]:
        if self.is_bound or not self.instance.pk:
            return {}
        exclude = [f.name for f in self.instance._meta.fields if f.name not in self.fields]
        try:
            self.instance.full_clean(
                exclude=exclude, validate_unique=False, validate_constraints=False
            )
        except ValidationError as error:
            return error.message_dict
        return {}

    def full_clean(self):
        super().full_clean()
        if not self.instance.pk or not self._errors:
            return
        for name, errors in self._errors.items():
            if name in self.fields and name not in self.changed_data:
                errors.data.insert(
                    0,
                    ValidationError(
                        _("The value saved earlier no longer passes the checks: correct it.")
                    ),
                )


def relations_of(form: forms.ModelForm) -> dict[str, list]:
    """The many-to-many values a model form cleaned: {field name: the chosen objects}."""
    names = {field.name for field in form._meta.model._meta.many_to_many}
    return {name: list(form.cleaned_data[name]) for name in names if name in form.cleaned_data}


def formset_changes(formset: forms.BaseModelFormSet) -> tuple[list, list]:
    """(rows to save, rows to delete) of a model formset, unsaved: the service saves them."""
    return formset.save(commit=False), list(formset.deleted_objects)


# The button that searches a form's long lists (`FoundChoicesMixin`), and what it offers.
FIND_BUTTON = "find"
FOUND_MAX = 30


class FindInput(forms.TextInput):
    """A search box with its button, inside the form whose list it searches."""

    input_type = "search"
    template_name = "forms/widgets/find.html"


class FoundChoicesMixin:
    """Many-to-many fields with too many possible values to list (every organisation, the
    whole library): each offers the values it holds and those ticked, plus at most FOUND_MAX
    that a search typed in the form finds (`offer_found`). The search's button sends the form
    back unsaved, every value typed kept and no error shown: no JavaScript needed, and a page
    whose size does not grow with the records."""

    def offer_found(self, name: str, queryset, find, *, label, help_text="") -> None:
        """Offer `queryset`'s records held, ticked, or found by `find(queryset, text)` for the
        text of the field `<name>_find`, added to the form (list it in the fieldsets)."""
        field = self.fields[name]
        finder = forms.CharField(
            label=label, help_text=help_text, required=False, max_length=200, widget=FindInput()
        )
        guard_field(finder)
        self.fields[f"{name}_find"] = finder
        offered = set()
        if self.instance.pk:
            offered |= set(getattr(self.instance, name).values_list("pk", flat=True))
        if self.is_bound:
            ticked = field.widget.value_from_datadict(self.data, self.files, self.add_prefix(name))
            # Keys as a browser sends them: anything else is no choice (nor a database error).
            offered |= {int(v) for v in ticked or [] if str(v).isdigit() and len(str(v)) < 18}
            text = str(self.data.get(self.add_prefix(f"{name}_find"), "")).strip()[:200]
            if text:
                found = find(queryset, text).values_list("pk", flat=True)[:FOUND_MAX]
                offered |= set(found)
        field.queryset = queryset.filter(pk__in=offered)

    @property
    def searched(self) -> bool:
        """Sent by the search's button: a search, not a submission."""
        return self.is_bound and FIND_BUTTON in self.data

    def full_clean(self):
        super().full_clean()
        if self.searched:
            self._errors = ErrorDict()

    def is_valid(self):
        return not self.searched and super().is_valid()

    def kept_unoffered(self, name: str) -> list:
        """The values ticked, and those the record holds that the person was not offered (not
        theirs to see), kept."""
        chosen = list(self.cleaned_data[name])
        if not self.instance.pk:
            return chosen
        offered = self.fields[name].queryset.values("pk")
        return chosen + list(getattr(self.instance, name).exclude(pk__in=offered))


def shown_unchecked(formset) -> None:
    """A formset sent back with a form's search (`FoundChoicesMixin.searched`): shown as typed,
    without checking it nor showing errors."""
    formset._errors = [ErrorDict() for _form in formset.forms]
    formset._non_form_errors = formset.error_class()
    for form in formset.forms:
        form._errors = ErrorDict()
