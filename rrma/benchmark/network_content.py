"""The networks' own content, in bulk: working groups, the resource library, events, news and
the newsletters, with their subscribers, issues and deliveries.

Rules, as in the demo (members/demo_groups.py, resources/demo.py, trainings/demo.py's EVENTS,
news/demo.py, newsletter/demo.py):
- 2 working groups per territory (the demo's four), each with 10–30 active member
  organisations, of its territory and working on its themes as far as there are (a few of the
  other territory too for the group open to both); created four and a half years ago, then
  their members listed (a second history row, after the last of them joined);
- 5 resources per 100 organisations: editions of the demo's eight (their texts, years moved
  to the resource's), added over the past 4 years by their territory's coordinator; external
  links only (no file is written: a file of the demo is a link to where it is hosted); about
  1 in 4 members-only, 1 in 20 a draft, 1 in 5 in another language than the demo's; 1 in 6 of
  a territory's resources is one of its working groups' documents;
- 4 events per 100 organisations (beside the 20 trainings): editions of the demo's six
  (general assembly, network meeting, worklab, information session, working groups'
  meetings), one or two sessions each with their registrations as the trainings'
  (`training_sessions.insert`); a working group's meeting names a group of its territory and
  lists up to 3 of the group's published documents added before it as its materials;
- 10 news posts per 100 organisations: editions of the demo's posts (years in their texts
  moved to the post's year), 9 in 10 published over the past 4 years, the others drafts; some
  for both networks; the body's HTML rendered by news.markup.render once per distinct body;
  history as post_save then post_publish write it (creation, then publication);
- 20 newsletter subscribers per 100 organisations, confirmed (double opt-in done) over the
  past 3 years: of one network or both, each with the sections it chose, 1 in 10 in English;
- one issue sent per month per territory over the past 2 years (numbered 1 to 24), holding
  what the coordinators' form offers ticked at its sending (newsletter/content.py): the news
  since the previous issue (10 at most), the calls open to the territory (20), its trainings
  and its events with a session to come (20 each);
- deliveries for the last 3 issues of each newsletter only (older issues have none: their
  counts are 0): one per subscriber of the territory, confirmed by then, wanting one of the
  issue's sections; 97 in 100 sent, 2 failed, 1 bounced. Their emails are not generated (the
  queue's rows): the deliveries hold their recorded outcomes.
"""

import base64
import re
from bisect import bisect_right
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.utils.text import slugify

from calls.models import Call
from members.demo_groups import GROUPS
from members.models import Organisation, WorkingGroup
from members.models.groups import RESERVED_SLUGS as GROUP_RESERVED_SLUGS
from news.demo import POSTS
from news.enums import ChangeReason as PostChange
from news.markup import render
from news.models import RESERVED_SLUGS as POST_RESERVED_SLUGS
from news.models import Post
from newsletter.content import OFFERED
from newsletter.enums import DeliveryStatus, IssueStatus, Section
from newsletter.models import NAMES, SECTION_FIELDS, Delivery, Issue, Subscriber
from resources.demo import RESOURCES
from resources.models import RESERVED_SLUGS as RESOURCE_RESERVED_SLUGS
from resources.models import Resource
from trainings.demo import EVENTS, bullets
from trainings.enums import TrainingKind
from trainings.models import RESERVED_SLUGS as TRAINING_RESERVED_SLUGS
from trainings.models import Session, Training

from . import vocabulary as words
from .bulk import Slugs, bulk, history, link, m2m_history
from .context import Context
from .training_sessions import Edition, insert, training_status

