"""Who may do what with news (docs/permissions.md): each view for every role, on a public
post, a draft and a scheduled post of Guadeloupe and a public post of both networks; 404 out of
reach, 403 within reach but not allowed, login for visitors. And the predicates agree with
their scopes for every role."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from members.permissions import publishing_territories
from news import permissions
from news.models import Post
from tests.members import factories
from tests.members.factories import OrganisationFactory, member_of
from tests.news.factories import PostFactory
from tests.pages import changed, form_data

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


@pytest.fixture
def people(territories):
    organisation = OrganisationFactory(slug="acme")
    return {
        "anon": None,
        "member": factories.UserFactory(),
        "editor": member_of(organisation, "editor"),
        "admin": member_of(organisation, "admin"),
        "coordinator": factories.coordinator(territories["guadeloupe"]),
        "other_coordinator": factories.coordinator(territories["martinique"]),
        "state": factories.state_services(),
        "site_admin": factories.site_admin(),
    }


@pytest.fixture
def posts(territories):
    return {
        "public": PostFactory(title="Publie", slug="publie"),
        "draft": PostFactory(title="Brouillon", slug="brouillon", draft=True),
        "scheduled": PostFactory(title="Programme", slug="programme", scheduled=True),
        "both": PostFactory(title="Commun", slug="commun", territory=None),
        "both-draft": PostFactory(
            title="Commun brouillon", slug="commun-brouillon", territory=None, draft=True
        ),
        "martinique-draft": PostFactory(
            title="Brouillon Martinique",
            slug="brouillon-martinique",
            territory="martinique",
            draft=True,
        ),
    }


def status_of(client, user, method, url, data=None) -> object:
    client.logout()
    if user is not None:
        client.force_login(user)
    response = client.post(url, data or {}) if method == "post" else client.get(url)
    if response.status_code == 302 and response["Location"].startswith(reverse("account_login")):
        return LOGIN
    return response.status_code


def row(*statuses) -> dict:
    return dict(zip(ROLES, statuses, strict=True))


EVERYONE_200 = row(*[200] * 8)
# (URL name, slug or None, method, expected status per role)
CASES = [
    ("news:list", None, "get", EVERYONE_200),
    ("news:feed", None, "get", EVERYONE_200),
    ("news:rss", None, "get", EVERYONE_200),
    ("news:post", "publie", "get", EVERYONE_200),
    ("news:post", "commun", "get", EVERYONE_200),
    ("news:post", "brouillon", "get", row(404, 404, 404, 404, 200, 404, 404, 200)),
    ("news:post", "programme", "get", row(404, 404, 404, 404, 200, 404, 404, 200)),
    ("news:post", "commun-brouillon", "get", row(404, 404, 404, 404, 200, 200, 404, 200)),
    ("news:post", "brouillon-martinique", "get", row(404, 404, 404, 404, 404, 200, 404, 200)),
    ("news:post_create", None, "get", row(LOGIN, 403, 403, 403, 200, 200, 403, 200)),
    ("news:post_edit", "publie", "get", row(LOGIN, 403, 403, 403, 200, 403, 403, 200)),
    ("news:post_edit", "brouillon", "get", row(LOGIN, 404, 404, 404, 200, 404, 404, 200)),
    ("news:post_edit", "programme", "get", row(LOGIN, 404, 404, 404, 200, 404, 404, 200)),
    ("news:post_edit", "commun", "get", row(LOGIN, 403, 403, 403, 200, 200, 403, 200)),
    ("news:post_status", "publie", "post", row(LOGIN, 403, 403, 403, 302, 403, 403, 302)),
    ("news:post_status", "brouillon", "post", row(LOGIN, 404, 404, 404, 302, 404, 404, 302)),
    ("news:post_status", "commun", "post", row(LOGIN, 403, 403, 403, 302, 302, 403, 302)),
]


@pytest.mark.parametrize(
    ("name", "slug", "method", "expected"),
    CASES,
    ids=[f"{name} {slug or ''}".strip() for name, slug, _method, _expected in CASES],
)
def test_each_view_answers_each_role_as_the_rules_say(
    client, people, posts, name, slug, method, expected
):
    url = reverse(name, args=[slug] if slug else [])
    # Posting the status: the draft would be published, a published post withdrawn.
    data = {"status": "published" if slug == "brouillon" else "draft"} if method == "post" else None
    answers = {}
    for role in ROLES:
        answers[role] = status_of(client, people[role], method, url, data)
        if method == "post" and answers[role] == 302:
            # Put the post back as it was for the next role.
            Post.objects.filter(slug=slug).update(
                status=Post.Status.DRAFT if slug == "brouillon" else Post.Status.PUBLISHED
            )
    assert answers == expected


@pytest.mark.parametrize("name", ["news:territory_feed", "news:territory_rss"])
def test_territory_feeds_answer_everyone_and_404_for_an_unknown_territory(
    client, people, posts, name
):
    for role in ROLES:
        assert status_of(client, people[role], "get", reverse(name, args=["guadeloupe"])) == 200
        assert status_of(client, people[role], "get", reverse(name, args=["corse"])) == 404


# Who may edit each post (docs/permissions.md): a post of Guadeloupe, its coordinators and the
# site admins; a post of both networks, the coordinators of either besides.
EDITORS = {
    "publie": {"coordinator", "site_admin"},
    "commun": {"coordinator", "other_coordinator", "site_admin"},
}
# Who may write a post: the coordinators of either territory and the site admins.
WRITERS = {"coordinator", "other_coordinator", "site_admin"}


def refusal(role):
    return LOGIN if role == "anon" else 403


def page_form(client, user, url, **values) -> dict:
    """What the page's form holds for `user`, as a browser sends it, with `values` changed."""
    client.logout()
    client.force_login(user)
    page = client.get(url)
    assert page.status_code == 200, url
    return changed(form_data(page), **values)


