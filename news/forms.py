"""The coordinators' form of a news post."""

from django import forms
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _

from members.forms import (
    TRANSLATED_SUMMARY_FIELDS,
    TRANSLATED_SUMMARY_FIELDSET,
    TRANSLATED_SUMMARY_WIDGETS,
)
from toolbox.forms import FieldsetsMixin, SafeInputMixin, StoredValuesMixin

from .models import Post

LOCAL = {"type": "datetime-local"}
# The longest body typed: a few pages. Beyond, a paste gone wrong, refused with a message.
BODY_MAX_LENGTH = 20_000
# A photograph from a phone weighs a few megabytes: decoded, checked and stored re-encoded
# (toolbox/images.py), a larger file is refused before being decoded.
IMAGE_MAX_BYTES = 5 * 1024 * 1024


class PostForm(SafeInputMixin, StoredValuesMixin, FieldsetsMixin, forms.ModelForm):
    """A news post, as its coordinators write it. The publication date is typed in the
    territories' local time (UTC−4 all year) and stored in UTC.

    Business rules: the post is for a territory the person publishes for, or for both networks
    (no territory: then the coordinators of either edit it); an image has its alternative
    text; a published post keeps a publication date; the body is the limited markup of
    news/markup.py. Publishing is not the form's: a
    post is saved as a draft until published from its page.
    """

    class Meta:
        model = Post
        fields = [
            "title",
            "summary",
            "body",
            *TRANSLATED_SUMMARY_FIELDS,
            "image",
            "image_alt",
            "territory",
            "themes",
            "published_at",
        ]
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 3, "maxlength": 500}),
            "body": forms.Textarea(attrs={"rows": 14}),
            **TRANSLATED_SUMMARY_WIDGETS,
            "themes": forms.CheckboxSelectMultiple,
            "published_at": forms.DateTimeInput(attrs=LOCAL, format="%Y-%m-%dT%H:%M"),
        }
        help_texts = {
            "summary": _("One or two sentences, shown in the lists and the feeds."),
            "body": _(
                "Write in plain text. At the start of a line, ## makes a heading (### a smaller "
                "one), - a list item, 1. a numbered item, > a quotation; *words* are in italics, "
                "**words** in bold, [the text](https://…) is a link. HTML is shown as typed."
            ),
            "image": _("A PNG, JPEG, GIF or WebP picture of at most 5 MB."),
            "image_alt": _(
                "What the image shows, for people who cannot see it (required with an image)."
            ),
            "published_at": _(
                "Local time of Guadeloupe and Martinique (UTC−4). Leave empty to date the post "
                "when you publish it; a later date schedules it: it appears then."
            ),
        }

    fieldsets = [
        (_("The post"), ["title", "summary", "body"]),
        TRANSLATED_SUMMARY_FIELDSET,
        (_("Image"), ["image", "image_alt"]),
        (_("Audience and date"), ["territory", "themes", "published_at"]),
    ]

    def __init__(self, *args, publishing, **kwargs):
        """`publishing`: the territories the person publishes news for
        (members.permissions.publishing_territories)."""
        super().__init__(*args, **kwargs)
        territory = self.fields["territory"]
        territory.queryset = publishing
        territory.required = False
        territory.empty_label = _("Both networks (Guadeloupe and Martinique)")
        body = self.fields["body"]
        body.max_length = BODY_MAX_LENGTH
        body.validators.append(MaxLengthValidator(BODY_MAX_LENGTH))
        body.widget.attrs["maxlength"] = str(BODY_MAX_LENGTH)
        image = self.fields["image"]
        image.max_bytes = IMAGE_MAX_BYTES

    def clean(self):
        cleaned = super().clean()
        image = cleaned.get("image")
        if image is False:
            # The image removed: its description goes with it.
            cleaned["image_alt"] = ""
        elif image and not (cleaned.get("image_alt") or "").strip():
            self.add_error(
                "image_alt",
                forms.ValidationError(
                    _("Describe the image for people who cannot see it."), code="image_alt_missing"
                ),
            )
        if (
            self.instance.is_published
            and "published_at" in cleaned
            and cleaned["published_at"] is None
        ):
            # A published post is dated: without a date it would vanish from every list.
            self.add_error(
                "published_at",
                forms.ValidationError(
                    _(
                        "A published post has a publication date: type one, or withdraw the "
                        "post from publication first."
                    ),
                    code="published_without_date",
                ),
            )
        # The model's constraint says the same of a post written elsewhere (the admin); here a
        # field in error is left out of the constraints, so it is said once, next to the field.
        return cleaned
