"""The latest posts, for the pages that show a few of them (home, network pages, newsletter).

Plain values, so that pages kept whole in the shared cache (toolbox/public_cache.py) can hold
them; templates/news/includes/latest.html shows them."""

from dataclasses import dataclass
from datetime import datetime

from members.models import Territory

from .models import THUMBNAIL_WIDTH, Post, thumbnail_height

# Posts shown, unless the page asks for another number.
LATEST_COUNT = 3


@dataclass(frozen=True)
class LatestPost:
    title: str
    url: str
    summary: str
    published_at: datetime
    network: str  # the territory's name; "" for a post of both networks
    image_url: str = ""
    image_alt: str = ""
    image_width: int = THUMBNAIL_WIDTH
    image_height: int | None = None


def latest_posts(*, territory: Territory | None = None, limit: int = LATEST_COUNT) -> list:
    """The `limit` latest public posts, newest first; of one territory (with those of both
    networks) when one is given. One query."""
    posts = Post.objects.public().select_related("territory")
    if territory is not None:
        posts = posts.for_territory(territory)
    return [
        LatestPost(
            title=post.title,
            url=post.get_absolute_url(),
            summary=post.summary,
            published_at=post.published_at,
            network=post.territory.name if post.territory else "",
            image_url=post.image.url if post.image else "",
            image_alt=post.image_alt if post.image else "",
            image_height=thumbnail_height(post.image_width, post.image_height),
        )
        for post in posts.order_by("-published_at", "-pk")[:limit]
    ]
