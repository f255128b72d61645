"""Form helpers shared by the apps' forms, and what views hand their services: the
many-to-many values of a model form and the rows of a formset, as domain objects."""

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _


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
