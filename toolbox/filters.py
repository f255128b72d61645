"""The base of every list's filters (django-filter): each parameter is checked as a form field
of the portal is (toolbox.forms.SafeInputMixin).

Business rule: a parameter that cannot be a filter (a NUL character, year 32768, a date in year
1, a made-up choice) is said next to its field; the HTML page answers 200, so that htmx, which
swaps only successful answers, shows the message. Files made from a filtered list (exports)
are refused with 400 instead, rather than filtered otherwise than asked.
"""

import django_filters

from .forms import SafeInputMixin, YearField


class FilterSet(django_filters.FilterSet):
    """A django-filter FilterSet whose form refuses hostile input (SafeInputMixin)."""

    def get_form_class(self):
        form_class = super().get_form_class()
        if issubclass(form_class, SafeInputMixin):
            return form_class
        return type(form_class.__name__, (SafeInputMixin, form_class), {})


class YearFilter(django_filters.NumberFilter):
    """A year people search by, 1900–2100 (toolbox.dates)."""

    field_class = YearField
