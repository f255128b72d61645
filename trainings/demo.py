"""About 12 fictional trainings of the two networks, 6 of their other events, their sessions
and registrations (demo).

Trainings, events, trainers and participants are invented. Sessions are placed around today
(some past, some coming, one within 48 hours) at fixed local times of the territory. About 40
participant accounts, without a usable password, are made editors of active demo organisations
so that sessions fill up. The events (a general assembly, a network meeting, a worklab, an
information session, two working groups' meetings) are typed into the coordinators' own form
and published as they would publish them. A fixed seed makes the demo the same on every machine
(relative to today). Called once, after the demo organisations and working groups, on an empty
trainings table.
"""

# The data blocks keep one record a line (or a few), as members/demo_organisations.py does.

import random
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.text import slugify

from members import acting
from members.demo import validated
from members.models import Commune, Membership, Organisation, Territory, User, WorkingGroup
from resources.models import Resource
from toolbox.forms import formset_changes, relations_of

from .forms import SessionFormSet, TrainingForm
from .models import Registration, Session, Training
from .services import training_publish, training_save

F, S, R, K = Training.Format, Training.Status, Registration.Status, Training.Kind

# (territory, title, themes, format, language, status, open to the other territory, approval,
#  summary, objectives, content, prerequisites, audience, trainers); " ; " separates list items.
# fmt: off
TRAININGS = [
    ("guadeloupe", "Ingénierie de projet de coopération", "local-governance economic-development", F.IN_PERSON, "fr", S.PUBLISHED, False, False,
     "Une journée pour passer d'une idée à un projet de coopération régionale solide, construit avec ses partenaires caribéens.",
     "Analyser le contexte et les besoins avec les partenaires ; Construire le cadre logique du projet ; Bâtir un budget et un calendrier réalistes",
     "Diagnostic partagé et arbre à problèmes ; Cadre logique : objectifs, résultats, activités, indicateurs ; Répartition des rôles entre partenaires ; Budget, plan de financement et calendrier",
     "Avoir une idée de projet, même à l'état d'ébauche.", "Salariés, bénévoles et élus des membres du réseau qui montent leur premier projet de coopération.",
     "Gladys Bernier-Nelson (consultante en ingénierie de projets), Hervé Tanasi"),
    ("martinique", "Réussir sa candidature Interreg Caraïbes", "economic-development local-governance", F.HYBRID, "fr", S.PUBLISHED, True, False,
     "Comprendre les fonds européens et le programme Interreg Caraïbes, et préparer une candidature recevable avec des partenaires de la Caraïbe.",
     "Situer son projet dans les priorités du programme ; Maîtriser les règles d'éligibilité et de cofinancement ; Rédiger les sections clés du formulaire",
     "Les fonds européens dans les régions ultrapériphériques ; Priorités, appels à projets et calendrier d'Interreg Caraïbes ; Partenariat, chef de file et conventions ; Atelier d'écriture sur vos projets",
     "Avoir suivi « Ingénierie de projet de coopération » ou déjà porté un projet financé.", "Porteurs de projets de coopération des réseaux de Guadeloupe et de Martinique.",
     "Sébastien Larcher-Mondésir (ancien chargé de mission Interreg), Yasmina Belrose"),
    ("guadeloupe", "Le dossier FCR de A à Z", "local-governance", F.IN_PERSON, "fr", S.PUBLISHED, False, False,
     "Monter une demande au Fonds de coopération régionale (FCR) : pièces, budget, calendrier du comité de gestion et pièges à éviter.",
     "Connaître les priorités et les critères du FCR ; Constituer un dossier complet ; Préparer le compte rendu d'exécution",
     "Le FCR et son comité de gestion ; Le formulaire et les pièces justificatives ; Le budget prévisionnel et les cofinancements ; Études de dossiers retenus et refusés",
     "Aucun.", "Associations, établissements et collectivités membres du réseau de Guadeloupe.", "Maryvonne Célestine, Patrice Ramassamy"),
    ("martinique", "Gestion financière et compte rendu des subventions", "economic-development local-governance", F.IN_PERSON, "fr", S.PUBLISHED, False, True,
     "Suivre les dépenses d'un projet cofinancé, justifier les subventions et préparer les rapports financiers demandés par les financeurs.",
     "Mettre en place un suivi budgétaire par financeur ; Justifier les dépenses éligibles ; Rédiger un rapport financier conforme",
     "Dépenses éligibles, pièces probantes et taux de change ; Tableaux de suivi et comptabilité analytique ; Avances, acomptes et soldes ; Contrôles et audits : s'y préparer",
     "Gérer ou s'apprêter à gérer un projet cofinancé ; venir avec un ordinateur portable et un tableur.",
     "Trésoriers, comptables et chargés de projets ; places attribuées en priorité aux projets en cours.", "Line Fortuné-Adélaïde (expert-comptable), Rodrigue Mauvois"),
    ("guadeloupe", "Coopérer en interculturel dans la Caraïbe", "global-citizenship-education local-governance", F.IN_PERSON, "fr", S.PUBLISHED, True, False,
     "Mieux travailler avec des partenaires haïtiens, cubains, dominicains ou anglophones de l'arc antillais en comprenant leurs codes et leurs institutions.",
     "Prendre conscience de ses propres codes culturels ; Comprendre les cultures administratives de nos voisins ; Prévenir et dénouer les malentendus",
     "Histoires et langues de la Caraïbe ; Rapport au temps, à la hiérarchie et à l'écrit ; Jeux de rôle à partir de situations vécues ; Témoignages de partenaires caribéens",
     "Aucun.", "Toute personne engagée, ou qui s'engage, dans un partenariat caribéen.", "Évelyne Saint-Éloi (anthropologue), Wilson Jean-Baptiste"),
    ("martinique", "Working with Caribbean partners in English", "education-training", F.ONLINE, "en", S.PUBLISHED, True, False,
     "Practical English for cooperation: emails, video calls, meetings and reports with partners from the English-speaking Caribbean.",
     "Run a project meeting in English ; Write clear emails and minutes ; Present your organisation and your project",
     "Useful phrases for meetings and video calls ; Writing emails, minutes and short reports ; Vocabulary of grants and partnerships ; Role plays with a Saint Lucian facilitator",
     "Intermediate English (B1); a computer with a camera and a microphone.",
     "Staff and volunteers working with partners in Dominica, Saint Lucia, Barbados, Trinidad and Tobago or Jamaica.", "Marcia Joseph-Charles, Kevin Alcindor"),
    ("guadeloupe", "Travailler en espagnol avec nos partenaires caribéens", "education-training", F.ONLINE, "fr", S.PUBLISHED, False, False,
     "Des ateliers à distance pour échanger en espagnol avec des partenaires de Cuba, de la République dominicaine, de Porto Rico ou de Colombie.",
     "Se présenter et présenter son projet en espagnol ; Suivre une réunion de partenariat ; Écrire des messages simples et efficaces",
     "Expressions utiles pour les visioconférences ; Vocabulaire des projets et des financements ; Particularités de l'espagnol caribéen ; Mises en situation",
     "Notions d'espagnol (niveau A2) ; un ordinateur avec caméra et micro.", "Membres du réseau en relation avec des partenaires hispanophones.",
     "Yanelis Rodríguez Pérez, Frantz Nagau"),
    ("martinique", "Suivi et évaluation des projets de coopération", "local-governance", F.IN_PERSON, "fr", S.PUBLISHED, False, False,
     "Définir des indicateurs utiles, collecter les données avec ses partenaires et tirer les leçons d'un projet de coopération.",
     "Choisir des indicateurs pertinents et mesurables ; Organiser la collecte de données à distance ; Conduire une évaluation finale participative",
     "Indicateurs de réalisation, de résultat et d'impact ; Outils de collecte partagés avec les partenaires ; Évaluation à mi-parcours et finale ; Capitaliser et valoriser les résultats",
     "Connaître les bases du cadre logique.", "Chargés de projets et responsables associatifs.", "Alain Dupuy-Sylvestre, Gladys Bernier-Nelson"),
    ("guadeloupe", "Communiquer sur son projet de coopération", "digital global-citizenship-education", F.HYBRID, "fr", S.DRAFT, False, False,
     "Raconter son projet, respecter les obligations de publicité des financeurs et toucher le public grâce aux réseaux sociaux.",
     "Bâtir un plan de communication simple ; Respecter les obligations de visibilité des financeurs ; Produire des contenus pour les réseaux sociaux",
     "Logos, mentions et obligations de publicité ; Photos, vidéos et droit à l'image ; Réseaux sociaux et relations presse ; Atelier : une publication sur votre projet",
     "Venir avec un téléphone ou un ordinateur et quelques photos de son projet.", "Chargés de communication, bénévoles et porteurs de projets.",
     "Naïma Cocoyer, Steeve Bordelais"),
    ("martinique", "Risques majeurs et coordination humanitaire dans la Caraïbe", "disaster-risk-humanitarian", F.IN_PERSON, "fr", S.PUBLISHED, True, True,
     "Comprendre l'organisation de la réponse aux catastrophes dans la Caraïbe et préparer son organisation à agir avec les acteurs régionaux.",
     "Connaître les acteurs régionaux de la gestion des catastrophes ; Préparer un plan de continuité d'activité ; S'insérer dans une coordination humanitaire",
     "Ouragans, séismes, volcans : les risques de l'arc antillais ; Acteurs régionaux et mécanismes d'aide de l'État ; Logistique et acheminement de l'aide ; Exercice de simulation de crise",
     "Places attribuées après examen des demandes, en priorité aux organisations engagées dans l'aide d'urgence.",
     "Associations humanitaires, collectivités et établissements des deux territoires.", "Jérôme Ursulet, Cindy Lapierre-Mathurin"),
    ("guadeloupe", "Mobilité des jeunes : programmes et financements", "youth-mobility education-training", F.IN_PERSON, "fr", S.PUBLISHED, False, False,
     "Tour d'horizon des programmes qui financent la mobilité des jeunes dans la Caraïbe : Erasmus+, Corps européen de solidarité, volontariat, échanges scolaires.",
     "Identifier le programme adapté à son public ; Préparer les jeunes avant, pendant et après la mobilité ; Monter un premier dossier d'échange",
     "Erasmus+, Corps européen de solidarité et volontariat de solidarité internationale ; Envoi et accueil de jeunes : sécurité, assurances, visas ; Préparation interculturelle des groupes ; Témoignages d'anciens volontaires",
     "Aucun.", "Animateurs jeunesse, enseignants, clubs sportifs et associations.", "Christelle Moutoussamy, Ludovic Bérard"),
    ("martinique", "Accueillir des volontaires caribéens", "youth-mobility global-citizenship-education", F.IN_PERSON, "fr", S.CANCELLED, False, False,
     "Organiser l'accueil de jeunes volontaires venus de Sainte-Lucie, de la Dominique ou d'Haïti : cadre juridique, hébergement, tutorat.",
     "Connaître le cadre juridique de l'accueil ; Organiser le tutorat et la vie quotidienne ; Faire le bilan de la mission avec le volontaire",
     "Statuts des volontaires, visas et assurances ; Hébergement, transport et budget ; Tutorat et suivi ; Bilan de mission", "Aucun.",
     "Structures qui accueillent ou souhaitent accueillir des volontaires en Martinique.", "Josiane Régis, Marc-Olivier Théodose"),
]
# (training, days from today, slot, capacity, share of the seats taken or "full": with a waiting
# list); coming sessions whose registration has not opened yet stay empty.
SESSIONS = [
    (0, -150, "day", 18, 0.9), (0, 20, "day", 14, "full"), (1, -90, "day", 25, 0.8), (1, 40, "day", 20, 0.5),
    (2, -60, "am", 15, 1.0), (2, 1, "am", 12, "full"), (3, -130, "day", 16, 0.75), (3, 25, "day", 12, 0.5),
    (4, -75, "day", 20, 0.85), (4, 100, "day", 20, 0), (5, -45, "pm", 20, 0.7), (5, 10, "pm", 16, "full"),
    (6, 35, "pm", 15, 0.6), (7, -170, "day", 20, 0.8), (7, 60, "day", 18, 0), (8, 80, "day", 15, 0),
    (9, -30, "day", 24, 0.9), (9, 120, "day", 24, 0), (10, -100, "am", 15, 0.8), (10, 28, "am", 15, 0.7),
    (11, 15, "day", 12, 0.5),
]
SLOTS = {"am": ("08:30", "12:30"), "day": ("09:00", "16:30"), "pm": ("14:00", "17:00")}
VENUES = {
    "guadeloupe": [("Maison des associations", "Les Abymes"), ("Centre de ressources de la coopération", "Pointe-à-Pitre"),
                   ("Salle de formation du Conseil départemental", "Basse-Terre"), ("Pôle Caraïbe des associations", "Baie-Mahault")],
    "martinique": [("Maison de la coopération régionale", "Fort-de-France"), ("Salle polyvalente du campus", "Schœlcher"),
                   ("Centre de formation des élus", "Le Lamentin"), ("Maison des associations", "Le Robert")],
}
FIRST_NAMES = ['Aurélie', 'Cédric', 'Danielle', 'Emmanuel', 'Fanny', 'Grégory', 'Héléna', 'Johan', 'Karine', 'Lionel',
               'Manuella', 'Nicolas', 'Océane', 'Pascal', 'Rosemonde', 'Stéphane', 'Tatiana', 'Valéry', 'Willy', 'Yannick']
