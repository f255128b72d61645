"""The news feeds (Django's syndication framework): Atom and RSS 2.0, of every public post or
of one territory's (with the posts of both networks).

Business rules: a feed holds the FEED_SIZE latest public posts, newest first (drafts and posts
scheduled for later never); each item is the post's title and summary (as text: a summary
"<script>" reaches no reader as markup), its publication date, and links to the post's page.
One query for all the posts, two for a territory's (the territory, then its posts), whatever
the number of posts."""

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.html import escape
from django.utils.translation import gettext as _

from members.models import Territory

from .models import Post

FEED_SIZE = 20


class PostFeed(Feed):
    """Every public post, as Atom."""

    feed_type = Atom1Feed

    def get_object(self, request, territory=None):
        if territory is None:
            return None
        return get_object_or_404(Territory, slug=territory)

    def title(self, territory):
        if territory is None:
            return _("News of the networks — RRMA Antilles")
        return _("News of the %(name)s network — RRMA Antilles") % {
            "name": territory.network_name or territory.name
        }

    def subtitle(self, territory):
        if territory is None:
            return _(
                "The news of the international cooperation networks of Guadeloupe and Martinique."
            )
        return _("The news of the %(territory)s network and of both networks.") % {
            "territory": territory.name
        }

    # RSS names the same text "description".
    description = subtitle

    def link(self, territory):
        url = reverse("news:list")
        return url if territory is None else f"{url}?territory={territory.slug}"

    def items(self, territory):
        posts = Post.objects.public()
        if territory is not None:
            posts = posts.for_territory(territory)
        return posts.order_by("-published_at", "-pk")[:FEED_SIZE]

    def item_title(self, post):
        # Atom's title is text (feed readers show it as it is).
        return post.title

    def item_description(self, post):
        # The summary is plain text; both formats carry it as HTML (Atom's summary of type
        # "html", RSS's description): escaped, what a visitor typed stays text.
        return escape(post.summary)

    def item_pubdate(self, post):
        return post.published_at

    def item_updateddate(self, post):
        return post.updated_at


class PostRssFeed(PostFeed):
    """The same posts, as RSS 2.0."""

    feed_type = Rss201rev2Feed

    def item_title(self, post):
        # Many readers take an RSS title for HTML.
        return escape(post.title)
