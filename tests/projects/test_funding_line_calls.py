"""A funding line may name the call it answered; it then names that call's funder."""

import pytest

from calls.models import Call
from projects.forms import FundingLineForm
from tests.calls.factories import CallFactory

pytestmark = pytest.mark.django_db


def line(**data):
    return FundingLineForm(data={"amount_requested": "30000", **data})


def test_a_line_naming_a_call_of_its_funder_is_accepted():
    call = CallFactory(funder=Call.Funder.FCR_GUADELOUPE)

    form = line(funder="fcr-guadeloupe", call=call.pk)

    assert form.is_valid(), form.errors
    assert form.cleaned_data["call"] == call


def test_a_line_naming_a_call_of_another_funder_is_refused_next_to_the_call():
    call = CallFactory(funder=Call.Funder.INTERREG)

    form = line(funder="afd", call=call.pk)

    assert not form.is_valid()
    assert form.errors["call"] == [
        "Cet appel est financé par Interreg Caraïbes\u00a0: "
        "choisissez ce financeur, ou un autre appel."
    ]


def test_the_collectivite_territoriale_and_the_region_are_one_funder_of_projects():
    call = CallFactory(funder=Call.Funder.CTM)

    assert line(funder="region", call=call.pk).is_valid()


def test_draft_calls_are_not_offered_but_a_named_call_stays_offered():
    published = CallFactory()
    draft = CallFactory(status=Call.Status.DRAFT)

    offered = set(line().fields["call"].queryset)

    assert published in offered
    assert draft not in offered
    assert not line(funder="fcr-guadeloupe", call=draft.pk).is_valid()
