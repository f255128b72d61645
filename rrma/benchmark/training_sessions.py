"""The networks' trainings, their sessions and registrations, in bulk.

Rules, as in trainings/demo.py:
- 20 trainings per 100 organisations: editions of the demo's twelve (their texts, the year
  in the title), in both territories; 85 in 100 published, 8 cancelled, the others drafts;
- 1–3 sessions each, from four years ago to six months ahead, at the demo's local times, in
  the territory's venues, online or both; registration opens six weeks before, closes two
  days before;
- registrations as the demo fills its sessions (`trainings.demo.statuses`): past sessions
  attended or missed, coming ones confirmed, with a waiting list when full and requests
  awaiting approval when needed, a few cancellations; each person once per session, for an
  organisation they belong to, of the training's territory (either, when open to both).

The networks' other events (`network_content`) are inserted by the same code (`insert`), with
their own kind, time of day, capacity and number of sessions.
"""

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from trainings.demo import SLOTS, TRAININGS, VENUES, bullets, statuses
from trainings.models import RESERVED_SLUGS, Registration, Session, Training

from .bulk import Slugs, bulk, history, link, m2m_history
from .context import Context

TS, R = Training.Status, Registration.Status
# Status of a training, by a draw in [0, 1): below each bound.
TRAINING_STATUSES = [(0.85, TS.PUBLISHED), (0.93, TS.CANCELLED), (1.0, TS.DRAFT)]
CAPACITIES = [12, 15, 16, 18, 20, 24, 25]


@dataclass
class Edition:
    """A training (or an event) to insert: its themes, the day of its first session (days from
    today), and how its sessions are drawn."""

    training: Training
    themes: list[str]
    offset: float
    slot: str | None = None  # its sessions' time of day (SLOTS); None: drawn for each
    capacity: int | None = None  # None: drawn for each session among CAPACITIES
    session_counts: tuple[int, ...] = (1, 1, 2, 2, 3)


def training_status(draw: float) -> str:
    return next(s for bound, s in TRAINING_STATUSES if draw < bound)


def _training(ctx: Context, index: int, slugs: Slugs) -> Edition:
    rng = ctx.rng
    row = TRAININGS[index % len(TRAININGS)]
    _slug, title, themes, format_, language, _status, open_, approval, *texts = row
    summary, objectives, content, prerequisites, audience, trainers = texts
    # The first one is announced with a coming session, so that every scale has one to show.
    offset = 30.0 if index == 0 else rng.uniform(-4 * 365, 180)
    territory = rng.choice(sorted(ctx.territories.values(), key=lambda t: t.pk))
    draw = 0.0 if index == 0 else rng.random()
    status = training_status(draw)
    year = (ctx.now + timedelta(days=offset)).year
    full_title = f"{title} ({year})"
    created = ctx.now + timedelta(days=offset - rng.uniform(60, 120))
    training = Training(
        title=full_title,
        slug=slugs(full_title, "training"),
        summary=summary,
        objectives=bullets(objectives),
        content=bullets(content),
        prerequisites=prerequisites,
        audience=audience,
        trainers=trainers,
        territory=territory,
        open_to_other_territory=open_,
        format=format_,
        language_id=language,
        requires_approval=approval,
        status=status,
        created_at=min(created, ctx.now),
        updated_at=min(created, ctx.now),
    )
    return Edition(training, themes.split(), offset)


def _session(
    ctx: Context, training: Training, offset: float, slot: str | None, capacity: int | None
) -> Session:
    rng = ctx.rng
    tz = ZoneInfo(training.territory.timezone)
    day = (ctx.now.astimezone(tz) + timedelta(days=offset)).date()
    while day.weekday() >= 5:  # weekdays, as the demo's further sessions
        day += timedelta(days=1)
    slot = slot or rng.choice(sorted(SLOTS))
    start, end = (datetime.combine(day, time.fromisoformat(t), tzinfo=tz) for t in SLOTS[slot])
    venue, commune = "", None
    if training.format != Training.Format.ONLINE:
        venue, name = rng.choice(VENUES[training.territory.slug])
        places = ctx.communes[training.territory_id]
        commune = next((c for c in places if c.name == name), places[0])
    online = training.format != Training.Format.IN_PERSON
    return Session(
        training=training,
        starts_at=start,
        ends_at=end,
        venue=venue,
        commune=commune,
        online_url=f"https://visio.rrma.example/salle-{rng.randint(100000, 999999)}"
        if online
        else "",
        capacity=capacity or rng.choice(CAPACITIES),
        registration_opens_at=start - timedelta(weeks=6),
        registration_deadline=start - timedelta(days=2),
    )


def _registrations(ctx: Context, session: Session, candidates: list) -> list[Registration]:
    """Distinct people registered between the opening and the deadline (or now)."""
    rng, now = ctx.rng, ctx.now
    past = session.starts_at < now
    fill = rng.uniform(0.6, 1.0) if past else rng.choice([0, 0.3, 0.5, 0.7, "full"])
    wanted = statuses(rng, session, fill, now)
    people = rng.sample(candidates, min(len(wanted), len(candidates)))
    opens, closes = session.registration_opens_at, min(now, session.registration_deadline)
    times = sorted(opens + (closes - opens) * rng.random() for _ in people)
    made = []
    for (user, organisation), status, created in zip(people, wanted, times, strict=False):
        cancelled_at = None
        if status == R.CANCELLED:
            cancelled_at = created + (min(now, session.starts_at) - created) * rng.random()
        made.append(
            Registration(
                session=session,
                user_id=user,
                organisation_id=organisation,
                status=status,
                created_at=created,
                cancelled_at=cancelled_at,
                reminder_sent_at=session.starts_at - timedelta(days=1)
                if status in (R.ATTENDED, R.ABSENT)
                else None,
            )
        )
    return made


def trainings(ctx: Context) -> None:
    """The trainings, their themes, sessions, registrations and history."""
    slugs = Slugs(reserved=RESERVED_SLUGS)
    insert(ctx, [_training(ctx, index, slugs) for index in range(max(1, ctx.scale * 20 // 100))])


def insert(ctx: Context, editions: list[Edition]) -> list[Session]:
    """The trainings of `editions`, their themes and history, sessions and registrations;
    returns the sessions."""
    rng = ctx.rng
    all_trainings = bulk(Training, [e.training for e in editions])
    through = {
        "themes": link(Training, "themes", [(e.training.pk, c) for e in editions for c in e.themes])
    }
    m2m_history(Training, history(Training, all_trainings, when=lambda t: t.created_at), through)
    sessions = []
    for e in editions:
        for n in range(rng.choice(e.session_counts)):
            offset = e.offset + n * rng.uniform(7, 45)
            sessions.append(_session(ctx, e.training, offset, e.slot, e.capacity))
    bulk(Session, sessions)
    history(Session, sessions, when=lambda s: s.training.created_at)
    # One organisation per person and territory: a person registers once per session.
    members = {t: dict(pairs) for t, pairs in ctx.members.items()}
    both = {user: org for people in members.values() for user, org in people.items()}
    candidates = {t: list(people.items()) for t, people in members.items()}
    everyone = list(both.items())
    registrations = []
    for session in sessions:
        training = session.training
        pool = (
            everyone
            if training.open_to_other_territory
            else candidates.get(training.territory_id, [])
        )
        registrations += _registrations(ctx, session, pool)
    bulk(Registration, registrations)
    return sessions
