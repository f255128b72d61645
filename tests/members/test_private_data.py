"""Planted values: private data never reaches anonymous visitors or unrelated members.

Unique values are planted in every non-public field; then every page reachable by following
links from the home page (and the directory's filter URLs and fragments) is fetched as an
anonymous visitor and as a member with no role: none of the values may appear.
"""

import re
from urllib.parse import urljoin, urlsplit

import pytest
from django.urls import reverse
from django.utils import timezone

from members.models import ContactPerson, Invitation, JoinRequest
from tests.members.factories import OrganisationFactory, UserFactory, member_of

pytestmark = pytest.mark.django_db

HREF = re.compile(r'href="([^"#]+)"')
NEVER_FOLLOW = ("/accounts/logout/", "/static/", "/media/", "/admin/", "/i18n/")
MAX_PAGES = 400


@pytest.fixture
def planted(territories):
    """{value: where it was planted}, for an active organisation and non-public ones."""
    values = {}

    def plant(label: str) -> str:
        value = f"PLANTED{len(values):03d}X"
        values[value] = label
        return value

    active = OrganisationFactory(name="Structure publique", siret="73282932000074", rna="")
    ContactPerson.objects.create(
        organisation=active,
        name=plant("private contact name"),
        role=plant("private contact role"),
        email=f"{plant('private contact email').lower()}@example.org",
        phone="+590590" + "123456",
    )
    ContactPerson.objects.create(
        organisation=active,
        name="Personne publique",
        email="publique@example.org",
        public_consent_at=timezone.now(),
    )
    for status in ("pending", "refused", "archived"):
        OrganisationFactory(
            name=plant(f"{status} organisation name"),
            short_description=plant(f"{status} organisation description"),
            status=status,
            refusal_reason=plant("refusal reason") if status == "refused" else "",
        )
    admin = member_of(active, role="admin", email=f"{plant('admin email').lower()}@example.org")
    JoinRequest.objects.create(
        user=UserFactory(email=f"{plant('applicant email').lower()}@example.org"),
        organisation=active,
        message=plant("join request message"),
    )
    Invitation.objects.create(
        organisation=active,
        email=f"{plant('invited email').lower()}@example.org",
        invited_by=admin,
    )
    return values


def body(response) -> str:
    """The text of an answer, streamed (exports, open data) or not."""
    if response.streaming:
        return b"".join(response.streaming_content).decode()
    return response.content.decode()


def crawl(client, start=()) -> dict[str, str]:
    """Every same-site page reachable from the home page, the directory's filters and `start`."""
    start = [
        reverse("home"),
        reverse("members:directory"),
        reverse("members:directory") + "?q=planted",
        reverse("members:directory") + "?territory=guadeloupe&sort=-updated",
        # What the map reads, at a zoom where every organisation is its own marker.
        reverse("members:directory_map") + "?zoom=19",
        *start,
    ]
    seen: dict[str, str] = {}
    queue = list(start)
    while queue and len(seen) < MAX_PAGES:
        url = queue.pop(0)
        if url in seen:
            continue
        response = client.get(url)
        seen[url] = body(response)
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        fragment = client.get(url, headers={"HX-Request": "true"})
        seen[url + " (htmx)"] = body(fragment)
        for href in HREF.findall(seen[url]):
            link = urljoin(url, href.replace("&amp;", "&"))
            parts = urlsplit(link)
            if parts.netloc or link.startswith(NEVER_FOLLOW):
                continue
            queue.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    return seen


@pytest.mark.parametrize("visitor", ["anonymous", "unrelated member"])
def test_no_private_value_reaches_the_public_or_an_unrelated_member(client, planted, visitor):
    if visitor == "unrelated member":
        client.force_login(UserFactory())
    pages = crawl(client)
    assert any("Structure publique" in body for body in pages.values())
    assert any("Personne publique" in body for body in pages.values())  # opted in: public
    leaks = [
        f"{planted[value]} on {url}"
        for url, body in pages.items()
        for value in planted
        if value in body or value.lower() in body
    ]
    assert not leaks
    assert len(pages) > 10


