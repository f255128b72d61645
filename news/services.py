"""The life of a news post: saved as a draft, published (at once or for a later date), withdrawn
from publication.

Business rules: a post is created as a draft, seen by its coordinators only, until one of them
publishes it. Publishing dates it now, unless a publication date was typed (a later one
schedules it: the post appears on its own at that date). Withdrawing it makes it a draft
again, its date kept for a later publication. Each creation, edit, publication and withdrawal
is one entry of the post's history, saying who did it and when.
"""

import logging
from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone

from members.models import Theme, User
from toolbox.history import explain_change

from .enums import ChangeReason, PostStatus
from .models import Post

logger = logging.getLogger(__name__)


@transaction.atomic
def post_save(*, post: Post, themes: Iterable[Theme], by: User) -> Post:
    """Create (as a draft, `by` its author) or edit a post and its themes, all or nothing: one
    entry in its history, by `by`, holding the post and its themes as saved."""
    created = post.pk is None
    if created:
        post.author = by
        post.status = PostStatus.DRAFT
    explain_change(post, by=by)
    # A plain creation or edit, whatever this instance did before.
    post._change_reason = None  # type: ignore[attr-defined]
    # Setting the themes would write an entry of its own: the history is paused while they
    # are set, and the entry written once everything is in place.
    post.skip_history_when_saving = True  # type: ignore[attr-defined]
    try:
        if created:
            post.save()
        post.themes.set(list(themes))
    finally:
        del post.skip_history_when_saving  # type: ignore[attr-defined]
    post.save()
    if created:
        # The post's row existed before its themes (they point at it): the entry was written
        # by its second save, as a change; it is the creation.
        post.history.filter(history_type="~").update(history_type="+")
    logger.info("News post %s %s by user %s", post.pk, "created" if created else "saved", by.pk)
    return post


@transaction.atomic
def post_publish(*, post: Post, by: User) -> None:
    """A published post appears in the list, its feeds and the home and network pages once its
    publication date has come (now, when none was typed). Publishing a published post changes
    nothing."""
    if post.status == PostStatus.PUBLISHED:
        return
    post.status = PostStatus.PUBLISHED
    if post.published_at is None:
        post.published_at = timezone.now()
    explain_change(post, reason=ChangeReason.PUBLISHED, by=by)
    post.save(update_fields=["status", "published_at", "updated_at"])
    logger.info("News post %s published by user %s", post.pk, by.pk)


@transaction.atomic
def post_unpublish(*, post: Post, by: User) -> None:
    """Withdrawn from publication, a post is a draft again: seen by its coordinators only. Its
    publication date stays: publishing it again keeps its place in the list."""
    if post.status == PostStatus.DRAFT:
        return
    post.status = PostStatus.DRAFT
    explain_change(post, reason=ChangeReason.UNPUBLISHED, by=by)
    post.save(update_fields=["status", "updated_at"])
    logger.info("News post %s withdrawn from publication by user %s", post.pk, by.pk)