YEARS = re.compile(r"\b20\d\d\b")
MEMBERS = (10, 30)  # a working group's member organisations
# A resource's link, for the demo's files (by their extension).
HOSTED = "https://ressources.rrma-antilles.example/documents"
# Another language than the demo's: the title says which version it is.
VERSIONS = {
    "fr": [("en", "version anglaise"), ("es", "version espagnole"), ("ht", "version créole")],
    "en": [("fr", "version française"), ("es", "Spanish version")],
}
# A meeting of a working group other than the demo's: its own words.
GROUP_MEETING = (
    "Tour de table des membres ; Avancement des projets communs ; Documents à partager ; "
    "Prochaines échéances et répartition des tâches"
)
ISSUES = 24  # per newsletter: one a month
DELIVERED_ISSUES = 3  # the last ones, with their deliveries
FAILURES = [
    "SMTPRecipientsRefused: 550 5.1.1 Mailbox unavailable",
    "SMTPDataError: 452 4.2.2 Mailbox full (gave up after 10 attempts)",
]
MONTHS = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
          "octobre", "novembre", "décembre"]  # fmt: skip


def network_content(ctx: Context) -> None:
    """Everything of this module, in the order each part needs the others."""
    groups = working_groups(ctx)
    resources = library(ctx, groups)
    events(ctx, groups, resources)
    posts = news(ctx)
    subscribers = newsletter_subscribers(ctx)
    newsletter_issues(ctx, posts, subscribers)


def _moved(text: str, years: int) -> str:
    """The demo's text, its years moved by `years` (the demo speaks of this year)."""
    if not years:
        return text
    return YEARS.sub(lambda m: str(int(m.group()) + years), text)


def _token(ctx: Context) -> str:
    """A token as `secrets.token_urlsafe(24)` makes one, from the seed's sequence."""
    return base64.urlsafe_b64encode(ctx.rng.randbytes(24)).rstrip(b"=").decode()


def _territory(ctx: Context, slug: str | None):
    return next((t for t in ctx.territories.values() if t.slug == slug), None)


# Working groups ------------------------------------------------------------------------------


def _members(ctx: Context, territory_id: int, themes: list[str], both: bool) -> list[int]:
    rng = ctx.rng
    active = [o for o in ctx.organisations if o.status == Organisation.Status.ACTIVE]
    wanted = rng.randint(*MEMBERS)

    def drawn(organisations: list, count: int) -> list:
        working = [o for o in organisations if set(o.theme_codes) & set(themes)]
        chosen = rng.sample(working, min(count, len(working)))
        others = [o for o in organisations if o not in chosen]
        return chosen + rng.sample(others, min(count - len(chosen), len(others)))

    own = [o for o in active if o.territory_id == territory_id]
    chosen = drawn(own, wanted)
    if both:
        other = [o for o in active if o.territory_id != territory_id]
        chosen += drawn(other, rng.randint(2, 5))
    return chosen


def working_groups(ctx: Context) -> dict[int, list[WorkingGroup]]:
    """The demo's four groups and their members; returns them by territory id."""
    slugs, made = Slugs(reserved=GROUP_RESERVED_SLUGS), []
    for slug, name, themes, description, both in GROUPS:
        territory = _territory(ctx, slug)
        group = WorkingGroup(
            territory=territory,
            name=name,
            slug=slugs(name, "group"),
            description=description,
            is_active=True,
            created_at=ctx.days_ago(4.5 * 365 + ctx.rng.uniform(0, 60)),
        )
        group.open_to_both = both
        members = _members(ctx, territory.pk, themes, both)
        joined = max((o.validated_at or o.created_at for o in members), default=group.created_at)
        group.members_listed_at = min(ctx.now, max(joined, group.created_at) + timedelta(days=1))
        made.append((group, themes, members))
    groups = bulk(WorkingGroup, [group for group, _themes, _members in made])
    lists = {
        "themes": link(
            WorkingGroup, "themes", [(g.pk, c) for g, themes, _m in made for c in themes]
        ),
        "organisations": link(
            WorkingGroup,
            "organisations",
            [(g.pk, o.pk) for g, _t, members in made for o in members],
        ),
    }
    by = lambda g: ctx.coordinator(g.territory_id)  # noqa: E731
    history(WorkingGroup, groups, when=lambda g: g.created_at, by=by)
    listed = history(WorkingGroup, groups, kind="~", when=lambda g: g.members_listed_at, by=by)
    m2m_history(WorkingGroup, listed, lists)
    by_territory: dict[int, list[WorkingGroup]] = {}
    for group in groups:
        by_territory.setdefault(group.territory_id, []).append(group)
    return by_territory


