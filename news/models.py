"""News posts published by the networks' coordinators."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from members.models import NetworkContentQuerySet, Territory, Theme, TranslatedSummaries
from members.search import SearchTextMixin
from toolbox.dates import dates_in_range, validate_datetime_in_range
from toolbox.images import ReencodedImageField
from toolbox.text import unique_slug

from .enums import PostStatus
from .markup import render

RESERVED_SLUGS = {"new", "feed", "rss"}
# The width of an image in the lists (its height follows its proportions).
THUMBNAIL_WIDTH = 160


class PostQuerySet(NetworkContentQuerySet):
    def public(self, now=None):
        """Published posts whose publication date has come."""
        return self.filter(status=PostStatus.PUBLISHED, published_at__lte=now or timezone.now())

    def visible_to(self, user):
        """Public posts, and the drafts and scheduled posts of those who edit them."""
        public = Q(status=PostStatus.PUBLISHED, published_at__lte=timezone.now())
        return self.filter(public | Q(pk__in=self.managed_by(user).values("pk")))


class Post(SearchTextMixin, TranslatedSummaries):
    """A news post of one network, or of both (no territory).

    Business rules: `body` is the limited markup the author types (Markdown: headings, lists,
    links, emphasis); `body_html` is its sanitised rendering, computed on save, the only form
    that reaches a page. A post is public once published and its publication date has come: a
    later date schedules it. A draft has no publication date until one is typed or it is
    published (then: that moment). An image has its alternative text.
    """

    Status = PostStatus

    SEARCHED_FIELDS = ["title", "summary", "body"]

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=220, unique=True)
    summary = models.CharField(_("summary"), max_length=500)
    body = models.TextField(_("body"), blank=True)
    body_html = models.TextField(editable=False, blank=True)
    image = ReencodedImageField(
        _("image"),
        upload_to="news/",
        blank=True,
        width_field="image_width",
        height_field="image_height",
    )
    # The stored picture's size: pages give its proportions before it loads.
    image_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    image_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    image_alt = models.CharField(_("alternative text of the image"), max_length=250, blank=True)
    themes = models.ManyToManyField(
        Theme, related_name="news_posts", blank=True, verbose_name=_("themes")
    )
    territory = models.ForeignKey(
        Territory,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="news_posts",
        verbose_name=_("territory"),
        help_text=_("Leave empty for a post of both networks."),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    published_at = models.DateTimeField(
        _("publication date"), null=True, blank=True, validators=[validate_datetime_in_range]
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="news_posts",
        verbose_name=_("author"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = PostQuerySet.as_manager()
    history = HistoricalRecords(
        excluded_fields=["updated_at", "body_html", "image_width", "image_height", "search_text"],
        m2m_fields=[themes],
    )

    class Meta:
        verbose_name = _("news post")
        verbose_name_plural = _("news posts")
        ordering = ["-published_at", "-pk"]
        indexes = [models.Index(fields=["status", "published_at"], name="post_status_published")]
        constraints = [
            *dates_in_range("post", "published_at", times=True),
            models.CheckConstraint(
                condition=Q(image="") | ~Q(image_alt=""),
                name="post_image_has_alternative_text",
                violation_error_message=_("Describe the image for people who cannot see it."),
            ),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(self, self.title, fallback="post", reserved=RESERVED_SLUGS)
        update_fields = kwargs.get("update_fields")
        if update_fields is None:
            self.body_html = render(self.body)
        elif "body" in update_fields:
            self.body_html = render(self.body)
            kwargs["update_fields"] = {*update_fields, "body_html"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("news:post", kwargs={"slug": self.slug})

    @property
    def is_published(self) -> bool:
        return self.status == PostStatus.PUBLISHED

    def is_public(self, now=None) -> bool:
        """Published, and its publication date has come (the scope `public`)."""
        return (
            self.is_published
            and self.published_at is not None
            and self.published_at <= (now or timezone.now())
        )

    @property
    def thumbnail_height(self) -> int | None:
        """The image's height at THUMBNAIL_WIDTH pixels wide (None without an image)."""
        return thumbnail_height(self.image_width, self.image_height) if self.image else None

    @property
    def is_scheduled(self) -> bool:
        """Published, for a publication date still to come."""
        return self.is_published and not self.is_public()


def thumbnail_height(width: int | None, height: int | None) -> int | None:
    """The height of a picture of that size shown THUMBNAIL_WIDTH pixels wide."""
    if not width or not height:
        return None
    return max(1, round(THUMBNAIL_WIDTH * height / width))
