"""Advisory support and missions, in bulk: the organisations' support requests with their
threads, steps and appointments; their missions and delegations with the obstacles they met.

Rules, as in support/demo.py and missions/demo.py, following support.services and the
models' constraints:
- support requests: about 3 in 100 organisations ask each year, over the years they have
  been active (active organisations with an account; a few ask often, most never), by one of
  their people; the demo member's organisations have the demo's seven requests (one per
  status, the new one waiting too long), so that their list is the same at every scale;
- a request's status depends on its age: past four months nearly all ended (closed with an
  outcome 9 in 10, the others withdrawn), a few forgotten open; recent ones open in every
  status (new ones left more than `SUPPORT_ANSWER_DAYS` are waiting too long);
- its story is played as the services write it (`_play`): the new step by the requester,
  the coordinator of its territory taking it, 1–6 messages (the coordinator's answers with
  their time spent, the organisation's replies, some internal notes, always by the
  coordinator), the follow-up's steps (waiting for the organisation, back in progress when
  it replies, closed, withdrawn by the requester), some appointments; the request's
  `first_answer_at`, `awaiting_since`, `reminded_at` and `ended_at` are what those steps
  leave; everything happens before now (an appointment of an open request may be to come);
- missions: about 10 in 100 organisations record one each year, over the years they have
  been active, mostly to the countries they work with (the Caribbean countries of the
  partners), 3 in 4 outgoing; 1–30 participants (most a handful), 1–14 days, a few planned
  in the coming three months; one in four names one of its organisation's projects;
- 0–3 obstacles each (past missions), the kinds each country's missions meet most (visas to
  and from Haiti, transport to Dominica, Spanish in Cuba…), half with a note.
"""

from bisect import bisect_left
from datetime import datetime, timedelta
from itertools import accumulate
from zoneinfo import ZoneInfo

from calls.models import Call
from members.models import Membership, Organisation
from missions.enums import Direction, ObstacleKind
from missions.models import Mission, Obstacle
from projects.demo import FRENCH
from projects.models import Project
from support.demo import REQUESTS
from support.enums import ENDED_STATUSES, Mode, Outcome, Status, Topic
from support.models import Appointment, Message, StatusChange, SupportRequest, answer_delay

from . import vocabulary as words
from .bulk import bulk
from .context import Context

