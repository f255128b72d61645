"""About 60 fictional but plausible organisations for the demo (`manage.py demo`).

Names, people and numbers are invented; communes, themes and countries are real. A fixed seed
makes the demo the same on every machine.
"""

import random
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone

from .demo import validated
from .models import (
    Commune,
    ContactPerson,
    Country,
    Language,
    Membership,
    Organisation,
    SustainableDevelopmentGoal,
    Territory,
    Theme,
    User,
)
from .services import organisation_validate
from .validators import normalize_phone

K = Organisation.Kind

# (name, acronym, kind, commune name, themes, countries, short description)
# fmt: off
# Summaries some members wrote for their Caribbean partners (name -> English, Spanish; either
# may be missing, as in real records).
TRANSLATED_SUMMARIES = {
    "Association Karukera Solidarité Haïti": (
        "Health missions and school sponsorships with schools of north-western Haiti since 2010.",
        "Misiones de salud y apadrinamientos escolares con escuelas del noroeste de Haití desde "
        "2010.",
    ),
    "Ville de Pointe-à-Pitre": (
        "Twinning and cultural exchanges with Jacmel, Santiago de los Caballeros and Santiago de "
        "Cuba.",
        "Hermanamientos e intercambios culturales con Jacmel, Santiago de los Caballeros y "
        "Santiago de Cuba.",
    ),
    "Conseil départemental de la Guadeloupe": (
        "Decentralised cooperation with Dominica and the OECS states: disaster risk management "
        "and local governance.",
        "",
    ),
    "Université des Antilles – pôle Guadeloupe": (
        "",
        "Programas de investigación y movilidad estudiantil con las universidades del Caribe.",
    ),
}

