"""The news pages: the public list and each post's page; the coordinators' pages to write,
edit, publish and unpublish posts.

Every post is fetched through `Post.objects.visible_to` (members.views.access.object_for): a
draft of another territory, or a post scheduled for later, does not exist for the person
(404); a public post they may not manage is refused (403)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import BadRequest
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from members.models import Territory
from members.permissions import publishing_territories
from members.views.access import capability_required, object_for
from toolbox.http import paginate, render_list

from . import services
from .enums import PostStatus
from .filters import PostFilter
from .forms import PostForm
from .models import Post
from .permissions import can_manage_post, can_publish_news

# Drafts and scheduled posts listed to their coordinators above the public list.
UNPUBLISHED_SHOWN = 20


def post_for(request, slug, capability=None) -> Post:
    """The post as the person may see it (404 otherwise), checked for `capability` (403)."""
    posts = Post.objects.visible_to(request.user).select_related("territory")
    return object_for(request, posts, capability, slug=slug)


def _unpublished(user) -> list[Post]:
    """The drafts and scheduled posts the person manages, last changed first (one query; none
    for people who publish no news)."""
    if not can_publish_news(user):
        return []
    public = Post.objects.public().values("pk")
    posts = Post.objects.managed_by(user).exclude(pk__in=public).select_related("territory")
    return list(posts.order_by("-updated_at", "-pk")[:UNPUBLISHED_SHOWN])


def post_list(request):
    """Public posts matching the filters (a refused value is said on the form and left out),
    newest first, a page at a time with their networks and themes."""
    posts = Post.objects.public().select_related("territory").order_by("-published_at", "-pk")
    filterset = PostFilter(request.GET or None, queryset=posts)
    page = paginate(request, filterset.qs.prefetch_related("themes"))
    user = request.user
    context = {
        "filter": filterset,
        "page": page,
        "territories": Territory.objects.all(),
        "can_publish": can_publish_news(user),
        "unpublished": _unpublished(user),
    }
    return render_list(request, "news/list.html", context)


def post_detail(request, slug):
    """The post as the person may see it: public, or a draft or scheduled post they manage."""
    post = post_for(request, slug)
    return render(
        request,
        "news/post_detail.html",
        {
            "post": post,
            "themes": list(post.themes.all()),
            "can_manage": can_manage_post(request.user, post),
        },
    )


def _save(request, post: Post):
    form = PostForm(
        request.POST or None,
        request.FILES or None,
        instance=post,
        publishing=publishing_territories(request.user),
    )
    if request.method == "POST" and form.is_valid():
        created = post.pk is None
        post = services.post_save(
            post=form.save(commit=False), themes=form.cleaned_data["themes"], by=request.user
        )
        if created:
            messages.success(
                request,
                _("The post has been saved as a draft: publish it from its page when it is ready."),
            )
        else:
            messages.success(request, _("The post has been saved."))
        return redirect(post)
    return render(request, "news/post_form.html", {"form": form, "post": post if post.pk else None})


@capability_required(can_publish_news)
@require_http_methods(["GET", "POST"])
def post_create(request):
    return _save(request, Post())


@login_required
@require_http_methods(["GET", "POST"])
def post_edit(request, slug):
    return _save(request, post_for(request, slug, can_manage_post))


@login_required
@require_POST
def post_status(request, slug):
    """Publish the post, or withdraw it from publication (the posted "status" names which)."""
    post = post_for(request, slug, can_manage_post)
    status = request.POST.get("status")
    if status == PostStatus.PUBLISHED:
        services.post_publish(post=post, by=request.user)
        if post.is_public():
            messages.success(request, _("The post is published."))
        else:
            messages.success(
                request, _("The post is scheduled: it appears on its publication date.")
            )
    elif status == PostStatus.DRAFT:
        services.post_unpublish(post=post, by=request.user)
        messages.success(
            request, _("The post is withdrawn from publication: only its coordinators see it.")
        )
    else:
        # The page's buttons post one of the two: anything else is no request of theirs.
        raise BadRequest("Unknown post status.")
    return redirect(post)
