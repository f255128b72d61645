"""The toolbox's checks of hostile input: characters no field lets through, integers and dates
within range, filters built on them, bounded formsets and request bodies."""

import importlib
import inspect
import io
from datetime import date

import django_filters
import pytest
from django import forms
from django.contrib.auth.models import Group
from django.core.exceptions import RequestDataTooBig, ValidationError
from django.http import HttpResponse
from django.test import RequestFactory
from django.utils import translation
from openpyxl import load_workbook

from toolbox.dates import validate_searched_date
from toolbox.filters import FilterSet, YearFilter
from toolbox.forms import (
    LARGEST_INTEGER,
    SafeInputMixin,
    YearField,
    guard_field,
    validate_storable,
)
from toolbox.http import RequestSizeLimitMiddleware
from toolbox.spreadsheets import xlsx_bytes

UNSTORABLE = "contient des caractères invisibles ou invalides"


@pytest.mark.parametrize(
    "text",
    ["\x00", "a\x00b", "\x01", "\x08", "\x0b", "\x0c", "\x1f", "\ud800", "x\udfffy", "\ufffe"],
)
def test_nul_control_characters_and_lone_surrogates_are_refused(text):
    with pytest.raises(ValidationError) as refused:
        validate_storable(text)
    assert refused.value.code == "unstorable_characters"


@pytest.mark.parametrize(
    "text",
    [
        "",
        "Schœlcher",
        "ligne\nsuivante\r\n\tretrait",
        "😀👩‍👩‍👧‍👦",
        "\u202eRTL\u200f",
        "%00",
        "é" * 300,
    ],
)
def test_what_people_type_passes_line_breaks_emoji_and_direction_marks_included(text):
    assert validate_storable(text) is None


def test_a_list_of_choices_is_refused_if_one_of_them_holds_such_a_character():
    with pytest.raises(ValidationError):
        validate_storable(["health", "edu\x00cation"])


class Plain(SafeInputMixin, forms.Form):
    kind = forms.ChoiceField(choices=[("a", "A"), ("b", "B")])
    count = forms.IntegerField(required=False)
    small = forms.IntegerField(required=False, max_value=10)
    day = forms.DateField(required=False)
    year = YearField(required=False)


def errors_of(**data) -> dict:
    with translation.override("fr"):
        form = Plain(data={"kind": "a", **data})
        form.is_valid()
        return {name: " ".join(messages) for name, messages in form.errors.items()}


def test_a_nul_in_a_choice_gets_one_clear_message_next_to_the_field():
    errors = errors_of(kind="a\x00")
    assert list(errors) == ["kind"]
    assert UNSTORABLE in errors["kind"]
    assert "\x00" not in errors["kind"]  # the message does not repeat what was sent


def test_an_integer_beyond_what_a_column_holds_is_refused():
    assert errors_of(count=str(LARGEST_INTEGER)) == {}
    assert "inférieure ou égale à 9223372036854775807" in errors_of(count=str(2**63))["count"]
    assert "supérieure ou égale" in errors_of(count=str(-(2**63) - 1))["count"]


def test_a_field_with_bounds_of_its_own_keeps_them_alone():
    assert errors_of(small="11")["small"].count("inférieure ou égale") == 1


def test_a_date_no_model_stores_runs_from_1900_to_2100():
    assert errors_of(day="1900-01-01") == errors_of(day="2100-12-31") == {}
    assert "entre le 01/01/1900 et le 31/12/2100" in errors_of(day="1899-12-31")["day"]
    assert "entre le 01/01/1900 et le 31/12/2100" in errors_of(day="9999-12-31")["day"]


def test_a_model_date_keeps_the_range_of_what_is_stored():
    field = forms.DateField()
    guard_field(field, stored=True)
    assert validate_searched_date not in field.validators


@pytest.mark.parametrize("year", ["-1", "0", "1899", "2101", "32768", "2147483648", "1" * 20])
def test_a_year_beyond_1900_2100_gets_one_message(year):
    assert errors_of(year=year)["year"] == "Saisissez une année entre 1900 et 2100."


@pytest.mark.parametrize("chosen", [str(2**63), str(-(2**63) - 1), "9" * 5000])
def test_rows_are_never_looked_up_by_an_id_beyond_what_a_column_holds(chosen):
    """Refused before any query (this test has no database): SQLite cannot even be asked."""

    class Choices(SafeInputMixin, forms.Form):
        one = forms.ModelChoiceField(queryset=Group.objects.all())
        several = forms.ModelMultipleChoiceField(queryset=Group.objects.all())

    form = Choices(data={"one": chosen, "several": ["1", chosen]})
    assert not form.is_valid()
    assert {name: e[0].code for name, e in form.errors.as_data().items()} == {
        "one": "invalid_choice",
        "several": "invalid_choice",
    }