ORGANISATIONS = [
    ('Association Karukera Solidarité Haïti', 'AKSH', K.ASSOCIATION, 'Les Abymes', ['health', 'education-training'], ['HT'],
     "Missions de santé et parrainages scolaires avec des écoles du Nord-Ouest d'Haïti depuis 2010."),
    ('Ville de Pointe-à-Pitre', '', K.LOCAL_AUTHORITY, 'Pointe-à-Pitre', ['culture-heritage', 'local-governance'], ['HT', 'DO', 'CU'],
     'Jumelages et échanges culturels avec Jacmel, Santiago de los Caballeros et Santiago de Cuba.'),
    ('Conseil départemental de la Guadeloupe', 'CD971', K.LOCAL_AUTHORITY, 'Basse-Terre', ['local-governance', 'disaster-risk-humanitarian'], ['DM', 'LC', 'AG', 'HT'],
     "Coopération décentralisée avec la Dominique et les États de l'OECO : gestion des risques et gouvernance locale."),
    ('Lycée agricole de Convenance', 'LPA Convenance', K.SCHOOL, 'Baie-Mahault', ['agriculture-food-security', 'education-training'], ['DM', 'HT'],
     "Échanges d'élèves et de formateurs en agroécologie avec des écoles agricoles de la Dominique."),
    ('Université des Antilles – pôle Guadeloupe', 'UA', K.HIGHER_EDUCATION, 'Pointe-à-Pitre', ['research-higher-education', 'environment-climate'], ['CU', 'DO', 'JM', 'TT'],
     'Programmes de recherche et mobilités étudiantes avec les universités de la Caraïbe.'),
    ('Guadeloupe Formation Coopération', 'GFC', K.VOCATIONAL_TRAINING, 'Le Gosier', ['education-training', 'economic-development'], ['LC', 'DM'],
     "Formations professionnelles croisées dans les métiers du tourisme et de l'hôtellerie."),
    ('Les Ateliers du Bèlè Caraïbe', '', K.ASSOCIATION, 'Sainte-Anne', ['culture-heritage', 'youth-mobility'], ['CU', 'TT', 'HT'],
     "Résidences d'artistes et échanges de jeunes musiciens autour des musiques à tambour."),
    ('Eau Partage Antilles', 'EPA', K.ASSOCIATION, 'Capesterre-Belle-Eau', ['water-sanitation', 'health'], ['HT'],
     "Accès à l'eau potable et assainissement dans des communes rurales du Sud d'Haïti."),
    ("Chambre de commerce et d'industrie des îles de Guadeloupe", 'CCI IG', K.PUBLIC_INSTITUTION, "Baie-Mahault", ['economic-development'], ['DO', 'CU', 'PR', 'TT'],
     "Missions d'entreprises et accompagnement à l'export vers la Caraïbe."),
    ('Réseau Jeunesse Caraïbe', 'RJC', K.ASSOCIATION, 'Petit-Bourg', ['youth-mobility', 'global-citizenship-education'], ['DM', 'LC', 'AG', 'KN'],
     "Chantiers de jeunes et volontariat dans les îles de l'OECO."),
    ('Collège Courbaril', '', K.SCHOOL, 'Saint-François', ['education-training', 'global-citizenship-education'], ['DM'],
     'Correspondances scolaires et séjours linguistiques avec la Dominique.'),
    ('Femmes Solidaires de Basse-Terre', '', K.ASSOCIATION, 'Basse-Terre', ['gender-equality', 'economic-development'], ['HT', 'DO'],
     'Appui à des coopératives de femmes transformatrices de produits agricoles.'),
    ('Parc national de la Guadeloupe', 'PNG', K.PUBLIC_INSTITUTION, 'Saint-Claude', ['biodiversity-oceans', 'environment-climate'], ['DM', 'CU', 'LC'],
     'Coopération entre aires protégées de la Caraïbe pour la conservation de la biodiversité.'),
    ('Croix de Secours Guadeloupe', '', K.ASSOCIATION, 'Le Moule', ['disaster-risk-humanitarian', 'health'], ['DM', 'HT', 'AG'],
     'Préparation aux ouragans et formations aux premiers secours dans les îles voisines.'),
    ('Sport Caraïbe Avenir', '', K.ASSOCIATION, 'Lamentin', ['sport', 'youth-mobility'], ['LC', 'DM', 'TT'],
     'Tournois et stages sportifs caribéens pour les moins de 18 ans.'),
    ('Institut régional de formation en santé', 'IRFS', K.VOCATIONAL_TRAINING, 'Les Abymes', ['health', 'education-training'], ['HT', 'DM'],
     "Formation continue d'infirmiers et de sages-femmes de la Caraïbe."),
    ('Commune de Deshaies', '', K.LOCAL_AUTHORITY, 'Deshaies', ['sustainable-tourism', 'biodiversity-oceans'], ['DM', 'MS'],
     'Tourisme durable et protection des fonds marins avec des communes de la Dominique.'),
    ('Kréyol Numérik', '', K.COMPANY, 'Baie-Mahault', ['digital', 'education-training'], ['HT', 'LC'],
     'Ressources pédagogiques numériques en créole et formation au numérique.'),
    ('Agro Transformation Caraïbe', 'ATC', K.COMPANY, "Morne-à-l'Eau", ['agriculture-food-security', 'economic-development'], ['DO', 'HT'],
     'Transfert de savoir-faire en transformation des fruits tropicaux.'),
    ('Marie-Galante Coopération', '', K.ASSOCIATION, 'Grand-Bourg', ['agriculture-food-security', 'culture-heritage'], ['DM', 'HT'],
     'Échanges autour de la canne, du rhum et du patrimoine avec les îles voisines.'),
    ('Les Saintes Océan Bleu', '', K.ASSOCIATION, 'Terre-de-Haut', ['biodiversity-oceans', 'sustainable-tourism'], ['DM', 'LC'],
     'Suivi des récifs coralliens et formation de guides de plongée.'),
    ("Centre d'études caribéennes appliquées", 'CECA', K.HIGHER_EDUCATION, 'Le Gosier', ['research-higher-education', 'local-governance'], ['CU', 'HT', 'DO', 'VE'],
     'Recherche appliquée sur la gouvernance et les migrations dans la Caraïbe.'),
    ('Énergies Soleil Caraïbe', '', K.COMPANY, 'Sainte-Rose', ['energy', 'environment-climate'], ['DM', 'HT', 'LC'],
     "Électrification solaire de dispensaires et d'écoles rurales."),
    ('Éducation Citoyenne Monde', 'ECM', K.ASSOCIATION, 'Pointe-Noire', ['global-citizenship-education', 'youth-mobility'], ['HT'],
     'Éducation à la citoyenneté mondiale dans les établissements scolaires.'),
    ("Communauté d'agglomération Cap Excellence", '', K.LOCAL_AUTHORITY, 'Les Abymes', ['local-governance', 'water-sanitation'], ['HT', 'DO'],
     "Appui institutionnel à des municipalités haïtiennes pour la gestion des déchets et de l'eau."),
    ('Maison de la Danse Caraïbe', '', K.ASSOCIATION, 'Vieux-Habitants', ['culture-heritage'], ['CU', 'JM', 'TT'],
     'Festivals et formations chorégraphiques avec Cuba, la Jamaïque et Trinidad.'),
    ('Lycée professionnel Gerty Archimède', '', K.SCHOOL, "Morne-à-l'Eau", ['education-training'], ['LC', 'DM'],
     "Stages d'élèves en hôtellerie-restauration à Sainte-Lucie et à la Dominique."),
    ('Association Pêcheurs Solidaires', '', K.ASSOCIATION, 'Port-Louis', ['biodiversity-oceans', 'agriculture-food-security'], ['DM', 'AG', 'KN'],
     'Échanges entre pêcheurs sur les dispositifs de concentration de poissons.'),
    ('Guadeloupe Numérique Solidaire', 'GNS', K.ASSOCIATION, 'Le Moule', ['digital', 'gender-equality'], ['HT'],
     'Ateliers de code pour les jeunes filles en Guadeloupe et en Haïti.'),
    ('Fondation Patrimoine Antilles', '', K.OTHER, 'Basse-Terre', ['culture-heritage', 'sustainable-tourism'], ['CU', 'DO', 'HT'],
     "Restauration du patrimoine bâti colonial et formation aux métiers d'art."),
    ('Collectivité territoriale de Martinique', 'CTM', K.LOCAL_AUTHORITY, 'Fort-de-France', ['local-governance', 'economic-development'], ['LC', 'DM', 'CU', 'TT'],
     "Coopération régionale avec les États de l'OECO et de la CARICOM."),
    ('Ville de Fort-de-France', '', K.LOCAL_AUTHORITY, 'Fort-de-France', ['culture-heritage', 'local-governance'], ['LC', 'CU', 'HT'],
     'Jumelages et coopération culturelle avec Castries, La Havane et Port-au-Prince.'),
    ('Association Madinina Haïti Solidarité', 'AMHS', K.ASSOCIATION, 'Le Lamentin', ['education-training', 'health'], ['HT'],
     "Reconstruction d'écoles et formation d'enseignants dans le département des Nippes."),
    ('Lycée Schœlcher', '', K.SCHOOL, 'Fort-de-France', ['education-training', 'youth-mobility'], ['LC', 'TT'],
     'Sections internationales et échanges scolaires avec Sainte-Lucie et Trinidad.'),
    ('Université des Antilles – pôle Martinique', 'UA', K.HIGHER_EDUCATION, 'Schœlcher', ['research-higher-education', 'biodiversity-oceans'], ['CU', 'LC', 'BB', 'TT'],
     'Recherche marine et programmes doctoraux avec les universités de la Caraïbe.'),
    ('Martinique Coopération Santé', 'MCS', K.ASSOCIATION, 'Le Robert', ['health', 'disaster-risk-humanitarian'], ['HT', 'LC', 'DM'],
     'Missions médicales et formation au secourisme après les catastrophes.'),
    ('Les Jardins Créoles Solidaires', '', K.ASSOCIATION, 'Le François', ['agriculture-food-security', 'environment-climate'], ['HT', 'LC'],
     'Jardins créoles, semences locales et agroécologie avec des paysans haïtiens et saint-luciens.'),
    ('Adie Caraïbe Martinique', '', K.ASSOCIATION, 'Le Lamentin', ['economic-development'], ['LC', 'HT'],
     "Microcrédit et accompagnement de créateurs d'entreprise."),
    ('Parc naturel régional de la Martinique', 'PNRM', K.PUBLIC_INSTITUTION, 'Fort-de-France', ['biodiversity-oceans', 'sustainable-tourism'], ['LC', 'DM'],
     'Coopération entre espaces naturels protégés des Petites Antilles.'),
    ('Campus Caribéen des Arts', 'CCA', K.HIGHER_EDUCATION, 'Fort-de-France', ['culture-heritage', 'research-higher-education'], ['CU', 'HT', 'JM'],
     "Échanges d'étudiants et résidences d'artistes dans la Caraïbe."),
    ('Formations Caraïbe Sud', 'FCS', K.VOCATIONAL_TRAINING, 'Ducos', ['education-training', 'energy'], ['LC', 'VC'],
     'Formation aux métiers des énergies renouvelables pour les techniciens de la région.'),
    ('Commune du Prêcheur', '', K.LOCAL_AUTHORITY, 'Le Prêcheur', ['disaster-risk-humanitarian', 'environment-climate'], ['DM', 'MS'],
     "Échanges sur le risque volcanique et l'érosion côtière avec la Dominique et Montserrat."),
    ('Ti Moun Lékòl', '', K.ASSOCIATION, 'Sainte-Marie', ['education-training', 'global-citizenship-education'], ['HT'],
     'Soutien scolaire et bibliothèques de quartier en Haïti.'),
    ('Caribbean Youth Sailing', 'CYS', K.ASSOCIATION, 'Le Marin', ['sport', 'youth-mobility'], ['LC', 'VC', 'GD'],
     'Régates et formation à la voile pour les jeunes de la Caraïbe.'),
    ("Société Martiniquaise d'Ingénierie Verte", 'SMIV', K.COMPANY, 'Le Lamentin', ['water-sanitation', 'energy'], ['HT', 'LC', 'DO'],
     "Ingénierie de l'eau et de l'énergie pour les collectivités caribéennes."),
    ("Espace Sud Communauté d'agglomération", '', K.LOCAL_AUTHORITY, 'Sainte-Luce', ['sustainable-tourism', 'local-governance'], ['LC'],
     'Coopération touristique avec les districts du sud de Sainte-Lucie.'),
    ('Femmes Debout Martinique', '', K.ASSOCIATION, 'Rivière-Pilote', ['gender-equality', 'health'], ['HT', 'DO'],
     'Lutte contre les violences faites aux femmes et santé maternelle.'),
    ('Institut Martiniquais du Sport', '', K.PUBLIC_INSTITUTION, 'Le Lamentin', ['sport', 'education-training'], ['LC', 'BB', 'TT'],
     "Formation d'entraîneurs et détection sportive avec les fédérations caribéennes."),
    ('Lycée agricole du Robert', '', K.SCHOOL, 'Le Robert', ['agriculture-food-security', 'education-training'], ['HT', 'LC'],
     'Coopération pédagogique avec des écoles agricoles haïtiennes.'),
    ('Réseau Citoyen Caraïbe', 'RCC', K.ASSOCIATION, 'Le Carbet', ['global-citizenship-education', 'local-governance'], ['CU', 'HT', 'VE'],
     'Éducation populaire et démocratie participative dans la Caraïbe.'),
    ('Tourisme Solidaire Madinina', '', K.ASSOCIATION, 'Les Trois-Îlets', ['sustainable-tourism', 'economic-development'], ['LC', 'DM', 'CU'],
     'Tourisme communautaire et formation de guides ruraux.'),
    ('Centre de Ressources Numériques Caraïbe', '', K.OTHER, 'Schœlcher', ['digital', 'research-higher-education'], ['TT', 'JM', 'BB'],
     'Données ouvertes et outils numériques pour les organisations de la Caraïbe.'),
    ('Association Mangrove Vivante', '', K.ASSOCIATION, 'Le Vauclin', ['biodiversity-oceans', 'environment-climate'], ['LC', 'VC', 'GD'],
     'Restauration des mangroves et sensibilisation des écoles.'),
    ('Collège Édouard Glissant', '', K.SCHOOL, 'Le Lorrain', ['culture-heritage', 'global-citizenship-education'], ['DM', 'LC'],
     'Projets culturels bilingues avec des collèges de la Dominique.'),
    ("Chambre de métiers et de l'artisanat de Martinique", 'CMA', K.PUBLIC_INSTITUTION, 'Fort-de-France', ['economic-development', 'education-training'], ['LC', 'DM', 'HT'],
     "Formation d'artisans et salons professionnels caribéens."),
    ('Sainte-Lucie Amitié Martinique', '', K.ASSOCIATION, 'Sainte-Anne', ['culture-heritage', 'youth-mobility'], ['LC'],
     'Échanges entre familles, écoles et artistes des deux îles voisines.'),
    ('Écoles Solidaires des Antilles', '', K.ASSOCIATION, 'Le Diamant', ['education-training'], ['HT', 'CU'],
     "Fournitures scolaires et formation d'enseignants."),
    ("Bureau d'études Risques Caraïbes", '', K.COMPANY, 'Case-Pilote', ['disaster-risk-humanitarian', 'environment-climate'], ['DM', 'LC', 'HT', 'AG'],
     'Plans communaux de sauvegarde et exercices de crise.'),
    ('Collectif Kréyòl Lékti', '', K.ASSOCIATION, 'Saint-Pierre', ['culture-heritage', 'education-training'], ['HT', 'LC', 'DM'],
     'Littérature et édition en créole dans la Caraïbe.'),
    ('Coopérative Agricole du Nord', '', K.OTHER, 'Basse-Pointe', ['agriculture-food-security'], ['LC', 'DM', 'HT'],
     'Échanges de semences et de pratiques avec des coopératives caribéennes.'),
]
PENDING = ['Agro Transformation Caraïbe', 'Collectif Kréyòl Lékti', 'Coopérative Agricole du Nord', 'Fondation Patrimoine Antilles', 'Écoles Solidaires des Antilles', 'Éducation Citoyenne Monde']
FIRST_NAMES = ['Maryse', 'Jocelyn', 'Rose-Aimée', 'Fabrice', 'Nadège', 'Teddy', 'Sully', 'Murielle', 'Gérard', 'Ketty', 'Loïc', 'Yolène', 'Harry', 'Sandrine', 'Dimitri', 'Céline']
LAST_NAMES = ['Bellance', 'Jean-Louis', 'Lollia', 'Zébus', 'Théophile', 'Cabrion', 'Nicolas', 'Alexis', 'Pierre-Louis', 'Marie-Sainte', 'Bernabé', 'Calixte', 'Dorval', 'Eugène']
ROLES = ['Présidente', 'Président', 'Chargée de coopération', 'Directeur', 'Coordinatrice de projets', 'Trésorier']
# fmt: on