YEAR = 365.25
REQUESTS_PER_YEAR = 0.03  # per organisation
MISSIONS_PER_YEAR = 0.10
# How much an organisation asks or travels, relative to others (most little, a few a lot).
ACTIVITY = [0, 0, 1, 1, 1, 2, 3, 6]
RECENT = 120  # days: past this age, a request has nearly always ended
FORGOTTEN = 0.015  # the share of older requests left open
OUTCOMES = [
    (Outcome.ADVICE_GIVEN, 40),
    (Outcome.FILE_SUBMITTED, 22),
    (Outcome.FUNDING_OBTAINED, 8),
    (Outcome.PARTNER_FOUND, 6),
    (Outcome.REDIRECTED, 12),
    (Outcome.NO_FOLLOW_UP, 12),
]
TOPICS = [
    (Topic.PROJECT_DESIGN, 18),
    (Topic.FUNDING_FCR, 16),
    (Topic.FUNDING_INTERREG, 12),
    (Topic.FUNDING_AFD, 5),
    (Topic.FUNDING_OTHER, 8),
    (Topic.BUDGET, 12),
    (Topic.PARTNER_SEARCH, 12),
    (Topic.MOBILITY, 8),
    (Topic.COMMUNICATION, 5),
    (Topic.OTHER, 4),
]
FUNDING = {Topic.FUNDING_FCR, Topic.FUNDING_INTERREG, Topic.FUNDING_AFD, Topic.FUNDING_OTHER}
# fmt: off
DESCRIPTIONS = {
    Topic.PROJECT_DESIGN: [
        "Nous voulons monter un projet avec un partenaire {a} ({town}) et ne savons pas par où "
        "commencer : objectifs, calendrier, rôle de chacun.",
        "Pouvez-vous relire notre note de projet avant que nous la présentions à nos "
        "partenaires {a} ? Nous hésitons sur les indicateurs.",
    ],
    Topic.FUNDING_FCR: [
        "Nous préparons un dossier au Fonds de coopération régionale pour une action {en}. "
        "Pouvez-vous relire notre budget et nos indicateurs ?",
        "Notre dossier FCR a été jugé incomplet : quelles pièces manquent le plus souvent ?",
    ],
    Topic.FUNDING_INTERREG: [
        "Dépôt d'une fiche projet Interreg Caraïbes avec un partenaire de {town} : le "
        "cofinancement demandé nous semble élevé.",
        "Comment répartir le budget entre chef de file et partenaires dans un projet "
        "Interreg {en} ?",
    ],
    Topic.FUNDING_AFD: [
        "Notre partenaire de {town} nous parle d'un appel de l'AFD : sommes-nous éligibles "
        "comme association ?",
    ],
    Topic.FUNDING_OTHER: [
        "Nous cherchons un financement pour un échange de jeunes {en} : quelles fondations "
        "financent ce type d'action ?",
        "Une fondation nous demande un budget détaillé par activité : avez-vous un modèle ?",
    ],
    Topic.BUDGET: [
        "Comment présenter la valorisation du bénévolat dans notre budget prévisionnel ?",
        "Nous devons justifier les dépenses d'une mission {en} : quels justificatifs garder "
        "pour les billets et les per diem ?",
    ],
    Topic.PARTNER_SEARCH: [
        "Nous cherchons une structure {a}, de préférence à {town}, active dans notre domaine.",
        "Connaissez-vous des partenaires {a} intéressés par un jumelage avec une commune de "
        "notre territoire ?",
    ],
    Topic.MOBILITY: [
        "Deux membres de la délégation de {town} n'ont pas encore leur visa : que pouvons-nous "
        "faire à trois semaines de leur venue ?",
        "Quels documents prévoir pour faire venir des artistes de {town} pour notre festival ?",
    ],
    Topic.COMMUNICATION: [
        "Nous voudrions un appui pour la plaquette de présentation de notre projet {en}.",
        "Comment valoriser notre projet avec {town} sur le site du réseau et dans la lettre ?",
    ],
    Topic.OTHER: [
        "Nous souhaitons présenter notre action {en} aux autres membres du réseau : à qui "
        "nous adresser ?",
    ],
}
ANSWERS = [
    "Merci pour votre demande. Pouvez-vous nous envoyer les éléments dont vous disposez ?",
    "Bonjour, nous avons relu votre document : vous trouverez nos remarques ci-dessous. Le "
    "budget doit faire apparaître les cofinancements acquis et ceux qui sont demandés.",
    "Nous vous proposons un rendez-vous pour en parler : les dates sont dans la demande.",
    "Voici les coordonnées de deux structures qui ont mené un projet proche : vous pouvez les "
    "contacter de notre part.",
    "Le dossier nous semble complet. Pensez à joindre la lettre d'engagement du partenaire.",
    "C'est noté. Nous revenons vers vous dès que nous avons la réponse du service instructeur.",
]
REPLIES = [
    "Voici notre budget prévisionnel.",
    "Merci beaucoup, nous complétons le dossier et vous le renvoyons.",
    "Nous avons pris contact avec le partenaire, il nous répond cette semaine.",
    "Pouvez-vous préciser le taux de cofinancement attendu ?",
    "Ci-joint la nouvelle version, avec les remarques prises en compte.",
    "Nous sommes disponibles en début de semaine prochaine pour un échange.",
]
COMPLEMENTS = [
    "Je complète notre demande : la date limite de dépôt est dans un mois.",
    "Nous avons joint la dernière version de notre note de projet.",
]
NOTES = [
    "À suivre : l'association a déjà déposé un dossier l'an dernier.",
    "Voir avec le service instructeur avant de répondre sur l'éligibilité.",
    "Structure à rappeler : contact pris au forum de la coopération.",
    "Dossier proche d'un autre projet du territoire : proposer de les mettre en relation.",
]
APPOINTMENT_NOTES = [
    "Apportez la dernière version du budget.",
    "Nous vous appelons au numéro de la structure.",
    "",
    "",
]
PLACES = {
    "guadeloupe": ["Locaux du réseau, Pointe-à-Pitre", "Maison de la coopération, Baie-Mahault"],
    "martinique": ["Locaux du réseau, Fort-de-France", "Pôle associatif, Le Lamentin"],
}
PURPOSES = {
    Direction.OUTGOING: [
        "Rencontres avec les partenaires de {town} pour préparer la suite du projet.",
        "Chantier de jeunes volontaires à {town}.",
        "Formation des animateurs d'une structure de {town}.",
        "Participation à un salon régional à {town} : présentation de nos actions.",
        "Mission d'évaluation à mi-parcours du projet mené {en}.",
    ],
    Direction.INCOMING: [
        "Accueil d'une délégation de {town} : échanges de pratiques et visites de terrain.",
        "Venue de musiciens et d'artistes de {town} pour notre festival.",
        "Accueil des élus de {town} pour le jumelage.",
        "Stage d'échange de jeunes de {town} dans nos structures.",
    ],
}
K = ObstacleKind
# The kinds a country's missions meet most (weights), on top of those every mission meets.
OBSTACLES = {
    "HT": {K.VISA_REFUSED: 8, K.VISA_DELAYED: 6, K.NO_DIRECT_TRANSPORT: 3, K.HEALTH_SECURITY: 4},
    "DM": {K.NO_DIRECT_TRANSPORT: 6, K.TRANSPORT_COST: 3},
    "CU": {K.LANGUAGE: 5, K.VISA_DELAYED: 3, K.NO_DIRECT_TRANSPORT: 3},
    "DO": {K.LANGUAGE: 4, K.NO_DIRECT_TRANSPORT: 4, K.VISA_DELAYED: 2},
    "VE": {K.LANGUAGE: 4, K.HEALTH_SECURITY: 3, K.NO_DIRECT_TRANSPORT: 4},
    "CO": {K.LANGUAGE: 4, K.NO_DIRECT_TRANSPORT: 3},
    "PR": {K.LANGUAGE: 2, K.VISA_DELAYED: 2},
    "JM": {K.VISA_DELAYED: 3, K.NO_DIRECT_TRANSPORT: 2},
}
COMMON = {K.TRANSPORT_COST: 3, K.NO_DIRECT_TRANSPORT: 1, K.OTHER: 1}
OBSTACLE_NOTES = {
    K.VISA_REFUSED: ["Visa refusé au consulat, sans motif donné.", "Deux visas refusés."],
    K.VISA_DELAYED: ["Le visa est arrivé la veille du départ.", "Trois semaines d'attente."],
    K.NO_DIRECT_TRANSPORT: ["Pas de liaison directe : une journée de trajet.",
                            "Escale obligatoire à Miami ou Saint-Domingue."],
    K.TRANSPORT_COST: ["Billets à plus de 400 € par personne.", "Fret des équipements coûteux."],
    K.LANGUAGE: ["Aucun interprète : traduction assurée par un partenaire."],
    K.HEALTH_SECURITY: ["Reportée d'une semaine pour raison de sécurité."],
    K.OTHER: ["Douane : matériel retenu plusieurs jours."],
}
# fmt: on


