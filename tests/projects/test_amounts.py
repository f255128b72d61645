"""Amounts of funding plans reach only those allowed (planted values, crawled pages)."""

from decimal import Decimal

import pytest
from django.urls import reverse

from projects.models import FundingLine
from tests.members.factories import UserFactory, coordinator, member_of, state_services
from tests.members.test_private_data import crawl
from tests.projects.factories import FundingLineFactory, ProjectFactory

pytestmark = pytest.mark.django_db

# Amounts no other figure of the pages can produce, in every way they may be printed.
REQUESTED, GRANTED, BUDGET = Decimal("73519.27"), Decimal("64821.39"), Decimal("918273.45")


def renderings(amount: Decimal) -> list[str]:
    whole, cents = f"{amount:.2f}".split(".")
    grouped = f"{int(whole):,}"
    return [
        f"{whole}.{cents}",
        f"{whole},{cents}",
        grouped.replace(",", "\u00a0") + f",{cents}",
        grouped.replace(",", "\u202f") + f",{cents}",
        grouped.replace(",", " ") + f",{cents}",
        grouped + f".{cents}",
    ]


PLANTED = [text for amount in (REQUESTED, GRANTED, BUDGET) for text in renderings(amount)]


@pytest.fixture
def project(territories):
    project = ProjectFactory(
        slug="coop", title="Coopération planted", total_budget=BUDGET, countries=["HT"]
    )
    FundingLineFactory(
        project=project,
        funder=FundingLine.Funder.AFD,
        amount_requested=REQUESTED,
        amount_granted=GRANTED,
        decision_date="2025-02-01",
    )
    return project


def leaks(pages: dict[str, str]) -> list[str]:
    return [f"{text!r} on {url}" for url, body in pages.items() for text in PLANTED if text in body]


@pytest.mark.parametrize("visitor", ["anonymous", "unrelated member"])
def test_amounts_never_reach_the_public_nor_an_unrelated_member(client, project, visitor):
    if visitor == "unrelated member":
        client.force_login(UserFactory())
    pages = crawl(client, start=[reverse("projects:catalogue"), reverse("projects:by_country")])
    assert project.get_absolute_url() in pages
    assert "AFD" in pages[project.get_absolute_url()]  # the funder is named
    assert leaks(pages) == []


@pytest.mark.parametrize("who", ["state", "coordinator", "editor"])
def test_amounts_reach_state_services_the_coordinators_and_the_organisation(client, project, who):
    user = {
        "state": state_services,
        "coordinator": lambda: coordinator(project.lead.territory),
        "editor": lambda: member_of(project.lead),
    }[who]()
    client.force_login(user)
    response = client.get(project.get_absolute_url())
    assert response.context["amounts"]
    assert leaks({"page": response.text})
    summary = response.context["summary"]
    assert summary["granted"] == GRANTED
    assert summary["rate"] == Decimal("7.1")  # 64 821.39 of 918 273.45


def test_the_other_territorys_coordinator_does_not_see_amounts(client, project, martinique):
    client.force_login(coordinator(martinique))
    assert not leaks({"page": client.get(project.get_absolute_url()).text})


def test_an_organisation_may_choose_to_publish_its_amounts(client, project):
    project.amounts_public = True
    project.save()
    assert leaks({"page": client.get(project.get_absolute_url()).text})
