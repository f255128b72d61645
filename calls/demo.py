"""About ten fictional funding calls of the funders the networks relay (demo).

The calls are modelled on real programmes (the FCR of each prefecture, the Region's "Je coopère
avec les pays de l'OECO", Interreg Caraïbes, the Foreign Ministry's calls for local
authorities, AFD micro-projects), with invented dates, amounts and wording. Their dates are
placed around today: some open, some closing soon, one upcoming, some closed, one draft. Each
goes through the coordinators' form (CallForm), as people's input does. Called once, after the
demo organisations, on an empty calls table.
"""

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.utils import timezone

from members.models import Territory, User

from .enums import CallFunder as F
from .forms import CallForm
from .models import Call, local_today

GP, MQ, BOTH = ["guadeloupe"], ["martinique"], ["guadeloupe", "martinique"]
OECS = ["AG", "DM", "GD", "KN", "LC", "MS", "VC"]
ALL_BUT_COMPANIES = [
    "association",
    "local-authority",
    "public-institution",
    "school",
    "higher-education",
    "vocational-training",
]

# (key, title, funder, programme, territories, applicants, themes, countries (None: the whole
#  Greater Caribbean), rates, grants, opens (days from today), pre-deposit (days), deadline
#  (days, local hour), published, summary, description, official page)
# fmt: off
CALLS = [
    ("fcr-gp", "Fonds de coopération régionale Guadeloupe — appel à projets 2027", F.FCR_GUADELOUPE, "Fonds de coopération régionale (FCR)",
     GP, ALL_BUT_COMPANIES, [], None, (35, 60), (5000, 60000), -30, 10, (45, 12), True,
     "Cofinancer des projets de coopération portés en Guadeloupe avec au moins un partenaire d'un pays de la Grande Caraïbe.",
     "Le FCR cofinance de 35 à 60 % des projets associant un porteur guadeloupéen et un partenaire d'un pays tiers de la Caraïbe. Les dossiers sont instruits par la préfecture et soumis pour avis aux postes diplomatiques. Un pré-dépôt est recommandé pour vérifier l'éligibilité du projet.",
     "https://www.guadeloupe.gouv.fr/"),
    ("fcr-mq", "Fonds de coopération régionale Martinique — session 2027", F.FCR_MARTINIQUE, "Fonds de coopération régionale (FCR)",
     MQ, ALL_BUT_COMPANIES, [], None, (35, 60), (5000, 50000), -50, None, (8, 16), True,
     "Appel à projets du FCR de la préfecture de Martinique pour les projets de coopération avec les pays voisins.",
     "Projets portés par une structure martiniquaise avec un partenaire de la Grande Caraïbe ; pays prioritaires : Sainte-Lucie, la Dominique, Haïti, Cuba. Cofinancement de 35 à 60 % ; consultation des ambassades et consulats concernés.",
     "https://www.martinique.gouv.fr/"),
    ("oeco", "Je coopère avec les pays de l'OECO", F.REGION, "Je coopère avec les pays de l'OECO",
     GP, ["association", "vocational-training", "lycee", "bts"], ["education-training", "youth-mobility", "culture-heritage"], OECS, (None, 80), (None, 15000), -10, None, (25, 12), True,
     "Soutenir les échanges de jeunes, de formateurs et d'associations entre la Guadeloupe et les pays de l'OECO.",
     "Pour les associations, les centres de formation professionnelle, les lycées et les sections de BTS : mobilités, échanges de pratiques et projets communs avec un partenaire d'un État membre de l'OECO.",
     "https://www.regionguadeloupe.fr/"),
    ("interreg", "Interreg Caraïbes — appel à manifestation d'intérêt 2027", F.INTERREG, "Programme Interreg Caraïbes 2021-2027",
     BOTH, ["local-authority", "public-institution", "association", "higher-education", "company"], ["environment-climate", "disaster-risk-humanitarian", "economic-development", "health"], None, (None, 75), (100000, None), 20, 45, (90, 12), True,
     "Manifestations d'intérêt pour des projets de coopération entre les régions ultrapériphériques françaises et les pays de la Caraïbe.",
     "Le programme cofinance jusqu'à 75 % des dépenses éligibles de projets conduits par au moins deux partenaires, dont un de Guadeloupe, de Martinique, de Guyane ou de Saint-Martin. L'appel à manifestation d'intérêt précède le dépôt du dossier complet.",
     "https://www.interreg-caraibes.fr/"),
    ("daect", "Action extérieure des collectivités territoriales — appel à projets Caraïbe", F.FOREIGN_MINISTRY, "Appel à projets de la DAECT",
     BOTH, ["local-authority"], ["local-governance", "water-sanitation", "disaster-risk-humanitarian"], None, (None, 50), (10000, 100000), -120, None, (-20, 12), True,
     "Cofinancement par le ministère de l'Europe et des Affaires étrangères des partenariats des collectivités avec des autorités locales de la Caraïbe.",
     "Pour les collectivités territoriales et leurs groupements : projets de coopération décentralisée avec une autorité locale partenaire, cofinancés jusqu'à 50 %.",
     "https://www.diplomatie.gouv.fr/"),
    ("micro-projets", "Micro-projets de solidarité internationale", F.AFD, "Agence des micro-projets (La Guilde, avec l'AFD)",
     BOTH, ["association"], [], ["HT", "DO", "CU"], (None, 50), (2000, 15000), -15, None, (60, 12), True,
     "Subventions pour les petites associations qui conduisent un projet de développement avec un partenaire local.",
     "Projets de terrain d'un budget modeste, portés par des associations de moins de dix salariés avec un partenaire en Haïti, en République dominicaine ou à Cuba.",
     "https://www.afd.fr/"),
    ("ctm-jeunesse", "Coopération jeunesse Caraïbe", F.CTM, "Collectivité territoriale de Martinique — coopération régionale",
     MQ, ["association", "lycee", "bts", "apprentice-centre"], ["youth-mobility", "education-training", "sport"], ["LC", "DM", "TT", "CU"], (None, 70), (None, 20000), -40, None, (12, 12), True,
     "Financer les mobilités et les projets communs des jeunes de Martinique avec leurs voisins caribéens.",
     "Échanges scolaires, stages en entreprise, rencontres sportives et culturelles avec Sainte-Lucie, la Dominique, Trinité-et-Tobago et Cuba.",
     "https://www.collectivitedemartinique.mq/"),
    ("erasmus", "Erasmus+ — partenariats de coopération avec la Caraïbe", F.EU, "Erasmus+",
     BOTH, ["association", "school", "vocational-training", "higher-education"], ["youth-mobility", "education-training"], None, (None, None), (30000, 400000), -150, None, (-40, 12), True,
     "Partenariats européens d'éducation, de formation et de jeunesse ouverts aux pays de la Caraïbe.",
     "Projets d'échanges de pratiques et de mobilités entre organisations d'éducation, de formation et de jeunesse.",
     "https://erasmus-plus.ec.europa.eu/"),
    ("fcr-gp-2026", "Fonds de coopération régionale Guadeloupe — appel à projets 2026", F.FCR_GUADELOUPE, "Fonds de coopération régionale (FCR)",
     GP, ALL_BUT_COMPANIES, [], None, (35, 60), (5000, 60000), -400, None, (-300, 12), True,
     "La session 2026 du FCR de Guadeloupe, close : ses projets sont en cours.",
     "Projets de coopération associant un porteur guadeloupéen et un partenaire d'un pays tiers de la Caraïbe.",
     "https://www.guadeloupe.gouv.fr/"),
    ("sante-haiti", "Santé communautaire en Haïti", F.OTHER, "Fondation partenaire (en préparation)",
     BOTH, ["association"], ["health"], ["HT"], (None, 80), (None, 25000), 30, None, (100, 12), False,
     "Brouillon : un appel d'une fondation privée en cours de rédaction avec les coordinations.",
     "", ""),
]
# fmt: on