def _weighted(rng, pairs):
    return rng.choices([value for value, _w in pairs], [w for _v, w in pairs])[0]


def _country_words(code: str, town: str) -> dict[str, str]:
    name = FRENCH.get(code, "Haïti")
    adjective = {"HT": "haïtien", "DM": "dominiquais", "LC": "saint-lucien", "CU": "cubain"}
    return {
        "town": town,
        "a": adjective.get(code, f"de {name.removeprefix('la ').removeprefix('le ')}"),
        "en": f"avec {name}",
    }


class _Asking:
    """The organisations that ask (or travel), and when: each active organisation with an
    account, over the time since its validation, weighted by how active it is."""

    def __init__(self, ctx: Context, accounts: dict[int, list[int]]):
        rng = ctx.rng
        self.ctx = ctx
        self.rows = []  # (organisation, since, years, weight)
        for org in ctx.organisations:
            if org.status != Organisation.Status.ACTIVE or org.pk not in accounts:
                continue
            since = org.validated_at or org.created_at
            years = max(0.0, (ctx.now - since).total_seconds() / 86400 / YEAR)
            self.rows.append((org, since, years, rng.choice(ACTIVITY)))
        self.years = sum(years for _o, _s, years, _w in self.rows)
        self.cumulative = list(accumulate(years * w for _o, _s, years, w in self.rows))

    def draw(self) -> tuple[Organisation, datetime]:
        """An organisation (by activity and time active) and a moment while it was active."""
        rng = self.ctx.rng
        point = rng.random() * self.cumulative[-1]
        org, since, _years, _weight = self.rows[bisect_left(self.cumulative, point)]
        return org, since + (self.ctx.now - since) * rng.random()


