"""About 40 fictional but plausible cooperation projects for the demo (`manage.py demo`).

Projects, budgets and funding plans are invented; Caribbean partners bear plausible names in
their own language. A fixed seed makes the demo the same on every machine. Called once, after
the demo organisations, on an empty projects table.
"""

# The data blocks keep one record a line (or two), as members/demo_organisations.py does.

import random
from collections import Counter
from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone
from django.utils.text import slugify

from members.demo import validated
from members.models import Organisation

from .models import CaribbeanPartner, FundingLine, Project

K, F, S = CaribbeanPartner.Kind, FundingLine.Funder, Project.Status
CENTS = Decimal("0.01")

# (country, kind, name)
# fmt: off
PARTNERS = [
    ("HT", K.MINISTRY, "Ministère de l'Éducation nationale et de la Formation professionnelle"),
    ("HT", K.LOCAL_AUTHORITY, "Mairie de Jacmel"),
    ("HT", K.NGO, "Konbit Dlo Pwòp Sid"),
    ("HT", K.UNIVERSITY, "Université publique du Sud aux Cayes"),
    ("HT", K.SCHOOL, "École normale d'instituteurs de Port-de-Paix"),
    ("DM", K.UNIVERSITY, "Dominica State College"),
    ("DM", K.LOCAL_AUTHORITY, "Roseau City Council"),
    ("DM", K.NGO, "Kalinago Youth Network"),
    ("LC", K.NGO, "Saint Lucia National Trust"),
    ("LC", K.UNIVERSITY, "Sir Arthur Lewis Community College"),
    ("LC", K.OTHER, "Soufrière Fishermen's Cooperative"),
    ("CU", K.UNIVERSITY, "Universidad de Oriente"),
    ("CU", K.OTHER, "Casa del Caribe"),
    ("DO", K.NGO, "Fundación Progressio"),
    ("DO", K.LOCAL_AUTHORITY, "Ayuntamiento de Santiago de los Caballeros"),
    ("DO", K.SCHOOL, "Instituto Técnico Agropecuario de Moca"),
    ("AG", K.UNIVERSITY, "Antigua State College"),
    ("VC", K.NGO, "Saint Vincent Renewable Energy Technicians Association"),
    ("GD", K.NGO, "Grenada Mangrove Restoration Trust"),
    ("TT", K.UNIVERSITY, "University of the West Indies – St. Augustine Campus"),
    ("TT", K.NGO, "Laventille Steelband Academy"),
    ("JM", K.UNIVERSITY, "Edna Manley College of the Visual and Performing Arts"),
    ("JM", K.NGO, "Portland Coastal Communities Foundation"),
    ("BB", K.NGO, "Barbados Red Cross"),
    ("BB", K.SCHOOL, "Barbados Community College"),
    ("KN", K.OTHER, "Nevis Fisherfolk Cooperative"),
    ("MS", K.MINISTRY, "Montserrat Disaster Management Coordination Agency"),
    ("VE", K.NGO, "Fundación Paria Sostenible"),
    ("CO", K.NGO, "Corporación Cultural Barranquilla Caribe"),
    ("SR", K.UNIVERSITY, "Anton de Kom Universiteit van Suriname"),
    ("PR", K.UNIVERSITY, "Universidad de Puerto Rico – Recinto de Mayagüez"),
]
# Working languages by country; "fr" is added to some partners used to working with us.
LANGUAGES = {"HT": "fr ht", "CU": "es", "DO": "es", "VE": "es", "CO": "es", "PR": "es en", "SR": "nl en"}
# Countries in French with their article; "en" before the feminine ones that take it.
FRENCH = {"HT": "Haïti", "DM": "la Dominique", "LC": "Sainte-Lucie", "CU": "Cuba", "DO": "la République dominicaine", "AG": "Antigua-et-Barbuda",
          "VC": "Saint-Vincent-et-les-Grenadines", "GD": "la Grenade", "TT": "Trinité-et-Tobago", "JM": "la Jamaïque", "BB": "la Barbade",
          "KN": "Saint-Christophe-et-Niévès", "MS": "Montserrat", "VE": "le Venezuela", "CO": "la Colombie", "SR": "le Suriname", "PR": "Porto Rico"}