def _form_data(row) -> dict:
    (_key, title, funder, programme, territories, applicants, themes, countries, rates, grants,
     opens, predeposit, (deadline_days, hour), _published, summary, description, url) = row  # fmt: skip
    today = local_today()
    deadline = today + timedelta(days=deadline_days)
    data = {
        "title": title,
        "funder": funder,
        "programme": programme,
        "summary": summary,
        "description": description,
        "territories": [str(t.pk) for t in Territory.objects.filter(slug__in=territories)],
        "applicants": applicants,
        "themes": themes,
        "countries": countries or [],
        "cofinancing_min": rates[0] or "",
        "cofinancing_max": rates[1] or "",
        "grant_min": grants[0] or "",
        "grant_max": grants[1] or "",
        "opens_on": (today + timedelta(days=opens)).isoformat(),
        "predeposit_on": (today + timedelta(days=predeposit)).isoformat() if predeposit else "",
        "deadline": f"{deadline.isoformat()}T{hour:02}:00",
        "official_url": url,
    }
    if countries is None:
        data["whole_caribbean"] = "on"
    return data


def load_demo_calls(*, by: dict[str, User]) -> dict[str, Call]:
    """Create the demo calls through the coordinators' form; `by` gives each territory's
    coordinator (the author of its calls). Returns the calls by key."""
    calls = {}
    for row in CALLS:
        key, territories, published = row[0], row[4], row[13]
        form = CallForm(_form_data(row), publishing=Territory.objects.all())
        if not form.is_valid():
            raise ValidationError(f"Demo call {key}: {form.errors.as_json()}")
        call = form.save(commit=False)
        call.created_by = by[territories[0]]
        if published:
            call.status = Call.Status.PUBLISHED
            call.published_at = min(timezone.now(), call.opens_at)
        call.save()
        form.save_m2m()
        calls[key] = call
    return calls