def _accounts() -> dict[int, list[int]]:
    """Organisation id -> the ids of its people (admins first)."""
    people: dict[int, list[int]] = {}
    rows = Membership.objects.order_by("organisation", "role", "pk")
    for organisation, user in rows.values_list("organisation", "user"):
        people.setdefault(organisation, []).append(user)
    return people


def _led_projects() -> dict[int, list[int]]:
    led: dict[int, list[int]] = {}
    for pk, lead in Project.objects.order_by("pk").values_list("pk", "lead"):
        led.setdefault(lead, []).append(pk)
    return led


def advisory(ctx: Context) -> None:
    accounts, led = _accounts(), _led_projects()
    asking = _Asking(ctx, accounts)
    support_requests(ctx, asking, accounts, led)
    missions(ctx, asking, accounts, led)


# Support requests ----------------------------------------------------------------------------


def _final_status(ctx: Context, age_days: float) -> Status:
    """Where a request of that age stands now."""
    rng = ctx.rng
    if age_days > RECENT:
        ended = rng.random() >= FORGOTTEN
    else:
        ended = rng.random() < 0.95 * age_days / RECENT
    if ended:
        return Status.CLOSED if rng.random() < 0.9 else Status.WITHDRAWN
    if age_days > RECENT:
        return rng.choice([Status.IN_PROGRESS, Status.IN_PROGRESS, Status.WAITING])
    if age_days < answer_delay().days:
        pairs = [(Status.NEW, 40), (Status.ASSIGNED, 30), (Status.IN_PROGRESS, 25)]
        return _weighted(rng, [*pairs, (Status.WAITING, 5)])
    pairs = [(Status.NEW, 8), (Status.ASSIGNED, 15), (Status.IN_PROGRESS, 45)]
    return _weighted(rng, [*pairs, (Status.WAITING, 32)])


