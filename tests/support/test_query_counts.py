"""What the pages of advisory support cost does not grow with the thread, the requests or the
projects offered."""

import pytest
from django.urls import reverse

from members.models import Membership
from support import services
from support.models import SupportRequest
from tests.members.factories import OrganisationFactory
from tests.projects.factories import ProjectFactory

from .factories import MessageFactory, SupportRequestFactory

BASE = "https://portail.example"


def _grow_thread(request: SupportRequest, coordinator, total: int) -> None:
    """Messages, internal notes and steps until the thread holds `total` messages."""
    while request.messages.count() < total:
        n = request.messages.count()
        MessageFactory(
            request=request, author=coordinator, body=f"Réponse {n}", from_coordinators=True
        )
        MessageFactory(
            request=request,
            author=coordinator,
            body=f"Note {n}",
            internal=True,
            from_coordinators=True,
        )
        services.request_assign(
            request=request, assignee=coordinator, by=coordinator, base_url=BASE
        )


@pytest.mark.parametrize("role", ["coordinator", "organisation"])
def test_a_requests_page_costs_the_same_for_a_short_and_a_long_thread(
    client, organisation, asker, coordinator_gp, django_assert_max_num_queries, role
):
    request = SupportRequestFactory(organisation=organisation, requested_by=asker)
    client.force_login(coordinator_gp if role == "coordinator" else asker)
    counts = []
    for total in (4, 40):
        _grow_thread(request, coordinator_gp, total)
        with django_assert_max_num_queries(20) as captured:
            response = client.get(reverse("support:request", args=[request.pk]))
        assert response.status_code == 200
        text = response.content.decode()
        assert f"Réponse {total - 2}" in text
        assert (f"Note {total - 2}" in text) is (role == "coordinator")
        counts.append(len(captured))
    assert counts[0] == counts[1]


def test_an_organisations_list_costs_the_same_whatever_the_number_of_its_requests(
    client, organisation, asker, django_assert_max_num_queries
):
    client.force_login(asker)
    counts = []
    for total in (3, 30):
        SupportRequestFactory.create_batch(
            total - SupportRequest.objects.count(), organisation=organisation
        )
        with django_assert_max_num_queries(14) as captured:
            response = client.get(reverse("support:requests"))
        assert response.status_code == 200
        assert response.context["page"].paginator.count == total
        assert "Dossier de financement\u00a0: FCR" in response.content.decode()
        counts.append(len(captured))
    assert counts[0] == counts[1]


def test_the_request_form_names_each_projects_organisation_in_the_same_queries_for_many(
    client, organisation, asker, guadeloupe, django_assert_max_num_queries
):
    other = OrganisationFactory(name="Lycée Caraïbe", territory=guadeloupe)
    Membership.objects.create(user=asker, organisation=other, role="editor")
    client.force_login(asker)
    counts = []
    for total in (2, 20):
        while organisation.led_projects.count() < total // 2:
            n = organisation.led_projects.count()
            ProjectFactory(lead=organisation, title=f"Projet K{n:02}")
            ProjectFactory(lead=other, title=f"Projet L{n:02}")
        with django_assert_max_num_queries(14) as captured:
            response = client.get(reverse("support:request_create"))
        assert response.status_code == 200
        text = response.content.decode()
        assert "Projet K00 (Karib Horizon)" in text
        assert "Projet L00 (Lycée Caraïbe)" in text
        counts.append(len(captured))
    assert counts[0] == counts[1]