def demo_phone(rng: random.Random, territory: str) -> str:
    """A landline number of the territory that the portal's validator accepts (E.164); the
    operators' plans leave some blocks unassigned, so draw again until the number is valid."""
    prefix = "0590" if territory == "guadeloupe" else "0596"
    while True:
        number = f"{prefix}{rng.randint(0, 999999):06d}"
        try:
            return normalize_phone(number)
        except ValidationError:
            continue


def _backdate(organisation: Organisation, rng: random.Random, *, stale: bool) -> None:
    """Spread the census over three years, so its growth shows and some records need refreshing
    (`stale`: last confirmed 13 to 20 months ago)."""
    now = timezone.now()
    if stale:
        confirmed = now - timedelta(days=rng.randint(395, 600))
        joined = confirmed - timedelta(days=rng.randint(0, 400))
    else:
        joined = now - timedelta(days=rng.randint(20, 1100))
        confirmed = max(joined, now - timedelta(days=rng.randint(10, 330)))
    Organisation.objects.filter(pk=organisation.pk).update(
        created_at=joined - timedelta(days=rng.randint(1, 20)),
        validated_at=joined,
        confirmed_at=confirmed,
    )


def load_demo_organisations(*, admin: User, validator: dict[str, User]) -> list[Organisation]:
    """Create the demo organisations; `admin.asso` administers two and edits one."""
    rng = random.Random(971972)
    communes = {c.name: c for c in Commune.objects.select_related("territory")}
    themes = {t.code for t in Theme.objects.all()}
    countries = {c.code for c in Country.objects.all()}
    languages = list(Language.objects.values_list("code", flat=True))
    sdgs = list(SustainableDevelopmentGoal.objects.values_list("number", flat=True))
    territories = {t.slug: t for t in Territory.objects.all()}
    created = []
    now = timezone.now()
    dates = random.Random(2026)  # its own sequence, so the records' contents stay as they were
    for index, (name, acronym, kind, commune_name, theme_codes, country_codes, short) in enumerate(
        ORGANISATIONS
    ):
        commune = communes.get(commune_name) or next(
            c
            for c in communes.values()
            if c.territory.slug == ("guadeloupe" if index < 30 else "martinique")
        )
        organisation = Organisation(
            name=name,
            acronym=acronym,
            kind=kind,
            commune=commune,
            territory=territories[commune.territory.slug],
            short_description=short,
            summary_en=TRANSLATED_SUMMARIES.get(name, ("", ""))[0],
            summary_es=TRANSLATED_SUMMARIES.get(name, ("", ""))[1],
            description=(
                "Nos actions s'inscrivent dans la coopération régionale soutenue par le Fonds de "
                "coopération régionale (FCR) et le programme Interreg Caraïbes."
            ),
            year_founded=rng.randint(1975, 2022),
            email=f"contact@{acronym.lower().replace(' ', '') or 'org' + str(index)}.example",
            phone=demo_phone(rng, commune.territory.slug),
            postal_code=commune.postal_code_list[0],
            website=f"https://www.{acronym.lower().replace(' ', '') or 'org' + str(index)}.example",
            rna=f"W9{'G' if commune.territory.slug == 'guadeloupe' else 'M'}{rng.randint(1, 3)}{rng.randint(100000, 999999)}"
            if kind == K.ASSOCIATION
            else "",
        )
        validated(
            organisation,
            {
                "themes": [c for c in theme_codes if c in themes],
                "countries": [c for c in country_codes if c in countries],
                "languages": ["fr", *rng.sample([c for c in languages if c != "fr"], 2)],
                "sdgs": rng.sample(sdgs, 3),
            },
        )
        for n in range(rng.randint(1, 2)):
            validated(
                ContactPerson(
                    organisation=organisation,
                    name=f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}",
                    role=rng.choice(ROLES),
                    email=f"personne{index}-{n}@{'example.org'}",
                    phone=organisation.phone,
                    public_consent_at=now - timedelta(days=30)
                    if n == 0 and index % 3 == 0
                    else None,
                )
            )
        if name not in PENDING:
            organisation_validate(
                organisation=organisation,
                by=validator[commune.territory.slug],
                base_url=settings.SITE_URL,
            )
            _backdate(organisation, dates, stale=index == 0 or index % 4 == 1)
        created.append(organisation)
    Membership.objects.create(user=admin, organisation=created[0], role=Membership.Role.ADMIN)
    Membership.objects.create(user=admin, organisation=created[23], role=Membership.Role.ADMIN)
    Membership.objects.create(user=admin, organisation=created[6], role=Membership.Role.EDITOR)
    return created