def _script(
    ctx: Context, final: Status, *, note: bool | None = None, appointment: bool | None = None
) -> list[tuple[float, str, dict]]:
    """The request's story, in days from its arrival: (offset, what, details); `_play` writes
    it as the services would. 1–6 messages."""
    rng = ctx.rng
    events: list[tuple[float, str, dict]] = []
    t = 0.0

    def at(low: float, high: float) -> float:
        nonlocal t
        t += rng.uniform(low, high)
        return t

    def reaction() -> float:
        # The coordinators answer within days, sometimes past the answer delay.
        return at(0.05, 3) if rng.random() < 0.85 else at(5.5, 15)

    if final == Status.NEW or (final == Status.WITHDRAWN and rng.random() < 0.3):
        for _n in range(rng.choice([1, 1, 2])):
            events.append((at(0.02, 2), "org", {"body": rng.choice(COMPLEMENTS)}))
        if final == Status.WITHDRAWN:
            events.append((at(0.5, 10), "status", {"status": Status.WITHDRAWN}))
        return events
    events.append((reaction(), "assign", {}))
    if rng.random() < 0.35 if note is None else note:
        events.append((at(0.001, 0.05), "note", {"body": rng.choice(NOTES)}))
    budget = rng.randint(1, 6) - len(events) + 1  # the messages left, the note counted
    if final == Status.ASSIGNED:
        if budget and rng.random() < 0.6:
            events.append((at(0.01, 0.5), "answer", {"body": ANSWERS[0]}))
            if budget > 1 and rng.random() < 0.5:
                events.append((at(0.1, 4), "org", {"body": rng.choice(REPLIES)}))
        if not any(kind in {"answer", "org", "note"} for _t, kind, _d in events):
            events.append((at(0.001, 0.05), "note", {"body": rng.choice(NOTES)}))
        return events
    budget = max(budget, 1)
    events.append((at(0.01, 0.5), "answer", {"body": ANSWERS[0]}))
    events.append((at(0.001, 0.01), "status", {"status": Status.IN_PROGRESS}))
    met = appointment if appointment is not None else rng.random() < 0.3
    if met and final != Status.WITHDRAWN:
        events.append((at(0.001, 0.01), "appointment", {"in": rng.uniform(2, 14)}))
    budget -= 1
    coordinators_turn = False
    while budget > 0:
        if coordinators_turn:
            events.append((reaction(), "answer", {"body": rng.choice(ANSWERS[1:])}))
            if budget > 1 and rng.random() < 0.3:
                events.append((at(0.001, 0.01), "status", {"status": Status.WAITING}))
        else:
            events.append((at(0.2, 10), "org", {"body": rng.choice(REPLIES)}))
        coordinators_turn = not coordinators_turn
        budget -= 1
    if final == Status.WAITING:
        if events[-1][1] == "org":
            # Its reply was read; nothing more to say but to wait for what it sends.
            events.append((at(0.01, 1), "status", {"status": Status.IN_PROGRESS}))
        events.append((at(0.001, 0.5), "status", {"status": Status.WAITING}))
    elif final in ENDED_STATUSES:
        outcome = _weighted(rng, OUTCOMES) if final == Status.CLOSED else ""
        events.append((at(0.5, 20), "status", {"status": final, "outcome": outcome}))
    return events