LAST_NAMES = ['Anselme', 'Bourgeois', 'Cétout', 'Désiré', 'Édouard', 'Félicité', 'Germain', 'Hippolyte', 'Jean-Marie', 'Laguerre',
              'Mérion', 'Nérée', 'Occibrun', 'Pélage', 'Quenette', 'Rosier', 'Saint-Jean', 'Thénard', 'Vitalis', 'Zénon']
PARTICIPANTS = 40
# The network's other events: (territory, kind, title, themes, format, open to the other
# territory, working group's name or "", days from today, slot, capacity, share of the seats
# taken, summary, programme, audience, speakers); " ; " separates the programme's items.
EVENTS = [
    ("guadeloupe", K.GENERAL_ASSEMBLY, "Assemblée générale de Karib Horizon", "local-governance", F.IN_PERSON, False, "", 30, "day", 120, 0.35,
     "L'assemblée générale annuelle du réseau régional multi-acteurs de Guadeloupe : bilan de l'année, comptes, orientations et élection du comité de pilotage.",
     "Rapport d'activité et rapport financier ; Vote des comptes et du budget ; Orientations de l'année à venir ; Élection du comité de pilotage ; Déjeuner et temps d'échanges entre membres",
     "Les organisations membres du réseau : une personne mandatée par organisation vote.", "Le comité de pilotage et l'équipe de coordination"),
    ("martinique", K.MEETING, "Rencontre en ligne du réseau martiniquais", "local-governance global-citizenship-education", F.ONLINE, False, "", 12, "pm", 60, 0.4,
     "Deux heures en visioconférence pour faire connaissance, présenter les projets en cours et les prochains rendez-vous du réseau.",
     "Tour de table des nouveaux membres ; Actualités des appels à projets ; Présentation de deux projets en cours ; Questions à l'équipe de coordination",
     "Tous les membres du réseau de Martinique.", "L'équipe de coordination"),
    ("martinique", K.WORKLAB, "Worklab : construire un consortium caribéen", "economic-development local-governance", F.IN_PERSON, True, "", 45, "day", 24, 0.3,
     "Une journée de travail en petits groupes pour bâtir, avec d'autres membres, un consortium capable de répondre à un appel régional.",
     "Cartographie des compétences des participants ; Choix du chef de file et répartition des rôles ; Ébauche de la convention de partenariat ; Restitution et suites",
     "Membres des deux réseaux qui envisagent un projet à plusieurs.", "Yasmina Belrose, Sébastien Larcher-Mondésir"),
    ("guadeloupe", K.INFORMATION_SESSION, "Séance d'information : Interreg Caraïbes 2021-2027", "economic-development local-governance", F.ONLINE, True, "", 8, "am", 80, 0.5,
     "Le programme Interreg Caraïbes en une matinée : priorités, calendrier des appels, règles de cofinancement et questions-réponses avec l'autorité de gestion.",
     "Priorités et budget du programme ; Calendrier des appels à projets ; Partenaires éligibles et cofinancements ; Questions-réponses",
     "Toute organisation des deux territoires qui prépare une candidature.", "L'autorité de gestion du programme et l'équipe de coordination"),
    ("guadeloupe", K.WORKING_GROUP, "Groupe Éducation et jeunesse : les mobilités scolaires", "education-training youth-mobility", F.IN_PERSON, False, "Éducation et jeunesse", -21, "pm", 20, 0.7,
     "Réunion du groupe de travail : bilan des échanges scolaires de l'année et préparation des conventions d'accueil avec la Dominique.",
     "Bilan des mobilités de l'année ; Modèle commun de convention d'accueil ; Calendrier des prochains échanges",
     "Les organisations membres du groupe de travail.", "L'animatrice du groupe"),
    ("martinique", K.WORKING_GROUP, "Groupe Mobilité et visas : réunion trimestrielle", "youth-mobility", F.HYBRID, True, "Mobilité et visas", 18, "pm", 25, 0.4,
     "Réunion trimestrielle du groupe de travail : les difficultés de visas remontées par les membres et la note à adresser aux services de l'État.",
     "Recensement des difficultés rencontrées ; Relecture de la note aux services de l'État ; Assurances et transport des groupes",
     "Les organisations membres du groupe, des deux réseaux.", "L'animateur du groupe"),
]
# fmt: on


