"""The portal-wide search (`/search/?q=`): organisations, projects, trainings and events, funding
calls, news and resources, each result labelled by its kind.

Business rules: the same matching as the directory everywhere (accents and case ignored, every
word found, typos corrected from the records' vocabulary: `members.search`); only what the
person may see (members-only resources for members, never drafts); the first results of each
kind, with how many there are and a link to that kind's own list for the rest. Two queries per
kind (the count stopping at 100) and one or two for the query's words, whatever the number of
records.
"""

from dataclasses import dataclass

from django.db.models import QuerySet
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from calls.models import Call
from members.models import Organisation
from members.search import query_terms, search, search_stored
from news.models import Post
from projects.models import Project
from resources.models import Resource
from trainings.models import Training

# Results shown per kind; the kind's own list has the others.
PER_KIND = 5
# Matches counted per kind, at most: beyond, "more than 100" (a broad word would otherwise
# count tens of thousands of organisations or projects for a figure nobody reads exactly).
COUNT_CAP = 100
# Longer queries are pasted sentences: refused with a message.
MAX_LENGTH = 200


@dataclass
class Group:
    """One kind's results: its label, the first few matches, their number, where the rest are."""

    kind: str
    label: str
    results: list
    count: int
    more_url: str = ""

    @property
    def capped(self) -> bool:
        return self.count > COUNT_CAP


def _describe(kind: str, record) -> dict:
    """What a result shows: its title and link, a line saying what and where, a summary."""
    if kind == "organisation":
        meta = [record.get_kind_display(), record.commune.name]
        return {"title": record.name, "meta": meta, "summary": record.short_description}
    if kind == "project":
        return {"title": record.title, "meta": [record.lead.name], "summary": record.summary}
    if kind == "training":
        meta = [record.get_kind_display(), record.territory.name]
        return {"title": record.title, "meta": meta, "summary": record.summary}
    if kind == "call":
        meta = [
            record.get_funder_display(),
            _("deadline %(date)s")
            % {"date": date_format(timezone.localtime(record.deadline), "SHORT_DATE_FORMAT")},
        ]
        return {"title": record.title, "meta": meta, "summary": record.summary}
    if kind == "news":
        meta = [date_format(timezone.localtime(record.published_at), "DATE_FORMAT")]
        return {"title": record.title, "meta": meta, "summary": record.summary}
    meta = [record.get_kind_display(), record.language.label]
    if record.audience == Resource.Audience.MEMBERS:
        meta.append(_("members only"))
    return {"title": record.title, "meta": meta, "summary": record.description}


def _group(kind, label, matches: QuerySet, order: list[str], more: str | None, q: str) -> Group:
    matches = matches.order_by(*order)
    records = list(matches[:PER_KIND])
    count = len(records) if len(records) < PER_KIND else matches[: COUNT_CAP + 1].count()
    results = [{**_describe(kind, r), "url": r.get_absolute_url(), "kind": label} for r in records]
    more_url = f"{reverse(more)}?{urlencode({'q': q})}" if more else ""
    return Group(kind, label, results, count, more_url)


def groups_for(user, q: str) -> list[Group]:
    terms = query_terms(q)
    if not terms:
        return []
    trainings = search_stored(Training.objects.public(), terms)
    return [
        _group(
            "organisation",
            _("Organisations"),
            search(Organisation.objects.public(), terms).select_related("commune"),
            ["name"],
            "members:directory",
            q,
        ),
        _group(
            "project",
            _("Projects"),
            search(Project.objects.public(), terms).select_related("lead"),
            # Newest first: the order of an index, which a broad word's matches need not sort.
            ["-published_at", "-pk"],
            "projects:catalogue",
            q,
        ),
        _group(
            "training",
            _("Trainings and events"),
            trainings.select_related("territory"),
            ["title"],
            None,
            q,
        ),
        _group(
            "call",
            _("Funding calls"),
            search_stored(Call.objects.public(), terms),
            ["-deadline"],
            "calls:calendar",
            q,
        ),
        _group(
            "news",
            _("News"),
            search_stored(Post.objects.public(), terms),
            ["-published_at"],
            "news:list",
            q,
        ),
        _group(
            "resource",
            _("Resources"),
            search_stored(Resource.objects.visible_to(user), terms).select_related("language"),
            ["title"],
            "resources:list",
            q,
        ),
    ]


def site_search(request):
    q = request.GET.get("q", "").strip()
    error = ""
    if len(q) > MAX_LENGTH:
        error = _("Type at most %(limit)d characters.") % {"limit": MAX_LENGTH}
        q = ""
    groups = groups_for(request.user, q) if q else []
    return render(
        request,
        "rrma/search.html",
        {
            "q": q,
            "error": error,
            "groups": groups,
            "total": sum(min(group.count, COUNT_CAP) for group in groups),
            "capped": any(group.capped for group in groups),
        },
    )
