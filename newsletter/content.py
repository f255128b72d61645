"""What an issue shows, and what a new issue is offered: read through each app's public scopes,
so that an item withdrawn from publication since disappears from the issue too."""

from dataclasses import dataclass, field
from datetime import date, datetime

from django.db.models import Min, Prefetch, Q, QuerySet
from django.utils import timezone

from calls.models import Call
from members.models import Territory
from news.models import Post
from trainings.enums import EVENT_KINDS, TrainingKind
from trainings.models import Session, Training

from .enums import IssueStatus, Section
from .models import Issue

# How many of each kind a new issue offers, latest news first, soonest deadline or session first.
OFFERED = {Section.NEWS: 10, Section.CALLS: 20, Section.TRAININGS: 20, Section.EVENTS: 20}


@dataclass(frozen=True)
class Item:
    """One entry of an issue, as emails and pages show it. `when` is the news' publication, the
    call's deadline, the next session's start (local times; None when there is none)."""

    section: Section
    title: str
    summary: str
    path: str
    when: datetime | date | None = None


@dataclass
class Block:
    """One section of an issue and its items."""

    section: Section
    items: list[Item] = field(default_factory=list)

    @property
    def label(self) -> str:
        return str(self.section.label)


def _section_of(training: Training) -> Section:
    return Section.TRAININGS if training.kind == TrainingKind.TRAINING else Section.EVENTS


def _next_start(training: Training):
    sessions = getattr(training, "coming_sessions", [])
    return sessions[0].local_start if sessions else None


def issue_content(issue: Issue, *, now: datetime | None = None) -> list[Block]:
    """The issue's sections that hold something, in the newsletter's order (three queries and
    one for the sessions, whatever the number of items). Sessions are those still coming when
    the issue went out (or now, for a draft)."""
    since = issue.sent_at or now or timezone.now()
    blocks = {section: Block(section) for section in Section}
    for post in issue.posts.public().order_by("-published_at", "-pk"):
        blocks[Section.NEWS].items.append(
            Item(Section.NEWS, post.title, post.summary, post.get_absolute_url(), post.published_at)
        )
    for call in issue.calls.public().order_by("deadline", "pk"):
        blocks[Section.CALLS].items.append(
            Item(
                Section.CALLS,
                call.title,
                call.summary,
                call.get_absolute_url(),
                call.local_deadline,
            )
        )
    coming = Session.objects.filter(ends_at__gte=since).order_by("starts_at", "pk")
    trainings = (
        issue.trainings.published()
        .select_related("territory")
        .prefetch_related(Prefetch("sessions", queryset=coming, to_attr="coming_sessions"))
    )
    rows = sorted(trainings, key=lambda t: (_next_start(t) is None, _next_start(t) or since, t.pk))
    for training in rows:
        section = _section_of(training)
        blocks[section].items.append(
            Item(
                section,
                training.title,
                training.summary,
                training.get_absolute_url(),
                _next_start(training),
            )
        )
    return [block for block in blocks.values() if block.items]


def blocks_for(blocks: list[Block], sections) -> list[Block]:
    """The blocks a subscriber chose."""
    wanted = set(sections)
    return [block for block in blocks if block.section in wanted]


# What a new issue is offered ---------------------------------------------------------------


def last_sent_at(territory: Territory) -> datetime | None:
    latest = (
        Issue.objects.filter(
            territory=territory, status__in=[IssueStatus.SENDING, IssueStatus.SENT]
        )
        .order_by("-sent_at")
        .values_list("sent_at", flat=True)
        .first()
    )
    return latest


def offered_posts(territory: Territory, now: datetime) -> QuerySet:
    """The territory's latest public news and those of both networks."""
    return Post.objects.public(now).for_territory(territory).order_by("-published_at", "-pk")


def offered_calls(territory: Territory, now: datetime) -> QuerySet:
    """Published calls open to the territory, open now or opening later."""
    return (
        Call.objects.public()
        .not_closed(now)
        .filter(pk__in=Call.territories.through.objects.filter(territory=territory).values("call"))
        .order_by("deadline", "pk")
    )


def with_next_start(trainings: QuerySet, now: datetime) -> QuerySet:
    return trainings.annotate(
        next_start=Min("sessions__starts_at", filter=Q(sessions__ends_at__gte=now))
    )


def offered_trainings(territory: Territory, now: datetime, *, events: bool) -> QuerySet:
    """The territory's published trainings (or events) with a session still to come, soonest
    first."""
    kinds = EVENT_KINDS if events else [TrainingKind.TRAINING]
    return (
        with_next_start(Training.objects.published().filter(territory=territory), now)
        .filter(kind__in=kinds, next_start__isnull=False)
        .order_by("next_start", "pk")
    )


def offers(territory: Territory, *, now: datetime | None = None):
    """(offered, ticked): the ids of what a new issue of the territory offers, by section, and
    of those it starts with ticked: every call, training and event offered, and the news
    published since the territory's last issue (all those offered, before the first issue).
    One query per section, and one for the last issue."""
    now = now or timezone.now()
    posts = list(
        offered_posts(territory, now).values_list("pk", "published_at")[: OFFERED[Section.NEWS]]
    )
    offered = {
        Section.NEWS: [pk for pk, _at in posts],
        Section.CALLS: list(
            offered_calls(territory, now).values_list("pk", flat=True)[: OFFERED[Section.CALLS]]
        ),
    }
    for section, events in [(Section.TRAININGS, False), (Section.EVENTS, True)]:
        rows = offered_trainings(territory, now, events=events).values_list("pk", flat=True)
        offered[section] = list(rows[: OFFERED[section]])
    since = last_sent_at(territory)
    ticked = {
        **offered,
        Section.NEWS: [pk for pk, at in posts if since is None or (at and at > since)],
    }
    return offered, ticked
