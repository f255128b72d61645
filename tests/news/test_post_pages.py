"""The public news pages: the list and its filters, each post's page, the Atom and RSS feeds;
drafts and scheduled posts left out of them; their queries; the latest posts for the home and
network pages."""

from datetime import timedelta

import lxml.etree
import lxml.html
import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from news.latest import latest_posts
from news.models import Post
from tests.news.factories import PostFactory

pytestmark = pytest.mark.django_db

LIST = reverse("news:list")
ATOM = "{http://www.w3.org/2005/Atom}"
# The portal's own feeds, read without resolving entities nor fetching anything.
XML = lxml.etree.XMLParser(resolve_entities=False, no_network=True)


@pytest.fixture(autouse=True)
def english(client, settings):
    """The pages in English: their text is then the source text, whatever the catalogues."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


def titles(response) -> list[str]:
    return [post.title for post in response.context["page"]]


def ago(**kwargs):
    return timezone.now() - timedelta(**kwargs)


def atom_entries(response) -> list[dict]:
    feed = lxml.etree.fromstring(response.content, XML)
    return [
        {
            "title": entry.findtext(f"{ATOM}title"),
            "link": entry.find(f"{ATOM}link").get("href"),
            "summary": entry.findtext(f"{ATOM}summary"),
        }
        for entry in feed.findall(f"{ATOM}entry")
    ]


def rss_items(response) -> list[dict]:
    channel = lxml.etree.fromstring(response.content, XML).find("channel")
    return [
        {
            "title": item.findtext("title"),
            "link": item.findtext("link"),
            "description": item.findtext("description"),
        }
        for item in channel.findall("item")
    ]


# ---------------------------------------------------------------------------------------------
# The list


def test_the_list_shows_public_posts_newest_first_with_their_network_and_themes(
    client, territories
):
    PostFactory(title="Older", published_at=ago(days=3), territory="martinique")
    PostFactory(title="Newer", published_at=ago(hours=2), territory=None, themes=["health"])
    PostFactory(title="Draft", draft=True)
    PostFactory(title="Scheduled", scheduled=True)

    response = client.get(LIST)

    assert response.status_code == 200
    assert titles(response) == ["Newer", "Older"]
    assert "2 posts" in response.text
    page = lxml.html.fromstring(response.content)
    newer, older = page.cssselect("#news-results li.org-card")
    assert "Both networks" in newer.text_content()
    assert "Health" in newer.cssselect(".tags")[0].text_content()
    assert "Martinique network" in older.text_content()
    assert newer.cssselect("h3 a")[0].get("href") == reverse("news:post", args=["newer"])


def test_the_list_links_to_the_feeds_in_its_head_and_its_body(client, territories):
    page = lxml.html.fromstring(client.get(LIST).content)

    alternates = {
        link.get("type"): link.get("href") for link in page.cssselect('head link[rel="alternate"]')
    }
    assert alternates == {
        "application/atom+xml": reverse("news:feed"),
        "application/rss+xml": reverse("news:rss"),
    }
    links = {a.get("href") for a in page.cssselect("section[aria-labelledby=news-feeds-title] a")}
    assert links == {
        reverse("news:feed"),
        reverse("news:rss"),
        reverse("news:territory_feed", args=["guadeloupe"]),
        reverse("news:territory_feed", args=["martinique"]),
        reverse("news:territory_rss", args=["guadeloupe"]),
        reverse("news:territory_rss", args=["martinique"]),
    }


def test_an_image_shows_as_a_thumbnail_with_its_alternative_text(client, territories):
    post = PostFactory()
    Post.objects.filter(pk=post.pk).update(
        image="news/photo.png", image_alt="La salle comble", image_width=800, image_height=600
    )

    page = lxml.html.fromstring(client.get(LIST).content)

    (image,) = page.cssselect("#news-results img")
    assert (image.get("src"), image.get("alt"), image.get("width"), image.get("height")) == (
        "/media/news/photo.png",
        "La salle comble",
        "160",
        "120",
    )


@pytest.fixture
def sample(territories):
    PostFactory(
        title="Résultats du FCR de Guadeloupe",
        summary="Quatorze projets soutenus.",
        territory="guadeloupe",
        themes=["economic-development"],
    )
    PostFactory(
        title="Formation Interreg",
        summary="Deux journées à Fort-de-France pour les associations.",
        territory="martinique",
        themes=["education-training", "health"],
    )
    PostFactory(
        title="Journée d'information commune",
        summary="Les deux réseaux présentent le programme de coopération.",
        territory=None,
        themes=["health"],
    )


FILTERS = {
    "nothing": (
        {},
        {"Résultats du FCR de Guadeloupe", "Formation Interreg", "Journée d'information commune"},
    ),
    "a word of the title without its accents": (
        {"q": "resultats"},
        {"Résultats du FCR de Guadeloupe"},
    ),
    "a word of the summary in capitals": ({"q": "JOURNÉES"}, {"Formation Interreg"}),
    "a word with an accent it does not have": ({"q": "Intèrreg"}, {"Formation Interreg"}),
    "every word must be found": ({"q": "programme cooperation"}, {"Journée d'information commune"}),
    "a word found nowhere": ({"q": "volcanologie"}, set()),
    "a territory holds the posts of both networks": (
        {"territory": "guadeloupe"},
        {"Résultats du FCR de Guadeloupe", "Journée d'information commune"},
    ),
    "the other territory": (
        {"territory": "martinique"},
        {"Formation Interreg", "Journée d'information commune"},
    ),
    "a theme": ({"theme": "health"}, {"Formation Interreg", "Journée d'information commune"}),
    "a theme and a territory": (
        {"theme": "health", "territory": "guadeloupe"},
        {"Journée d'information commune"},
    ),
    "a made-up territory is left out": (
        {"territory": "corse", "q": "fcr"},
        {"Résultats du FCR de Guadeloupe"},
    ),
}


@pytest.mark.parametrize(("query", "expected"), FILTERS.values(), ids=FILTERS.keys())
def test_the_filters(client, sample, query, expected):
    response = client.get(LIST, query)

    assert response.status_code == 200
    assert set(titles(response)) == expected


def test_a_refused_filter_is_said_next_to_its_field(client, sample):
    response = client.get(LIST, {"territory": "corse", "q": "x" * 201})

    assert response.status_code == 200
    errors = response.context["filter"].form.errors
    assert set(errors) == {"territory", "q"}
    assert len(titles(response)) == 3


def test_htmx_gets_the_results_only(client, sample):
    response = client.get(LIST, {"theme": "health"}, headers={"HX-Request": "true"})

    assert response.status_code == 200
    assert response.text.lstrip().startswith('<section id="news-results"')
    assert "2 posts" in response.text


def test_the_list_is_paginated(client, territories):
    for n in range(25):
        PostFactory(title=f"Post {n:02}", published_at=ago(hours=n + 1))

    first, second = client.get(LIST), client.get(LIST, {"page": 2})

    assert titles(first) == [f"Post {n:02}" for n in range(20)]
    assert titles(second) == [f"Post {n:02}" for n in range(20, 25)]
    assert "25 posts" in second.text


@pytest.mark.parametrize("count", [3, 30])
def test_the_list_reads_at_most_7_queries_11_filtered_whatever_the_number_of_posts(
    client, territories, count, django_assert_max_num_queries
):
    for n in range(count):
        PostFactory(
            title=f"Post {n:02}", themes=["health", "sport"], territory=["guadeloupe", None][n % 2]
        )
    # The count, the page, its themes, the feeds' territories, the filters' territories and
    # themes, the networks of the header and footer.
    with django_assert_max_num_queries(7):
        response = client.get(LIST, {"page": 2 if count > 20 else 1})
    assert response.status_code == 200
    assert f"{count} posts" in response.text
    assert len(titles(response)) == (count - 20 if count > 20 else count)
    # And the territory and the theme asked, looked up; the words searched, looked up in the
    # vocabulary, then their typo corrections.
    with django_assert_max_num_queries(11):
        response = client.get(LIST, {"q": "post", "theme": "health", "territory": "guadeloupe"})
    assert response.status_code == 200
    assert f"{count} posts" in response.text


def test_a_coordinator_sees_their_drafts_and_scheduled_posts_above_the_list(
    client, coordinator_gp, territories
):
    PostFactory(title="Our draft", draft=True)
    PostFactory(title="Our scheduled post", scheduled=True, territory=None)
    PostFactory(title="Their draft", draft=True, territory="martinique")
    PostFactory(title="Public")
    client.force_login(coordinator_gp)

    response = client.get(LIST)

    assert [post.title for post in response.context["unpublished"]] == [
        "Our scheduled post",
        "Our draft",
    ]
    assert titles(response) == ["Public"]
    assert reverse("news:post_create") in response.text


def test_visitors_see_no_drafts_panel_nor_writing_link(client, territories):
    PostFactory(title="A draft", draft=True)

    response = client.get(LIST)

    assert response.context["unpublished"] == []
    assert "A draft" not in response.text
    assert reverse("news:post_create") not in response.text


# ---------------------------------------------------------------------------------------------
# A post's page


def test_a_posts_page_shows_its_sanitised_body_and_its_themes(client, territories):
    post = PostFactory(
        title="Assemblée générale",
        summary="Le bilan.",
        body="## Le bilan\n\n<script>alert(1)</script> [site](javascript:alert(1))",
        themes=["health"],
    )

    response = client.get(post.get_absolute_url())

    assert response.status_code == 200
    page = lxml.html.fromstring(response.content)
    assert page.cssselect("h1")[0].text_content() == "Assemblée générale"
    (prose,) = page.cssselect("article .prose")
    assert prose.cssselect("h2")[0].text_content() == "Le bilan"
    assert not page.cssselect("article script")
    assert "<script>alert(1)</script>" in prose.text_content()
    assert prose.cssselect("a")[0].get("href") is None
    assert page.cssselect("article .tags a")[0].get("href") == f"{LIST}?theme=health"
    assert "draft" not in response.text.lower()


def test_drafts_and_scheduled_posts_do_not_exist_for_visitors(client, member, territories):
    draft, scheduled = PostFactory(draft=True), PostFactory(scheduled=True)
    for url in (draft.get_absolute_url(), scheduled.get_absolute_url()):
        assert client.get(url).status_code == 404
    client.force_login(member)
    for url in (draft.get_absolute_url(), scheduled.get_absolute_url()):
        assert client.get(url).status_code == 404


def test_their_coordinators_see_drafts_and_scheduled_posts_with_a_warning(
    client, coordinator_gp, territories
):
    draft, scheduled = PostFactory(draft=True), PostFactory(scheduled=True, territory=None)
    client.force_login(coordinator_gp)

    response = client.get(draft.get_absolute_url())
    assert response.status_code == 200
    assert "This post is a draft" in response.text
    assert 'value="published"' in response.text

    response = client.get(scheduled.get_absolute_url())
    assert response.status_code == 200
    assert "This post is scheduled" in response.text
    assert 'value="draft"' in response.text


# ---------------------------------------------------------------------------------------------
# Feeds


def test_the_atom_feed_holds_the_20_latest_public_posts_linking_to_their_pages(client, territories):
    for n in range(22):
        PostFactory(title=f"Post {n:02}", published_at=ago(hours=n + 1))
    PostFactory(title="Draft", draft=True)
    PostFactory(title="Scheduled", scheduled=True)

    response = client.get(reverse("news:feed"))

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    entries = atom_entries(response)
    assert [e["title"] for e in entries] == [f"Post {n:02}" for n in range(20)]
    assert entries[0]["link"] == "http://testserver/news/post-00/"


def test_the_rss_feed_holds_the_same_posts(client, territories):
    PostFactory(title="Public", summary="Le résumé.")
    PostFactory(title="Draft", draft=True)
    PostFactory(title="Scheduled", scheduled=True)

    response = client.get(reverse("news:rss"))

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    assert rss_items(response) == [
        {"title": "Public", "link": "http://testserver/news/public/", "description": "Le résumé."}
    ]


def test_a_territorys_feeds_hold_its_posts_and_those_of_both_networks(client, territories):
    PostFactory(title="Guadeloupe", published_at=ago(hours=3))
    PostFactory(title="Both", territory=None, published_at=ago(hours=2))
    PostFactory(title="Martinique", territory="martinique", published_at=ago(hours=1))

    atom = client.get(reverse("news:territory_feed", args=["guadeloupe"]))
    rss = client.get(reverse("news:territory_rss", args=["martinique"]))

    assert [e["title"] for e in atom_entries(atom)] == ["Both", "Guadeloupe"]
    assert [i["title"] for i in rss_items(rss)] == ["Martinique", "Both"]
    assert client.get(reverse("news:territory_feed", args=["corse"])).status_code == 404
    assert client.get(reverse("news:territory_rss", args=["corse"])).status_code == 404


def test_feeds_carry_titles_and_summaries_as_text(client, territories):
    PostFactory(title="<b>Gras</b> & co", summary="<script>alert(1)</script>")

    (entry,) = atom_entries(client.get(reverse("news:feed")))
    (item,) = rss_items(client.get(reverse("news:rss")))

    # Atom's title is text; its summary, and RSS's title and description, are HTML: escaped.
    assert entry["title"] == "<b>Gras</b> & co"
    assert entry["summary"] == "&lt;script&gt;alert(1)&lt;/script&gt;"
    assert item["title"] == "&lt;b&gt;Gras&lt;/b&gt; &amp; co"
    assert item["description"] == "&lt;script&gt;alert(1)&lt;/script&gt;"


@pytest.mark.parametrize("count", [3, 30])
def test_the_feeds_read_one_or_two_queries_whatever_the_number_of_posts(
    client, territories, count, django_assert_max_num_queries
):
    for n in range(count):
        PostFactory(title=f"Post {n:02}", territory=["guadeloupe", None][n % 2], themes=["health"])
    expected = min(count, 20)
    for name in ("news:feed", "news:rss"):
        with django_assert_max_num_queries(1):
            response = client.get(reverse(name))
        assert response.status_code == 200
        assert response.content.count(b"Post ") == expected
    for name in ("news:territory_feed", "news:territory_rss"):
        with django_assert_max_num_queries(2):
            response = client.get(reverse(name, args=["martinique"]))
        assert response.status_code == 200
        assert response.content.count(b"Post ") == count // 2


# ---------------------------------------------------------------------------------------------
# The latest posts, for the home and network pages


def test_the_latest_posts_are_public_newest_first_in_one_query(
    territories, django_assert_num_queries
):
    PostFactory(title="Old", published_at=ago(days=10))
    PostFactory(title="Both", territory=None, published_at=ago(days=2))
    PostFactory(title="Martinique", territory="martinique", published_at=ago(days=1))
    PostFactory(title="Newest", published_at=ago(hours=1))
    PostFactory(title="Draft", draft=True)
    PostFactory(title="Scheduled", scheduled=True)

    with django_assert_num_queries(1):
        latest = latest_posts()
    assert [p.title for p in latest] == ["Newest", "Martinique", "Both"]
    with django_assert_num_queries(1):
        latest = latest_posts(territory=territories["guadeloupe"], limit=5)
    assert [p.title for p in latest] == ["Newest", "Both", "Old"]
    assert (latest[0].url, latest[0].network, latest[1].network) == (
        "/news/newest/",
        "Guadeloupe",
        "",
    )


def test_the_latest_posts_include_shows_titles_dates_summaries_and_thumbnails(territories):
    post = PostFactory(title="Avec image", summary="Le résumé.")
    Post.objects.filter(pk=post.pk).update(
        image="news/photo.png", image_alt="La salle", image_width=400, image_height=100
    )
    PostFactory(title="Sans image", territory=None, published_at=ago(days=1))

    with translation.override("en"):
        html = render_to_string("news/includes/latest.html", {"posts": latest_posts()})

    page = lxml.html.fragment_fromstring(html)
    first, second = page.cssselect("li")
    assert first.cssselect("h3 a")[0].get("href") == "/news/avec-image/"
    image = first.cssselect("img")[0]
    assert (image.get("alt"), image.get("width"), image.get("height")) == ("La salle", "160", "40")
    assert "Le résumé." in first.text_content()
    assert first.cssselect("time")[0].get("datetime")
    assert not second.cssselect("img")
    assert "Both networks" in second.text_content()
    assert "No news yet" not in html
    assert render_to_string("news/includes/latest.html", {"posts": []}).count("<li>") == 1