# The resource library ------------------------------------------------------------------------


def _resource(ctx: Context, index: int, slugs: Slugs, groups) -> tuple[Resource, list[str]]:
    rng = ctx.rng
    title, kind, where, audience, language, themes, file, url, description = RESOURCES[
        index % len(RESOURCES)
    ]
    created = ctx.days_ago(1 if index == 0 else rng.uniform(0, 4 * 365))
    years = created.year - ctx.now.year
    title, description = _moved(title, years), _moved(description, years)
    if not YEARS.search(title):
        title = f"{title} ({created.year})"
    if index and rng.random() < 0.2:
        language, version = rng.choice(VERSIONS[language])
        title = f"{title} — {version}"
    if audience == Resource.Audience.PUBLIC and index and rng.random() < 0.15:
        audience = Resource.Audience.MEMBERS
    territory = _territory(ctx, where)
    slug = slugs(title, "resource")
    if not url:
        url = f"{HOSTED}/{slug}{file[0][file[0].rindex('.') :]}"
    group = None
    if territory is not None and index and rng.random() < 1 / 6:
        group = rng.choice(groups[territory.pk])
    resource = Resource(
        title=title,
        slug=slug,
        description=description,
        kind=kind,
        language_id=language,
        url=url,
        audience=audience,
        status=Resource.Status.DRAFT
        if index and rng.random() < 0.05
        else Resource.Status.PUBLISHED,
        territory=territory,
        working_group=group,
        added_by_id=ctx.coordinator((territory or _territory(ctx, "guadeloupe")).pk),
        created_at=created,
        updated_at=created,
    )
    return resource, themes


