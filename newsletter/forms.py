"""The subscription form, and the coordinators' form of an issue."""

from typing import cast

from django import forms
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from members.models import Territory
from toolbox.forms import SafeInputMixin

from . import content
from .enums import Section
from .models import NAMES, Issue, newsletter_name


class NewsletterChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        name = newsletter_name(obj)
        return f"{name} ({obj.name})" if obj.slug in NAMES else name


class SubscribeForm(SafeInputMixin, forms.Form):
    email = forms.EmailField(label=gettext_lazy("Your email address"), max_length=254)
    territories = NewsletterChoiceField(
        label=gettext_lazy("Newsletters"),
        queryset=Territory.objects.order_by("insee_code"),
        to_field_name="slug",
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": gettext_lazy("Choose at least one newsletter.")},
    )
    sections = forms.MultipleChoiceField(
        label=gettext_lazy("What you want to read"),
        choices=Section.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": gettext_lazy("Choose at least one kind of content.")},
    )


def _local_date(value) -> str:
    return date_format(timezone.localtime(value), "SHORT_DATE_FORMAT") if value else ""


class PostChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.title} ({_local_date(obj.published_at)})"


class CallChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return _("%(title)s — deadline %(date)s") % {
            "title": obj.title,
            "date": _local_date(obj.deadline),
        }


class TrainingChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        start = getattr(obj, "next_start", None)
        if start is None:
            return obj.title
        return _("%(title)s — %(date)s") % {"title": obj.title, "date": _local_date(start)}


def _choices(field_class, label):
    return field_class(
        label=label,
        queryset=Issue.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )


class IssueForm(SafeInputMixin, forms.ModelForm):
    """An issue's subject, text and items: the territory's latest news, its calls open or to
    come, its coming trainings and events, offered ticked (news: those since the last issue);
    an issue being edited keeps what it chose while it is still public."""

    posts = _choices(PostChoiceField, gettext_lazy("News"))
    calls = _choices(CallChoiceField, gettext_lazy("Funding calls"))
    trainings = _choices(TrainingChoiceField, gettext_lazy("Trainings"))
    events = _choices(TrainingChoiceField, gettext_lazy("Events"))

    class Meta:
        model = Issue
        fields = ["subject", "intro"]
        widgets = {"intro": forms.Textarea(attrs={"rows": 8})}

    def __init__(self, *args, territory: Territory, **kwargs):
        super().__init__(*args, **kwargs)
        now = timezone.now()
        offered, ticked = content.offers(territory, now=now)
        chosen: dict[Section, list[int]] = {section: [] for section in Section}
        if self.instance.pk:
            chosen[Section.NEWS] = list(self.instance.posts.values_list("pk", flat=True))
            chosen[Section.CALLS] = list(self.instance.calls.values_list("pk", flat=True))
            trainings = list(self.instance.trainings.values_list("pk", flat=True))
            chosen[Section.TRAININGS] = chosen[Section.EVENTS] = trainings
            ticked = chosen
        querysets = {
            Section.NEWS: content.offered_posts(territory, now),
            Section.CALLS: content.offered_calls(territory, now),
            Section.TRAININGS: content.offered_trainings(territory, now, events=False),
            Section.EVENTS: content.offered_trainings(territory, now, events=True),
        }
        for name, section in [
            ("posts", Section.NEWS),
            ("calls", Section.CALLS),
            ("trainings", Section.TRAININGS),
            ("events", Section.EVENTS),
        ]:
            ids = set(offered[section]) | set(chosen[section])
            field = cast(forms.ModelMultipleChoiceField, self.fields[name])
            field.queryset = querysets[section].filter(pk__in=ids)
            if not self.is_bound:
                self.initial[name] = [pk for pk in ticked[section] if pk in ids]

    def relations(self) -> dict[str, list]:
        """The items chosen, as issue_save takes them."""
        data = self.cleaned_data
        return {
            "posts": list(data["posts"]),
            "calls": list(data["calls"]),
            "trainings": [*data["trainings"], *data["events"]],
        }