def test_only_coordinators_and_site_admins_change_a_post(client, people, posts):
    """Everyone posts what the real pages' forms hold, one field changed: the refused roles are
    refused and change nothing (each post keeps its status and title, no post is written);
    the change of each allowed role is saved."""
    coordinator = people["coordinator"]
    titles = {post.slug: post.title for post in posts.values()}
    for slug, editors in EDITORS.items():
        edit = reverse("news:post_edit", args=[slug])
        # The refused cannot open the page: they post what it holds for a coordinator.
        hacked = page_form(client, coordinator, edit, title="Piraté")
        status = reverse("news:post_status", args=[slug])
        for role in set(ROLES) - editors:
            assert status_of(client, people[role], "post", edit, hacked) == refusal(role), role
            assert status_of(client, people[role], "post", status, {"status": "draft"}) == (
                refusal(role)
            ), role
        post = Post.objects.get(slug=slug)
        assert (post.status, post.title) == ("published", titles[slug]), slug
    create = reverse("news:post_create")
    # Untouched, the form is for both networks: a post anyone could have written.
    written = page_form(
        client, coordinator, create, title="Piraté", summary="Un résumé.", body="Un texte."
    )
    assert written["territory"] == [""]
    for role in set(ROLES) - WRITERS:
        assert status_of(client, people[role], "post", create, written) == refusal(role), role
    assert not Post.objects.filter(title="Piraté").exists()

    # The positive control: the same forms, posted by those allowed, are saved.
    for slug, editors in EDITORS.items():
        edit = reverse("news:post_edit", args=[slug])
        for role in sorted(editors):
            title = f"Modifié ({role})"
            data = page_form(client, people[role], edit, title=title)
            assert status_of(client, people[role], "post", edit, data) == 302, (slug, role)
            assert Post.objects.get(slug=slug).title == title, (slug, role)
        status = reverse("news:post_status", args=[slug])
        assert status_of(client, coordinator, "post", status, {"status": "draft"}) == 302
        assert Post.objects.get(slug=slug).status == "draft"
    for role in sorted(WRITERS):
        title = f"Écrit ({role})"
        data = page_form(client, people[role], create, title=title, summary="Un résumé.")
        assert status_of(client, people[role], "post", create, data) == 302, role
        assert Post.objects.filter(title=title, author=people[role]).exists(), role


def test_a_privileged_person_without_two_factor_acts_in_no_role(client, territories, posts):
    for user in (
        factories.coordinator(territories["guadeloupe"], two_factor=False),
        factories.site_admin(two_factor=False),
    ):
        assert not permissions.can_publish_news(user)
        assert not Post.objects.managed_by(user).exists()
        assert not any(permissions.can_manage_post(user, post) for post in posts.values())
        client.force_login(user)
        response = client.get(reverse("news:post_create"))
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/2fa/")


def test_the_predicates_agree_with_the_scopes_for_every_role(people, posts):
    every = list(Post.objects.all())
    for role, user in people.items():
        user = user or AnonymousUser()
        managed = set(Post.objects.managed_by(user).values_list("pk", flat=True))
        visible = set(Post.objects.visible_to(user).values_list("pk", flat=True))
        public = set(Post.objects.public().values_list("pk", flat=True))
        for post in every:
            assert permissions.can_manage_post(user, post) == (post.pk in managed), (role, post)
            assert (post.pk in visible) == (post.pk in public or post.pk in managed), (role, post)
            assert post.is_public() == (post.pk in public)
        assert permissions.can_publish_news(user) == (
            role in {"coordinator", "other_coordinator", "site_admin"}
        )
        territories = {t.slug for t in publishing_territories(user)}
        assert territories == {
            "coordinator": {"guadeloupe"},
            "other_coordinator": {"martinique"},
            "site_admin": {"guadeloupe", "martinique"},
        }.get(role, set()), role