EN = {"HT", "DO", "JM", "CO"}
# Themes each kind of partner usually works on (NGOs work on all of them).
KIND_THEMES = {
    K.MINISTRY: "education-training health local-governance disaster-risk-humanitarian",
    K.LOCAL_AUTHORITY: "local-governance culture-heritage water-sanitation sustainable-tourism environment-climate disaster-risk-humanitarian sport",
    K.UNIVERSITY: "research-higher-education education-training biodiversity-oceans health environment-climate digital culture-heritage energy",
    K.SCHOOL: "education-training youth-mobility sport culture-heritage digital global-citizenship-education agriculture-food-security",
    K.OTHER: "economic-development agriculture-food-security biodiversity-oceans culture-heritage sustainable-tourism",
}
# theme: (title, other title, main SDGs, aim, beneficiaries, results)
THEMES = {
    "education-training": ("Former les enseignants de demain avec {avec}", "Classes jumelles : échanges d'élèves avec {avec}", (4, 17),
        "renforcer la formation des enseignants et développer les échanges d'élèves", "Élèves, enseignants et chefs d'établissement", "{n} élèves et enseignants ont pris part aux échanges ; un guide pédagogique commun a été édité."),
    "health": ("Soins de proximité et santé maternelle {en}", "Formation continue des soignants avec {avec}", (3, 5),
        "former des soignants et améliorer l'accès aux soins de premier recours", "Personnels de santé et patients des structures partenaires", "{n} patients suivis ; 40 soignants formés aux protocoles d'urgence obstétricale."),
    "water-sanitation": ("De l'eau potable pour les écoles rurales {en}", "Gestion communale de l'eau avec {avec}", (6, 3),
        "réhabiliter des points d'eau et former des comités locaux de gestion de l'eau", "Habitants et écoles des quartiers desservis", "{n} habitants ont désormais accès à l'eau potable ; 12 comités de gestion formés."),
    "agriculture-food-security": ("Agroécologie et jardins scolaires avec {avec}", "Semences paysannes : un réseau avec {avec}", (2, 12),
        "diffuser des pratiques agroécologiques et renforcer les coopératives paysannes", "Agriculteurs, coopératives et élèves de lycées agricoles", "{n} agriculteurs formés ; une banque de semences partagée entre les partenaires."),
    "environment-climate": ("Littoraux et changement climatique avec {avec}", "Écoles résilientes face au climat {en}", (13, 11),
        "mesurer les effets du changement climatique et co-construire des plans d'adaptation", "Collectivités, scolaires et associations de quartier", "{n} personnes sensibilisées ; deux plans locaux d'adaptation adoptés."),
    "biodiversity-oceans": ("Récifs et herbiers : un suivi partagé avec {avec}", "Aires marines protégées en réseau {en}", (14, 15),
        "harmoniser le suivi des récifs coralliens et former des écogardes", "Gestionnaires d'aires protégées, pêcheurs et écogardes", "{n} pêcheurs et écogardes formés ; un protocole de suivi commun adopté."),
    "disaster-risk-humanitarian": ("Préparation aux ouragans des communes côtières {en}", "Secouristes caribéens : formation avec {avec}", (11, 13),
        "préparer les populations aux ouragans et former des équipes de premiers secours", "Volontaires, secouristes et habitants des zones exposées", "{n} personnes formées aux premiers secours ; trois exercices de crise conjoints."),
    "culture-heritage": ("Tambours et mémoire : résidences croisées avec {avec}", "Patrimoine bâti et métiers d'art {en}", (11, 4),
        "organiser des résidences d'artistes et valoriser un patrimoine commun", "Artistes, étudiants et public des festivals", "{n} spectateurs ; deux créations présentées dans les festivals des partenaires."),
    "sport": ("Jeux caribéens de la jeunesse avec {avec}", "Entraîneurs et détection sportive avec {avec}", (3, 10),
        "organiser des stages et des tournois et former des entraîneurs", "Jeunes sportifs de moins de 18 ans et leurs entraîneurs", "{n} jeunes sportifs accueillis ; 25 entraîneurs certifiés."),
    "youth-mobility": ("Chantiers de jeunes volontaires {en}", "Passeport Caraïbe : mobilité des jeunes avec {avec}", (4, 10),
        "offrir à des jeunes une première expérience de mobilité et d'engagement", "Jeunes de 16 à 25 ans, en priorité sans expérience de mobilité", "{n} jeunes partis en mobilité ; un réseau d'anciens volontaires est né."),
    "gender-equality": ("Coopératives de femmes et autonomie économique {en}", "Contre les violences faites aux femmes, avec {avec}", (5, 10),
        "renforcer l'autonomie des femmes et l'accompagnement des victimes de violences", "Femmes entrepreneures et associations d'accompagnement", "{n} femmes accompagnées ; un annuaire régional des structures d'aide publié."),
    "local-governance": ("Appui aux municipalités pour la gestion des déchets {en}", "Services publics locaux : coopération avec {avec}", (16, 11),
        "renforcer les capacités des collectivités partenaires et partager les bonnes pratiques", "Élus et agents des collectivités partenaires", "{n} agents formés ; une charte de coopération signée entre les collectivités."),
    "economic-development": ("Export et mise en réseau des entreprises avec {avec}", "Microentreprises et économie sociale {en}", (8, 1),
        "accompagner des porteurs de projets et ouvrir des débouchés régionaux", "Créateurs d'entreprise, artisans et coopératives", "{n} entrepreneurs accompagnés ; 15 accords commerciaux signés."),
    "sustainable-tourism": ("Tourisme communautaire et guides ruraux {en}", "Sentiers du patrimoine partagés avec {avec}", (8, 12),
        "développer une offre de tourisme communautaire et former des guides", "Guides, hébergeurs et communautés rurales", "{n} acteurs du tourisme formés ; quatre circuits communs ouverts."),
    "research-higher-education": ("Mobilités doctorales et recherche partagée avec {avec}", "Programme de recherche commun avec {avec}", (4, 9),
        "développer les mobilités d'étudiants et de chercheurs et des publications communes", "Étudiants, doctorants et enseignants-chercheurs", "{n} étudiants et chercheurs mobilisés ; six publications et un colloque commun."),
    "digital": ("Numérique éducatif en créole {en}", "Ateliers de code et inclusion numérique avec {avec}", (9, 4),
        "former au numérique et produire des ressources pédagogiques ouvertes", "Jeunes, enseignants et animateurs numériques", "{n} jeunes formés ; 30 ressources libres publiées en ligne."),
    "global-citizenship-education": ("Citoyens du monde : correspondances scolaires avec {avec}", "Éducation à la solidarité {en}", (4, 16),
        "sensibiliser les jeunes aux enjeux de la solidarité internationale", "Élèves, enseignants et animateurs jeunesse", "{n} élèves sensibilisés ; une exposition itinérante réalisée."),
    "energy": ("Électrification solaire de dispensaires {en}", "Techniciens des énergies renouvelables avec {avec}", (7, 13),
        "installer des équipements solaires et former des techniciens locaux", "Techniciens, centres de santé et écoles équipés", "{n} usagers bénéficient d'une électricité fiable ; 20 techniciens formés."),
}
STATUSES = [S.COMPLETED] * 15 + [S.ONGOING] * 16 + [S.PREPARATION] * 4 + [S.IDEA] * 3 + [S.ABANDONED] * 2
ABANDONED = ["l'instabilité politique a empêché les missions sur place", "le partenaire a dû réorienter ses équipes après le passage d'un ouragan"]
# fmt: on