class _Thread:
    """A request's rows as the services leave them, from its story (`_script`)."""

    def __init__(self, ctx: Context, request: SupportRequest, coordinator: int):
        self.ctx, self.request, self.coordinator = ctx, request, coordinator
        self.messages: list[Message] = []
        self.steps: list[StatusChange] = []
        self.appointments: list[Appointment] = []

    def _remind(self, until: datetime) -> None:
        """The daily reminder, once per spell, if the request waited past the delay."""
        r = self.request
        if r.awaiting_since is None or r.reminded_at is not None or r.status in ENDED_STATUSES:
            return
        due = r.awaiting_since + answer_delay() + timedelta(hours=self.ctx.rng.uniform(0, 24))
        if due < until:
            r.reminded_at = due

    def _step(self, status: Status, when: datetime, *, by: int | None, outcome="", assigned=False):
        r = self.request
        r.status = status
        r.outcome = outcome if status == Status.CLOSED else ""
        ended = status in ENDED_STATUSES
        r.ended_at = when if ended else None
        if ended or status == Status.WAITING:
            r.awaiting_since = None
        self.steps.append(
            StatusChange(
                request=r,
                status=status,
                outcome=r.outcome,
                assignee_id=r.assignee_id if assigned else None,
                by_id=by,
                created_at=when,
            )
        )

    def play(self, events: list[tuple[float, str, dict]]) -> None:
        r = self.request
        start = r.created_at
        # Everything has happened by now: a long story of a recent request is told faster.
        span = max((offset for offset, _k, _d in events), default=0.0)
        room = (self.ctx.now - start).total_seconds() / 86400 * 0.98
        factor = min(1.0, room / span) if span else 1.0
        r.status, r.awaiting_since = Status.NEW, start
        self.steps.append(
            StatusChange(request=r, status=Status.NEW, by_id=r.requested_by_id, created_at=start)
        )
        for offset, kind, details in events:
            when = start + timedelta(days=offset * factor)
            self._remind(when)
            if kind == "assign":
                r.assignee_id = self.coordinator
                status = Status.ASSIGNED if r.status == Status.NEW else Status(r.status)
                self._step(status, when, by=self.coordinator, assigned=True)
            elif kind == "status":
                status = details["status"]
                if status != r.status:
                    if status in ENDED_STATUSES:
                        when = self._after_meetings(when)
                    by = r.requested_by_id if status == Status.WITHDRAWN else self.coordinator
                    self._step(status, when, by=by, outcome=details.get("outcome", ""))
            elif kind == "appointment":
                self._appointment(when, details["in"] * factor)
            else:
                self._message(kind, details["body"], when)
        self._remind(self.ctx.now)

    def _after_meetings(self, when: datetime) -> datetime:
        """A request ends after its appointments: the ending waits for the last one, or one
        still to come (a story told faster) is moved between its scheduling and the end."""
        rng, now = self.ctx.rng, self.ctx.now
        for meeting in self.appointments:
            if meeting.ends_at <= when:
                continue
            if meeting.ends_at + timedelta(hours=1) < now:
                when = min(now, meeting.ends_at + timedelta(hours=rng.uniform(1, 48)))
                continue
            middle = meeting.created_at + (when - meeting.created_at) / 2
            meeting.starts_at = middle.replace(minute=0, second=0, microsecond=0)
            meeting.duration = 30
            if meeting.starts_at < meeting.created_at or meeting.ends_at > when:
                self.appointments.remove(meeting)  # no room for it: no meeting took place
                return self._after_meetings(when)
        return when

    def _message(self, kind: str, body: str, when: datetime) -> None:
        rng, r = self.ctx.rng, self.request
        coordinators = kind in {"answer", "note"}
        minutes = None
        if coordinators:
            minutes = rng.choice([5, 10, 15]) if kind == "note" else rng.choice([15, 20, 30, 45])
            if rng.random() < 0.2:
                minutes = None  # not every exchange is timed
        self.messages.append(
            Message(
                request=r,
                author_id=self.coordinator if coordinators else r.requested_by_id,
                body=body,
                internal=kind == "note",
                from_coordinators=coordinators,
                minutes_spent=minutes,
                created_at=when,
            )
        )
        if kind == "note":
            return
        if coordinators:
            r.first_answer_at = r.first_answer_at or when
            r.awaiting_since = r.reminded_at = None
            return
        if r.awaiting_since is None:
            r.awaiting_since, r.reminded_at = when, None
        if r.status == Status.WAITING:
            self._step(Status.IN_PROGRESS, when, by=r.requested_by_id)

    def _appointment(self, when: datetime, days: float) -> None:
        rng, r = self.ctx.rng, self.request
        territory = self.ctx.territories[r.organisation.territory_id]
        local = (when + timedelta(days=max(days, 0.05))).astimezone(ZoneInfo(territory.timezone))
        starts = local.replace(hour=rng.choice([9, 10, 11, 14, 15, 16]), minute=0, second=0)
        starts = starts.replace(microsecond=0)
        mode = r.preferred_mode if rng.random() < 0.8 else rng.choice(list(Mode))
        self.appointments.append(
            Appointment(
                request=r,
                starts_at=max(starts, when + timedelta(hours=1)).replace(minute=0, second=0),
                duration=rng.choice([30, 45, 60, 60, 90, 120]),
                mode=mode,
                place=rng.choice(PLACES.get(territory.slug, ["Locaux du réseau"]))
                if mode == Mode.ON_SITE
                else "",
                link=f"https://visio.rrma-antilles.example/{r.organisation.slug[:40]}"
                if mode == Mode.REMOTE
                else "",
                note=rng.choice(APPOINTMENT_NOTES),
                created_by_id=self.coordinator,
                created_at=when,
            )
        )