def bullets(text: str) -> str:
    return "\n".join(f"- {item}" for item in text.split(" ; "))


def create_participants(rng: random.Random) -> None:
    """Fictional people without a usable password, each an editor of an active organisation."""
    organisations = {}
    for organisation in (
        Organisation.objects.filter(status=Organisation.Status.ACTIVE)
        .select_related("territory")
        .order_by("pk")
    ):
        organisations.setdefault(organisation.territory.slug, []).append(organisation)
    for slug in organisations:
        rng.shuffle(organisations[slug])
    pairs = [(first, last) for first in FIRST_NAMES for last in LAST_NAMES]
    for index, (first, last) in enumerate(rng.sample(pairs, PARTICIPANTS)):
        slug = "guadeloupe" if index % 2 == 0 else "martinique"
        user = User.objects.create_user(
            f"{slugify(first)}.{slugify(last)}@participants.example",
            None,
            first_name=first,
            last_name=last,
        )
        choices = organisations[slug]
        Membership.objects.create(
            user=user, organisation=choices[index // 2 % len(choices)], role=Membership.Role.EDITOR
        )


def members_by_territory() -> dict[int, dict[User, Organisation]]:
    """Each admin or editor of an active organisation, with one organisation per territory."""
    members: dict[int, dict[User, Organisation]] = {}
    for membership in (
        Membership.objects.filter(
            role__in=[Membership.Role.ADMIN, Membership.Role.EDITOR],
            organisation__status=Organisation.Status.ACTIVE,
        )
        .select_related("user", "organisation")
        .order_by("pk")
    ):
        organisation = membership.organisation
        members.setdefault(organisation.territory_id, {}).setdefault(membership.user, organisation)
    return members


def statuses(rng: random.Random, session: Session, fill, now: datetime) -> list[str]:
    """Seat holders and cancellations in order of registration, then waiting list or pending."""
    training, capacity = session.training, session.capacity
    if session.starts_at < now:
        seats = round(capacity * fill)
        absent = rng.randint(0, 2)
        result = [R.ATTENDED] * (seats - absent) + [R.ABSENT] * absent
    elif training.status == S.DRAFT or session.registration_opens_at > now:
        return []
    else:
        result = [R.CONFIRMED] * (capacity if fill == "full" else round(capacity * fill))
    result += [R.CANCELLED] * rng.randint(1, 2)
    result = rng.sample(result, len(result))
    if fill == "full":
        result += [R.WAITLISTED] * rng.randint(2, 4)
    if training.requires_approval and session.starts_at > now:
        result += [R.PENDING] * 2
    if training.status == S.CANCELLED:
        result = [R.CANCELLED] * len(result)
    return result


def register(rng, session, wanted, candidates, now) -> None:
    """Register distinct people at times between the opening and the deadline (or now)."""
    people = rng.sample(candidates, min(len(wanted), len(candidates)))
    opens, closes = session.registration_opens_at, min(now, session.registration_deadline)
    times = sorted(opens + (closes - opens) * rng.random() for _ in people)
    for (user, organisation), status, created in zip(people, wanted, times, strict=False):
        cancelled_at = None
        if status == R.CANCELLED:
            cancelled_at = created + (min(now, session.starts_at) - created) * rng.random()
        registration = Registration.objects.create(
            session=session,
            user=user,
            organisation=organisation,
            status=status,
            cancelled_at=cancelled_at,
            reminder_sent_at=session.starts_at - timedelta(days=1)
            if status in (R.ATTENDED, R.ABSENT)
            else None,
        )
        Registration.objects.filter(pk=registration.pk).update(created_at=created)


def create_session(rng, training, offset, slot, capacity, now) -> Session:
    """A session `offset` days from today, at the slot's local times in the territory."""
    tz = ZoneInfo(training.territory.timezone)
    day = timezone.localtime(now, tz).date() + timedelta(days=offset)
    while abs(offset) > 3 and day.weekday() >= 5:  # sessions further off avoid weekends
        day += timedelta(days=1)
    start, end = (datetime.combine(day, time.fromisoformat(t), tzinfo=tz) for t in SLOTS[slot])
    venue, commune = "", None
    if training.format != F.ONLINE:
        venue, name = rng.choice(VENUES[training.territory.slug])
        commune = Commune.objects.get(territory=training.territory, name=name)
    online = training.format != F.IN_PERSON
    return validated(
        Session(
            training=training,
            starts_at=start,
            ends_at=end,
            venue=venue,
            commune=commune,
            online_url=f"https://visio.rrma.example/salle-{rng.randint(100000, 999999)}"
            if online
            else "",
            capacity=capacity,
            registration_opens_at=start - timedelta(weeks=6),
            registration_deadline=start - timedelta(days=2),
        )
    )


def candidates_for(training: Training, members: dict) -> list[tuple[User, Organisation]]:
    """Who may register: members of its territory, and of the other one if it is open to them."""
    own = members.get(training.territory_id, {})
    candidates = list(own.items())
    if training.open_to_other_territory:
        candidates += [
            (user, organisation)
            for territory, people in members.items()
            if territory != training.territory_id
            for user, organisation in people.items()
            if user not in own
        ]
    return candidates


def local(moment: datetime) -> str:
    """A time as a coordinator types it in the form (local time, datetime-local)."""
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


def create_event(rng, row, groups: dict, now: datetime) -> Training:
    """An event typed into the coordinators' form (TrainingForm and its sessions) by the
    territory's coordinator, saved and published as the form's page does."""
    slug, kind, title, themes, format_, open_, group_name, offset, slot, capacity, *texts = row
    _fill, summary, content, audience, speakers = texts
    territory = Territory.objects.get(slug=slug)
    by = acting.coordinators_of(territory).order_by("pk").first()
    if by is None:
        by = User.objects.filter(is_superuser=True).order_by("pk").first()
    group = groups.get((slug, group_name))
    # The session's place, times and link, as in create_session.
    tz = ZoneInfo(territory.timezone)
    day = timezone.localtime(now, tz).date() + timedelta(days=offset)
    while day.weekday() >= 5:
        day += timedelta(days=1)
    start, end = (datetime.combine(day, time.fromisoformat(t), tzinfo=tz) for t in SLOTS[slot])
    venue, commune = "", ""
    if format_ != F.ONLINE:
        venue, name = rng.choice(VENUES[slug])
        commune = Commune.objects.get(territory=territory, name=name).pk
    online = f"https://visio.rrma.example/salle-{rng.randint(100000, 999999)}"
    materials = (
        Resource.objects.visible_to(by).filter(working_group=group).values_list("pk", flat=True)
        if group
        else []
    )
    data = {
        "kind": kind,
        "title": title,
        "summary": summary,
        "territory": str(territory.pk),
        "format": format_,
        "language": "fr",
        "themes": themes.split(),
        "trainers": speakers,
        "content": bullets(content),
        "audience": audience,
        "working_group": str(group.pk) if group else "",
        "materials": [str(pk) for pk in materials[:3]],
        **({"open_to_other_territory": "on"} if open_ else {}),
        "sessions-TOTAL_FORMS": "1",
        "sessions-INITIAL_FORMS": "0",
        "sessions-MIN_NUM_FORMS": "1",
        "sessions-MAX_NUM_FORMS": "20",
        "sessions-0-starts_at": local(start),
        "sessions-0-ends_at": local(end),
        "sessions-0-venue": venue,
        "sessions-0-commune": commune,
        "sessions-0-online_url": online if format_ != F.IN_PERSON else "",
        "sessions-0-capacity": str(capacity),
        "sessions-0-registration_opens_at": local(start - timedelta(weeks=6)),
        "sessions-0-registration_deadline": local(start - timedelta(days=2)),
    }
    event = Training()
    form = TrainingForm(
        data, instance=event, territories=Territory.objects.moderated_by(by), user=by
    )
    sessions = SessionFormSet(data, instance=event, prefix="sessions")
    if not (form.is_valid() and sessions.is_valid()):
        errors = [form.errors.as_text(), *(f.errors.as_text() for f in sessions.forms)]
        raise ValidationError(
            f"Demo event {title}: {' '.join(errors)} {sessions.non_form_errors()}"
        )
    saved, removed = formset_changes(sessions)
    training_save(
        training=form.save(commit=False),
        relations=relations_of(form),
        sessions=saved,
        removed_sessions=removed,
        by=by,
        base_url=settings.SITE_URL,
    )
    training_publish(training=event, by=by)
    return event


def load_demo_trainings(groups: list[WorkingGroup] | None = None) -> list[Training]:
    """The demo trainings, then the events (those of a working group name one of `groups`,
    by default the working groups already loaded). Returns both, trainings first."""
    rng = random.Random(971596)
    now = timezone.now()
    territories = {t.slug: t for t in Territory.objects.all()}
    create_participants(rng)
    members = members_by_territory()
    trainings = []
    for row in TRAININGS:
        slug, title, themes, format_, language, status, open_, approval, *texts = row
        summary, objectives, content, prerequisites, audience, trainers = texts
        training = Training(
            title=title,
            summary=summary,
            objectives=bullets(objectives),
            content=bullets(content),
            prerequisites=prerequisites,
            audience=audience,
            trainers=trainers,
            territory=territories[slug],
            open_to_other_territory=open_,
            format=format_,
            language_id=language,
            requires_approval=approval,
            status=status,
        )
        validated(training, {"themes": themes.split()})
        trainings.append(training)
    for index, offset, slot, capacity, fill in SESSIONS:
        training = trainings[index]
        session = create_session(rng, training, offset, slot, capacity, now)
        candidates = candidates_for(training, members)
        register(rng, session, statuses(rng, session, fill, now), candidates, now)
    if groups is None:
        groups = list(WorkingGroup.objects.select_related("territory"))
    by_name = {(group.territory.slug, group.name): group for group in groups}
    for row in EVENTS:
        event = create_event(rng, row, by_name, now)
        session, fill = event.sessions.get(), row[10]
        candidates = candidates_for(event, members)
        register(rng, session, statuses(rng, session, fill, now), candidates, now)
        trainings.append(event)
    return trainings