def euros(hundreds: int) -> Decimal:
    return (Decimal(hundreds) * 100).quantize(CENTS)


def months_later(day: date, months: int) -> date:
    """The last day of the month `months` months after the month of `day`."""
    index = day.year * 12 + day.month - 1 + months + 1
    return date(index // 12, index % 12 + 1, 1) - timedelta(days=1)


def join(words: list[str]) -> str:
    return " et ".join([", ".join(words[:-1]), words[-1]]) if len(words) > 1 else words[0]


def in_country(code: str) -> str:
    name = FRENCH[code]
    if code in EN:
        return f"en {name.removeprefix('la ')}"
    return f"au {name[3:]}" if name.startswith("le ") else f"à {name}"


def describe(
    *, lead, aim: str, partners, local_partners, status: str, end: date, index: int
) -> str:
    """A project's description as its lead would write it (the demo and the benchmark's data)."""
    names = ", ".join(p.name for p in partners)
    description = (
        f"Porté par {lead.name} ({lead.territory.name}), ce projet de coopération régionale "
        f"vise à {aim}, par des missions croisées, des formations et un temps de restitution "
        f"ouvert au public. Partenaires caribéens : {names}."
    )
    if local_partners:
        description += f" Membres du réseau associés : {', '.join(o.name for o in local_partners)}."
    if status == S.ABANDONED:
        description += f" Le projet a été interrompu en {end.year} : {ABANDONED[index % 2]}."
    return description


def budget_and_beneficiaries(rng: random.Random, status: str) -> tuple[Decimal | None, int]:
    """A plausible total budget (none for an idea) and number of beneficiaries."""
    budget = None
    if status != S.IDEA:
        low, high = rng.choice([(16, 80), (16, 80), (80, 240), (80, 240), (240, 1200)])
        budget = Decimal(rng.randint(low, high) * 500).quantize(CENTS)
    return budget, int(budget or 20_000) // 1000 * rng.randint(2, 8) // 10 * 10 + 20


def load_partners(rng: random.Random) -> list[CaribbeanPartner]:
    partners = []
    for country, kind, name in PARTNERS:
        slug = slugify(name)
        if len(slug) > 30:  # long names go by their initials
            slug = "".join(word[0] for word in slug.split("-") if len(word) > 3)
        partner = CaribbeanPartner(
            name=name,
            country_id=country,
            kind=kind,
            website=f"https://www.{slug}.example" if rng.random() < 0.85 else "",
        )
        languages = LANGUAGES.get(country, "en").split()
        if "fr" not in languages and rng.random() < 0.35:
            languages.append("fr")
        validated(partner, {"languages": languages})
        partners.append(partner)
    return partners


def dates(rng: random.Random, status: str) -> tuple[date, date]:
    if status == S.COMPLETED:
        start = date(rng.randint(2018, 2023), rng.randint(1, 12), 1)
        return start, months_later(start, rng.randint(12, 30))
    if status == S.ONGOING:
        start = date(rng.randint(2024, 2026), rng.randint(1, 9), 1)
        end = date(rng.randint(max(2027, start.year + 1), 2028), rng.randint(1, 12), 1)
        return start, months_later(end, 0)
    if status == S.ABANDONED:
        start = date(rng.randint(2019, 2023), rng.randint(1, 12), 1)
        return start, months_later(start, rng.randint(6, 18))
    start = date(2027, rng.randint(1, 6), 1)  # preparation, idea
    return start, months_later(start, rng.randint(12, 18))


def fitting_themes(partner: CaribbeanPartner) -> set[str]:
    return set(KIND_THEMES.get(partner.kind, " ".join(THEMES)).split())  # NGOs: any theme


def pick_lead(rng, active, led, partner=None) -> Organisation:
    """An organisation working in the partner's country (else on its themes) and leading little."""
    candidates = active
    if partner:
        candidates = [o for o in active if partner.country_id in o.country_codes] or [
            o for o in active if set(o.theme_codes) & fitting_themes(partner)
        ]
    return min(candidates, key=lambda o: (led[o.pk], not o.memberships.all(), rng.random()))


def choose_partners(rng, partners, lead, themes, used, k) -> list[CaribbeanPartner]:
    def score(partner):
        return (
            (partner.country_id in lead.country_codes) * 3
            + bool(fitting_themes(partner) & set(themes)) * 1.5
            + (partner.pk not in used) * 1.5
            + rng.random()
        )

    return sorted(partners, key=score, reverse=True)[:k]


def funding_plan(rng, project, lead, countries, themes) -> list[FundingLine]:
    """2 to 4 lines whose requested amounts add up to the budget, own funds balancing."""
    guadeloupe = lead.territory.slug == "guadeloupe"
    fcr = F.FCR_GUADELOUPE if guadeloupe else F.FCR_MARTINIQUE
    total = int(project.total_budget) // 100
    main = F.INTERREG if total >= 1500 else fcr
    extras = [F.PARTNER, F.STATE, F.OTHER, F.INTERREG if main == fcr and total >= 800 else fcr]
    if set(countries) & {"HT", "DO", "CU", "SR", "CO"}:
        extras.append(F.AFD)
    if lead.kind != Organisation.Kind.LOCAL_AUTHORITY:
        extras += [F.REGION, F.DEPARTEMENT] if guadeloupe else [F.REGION]
    if set(themes) & {"education-training", "youth-mobility", "research-higher-education", "sport"}:
        extras.append(F.EU_OTHER)
    funders = [main, *rng.sample(extras, rng.choice([0, 1, 1, 2]))]
    weights = [rng.randint(5, 9)] + [rng.randint(1, 3) for _ in funders[1:]]
    external = total * (100 - rng.randint(10, 50)) // 100
    amounts = [external * w // sum(weights) for w in weights]
    funders.append(F.OWN)
    amounts.append(total - sum(amounts))
    decision = min(project.start_date - timedelta(days=rng.randint(30, 180)), date(2026, 10, 1))
    pending_from = {S.PREPARATION: 0, S.ONGOING: 1 if rng.random() < 0.3 else 9}.get(
        project.status, 9
    )
    lines = []
    for position, (funder, hundreds) in enumerate(zip(funders, amounts, strict=True)):
        decided = funder == F.OWN or position < pending_from
        if project.status == S.PREPARATION:
            decided = position == 0 and rng.random() < 0.3
        granted = hundreds
        if decided and funder != F.OWN and rng.random() < 0.3:
            granted = hundreds * rng.randint(75, 95) // 100
        lines.append(
            validated(
                FundingLine(
                    project=project,
                    funder=funder,
                    amount_requested=euros(hundreds),
                    amount_granted=euros(granted) if decided else None,
                    decision_date=decision if decided else None,
                )
            )
        )
    return lines


def load_demo_projects(*, calls: dict | None = None) -> list[Project]:
    """The demo projects; their FCR funding lines name the demo calls they answered."""
    rng = random.Random(972971)
    partners = load_partners(rng)
    active = list(
        Organisation.objects.filter(status=Organisation.Status.ACTIVE)
        .select_related("territory")
        .prefetch_related("themes", "countries", "memberships__user")
        .order_by("pk")
    )
    for organisation in active:
        organisation.theme_codes = [t.code for t in organisation.themes.all()]
        organisation.country_codes = {c.code for c in organisation.countries.all()}
    statuses = rng.sample(STATUSES, len(STATUSES))
    drafts = [i for i, s in enumerate(statuses) if s == S.IDEA]
    drafts += rng.sample([i for i, s in enumerate(statuses) if s == S.PREPARATION], 2)
    public_amounts = rng.sample([i for i, s in enumerate(statuses) if s != S.IDEA], 10)
    # Each partner takes part in at least one project: the first ones are built around them.
    primaries = rng.sample(partners, len(partners))
    now, led, used, titles, projects = timezone.now(), Counter(), set(), set(), []
    for index, status in enumerate(statuses):
        primary = primaries[index] if index < len(primaries) else None
        lead = pick_lead(rng, active, led, primary)
        led[lead.pk] += 1
        fits = fitting_themes(primary) if primary else set(THEMES)
        themes = sorted(lead.theme_codes, key=lambda t: (t not in fits, rng.random()))
        themes = themes[: rng.randint(1, len(themes))]
        k = rng.choice([1, 1, 1, 2, 2, 3])
        others = [p for p in partners if p != primary]
        chosen = ([primary] if primary else []) + choose_partners(
            rng, others, lead, themes, used, k - bool(primary)
        )
        used.update(p.pk for p in chosen)
        countries = list(dict.fromkeys(p.country_id for p in chosen))
        avec, en = join([FRENCH[c] for c in countries]), join([in_country(c) for c in countries])
        title_a, title_b, goals, aim, beneficiaries, results = THEMES[themes[0]]
        options = [t.format(avec=avec, en=en) for t in rng.sample([title_a, title_b], 2)]
        title = next((t for t in options if t not in titles), f"{options[0]} ({lead.name})")
        titles.add(title)
        names = ", ".join(p.name for p in chosen)
        start, end = dates(rng, status)
        locals_ = [o for o in active if o != lead and set(o.theme_codes) & set(themes)]
        locals_ = rng.sample(locals_, min(len(locals_), rng.choice([0, 0, 1, 1, 2])))
        description = describe(
            lead=lead,
            aim=aim,
            partners=chosen,
            local_partners=locals_,
            status=status,
            end=end,
            index=index,
        )
        budget, count = budget_and_beneficiaries(rng, status)
        membership = next(iter(lead.memberships.all()), None)
        published = index not in drafts
        project = Project(
            title=title,
            summary=f"{lead.name} et ses partenaires ({names}) s'associent pour {aim} {en}."[:500],
            description=description,
            lead=lead,
            status=status,
            start_date=start,
            end_date=end,
            beneficiaries=f"{beneficiaries} {en}.",
            beneficiaries_count=count,
            results=results.format(n=count) if status == S.COMPLETED else "",
            total_budget=budget,
            amounts_public=index in public_amounts,
            published=published,
            published_at=now - timedelta(days=rng.randint(5, 600)) if published else None,
            created_by=membership.user if membership else None,
        )
        validated(
            project,
            {
                "caribbean_partners": chosen,
                "countries": countries,
                "themes": themes,
                "sdgs": {goals[0], *rng.sample([goals[1], 17], rng.choice([0, 1, 1, 2]))},
                "local_partners": locals_,
            },
        )
        if budget:
            funding_plan(rng, project, lead, countries, themes)
        projects.append(project)
    if calls:
        answer_calls(projects, calls)
    return projects


def answer_calls(projects, calls: dict) -> None:
    """FCR lines already decided answered last session's call of Guadeloupe; the pending ones
    the calls open now (calls.demo's keys)."""
    answered = {
        (F.FCR_GUADELOUPE, True): calls.get("fcr-gp-2026"),
        (F.FCR_GUADELOUPE, False): calls.get("fcr-gp"),
        (F.FCR_MARTINIQUE, False): calls.get("fcr-mq"),
    }
    for line in FundingLine.objects.filter(project__in=projects).order_by("pk"):
        call = answered.get((line.funder, line.amount_granted is not None))
        if call is not None:
            line.call = call
            line.full_clean()
            line.save(update_fields=["call"])