def _request(ctx: Context, org: Organisation, by: int | None, when: datetime, led, calls):
    rng = ctx.rng
    topic = _weighted(rng, TOPICS)
    country = next((c for c in org.country_codes if c in words.TOWNS), "HT")
    text = rng.choice(DESCRIPTIONS[topic])
    description = text.format(**_country_words(country, rng.choice(words.TOWNS[country])))
    projects = led.get(org.pk, [])
    call = None
    if topic in FUNDING and calls.get(org.territory_id) and rng.random() < 0.4:
        call = rng.choice(calls[org.territory_id])
    needed = when.date() + timedelta(days=rng.randint(15, 90)) if rng.random() < 0.2 else None
    return SupportRequest(
        organisation=org,
        requested_by_id=by,
        topic=topic,
        description=description,
        project_id=rng.choice(projects) if projects and rng.random() < 0.3 else None,
        call_id=call,
        preferred_mode=_weighted(rng, [(Mode.ON_SITE, 4), (Mode.REMOTE, 4), (Mode.PHONE, 2)]),
        needed_by=needed,
        created_at=when,
    )


def _calls_by_territory() -> dict[int, list[int]]:
    published = Call.objects.filter(status=Call.Status.PUBLISHED).values("pk")
    where: dict[int, list[int]] = {}
    through = Call.territories.through.objects.filter(call__in=published).order_by("call", "pk")
    for call, territory in through.values_list("call", "territory"):
        where.setdefault(territory, []).append(call)
    return where


def support_requests(ctx: Context, asking: _Asking, accounts, led) -> list[SupportRequest]:
    """The requests, their messages, steps and appointments; returns the requests."""
    rng, calls = ctx.rng, _calls_by_territory()
    threads: list[tuple[_Thread, list]] = []
    # The demo member's organisations: the demo's requests, one per status.
    member = ctx.accounts["admin.asso@rrma.example"].pk
    theirs = [o for o in ctx.organisations if o.status == Organisation.Status.ACTIVE][:3]
    for index, (topic, description, mode, status, outcome, days) in enumerate(REQUESTS):
        org = theirs[index % len(theirs)]
        request = SupportRequest(
            organisation=org,
            requested_by_id=member,
            topic=topic,
            description=description,
            preferred_mode=mode,
            created_at=ctx.days_ago(days),
        )
        events = _script(ctx, status, note=True, appointment=status == Status.IN_PROGRESS)
        if status == Status.CLOSED:
            events[-1][2]["outcome"] = outcome
        threads.append((_Thread(ctx, request, ctx.coordinator(org.territory_id)), events))
    drawn = []
    for _n in range(round(REQUESTS_PER_YEAR * asking.years) if asking.rows else 0):
        org, when = asking.draw()
        drawn.append((when, org))
    for when, org in sorted(drawn, key=lambda pair: (pair[0], pair[1].pk)):
        by = rng.choice(accounts[org.pk])
        request = _request(ctx, org, by, when, led, calls)
        age = (ctx.now - when).total_seconds() / 86400
        events = _script(ctx, _final_status(ctx, age))
        threads.append((_Thread(ctx, request, ctx.coordinator(org.territory_id)), events))
    for thread, events in threads:
        thread.play(events)
    requests = bulk(SupportRequest, [thread.request for thread, _events in threads])
    for model, name in (
        (Message, "messages"),
        (StatusChange, "steps"),
        (Appointment, "appointments"),
    ):
        rows = [row for thread, _events in threads for row in getattr(thread, name)]
        for row in rows:
            row.request_id = row.request.pk
        bulk(model, rows)
    return requests


