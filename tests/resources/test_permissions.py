"""Who may do what with the library, for every role (docs/permissions.md): each predicate
agrees with its scope, and each page answers each role as the rules say — a members-only
resource does not exist for visitors (404), a resource one sees but does not manage is
refused (403)."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from resources.models import Resource
from resources.permissions import can_manage_resource, can_publish_resource
from tests.members import factories
from tests.resources.factories import ResourceFactory, members_only

pytestmark = pytest.mark.django_db

ROLES = [
    "anon",
    "member",
    "editor",
    "admin",
    "coordinator",
    "other_coordinator",
    "state",
    "site_admin",
]
LOGIN = "login"


def answers(client, people, url, *, post=False, roles=ROLES) -> dict[str, object]:
    """{role: status, or LOGIN for a redirect to the login page}."""
    found = {}
    for role in roles:
        client.logout()
        if people[role] is not None:
            client.force_login(people[role])
        response = client.post(url) if post else client.get(url)
        if response.streaming:
            b"".join(response.streaming_content)
        login = reverse("account_login")
        redirected_to_login = response.status_code == 302 and response["Location"].startswith(login)
        found[role] = LOGIN if redirected_to_login else response.status_code
    return found


def row(*statuses) -> dict[str, object]:
    return dict(zip(ROLES, statuses, strict=True))


EVERYONE = row(*[200] * 8)
MEMBERS = row(404, *[200] * 7)
EDIT = row(LOGIN, 403, 403, 403, 200, 403, 403, 200)


@pytest.mark.parametrize("audience", ["public", "members"])
def test_each_page_of_a_guadeloupe_resource_answers_each_role(client, people, audience):
    resource = ResourceFactory(audience=audience)
    slug = resource.slug
    read = EVERYONE if audience == "public" else MEMBERS

    assert answers(client, people, reverse("resources:list")) == EVERYONE
    assert answers(client, people, reverse("resources:resource", args=[slug])) == read
    assert answers(client, people, reverse("resources:download", args=[slug])) == read
    assert answers(client, people, reverse("resources:resource_edit", args=[slug])) == EDIT
    assert answers(client, people, reverse("resources:resource_create")) == row(
        LOGIN, 403, 403, 403, 200, 200, 403, 200
    )


@pytest.mark.parametrize("audience", ["public", "members"])
def test_deleting_a_guadeloupe_resource_is_for_its_coordinators_and_site_admins(
    client, people, audience
):
    expected = row(LOGIN, 403, 403, 403, 302, 403, 403, 302)
    for role in ROLES:
        resource = ResourceFactory(audience=audience)
        url = reverse("resources:resource_delete", args=[resource.slug])

        found = answers(client, people, url, post=True, roles=[role])

        assert found[role] == expected[role], role
        deleted = not Resource.objects.filter(pk=resource.pk).exists()
        assert deleted == (expected[role] == 302), role
        Resource.objects.filter(pk=resource.pk).delete()


def test_a_draft_exists_only_for_the_coordinators_who_manage_it(client, people):
    draft = ResourceFactory(status=Resource.Status.DRAFT)
    both = ResourceFactory(status=Resource.Status.DRAFT, territory=None)

    assert answers(client, people, draft.get_absolute_url()) == row(
        404, 404, 404, 404, 200, 404, 404, 200
    )
    # A draft of both networks is managed by the coordinators of either.
    assert answers(client, people, both.get_absolute_url()) == row(
        404, 404, 404, 404, 200, 200, 404, 200
    )
    assert answers(client, people, reverse("resources:resource_edit", args=[draft.slug])) == row(
        LOGIN, 404, 404, 404, 200, 404, 404, 200
    )


def test_the_delete_page_takes_posts_only(client, people):
    resource = ResourceFactory()
    client.force_login(people["coordinator"])

    response = client.get(reverse("resources:resource_delete", args=[resource.slug]))

    assert response.status_code == 405
    assert Resource.objects.filter(pk=resource.pk).exists()


def test_each_predicate_agrees_with_its_scope_for_every_role(territories, people):
    everyone = {
        **people,
        "coordinator without two-factor": factories.coordinator(
            territories["guadeloupe"], two_factor=False
        ),
        "site admin without two-factor": factories.site_admin(two_factor=False),
        "unverified": factories.UserFactory(verified=False),
    }
    resources = [
        ResourceFactory(territory=territory, audience=audience, status=status)
        for territory in (territories["guadeloupe"], territories["martinique"], None)
        for audience in Resource.Audience.values
        for status in Resource.Status.values
    ]
    for role, user in everyone.items():
        user = user or AnonymousUser()
        managed = set(Resource.objects.managed_by(user).values_list("pk", flat=True))
        visible = set(Resource.objects.visible_to(user).values_list("pk", flat=True))
        for resource in resources:
            assert can_manage_resource(user, resource) == (resource.pk in managed), role
        assert managed <= visible, role
        publishes = role in {"coordinator", "other_coordinator", "site_admin"}
        assert can_publish_resource(user) == publishes, role
    # Members-only resources are for verified members; drafts for their managers.
    anonymous = set(Resource.objects.visible_to(AnonymousUser()).values_list("pk", flat=True))
    assert anonymous == {r.pk for r in resources if r.is_public}
    member = set(Resource.objects.visible_to(people["member"]).values_list("pk", flat=True))
    assert member == {r.pk for r in resources if r.is_published}
    unverified = everyone["unverified"]
    assert set(Resource.objects.visible_to(unverified).values_list("pk", flat=True)) == anonymous


def test_a_members_only_resource_is_absent_from_the_list_for_visitors(client, people):
    members_only(title="Compte rendu de l'assemblée générale")
    ResourceFactory(title="Guide du dossier FCR")

    visitor = client.get(reverse("resources:list"))
    client.force_login(people["member"])
    member = client.get(reverse("resources:list"))

    assert "Guide du dossier FCR" in visitor.text
    assert "assemblée générale" not in visitor.text
    assert "assemblée générale" in member.text