def library(ctx: Context, groups) -> list[Resource]:
    """The resources, their themes and history; returns them."""
    slugs = Slugs(reserved=RESOURCE_RESERVED_SLUGS)
    count = max(len(RESOURCES), ctx.scale * 5 // 100)
    made = [_resource(ctx, index, slugs, groups) for index in range(count)]
    resources = bulk(Resource, [resource for resource, _themes in made])
    through = {"themes": link(Resource, "themes", [(r.pk, c) for r, ts in made for c in ts])}
    rows = history(Resource, resources, when=lambda r: r.created_at, by=lambda r: r.added_by_id)
    m2m_history(Resource, rows, through)
    return resources


# Events --------------------------------------------------------------------------------------


def _event(ctx: Context, index: int, slugs: Slugs, groups) -> Edition:
    rng = ctx.rng
    row = EVENTS[index % len(EVENTS)]
    where, kind, title, themes, format_, open_, group_name, _days, slot, capacity, *texts = row
    _fill, summary, programme, audience, speakers = texts
    territory = _territory(ctx, where)
    themes = themes.split()
    group = None
    if kind == TrainingKind.WORKING_GROUP:
        own = groups[territory.pk]
        group = next((g for g in own if g.name == group_name), own[0])
        if rng.random() < 0.5:
            # Another group of the territory, in its own words.
            group = rng.choice(own)
        if group.name != group_name:
            title = f"Groupe {group.name} : réunion de travail"
            summary = (
                f"Réunion du groupe de travail « {group.name} » : l'avancement des projets des "
                "membres et les prochaines actions communes."
            )
            programme, open_ = GROUP_MEETING, group.open_to_both
            themes = [
                code
                for _slug, name, codes, *_rest in GROUPS
                if name == group.name
                for code in codes
            ]
    # The first one is announced with a coming session, so that every scale has one to show.
    offset = 30.0 if index == 0 else rng.uniform(-4 * 365, 180)
    status = training_status(0.0 if index == 0 else rng.random())
    year = (ctx.now + timedelta(days=offset)).year
    full_title = f"{title} ({year})"
    created = min(ctx.now, ctx.now + timedelta(days=offset - rng.uniform(30, 90)))
    event = Training(
        kind=kind,
        title=full_title,
        slug=slugs(full_title, "training"),
        summary=summary,
        content=bullets(programme),
        audience=audience,
        trainers=speakers,
        territory=territory,
        open_to_other_territory=open_,
        format=format_,
        language_id="fr",
        requires_approval=False,
        status=status,
        working_group=group,
        created_at=created,
        updated_at=created,
    )
    return Edition(event, themes, offset, slot=slot, capacity=capacity, session_counts=(1, 1, 1, 2))


def _materials(ctx: Context, made: list[Edition], resources: list[Resource]) -> list:
    """Up to 3 of its group's latest published documents, added before the meeting was."""
    documents: dict[int, list[Resource]] = {}
    for resource in sorted(resources, key=lambda r: r.created_at):
        if resource.working_group_id and resource.status == Resource.Status.PUBLISHED:
            documents.setdefault(resource.working_group_id, []).append(resource)
    pairs = []
    for edition in made:
        event = edition.training
        if event.working_group_id is None:
            continue
        group = documents.get(event.working_group_id, [])
        before = group[: bisect_right([r.created_at for r in group], event.created_at)]
        count = min(ctx.rng.randint(0, 3), len(before))
        pairs += [(event.pk, r.pk) for r in before[len(before) - count :]]
    return pairs


def events(ctx: Context, groups, resources: list[Resource]) -> None:
    """The events, their sessions, registrations, history, and the materials of the groups'
    meetings."""
    taken = set(Training.objects.values_list("slug", flat=True))
    slugs = Slugs(reserved=TRAINING_RESERVED_SLUGS | taken)
    made = [_event(ctx, i, slugs, groups) for i in range(max(len(EVENTS), ctx.scale * 4 // 100))]
    insert(ctx, made)
    link(Training, "materials", _materials(ctx, made, resources))


# News ----------------------------------------------------------------------------------------


def news(ctx: Context) -> list[Post]:
    """The posts, their themes and history; returns them."""
    rng, slugs = ctx.rng, Slugs(reserved=POST_RESERVED_SLUGS)
    published_rows = [row for row in POSTS if row[6] is not None]
    rendered: dict[str, str] = {}
    made = []
    for index in range(max(len(POSTS), ctx.scale * 10 // 100)):
        published = index == 0 or rng.random() < 0.9
        if published:
            row = published_rows[index % len(published_rows)]
            moment = ctx.days_ago(0.5 if index == 0 else rng.uniform(0, 4 * 365))
            created = moment - timedelta(days=rng.uniform(0.1, 7))
        else:
            row = rng.choice(POSTS)
            moment, created = None, ctx.days_ago(rng.uniform(0, 180))
        where, author, title, summary, body, themes, _days = row
        years = (moment or created).year - ctx.now.year
        title, summary, body = (_moved(text, years) for text in (title, summary, body))
        if body not in rendered:
            rendered[body] = render(body)
        territory = _territory(ctx, where)
        post = Post(
            title=title,
            slug=slugs(title, "post"),
            summary=summary,
            body=body,
            body_html=rendered[body],
            territory=territory,
            status=Post.Status.PUBLISHED if published else Post.Status.DRAFT,
            published_at=moment,
            author_id=ctx.coordinator(_territory(ctx, author).pk),
            created_at=created,
            updated_at=moment or created,
        )
        made.append((post, themes))
    posts = bulk(Post, [post for post, _themes in made])
    through = {"themes": link(Post, "themes", [(p.pk, c) for p, ts in made for c in ts])}
    last = {
        row.id: row
        for row in history(
            Post,
            posts,
            when=lambda p: p.created_at,
            by=lambda p: p.author_id,
            state=lambda p: {"status": Post.Status.DRAFT, "published_at": None},
        )
    }
    public = [post for post in posts if post.status == Post.Status.PUBLISHED]
    for row in history(
        Post,
        public,
        kind="~",
        when=lambda p: p.published_at,
        by=lambda p: p.author_id,
        reason=PostChange.PUBLISHED,
    ):
        last[row.id] = row
    m2m_history(Post, list(last.values()), through)
    return posts


# Newsletters ---------------------------------------------------------------------------------


def newsletter_subscribers(ctx: Context) -> list[Subscriber]:
    """Confirmed subscribers and their networks; returns them, with `territory_ids`."""
    rng = ctx.rng
    territories = sorted(ctx.territories)
    subscribers = []
    for n in range(max(5, ctx.scale * 20 // 100)):
        first, last = rng.choice(words.FIRST_NAMES), rng.choice(words.LAST_NAMES)
        draw = rng.random()
        chosen = territories[:1] if draw < 0.45 else territories[1:] if draw < 0.8 else territories
        sections = (
            list(Section)
            if rng.random() < 0.6
            else rng.sample(list(Section), rng.randint(1, len(Section) - 1))
        )
        created = ctx.days_ago(rng.uniform(0, 3 * 365))
        subscriber = Subscriber(
            email=f"{slugify(first)}.{slugify(last)}.{n}@lecteurs.example",
            language="en" if rng.random() < 0.1 else "fr",
            token=_token(ctx),
            created_at=created,
            confirmed_at=min(ctx.now, created + timedelta(minutes=rng.uniform(2, 2 * 24 * 60))),
            **{name: section in sections for section, name in SECTION_FIELDS.items()},
        )
        subscriber.territory_ids = chosen
        subscribers.append(subscriber)
    bulk(Subscriber, subscribers)
    link(Subscriber, "territories", [(s.pk, t) for s in subscribers for t in s.territory_ids])
    return subscribers


def _sending_days(ctx: Context, tz: ZoneInfo) -> list[datetime]:
    """The first Tuesday of each of the last ISSUES months, 10:00 local, before now."""
    today = ctx.now.astimezone(tz).date()
    days = []
    year, month = today.year, today.month
    while len(days) < ISSUES:
        day = datetime(year, month, 1, 10, tzinfo=tz)
        day += timedelta(days=(1 - day.weekday()) % 7)
        if day <= ctx.now:
            days.append(day)
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return days[::-1]


class _Offers:
    """What the coordinators' form of a territory's issue offers at a given time
    (newsletter.content.offers), read from the generated rows."""

    def __init__(self, posts: list[Post]):
        self.posts = sorted(
            (p for p in posts if p.status == Post.Status.PUBLISHED),
            key=lambda p: (p.published_at, p.pk),
            reverse=True,
        )
        published = Call.objects.filter(status=Call.Status.PUBLISHED)
        where: dict[int, set[int]] = {}
        for call, territory in Call.territories.through.objects.values_list("call", "territory"):
            where.setdefault(call, set()).add(territory)
        self.calls = sorted(
            (deadline, pk, published_at, where.get(pk, set()))
            for pk, deadline, published_at in published.values_list(
                "pk", "deadline", "published_at"
            )
        )
        sessions: dict[int, list[tuple[datetime, datetime]]] = {}
        for training, starts, ends in Session.objects.values_list(
            "training", "starts_at", "ends_at"
        ):
            sessions.setdefault(training, []).append((starts, ends))
        self.trainings = [
            (pk, territory, kind, created, sessions.get(pk, []))
            for pk, territory, kind, created in Training.objects.filter(
                status=Training.Status.PUBLISHED
            ).values_list("pk", "territory", "kind", "created_at")
        ]

    def at(self, territory: int, when: datetime, since: datetime | None) -> dict:
        """The ids ticked by section, as `offers` ticks them."""
        posts = [
            p for p in self.posts if p.published_at <= when and p.territory_id in (None, territory)
        ][: OFFERED[Section.NEWS]]
        calls = [
            pk
            for deadline, pk, published_at, where in self.calls
            if deadline > when and published_at and published_at <= when and territory in where
        ][: OFFERED[Section.CALLS]]
        coming = {False: [], True: []}
        for pk, of, kind, created, sessions in self.trainings:
            starts = [s for s, e in sessions if e >= when]
            if of == territory and created <= when and starts:
                coming[kind != TrainingKind.TRAINING].append((min(starts), pk))
        return {
            Section.NEWS: [p.pk for p in posts if since is None or p.published_at > since],
            Section.CALLS: calls,
            Section.TRAININGS: [
                pk for _s, pk in sorted(coming[False])[: OFFERED[Section.TRAININGS]]
            ],
            Section.EVENTS: [pk for _s, pk in sorted(coming[True])[: OFFERED[Section.EVENTS]]],
        }


def newsletter_issues(ctx: Context, posts: list[Post], subscribers: list[Subscriber]) -> None:
    """The sent issues of each newsletter, their items, and the deliveries of the last ones."""
    rng, offers = ctx.rng, _Offers(posts)
    issues, items = [], []
    for territory in sorted(ctx.territories.values(), key=lambda t: t.pk):
        coordinator = ctx.coordinator(territory.pk)
        team = NAMES.get(territory.slug) or territory.network_name or "la coordination"
        since = None
        for number, sent in enumerate(_sending_days(ctx, ZoneInfo(territory.timezone)), start=1):
            created = sent - timedelta(days=rng.uniform(2, 6))
            issue = Issue(
                territory=territory,
                number=number,
                subject=f"Les nouvelles de la coopération en {territory.name} — "
                f"{MONTHS[sent.month - 1]} {sent.year}",
                intro="Bonjour à toutes et à tous,\n\nVoici les appels à projets ouverts, les "
                "formations et les rencontres du réseau pour les semaines à venir. Bonne "
                f"lecture !\n\nL'équipe de {team}",
                status=IssueStatus.SENT,
                created_by_id=coordinator,
                sent_by_id=coordinator,
                created_at=created,
                updated_at=created + timedelta(hours=rng.uniform(1, 24)),
                sent_at=sent,
            )
            issue.chosen = offers.at(territory.pk, sent, since)
            issue.delivered = number > ISSUES - DELIVERED_ISSUES
            issues.append(issue)
            since = sent
    bulk(Issue, issues)
    for name, sections in (
        ("posts", [Section.NEWS]),
        ("calls", [Section.CALLS]),
        ("trainings", [Section.TRAININGS, Section.EVENTS]),
    ):
        link(Issue, name, [(i.pk, pk) for i in issues for s in sections for pk in i.chosen[s]])
    for issue in issues:
        if issue.delivered:
            items += _deliveries(ctx, issue, subscribers)
    bulk(Delivery, items)


def _deliveries(ctx: Context, issue: Issue, subscribers: list[Subscriber]) -> list[Delivery]:
    rng = ctx.rng
    sections = {section for section, ids in issue.chosen.items() if ids}
    made = []
    for subscriber in subscribers:
        if (
            issue.territory_id in subscriber.territory_ids
            and subscriber.confirmed_at <= issue.sent_at
            and (not sections or sections & set(subscriber.sections))
        ):
            draw = rng.random()
            status = (
                DeliveryStatus.SENT
                if draw < 0.97
                else DeliveryStatus.FAILED
                if draw < 0.99
                else DeliveryStatus.BOUNCED
            )
            made.append(
                Delivery(
                    issue=issue,
                    subscriber=subscriber,
                    status=status,
                    error=rng.choice(FAILURES) if status == DeliveryStatus.FAILED else "",
                    created_at=issue.sent_at,
                    sent_at=None
                    if status == DeliveryStatus.FAILED
                    else issue.sent_at + timedelta(minutes=rng.uniform(1, 90)),
                )
            )
    return made
