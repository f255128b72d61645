"""The words generated records are written with: French, accented, as members type them.

Text search is only measured realistically on realistic text: names and descriptions mix
accented words ("coopération", "santé", "Schœlcher"), Creole place names and the Caribbean
countries in French, so that "coopération santé", "cooperation" and "asociation guadelope"
find some records, not all nor none.
"""

from members.enums import OrganisationKind as K
from projects.enums import PartnerKind as P

# The lists keep several entries a line, as the demo modules do.
# fmt: off
# Shares of each kind among the organisations (the census is mostly associations).
KIND_WEIGHTS = {
    K.ASSOCIATION: 55,
    K.SCHOOL: 9,
    K.COMPANY: 8,
    K.VOCATIONAL_TRAINING: 6,
    K.PUBLIC_INSTITUTION: 6,
    K.LOCAL_AUTHORITY: 6,
    K.HIGHER_EDUCATION: 3,
    K.OTHER: 7,
}
# Caribbean countries most worked with (others of the reference list weigh 1).
COUNTRY_WEIGHTS = {"HT": 30, "DM": 16, "LC": 14, "CU": 9, "DO": 9, "TT": 5, "JM": 4, "AG": 4,
                   "VC": 3, "GD": 3, "BB": 3, "KN": 2, "MS": 2, "VE": 2, "CO": 2, "SR": 2, "PR": 2}
# The largest towns hold more organisations.
MAIN_TOWNS = {"Pointe-à-Pitre", "Les Abymes", "Baie-Mahault", "Basse-Terre", "Le Gosier",
              "Fort-de-France", "Le Lamentin", "Schœlcher", "Le Robert", "Ducos"}

# theme: (words for names, what the organisation does, the theme in a sentence)
THEMES = {
    "education-training": (["Éducation", "Savoirs partagés", "École solidaire"],
                           "parrainages scolaires et formation d'enseignants", "l'éducation"),
    "health": (["Santé", "Soins solidaires", "Médecine du cœur"],
               "missions de santé et formation de soignants", "la santé"),
    "water-sanitation": (["Eau partage", "Dlo pwòp", "Eau et vie"],
                         "accès à l'eau potable et assainissement", "l'eau et l'assainissement"),
    "agriculture-food-security": (["Jardins créoles", "Agroécologie", "Semences paysannes"],
                                  "agroécologie et sécurité alimentaire", "l'agriculture"),
    "environment-climate": (["Climat", "Environnement", "Littoral vivant"],
                            "adaptation au changement climatique", "l'environnement"),
    "biodiversity-oceans": (["Océan bleu", "Récifs", "Mangrove vivante"],
                            "protection des récifs coralliens et des mangroves",
                            "la biodiversité marine"),
    "disaster-risk-humanitarian": (["Secours", "Solidarité urgence", "Prévention des risques"],
                                   "préparation aux ouragans et premiers secours",
                                   "la prévention des catastrophes"),
    "culture-heritage": (["Patrimoine", "Mémoire et culture", "Tambours"],
                         "résidences d'artistes et valorisation du patrimoine", "la culture"),
    "sport": (["Sport", "Jeunesse sportive", "Voile"], "tournois et stages sportifs", "le sport"),
    "youth-mobility": (["Jeunesse", "Mobilité jeunes", "Volontaires"],
                       "chantiers de jeunes et volontariat", "la mobilité des jeunes"),
    "gender-equality": (["Femmes debout", "Égalité", "Femmes solidaires"],
                        "autonomie économique des femmes", "l'égalité femmes-hommes"),
    "local-governance": (["Gouvernance locale", "Citoyenneté", "Développement local"],
                         "appui aux municipalités et coopération décentralisée",
                         "la gouvernance locale"),
    "economic-development": (["Entreprendre", "Économie solidaire", "Artisanat"],
                             "microcrédit et accompagnement de créateurs d'entreprise",
                             "le développement économique"),
    "sustainable-tourism": (["Tourisme solidaire", "Sentiers", "Accueil"],
                            "tourisme communautaire et formation de guides",
                            "le tourisme durable"),
    "research-higher-education": (["Recherche", "Études caribéennes", "Savoirs"],
                                  "recherche appliquée et mobilités étudiantes", "la recherche"),
    "digital": (["Numérique", "Kréyol Numérik", "Code"],
                "ateliers de code et inclusion numérique", "le numérique"),
    "global-citizenship-education": (["Citoyens du monde", "Solidarité internationale",
                                      "Éducation citoyenne"],
                                     "éducation à la citoyenneté mondiale", "la citoyenneté"),
    "energy": (["Énergies", "Soleil", "Énergie verte"],
               "électrification solaire d'écoles et de dispensaires", "l'énergie"),
}
PLACES = ["Karukera", "Madinina", "Caraïbe", "Antilles", "Archipel", "Alizés", "Lakou",
          "Kalinago", "Îles du Vent", "Arc antillais", "Soufrière", "Mornes", "Lambi", "Ti Kaz"]