def test_the_organisations_own_members_do_see_the_private_contacts(client, planted):
    from members.models import Organisation

    organisation = Organisation.objects.get(name="Structure publique")
    client.force_login(member_of(organisation, role="editor"))
    body = client.get(organisation.get_absolute_url()).text
    assert "private contact name" in [planted[v] for v in planted if v in body]


# The public API ------------------------------------------------------------------------------

API_LISTS = ("organisations", "projects", "trainings", "events", "calls", "news")


@pytest.fixture
def planted_in_other_apps(planted):
    """More planted values, in the records the API publishes: non-public records of each
    app and the non-public fields of public ones."""
    from tests.calls.factories import CallFactory
    from tests.news.factories import PostFactory
    from tests.projects.factories import FundingLineFactory, ProjectFactory
    from tests.trainings.factories import EventFactory, SessionFactory, TrainingFactory

    values = dict(planted)

    def plant(label: str) -> str:
        value = f"PLANTED{len(values):03d}X"
        values[value] = label
        return value

    from members.models import Organisation

    active = Organisation.objects.get(name="Structure publique")
    ProjectFactory(title=plant("unpublished project title"), lead=active, published=False)
    public = ProjectFactory(lead=active, description=plant("project description"))
    FundingLineFactory(project=public, amount_requested="97531.86")
    values["97531"] = "funding amount"
    for status in ("pending", "refused", "archived"):
        lead = Organisation.objects.get(status=status)
        ProjectFactory(title=plant(f"project of a {status} organisation"), lead=lead)
    SessionFactory(
        training=TrainingFactory(title=plant("draft training title"), status="draft"),
    )
    SessionFactory(training=EventFactory(title=plant("draft event title"), status="draft"))
    SessionFactory(online_url=f"https://visio.example/{plant('session online link')}")
    CallFactory(title=plant("draft call title"), status="draft")
    PostFactory(title=plant("draft post title"), draft=True)
    PostFactory(title=plant("scheduled post title"), scheduled=True)
    return values


@pytest.mark.parametrize("visitor", ["anonymous", "unrelated member", "coordinator"])
def test_no_private_value_reaches_any_api_answer(client, planted_in_other_apps, visitor):
    """Every list of the API (every page of it) and every record of each, for anyone: the API
    reads the public scopes only, even for those who may see more on the pages."""
    from members.models import Territory
    from tests.members.factories import coordinator

    if visitor == "unrelated member":
        client.force_login(UserFactory())
    elif visitor == "coordinator":
        client.force_login(coordinator(Territory.objects.get(slug="guadeloupe")))
    answers: dict[str, str] = {
        reverse("api-v1:openapi-json"): client.get(reverse("api-v1:openapi-json")).text
    }
    details = {
        "organisations": "organisation",
        "projects": "project",
        "trainings": "training",
        "events": "event",
        "calls": "call",
        "news": "post",
    }
    for name in API_LISTS:
        address = reverse(f"api-v1:{name}") + "?limit=1"
        while address:
            response = client.get(address)
            assert response.status_code == 200
            answers[address] = response.text
            for row in response.json()["results"]:
                detail = reverse(f"api-v1:{details[name]}", kwargs={"slug": row["slug"]})
                answers[detail] = client.get(detail).text
            address = response.json()["next"]
    assert any("Structure publique" in text for text in answers.values())
    leaks = [
        f"{planted_in_other_apps[value]} in {address}"
        for address, text in answers.items()
        for value in planted_in_other_apps
        if value in text or value.lower() in text
    ]
    assert not leaks
    # Not even through a hidden record's address.
    from projects.models import Project

    for project in Project.objects.exclude(pk__in=Project.objects.public()):
        detail = reverse("api-v1:project", kwargs={"slug": project.slug})
        assert client.get(detail).status_code == 404
