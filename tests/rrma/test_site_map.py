"""The site map: the public sections for everyone, and for a logged-in person the pages their
role opens, and only those."""

import lxml.html
import pytest
from django.urls import reverse

from tests.rrma import test_permission_matrix as matrix

URL = reverse("site_map")


def links(response) -> dict[str, str]:
    """The site map's links, by address: text."""
    page = lxml.html.fromstring(response.content)
    return {
        a.get("href"): " ".join(a.text_content().split())
        for a in page.xpath('//main//section[contains(@class, "card")]//a')
    }


def test_a_visitor_sees_the_public_sections_and_no_private_page(client, territories):
    response = client.get(URL)
    assert response.status_code == 200
    found = links(response)
    for name in ("members:directory", "projects:catalogue", "trainings:events", "calls:calendar"):
        assert reverse(name) in found
    assert reverse("network", args=["martinique"]) in found
    assert reverse("accessibility") in found
    assert reverse("dashboard") not in found
    assert reverse("census") not in found
    assert f"{reverse('account_login')}?next={URL}" in response.text


def test_every_page_links_the_site_map_from_its_footer(client, territories):
    page = lxml.html.fromstring(client.get(reverse("home")).content)
    assert page.xpath(f'//footer//a[@href="{URL}"]')


@pytest.mark.parametrize("role", [r for r in matrix.ROLES if r != "anon"])
def test_each_role_is_offered_exactly_pages_it_may_open(
    client, objects, role, django_assert_max_num_queries
):
    """Every link the site map offers a role opens for it (200, not a refusal nor a login), and
    the pages of the matrix that need an account and open for it are all there."""
    client.force_login(objects["users"][role])
    with django_assert_max_num_queries(25):
        response = client.get(URL)
    assert response.status_code == 200
    found = links(response)
    refused = {}
    for url in found:
        status = client.get(url).status_code
        if status != 200:
            refused[url] = status
    assert not refused, f"{role} is offered pages it may not open: {refused}"
    expected = {
        reverse(name)
        for name in (
            "census",
            "statistics",
            "members:organisation_register",
            "projects:project_create",
            "trainings:training_create",
            "calls:call_create",
            "news:post_create",
            "resources:resource_create",
            "newsletter:issues",
            "imports:list",
            "support:requests",
            "missions:list",
            "missions:obstacles",
        )
        if getattr(matrix.MATRIX[name], role) == 200
    }
    assert expected - found.keys() == set(), f"{role} is not offered pages it may open"


def test_a_coordinator_is_offered_the_queue_of_their_territory_only(client, objects):
    client.force_login(objects["users"]["coordinator"])
    found = links(client.get(URL))
    assert reverse("members:moderation_queue", args=["guadeloupe"]) in found
    assert reverse("members:moderation_queue", args=["martinique"]) not in found
    assert reverse("activity_report", args=["guadeloupe"]) in found
    assert reverse("activity_report", args=["martinique"]) not in found


objects = matrix.objects