PEOPLE = ["Gerty Archimède", "Aimé Césaire", "Frantz Fanon", "Édouard Glissant", "Paulette Nardal",
          "Félix Éboué", "Maryse Condé", "Joseph Zobel", "Suzanne Césaire", "Louis Delgrès",
          "Victor Schœlcher", "Simone Schwarz-Bart", "Daniel Maximin", "Ignace", "Solitude"]
# Patterns of organisation names by kind: {theme} a theme word, {place}, {commune},
# {person}, {country} a Caribbean country in French.
NAMES = {
    K.ASSOCIATION: ["Association {theme} {place}", "{theme} Solidarité {country}",
                    "Collectif {theme} de {commune}", "Les Amis de {country}",
                    "Réseau {theme} Caraïbe", "Association {place} {country}",
                    "Comité de jumelage {commune}–{country}", "{theme} sans frontières {place}"],
    K.SCHOOL: ["Collège {person}", "Lycée {person}", "Lycée professionnel de {commune}",
               "École élémentaire {person} de {commune}", "Lycée agricole de {commune}"],
    K.COMPANY: ["{theme} Caraïbe Conseil", "Société {place} {theme}", "{place} Ingénierie",
                "Bureau d'études {theme} {place}"],
    K.VOCATIONAL_TRAINING: ["Centre de formation {theme} {place}", "Institut régional {theme}",
                            "Formations {place} {commune}"],
    K.PUBLIC_INSTITUTION: ["Office {theme} de {commune}", "Agence {theme} {place}",
                           "Maison de la coopération de {commune}"],
    K.LOCAL_AUTHORITY: ["Commune de {commune}", "Ville de {commune}",
                        "Centre communal d'action sociale de {commune}",
                        "Caisse des écoles de {commune}"],
    K.HIGHER_EDUCATION: ["Institut universitaire {theme} {place}",
                         "École supérieure {theme} de {commune}", "Campus caribéen {theme}"],
    K.OTHER: ["Fondation {person}", "Coopérative {theme} {place}", "Groupement {theme} {commune}"],
}
SUBJECTS = {K.ASSOCIATION: "l'association", K.LOCAL_AUTHORITY: "la collectivité",
            K.SCHOOL: "l'établissement", K.HIGHER_EDUCATION: "l'établissement",
            K.COMPANY: "l'entreprise"}
DESCRIPTIONS = [
    "Basée à {commune} ({territory}), {subject} mène depuis {year} des actions de coopération "
    "régionale avec {avec}.",
    "Nos domaines : {themes}. Nous travaillons {en} avec des partenaires de terrain.",
    "Nos actions s'inscrivent dans la coopération régionale soutenue par le Fonds de coopération "
    "régionale (FCR) et le programme Interreg Caraïbes.",
    "Chaque année, {n} bénévoles et salariés participent à des échanges, des missions croisées "
    "et des formations avec nos partenaires caribéens.",
    "Nous accueillons des volontaires et des stagiaires de la Caraïbe et organisons des "
    "restitutions ouvertes au public en {territory}.",
    "Membre du réseau régional multi-acteurs depuis sa création, {subject} partage ses "
    "expériences sur {theme_sentence} et l'éducation à la solidarité internationale.",
]
REFUSALS = ["Les statuts transmis ne sont pas signés ; merci de joindre la version déposée.",
            "Cette organisation est déjà inscrite sous un autre nom : rapprochez-vous de ses "
            "administrateurs."]
