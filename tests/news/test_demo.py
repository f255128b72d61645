"""The demo posts (news/demo.py): they load through the coordinators' form, pass the model's
checks, save unchanged through their edit page, and show what the feature does (both networks,
a draft, headings, lists and links)."""

import pytest
from django.urls import reverse

from news.demo import load_demo_news
from news.models import Post
from tests.members import factories
from tests.pages import form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def coordinators(territories):
    return {slug: factories.coordinator(territory) for slug, territory in territories.items()}


@pytest.fixture
def demo_posts(coordinators):
    return load_demo_news(by=coordinators)


def test_the_demo_posts_load_with_their_authors_and_dates(demo_posts, coordinators):
    assert len(demo_posts) == Post.objects.count() == 8
    public = list(Post.objects.public())
    assert len(public) == 7
    (draft,) = Post.objects.filter(status=Post.Status.DRAFT)
    assert draft.published_at is None
    assert Post.objects.filter(territory__isnull=True).count() >= 2
    assert {p.territory.slug for p in Post.objects.filter(territory__isnull=False)} == {
        "guadeloupe",
        "martinique",
    }
    assert {p.author for p in demo_posts} == set(coordinators.values())
    for post in Post.objects.filter(territory__isnull=False):
        assert post.author == coordinators[post.territory.slug]
    # Each published one is its creation and its publication in its history.
    for post in public:
        assert [r.history_change_reason for r in post.history.order_by("history_id")] == [
            None,
            "published",
        ]


def test_the_demo_posts_pass_the_models_checks_and_use_the_markup(demo_posts):
    for post in Post.objects.all():
        post.full_clean()
        assert post.body_html, post.title
    bodies = "".join(Post.objects.values_list("body_html", flat=True))
    for tag in (
        "<h2>",
        "<ul>",
        "<ol>",
        "<li>",
        "<strong>",
        "<em>",
        "<blockquote>",
        '<a href="https://',
    ):
        assert tag in bodies, tag
    assert 'href="mailto:' in bodies


def test_every_demo_post_saves_unchanged_through_its_edit_page(
    client, demo_posts, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"
    client.force_login(factories.site_admin())
    before = {
        p["pk"]: p
        for p in Post.objects.values("pk", "title", "summary", "body", "territory", "published_at")
    }
    for post in demo_posts:
        url = reverse("news:post_edit", args=[post.slug])
        page = client.get(url)
        assert page.status_code == 200
        response = client.post(url, form_data(page))
        assert response.status_code == 302, (post.title, response.context["form"].errors)
    after = {
        p["pk"]: p
        for p in Post.objects.values("pk", "title", "summary", "body", "territory", "published_at")
    }
    assert after == before


def test_the_demo_posts_show_in_the_list_and_the_feeds(client, demo_posts):
    response = client.get(reverse("news:list"))
    assert response.status_code == 200
    assert "Assemblée générale de Karib Horizon" in response.text
    assert "Rencontres régionales" not in response.text  # the draft
    assert client.get(reverse("news:feed")).content.count(b"<entry>") == 7