def test_a_year_field_tells_the_browser_its_bounds():
    assert 'min="1900"' in str(Plain()["year"])
    assert 'max="2100"' in str(Plain()["year"])


def test_a_filter_set_s_form_checks_like_any_form():
    class Years(FilterSet):
        year = YearFilter(method="filter_year")
        name = django_filters.CharFilter()

        def filter_year(self, queryset, name, value):
            return queryset

    form = Years(data={"year": "32768", "name": "x\x0by"}, queryset=Group.objects.none()).form
    assert isinstance(form, SafeInputMixin)
    assert not form.is_valid()
    assert set(form.errors) == {"year", "name"}
    assert form.errors.as_data()["name"][0].code == "unstorable_characters"


PORTAL_MODULES = [
    "members.forms",
    "members.filters",
    "news.forms",
    "news.filters",
    "resources.forms",
    "resources.filters",
    "projects.forms",
    "projects.filters",
    "trainings.forms",
    "trainings.filters",
    "newsletter.forms",
    "rrma.census",
    "rrma.statistics",
]


def defined_in_portal(base):
    for name in PORTAL_MODULES:
        module = importlib.import_module(name)
        for _name, value in inspect.getmembers(module, inspect.isclass):
            if value.__module__ == module.__name__ and issubclass(value, base):
                yield value


def test_every_form_of_the_portal_refuses_hostile_input():
    missing = [
        cls.__qualname__
        for cls in defined_in_portal(forms.BaseForm)
        if not issubclass(cls, SafeInputMixin)
    ]
    assert not missing, f"add SafeInputMixin to {missing}"


def test_every_filter_set_of_the_portal_is_the_toolbox_s():
    filter_sets = list(defined_in_portal(django_filters.FilterSet))
    assert len(filter_sets) >= 4
    assert all(issubclass(cls, FilterSet) for cls in filter_sets)


def portal_formsets():
    for name in ("members.forms", "projects.forms", "trainings.forms"):
        module = importlib.import_module(name)
        for value in vars(module).values():
            if (
                inspect.isclass(value)
                and issubclass(value, forms.BaseFormSet)
                and hasattr(value, "form")
            ):
                yield value


def test_every_formset_builds_at_most_its_maximum_and_says_so():
    formsets = list(portal_formsets())
    assert len(formsets) == 4
    for formset in formsets:
        assert formset.absolute_max == formset.max_num, formset
        assert formset.validate_max, formset


@pytest.mark.django_db
def test_a_forged_total_forms_is_refused_at_once_with_a_message(territories):
    from projects.forms import NewPartnerFormSet

    data = {
        "partners-TOTAL_FORMS": "1000000000",
        "partners-INITIAL_FORMS": "0",
        "partners-MIN_NUM_FORMS": "0",
        "partners-MAX_NUM_FORMS": "5",
    }
    with translation.override("fr"):
        formset = NewPartnerFormSet(data, prefix="partners")
        assert not formset.is_valid()
        assert len(formset.forms) == 5
        assert "au plus 5" in " ".join(formset.non_form_errors())


def middleware(length):
    request = RequestFactory().post("/", data=b"", content_type="text/plain")
    request.META["CONTENT_LENGTH"] = str(length)
    return RequestSizeLimitMiddleware(lambda request: HttpResponse("read"))(request)


def test_a_body_beyond_the_maximum_is_refused_before_being_read(settings):
    settings.REQUEST_MAX_BYTES = 1000
    assert middleware(1000).content == b"read"
    with pytest.raises(RequestDataTooBig):
        middleware(300 * 1024 * 1024)


@pytest.mark.django_db
def test_an_oversized_upload_gets_the_bad_request_page(client, settings):
    settings.REQUEST_MAX_BYTES = 1000
    response = client.post(
        "/accounts/login/", data="x" * 2000, content_type="application/octet-stream"
    )
    assert response.status_code == 400


def test_a_logo_of_the_maximum_weight_with_its_record_fits_in_a_request(settings):
    from members.forms import OrganisationForm

    assert OrganisationForm.MAX_LOGO_BYTES + 256 * 1024 <= settings.REQUEST_MAX_BYTES
    assert OrganisationForm.MAX_LOGO_BYTES <= settings.FILE_UPLOAD_MAX_MEMORY_SIZE


def test_an_xlsx_leaves_out_control_characters_saved_before_they_were_refused():
    data = xlsx_bytes("Feuille", ["Nom"], [["Associa\x0btion\x01"], [date(2026, 1, 2)]])
    rows = list(load_workbook(io.BytesIO(data)).active.iter_rows(values_only=True))
    assert rows[1] == ("Association",)