FIRST_NAMES = ["Maryse", "Jocelyn", "Rose-Aimée", "Fabrice", "Nadège", "Teddy", "Sully",
               "Murielle", "Gérard", "Ketty", "Loïc", "Yolène", "Harry", "Sandrine", "Dimitri",
               "Céline", "Aurélie", "Cédric", "Danielle", "Emmanuel", "Fanny", "Grégory",
               "Héléna", "Johan", "Karine", "Lionel", "Manuella", "Océane", "Pascal", "Rosemonde"]
LAST_NAMES = ["Bellance", "Jean-Louis", "Lollia", "Zébus", "Théophile", "Cabrion", "Nicolas",
              "Alexis", "Pierre-Louis", "Marie-Sainte", "Bernabé", "Calixte", "Dorval", "Eugène",
              "Anselme", "Cétout", "Désiré", "Édouard", "Félicité", "Germain", "Hippolyte",
              "Laguerre", "Mérion", "Nérée", "Pélage", "Saint-Jean", "Thénard", "Vitalis"]
ROLES = ["Présidente", "Président", "Chargée de coopération", "Directeur",
         "Coordinatrice de projets", "Trésorier", "Secrétaire générale"]

# Caribbean partners: towns by country, and name patterns by the country's language.
TOWNS = {
    "HT": ["Jacmel", "Les Cayes", "Cap-Haïtien", "Port-de-Paix", "Jérémie", "Hinche", "Gonaïves"],
    "DM": ["Roseau", "Portsmouth", "Marigot", "Grand Bay", "Castle Bruce"],
    "LC": ["Castries", "Soufrière", "Vieux Fort", "Gros Islet", "Dennery"],
    "CU": ["Santiago de Cuba", "La Habana", "Holguín", "Camagüey", "Baracoa"],
    "DO": ["Santiago de los Caballeros", "Santo Domingo", "Moca", "La Romana", "Puerto Plata"],
    "TT": ["Port of Spain", "San Fernando", "Arima", "Scarborough"],
    "JM": ["Kingston", "Montego Bay", "Port Antonio", "Mandeville"],
    "AG": ["St. John's", "English Harbour"], "VC": ["Kingstown", "Georgetown"],
    "GD": ["St. George's", "Grenville"], "BB": ["Bridgetown", "Speightstown"],
    "KN": ["Basseterre", "Charlestown"], "MS": ["Brades", "Salem"],
    "VE": ["Carúpano", "Cumaná", "Güiria"], "CO": ["Barranquilla", "Cartagena", "Santa Marta"],
    "SR": ["Paramaribo", "Nieuw Nickerie"], "PR": ["Mayagüez", "Ponce", "San Juan"],
}
PARTNER_NAMES = {
    "fr": [(P.LOCAL_AUTHORITY, "Mairie de {town}"), (P.NGO, "Konbit {word} {town}"),
           (P.SCHOOL, "École nationale de {town}"), (P.NGO, "Association des paysans de {town}"),
           (P.UNIVERSITY, "Université publique de {town}"), (P.OTHER, "Coopérative de {town}")],
    "en": [(P.LOCAL_AUTHORITY, "{town} Town Council"), (P.NGO, "{town} {word} Trust"),
           (P.SCHOOL, "{town} Secondary School"), (P.NGO, "{town} Youth Network"),
           (P.UNIVERSITY, "{town} Community College"), (P.OTHER, "{town} Fisherfolk Cooperative")],
    "es": [(P.LOCAL_AUTHORITY, "Ayuntamiento de {town}"), (P.NGO, "Fundación {word} {town}"),
           (P.SCHOOL, "Instituto Técnico de {town}"), (P.UNIVERSITY, "Universidad de {town}"),
           (P.OTHER, "Casa de la Cultura de {town}"), (P.NGO, "Red de Mujeres de {town}")],
}
PARTNER_WORDS = {"fr": ["Dlo Pwòp", "Lavi Miyò", "Fanm Vanyan", "Timoun", "Lakay", "Tè Nou"],
                 "en": ["Heritage", "Community", "Coastal", "Green Future", "Reef", "Sports"],
                 "es": ["Progreso", "Caribe Verde", "Esperanza", "Mar Azul", "Sembrar", "Futuro"]}
PARTNER_LANGUAGE = {"HT": "fr", "CU": "es", "DO": "es", "VE": "es", "CO": "es", "PR": "es"}
# fmt: on
