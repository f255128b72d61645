"""How forms render, and what the error summary at the top of a page lists.

The pattern follows the French and British State design systems: after a failed submission the
page title starts with "Error: ", a summary at the top of the page (role="alert", focused)
lists every error with a link to its field, and each field shows its own message, tied to it
by aria-describedby, and is visibly marked.
"""

from dataclasses import dataclass

import django_filters
from django.forms import BaseForm, BaseFormSet
from django.forms.renderers import TemplatesSetting
from django.utils.functional import LazyObject
from django.utils.text import capfirst
from django.utils.translation import gettext as _


class PortalFormRenderer(TemplatesSetting):
    """Django's templates, with the portal's form layout and field group (templates/forms/)."""

    form_template_name = "forms/div.html"
    field_template_name = "forms/field.html"


@dataclass(frozen=True)
class SummaryError:
    target: str  # id of the element the link leads to ("" when there is none)
    label: str  # which field, as people read it ("" for errors of the whole form)
    message: str


def _target(bound_field) -> str:
    """Choice lists are fieldsets with the field's id; other fields are focused directly."""
    if bound_field.field.widget.use_fieldset:
        return bound_field.auto_id or ""
    return bound_field.id_for_label or bound_field.auto_id or ""


def _first_field_id(form) -> str:
    visible = form.visible_fields()
    return _target(visible[0]) if visible else ""


def form_errors(form: BaseForm, prefix: str = "") -> list[SummaryError]:
    """The form's errors in the order of its fields, form-wide ones first."""
    errors = [
        SummaryError(_first_field_id(form), prefix, str(message))
        for message in form.non_field_errors()
    ]
    for bound_field in form.hidden_fields():
        errors += [
            SummaryError(_first_field_id(form), prefix, str(message))
            for message in bound_field.errors
        ]
    for bound_field in form.visible_fields():
        label = capfirst(str(bound_field.label))
        errors += [
            SummaryError(
                _target(bound_field), f"{prefix} — {label}" if prefix else label, str(message)
            )
            for message in bound_field.errors
        ]
    return errors


def _row_label(formset: BaseFormSet) -> str:
    label = getattr(formset, "row_label", None)
    if label is None and getattr(formset, "model", None) is not None:
        label = formset.model._meta.verbose_name
    return capfirst(str(label or _("row")))


def formset_errors(formset: BaseFormSet) -> list[SummaryError]:
    label = _row_label(formset)
    first = _first_field_id(formset.forms[0]) if formset.forms else ""
    errors = [SummaryError(first, label, str(message)) for message in formset.non_form_errors()]
    for index, form in enumerate(formset.forms, start=1):
        errors += form_errors(form, prefix=f"{label} {index}")
    return errors


def _concrete(context_values):
    """The context values that are no lazy objects: looking into `csrf_token`, the CSP nonce
    or `request.user` would create them (a CSRF cookie on every page, a session read)."""
    # isinstance() answers from the lazy object's own type: nothing is evaluated.
    return (value for value in context_values if not isinstance(value, LazyObject))


def _forms_of(value):
    """The bound forms and formsets a context value holds (a filter set holds its form)."""
    if isinstance(value, BaseForm | BaseFormSet):
        return [value] if value.is_bound else []
    if isinstance(value, django_filters.FilterSet) and value.is_bound:
        return [value.form]
    return []


def _stored_problems(form, prefix: str = "") -> list[SummaryError]:
    problems = []
    for name, messages in form.stored_value_errors().items():
        bound_field = form[name] if name in form.fields else None
        label = capfirst(str(bound_field.label)) if bound_field else ""
        label = f"{prefix} — {label}" if prefix and label else (label or prefix)
        target = _target(bound_field) if bound_field else _first_field_id(form)
        problems += [SummaryError(target, label, str(message)) for message in messages]
    return problems


def page_stored_problems(context_values) -> list[SummaryError]:
    """Values saved earlier that no longer pass today's checks, in the edit forms a page shows
    (forms with `stored_value_errors`, see members.forms.StoredValuesMixin)."""
    seen, problems = set(), []
    for value in _concrete(context_values):
        if id(value) in seen:
            continue
        seen.add(id(value))
        if isinstance(value, BaseForm) and hasattr(value, "stored_value_errors"):
            problems += _stored_problems(value)
        elif isinstance(value, BaseFormSet) and not value.is_bound:
            label = _row_label(value)
            for index, form in enumerate(value.forms, start=1):
                if hasattr(form, "stored_value_errors"):
                    problems += _stored_problems(form, prefix=f"{label} {index}")
    return problems


def page_errors(context_values) -> list[SummaryError]:
    """Every error of the bound forms and formsets a page was given, each form once."""
    seen, errors = set(), []
    for value in _concrete(context_values):
        for form in _forms_of(value):
            if id(form) in seen:
                continue
            seen.add(id(form))
            if isinstance(form, BaseFormSet):
                if form.total_error_count():
                    errors += formset_errors(form)
            elif form.errors:
                errors += form_errors(form)
    return errors
