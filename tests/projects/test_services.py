from decimal import Decimal

import pytest
from django.db import IntegrityError

from members.models import Country
from projects.models import CaribbeanPartner, FundingLine
from projects.services import partner_get_or_create
from tests.projects.factories import FundingLineFactory, ProjectFactory

pytestmark = pytest.mark.django_db


def test_the_co_financing_rate_counts_other_funders_with_decimal_arithmetic(territories):
    project = ProjectFactory(total_budget=Decimal("30000.00"))
    FundingLineFactory(
        project=project,
        funder=FundingLine.Funder.FCR_GUADELOUPE,
        amount_requested=Decimal("10000.10"),
        amount_granted=Decimal("10000.10"),
    )
    FundingLineFactory(
        project=project, funder=FundingLine.Funder.INTERREG, amount_requested=Decimal("10000.20")
    )
    FundingLineFactory(
        project=project, funder=FundingLine.Funder.OWN, amount_requested=Decimal("9999.70")
    )
    summary = project.funding_summary()
    assert summary["external"] == Decimal("20000.30")
    assert summary["requested"] == Decimal("30000.00")
    assert summary["granted"] == Decimal("10000.10")
    assert summary["rate"] == Decimal("66.7")
    assert isinstance(summary["rate"], Decimal)


def test_without_a_budget_there_is_no_rate(territories):
    project = ProjectFactory(total_budget=None)
    FundingLineFactory(project=project)
    assert project.funding_summary()["rate"] is None


def test_a_caribbean_partner_is_never_created_twice_for_the_same_name_and_country(territories):
    dominica = Country.objects.get(code="DM")
    first = partner_get_or_create(
        name="Dominica State College", country=dominica, kind="university"
    )
    again = partner_get_or_create(name="  dominica  state COLLEGE ", country=dominica, kind="ngo")
    assert again == first
    haiti = Country.objects.get(code="HT")
    other = partner_get_or_create(name="Dominica State College", country=haiti, kind="university")
    assert other != first
    with pytest.raises(IntegrityError):
        CaribbeanPartner.objects.create(name="DOMINICA STATE COLLEGE", country=dominica)


def test_a_project_cannot_end_before_it_starts(territories):
    with pytest.raises(IntegrityError):
        ProjectFactory(start_date="2024-05-01", end_date="2024-04-30")


def test_a_project_never_takes_a_reserved_slug(territories):
    assert ProjectFactory(title="New").slug == "new-2"
