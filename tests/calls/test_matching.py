"""The one matching function (calls/matching.py): who is offered which call, and why."""

from datetime import timedelta

import pytest
from django.utils import translation

from calls.enums import Audience
from calls.matching import Profile, call_match, matching_calls
from calls.models import Applicant, Call
from members.enums import OrganisationKind
from members.models import Territory
from tests.calls.factories import CallFactory
from tests.members.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def in_english():
    with translation.override("en"):
        yield


def guadeloupe_association(**kwargs) -> Profile:
    values = {
        "territory_id": Territory.objects.get(slug="guadeloupe").pk,
        "kind": OrganisationKind.ASSOCIATION,
        "themes": frozenset({"health"}),
        "countries": frozenset({"HT"}),
        **kwargs,
    }
    return Profile(**values)


def test_the_kinds_of_applicant_are_every_organisation_kind_and_every_audience():
    assert set(Applicant.objects.values_list("code", flat=True)) == set(
        OrganisationKind.values
    ) | set(Audience.values)


def test_a_call_open_to_both_territories_matches_organisations_of_either():
    call = CallFactory(territories=["guadeloupe", "martinique"])
    martinique = Territory.objects.get(slug="martinique")

    assert call_match(call, guadeloupe_association()) is not None
    assert call_match(call, guadeloupe_association(territory_id=martinique.pk)) is not None


def test_a_call_of_the_other_territory_never_matches():
    call = CallFactory(territories=["martinique"])

    assert call_match(call, guadeloupe_association()) is None


def test_a_call_with_any_theme_any_applicant_and_the_whole_caribbean_says_who_it_is_open_to():
    call = CallFactory()

    match = call_match(call, guadeloupe_association(themes=frozenset(), countries=frozenset()))

    assert match is not None
    assert match.reasons == ("open to every applicant of Guadeloupe",)


def test_shared_themes_and_partner_countries_are_the_reasons_of_a_match():
    call = CallFactory(
        themes=["health", "education-training"], countries=["HT", "DM"], whole_caribbean=False
    )

    match = call_match(call, guadeloupe_association())

    assert match is not None
    assert match.reasons == ("your themes: Health", "your partner countries: Haiti")


def test_no_shared_theme_means_no_match():
    call = CallFactory(themes=["education-training"])

    assert call_match(call, guadeloupe_association()) is None


def test_named_countries_need_one_the_organisation_works_with():
    call = CallFactory(countries=["DM"], whole_caribbean=False)

    assert call_match(call, guadeloupe_association()) is None
    assert call_match(call, guadeloupe_association(countries=frozenset({"DM", "HT"}))) is not None


def test_the_greater_caribbean_sets_no_condition_on_partner_countries():
    call = CallFactory(countries=["DM"], whole_caribbean=True)

    assert call_match(call, guadeloupe_association(countries=frozenset())) is not None


def test_an_applicant_kind_must_be_the_organisations():
    call = CallFactory(applicants=[OrganisationKind.LOCAL_AUTHORITY])

    assert call_match(call, guadeloupe_association()) is None
    match = call_match(call, guadeloupe_association(kind=OrganisationKind.LOCAL_AUTHORITY))
    assert match.reasons == ("your kind: Local authority",)


def test_a_call_for_lycees_and_bts_sections_is_offered_to_schools_with_the_reason():
    call = CallFactory(applicants=[Audience.LYCEE, Audience.BTS])

    match = call_match(call, guadeloupe_association(kind=OrganisationKind.SCHOOL))

    assert match.reasons == ("for Lycées, BTS sections (your kind: School)",)
    assert call_match(call, guadeloupe_association()) is None


def test_matching_calls_lists_the_open_published_calls_soonest_deadline_first(
    django_assert_max_num_queries,
):
    organisation = OrganisationFactory()
    later = CallFactory()
    sooner = CallFactory(deadline=later.deadline - timedelta(days=10))
    CallFactory(status=Call.Status.DRAFT)
    CallFactory(territories=["martinique"])
    organisation = (
        type(organisation).objects.prefetch_related("themes", "countries").get(pk=organisation.pk)
    )

    with django_assert_max_num_queries(6):
        matches = matching_calls(organisation)

    assert [m.call for m in matches] == [sooner, later]