# Missions ------------------------------------------------------------------------------------


def _destination(ctx: Context, org: Organisation) -> str:
    rng = ctx.rng
    own = [c for c in org.country_codes if c in words.TOWNS]
    if own and rng.random() < 0.7:
        return rng.choice(own)
    codes = sorted(words.TOWNS)
    return rng.choices(codes, [words.COUNTRY_WEIGHTS.get(c, 1) for c in codes])[0]


def _obstacles(ctx: Context, mission: Mission) -> list[Obstacle]:
    rng = ctx.rng
    count = rng.choices([0, 1, 2, 3], [45, 30, 17, 8])[0]
    weights = {**COMMON}
    for kind, weight in OBSTACLES.get(mission.country_id, {}).items():
        weights[kind] = weights.get(kind, 0) + weight
    kinds = sorted(weights)
    made = []
    for kind in rng.choices(kinds, [weights[k] for k in kinds], k=count):
        note = rng.choice(OBSTACLE_NOTES[kind]) if rng.random() < 0.5 else ""
        made.append(Obstacle(mission=mission, kind=kind, note=note))
    return made


def missions(ctx: Context, asking: _Asking, accounts, led) -> list[Mission]:
    """The missions and their obstacles; returns the missions."""
    rng = ctx.rng
    count = max(9, round(MISSIONS_PER_YEAR * asking.years)) if asking.rows else 0
    drawn = [asking.draw() for _n in range(count)]
    made, obstacles = [], []
    for org, when in sorted(drawn, key=lambda pair: (pair[1], pair[0].pk)):
        planned = rng.random() < 0.05
        start = (ctx.now + timedelta(days=rng.uniform(3, 90)) if planned else when).date()
        if not planned:
            start = min(start, ctx.now.date() - timedelta(days=1))
        days = rng.choices([0, 1, 2, 3, 4, 5, 6, 7, 10, 14], [5, 8, 12, 14, 14, 12, 8, 12, 8, 7])[0]
        end = start + timedelta(days=days)
        direction = Direction.OUTGOING if rng.random() < 0.75 else Direction.INCOMING
        country = _destination(ctx, org)
        town = rng.choice(words.TOWNS[country])
        purpose = rng.choice(PURPOSES[direction]).format(**_country_words(country, town))
        recorded = ctx.now - timedelta(days=rng.uniform(5, 60)) if planned else None
        if recorded is None:
            ended = datetime.combine(end, datetime.min.time(), tzinfo=ctx.now.tzinfo)
            recorded = min(ctx.now, ended + timedelta(days=rng.uniform(0.5, 45)))
        projects = led.get(org.pk, [])
        mission = Mission(
            organisation=org,
            direction=direction,
            country_id=country,
            start_date=start,
            end_date=end,
            purpose=purpose,
            participants=min(30, max(1, round(rng.lognormvariate(1.3, 0.7)))),
            project_id=rng.choice(projects) if projects and rng.random() < 0.25 else None,
            created_by_id=rng.choice(accounts[org.pk]) if rng.random() < 0.95 else None,
            created_at=recorded,
            updated_at=recorded,
        )
        made.append(mission)
        if not planned:
            obstacles += _obstacles(ctx, mission)
    bulk(Mission, made)
    for obstacle in obstacles:
        obstacle.mission_id = obstacle.mission.pk
    bulk(Obstacle, obstacles)
    return made
