"""A funding line may name the call it answered; it then names that call's funder."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from calls.models import Call
from projects.forms import FundingLineForm
from tests.calls.factories import CallFactory
from tests.members.factories import OrganisationFactory, member_of
from tests.projects.factories import FundingLineFactory, ProjectFactory

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


def test_the_calls_offered_are_read_once_for_every_row_of_the_funding_plan(client, territories):
    organisation = OrganisationFactory()
    project = ProjectFactory(lead=organisation)
    named = CallFactory(title="Appel retiré", status=Call.Status.DRAFT)
    FundingLineFactory(project=project, call=named)
    for _n in range(4):
        FundingLineFactory(project=project)
    published = CallFactory(title="FCR Guadeloupe 2027")
    client.force_login(member_of(organisation, "editor"))

    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("projects:project_edit", args=[project.slug]))

    assert response.status_code == 200
    assert sum('FROM "calls_call"' in q["sql"] for q in queries.captured_queries) <= 2
    formset = response.context["funding"]
    assert len(formset.forms) == 7
    for form in formset.forms:
        offered = {value for value, _label in form.fields["call"].choices if value}
        assert published.pk in {int(str(v)) for v in offered}
    first = {int(str(v)) for v, _l in formset.forms[0].fields["call"].choices if v}
    assert named.pk in first, "the call a line named stays offered on that line"
    assert named.pk not in {int(str(v)) for v, _l in formset.forms[1].fields["call"].choices if v}
