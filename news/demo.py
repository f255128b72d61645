"""Eight fictional news posts of the networks' life (demo): the results of the FCR calls, a
general assembly of Karib Horizon, a training's recap, an Interreg Caraïbes information day…

Some are for one network, some for both; one is a draft. Their dates are placed before today.
Each goes through the coordinators' form (PostForm) and the service that saves posts, as
people's input does; the published ones are then published by their author. No image: the
demo writes no file.
"""

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.utils import timezone

from members.models import Territory, User
from members.permissions import publishing_territories

from . import services
from .forms import PostForm
from .models import Post

GP, MQ, BOTH = "guadeloupe", "martinique", None

# (territory (None: both networks), author's territory, title, summary, body, themes, days
#  before today (None: a draft, undated))
# fmt: off
POSTS = [
    (GP, GP, "Fonds de coopération régionale 2026 : quatorze projets soutenus en Guadeloupe",
     "Le comité du FCR a retenu quatorze projets portés par des associations, des collectivités et des établissements de formation guadeloupéens avec leurs partenaires caribéens.",
     """Le comité de programmation du Fonds de coopération régionale (FCR) s'est réuni à la préfecture. Sur vingt et un dossiers déposés, **quatorze projets** ont reçu un avis favorable, pour un montant total de 412 000 €.

## Les projets retenus

- six projets avec **Haïti**, dont trois en santé communautaire ;
- quatre avec la **Dominique**, autour de la gestion des risques naturels ;
- deux avec **Cuba**, en formation professionnelle ;
- deux avec **Sainte-Lucie**, pour la mobilité des jeunes.

## Et maintenant ?

Les porteurs recevront leur convention dans les prochaines semaines. Le réseau organise une réunion d'information sur le suivi et le compte rendu financier des projets : inscrivez-vous auprès de la coordination.

Le détail des règles du fonds est sur [le site de la préfecture](https://www.guadeloupe.gouv.fr/).""",
     ["economic-development", "health"], 12),
    (GP, GP, "Assemblée générale de Karib Horizon : le bilan 2026 et la feuille de route",
     "Quatre-vingts membres réunis à Pointe-à-Pitre ont adopté le rapport d'activité et fixé trois priorités pour l'année qui vient.",
     """L'assemblée générale annuelle de **Karib Horizon**, le réseau de la coopération internationale de Guadeloupe, s'est tenue au Mémorial ACTe devant quatre-vingts représentants de ses membres.

## Le bilan de l'année

- 38 nouvelles structures ont rejoint le réseau ;
- 11 formations ont réuni 240 participants ;
- 5 missions d'échange ont été conduites dans la Caraïbe.

## Trois priorités pour 2027

1. accompagner les petites associations dans le montage de leurs dossiers européens ;
2. développer les échanges avec les pays de l'OECO ;
3. mieux faire connaître les projets de nos membres auprès du public.

> « La coopération régionale est l'affaire de tous les acteurs du territoire. »

Le compte rendu complet sera envoyé aux membres avec la prochaine lettre d'information.""",
     ["local-governance"], 30),
    (MQ, MQ, "Retour sur la formation « Monter un projet Interreg Caraïbes »",
     "Deux journées à Fort-de-France pour comprendre le programme, construire un partenariat et préparer un budget éligible.",
     """Dix-huit participants, issus d'associations, de communes et d'établissements d'enseignement supérieur, ont suivi la formation du réseau de Martinique consacrée au programme **Interreg Caraïbes**.

## Ce que nous avons travaillé

- la logique d'intervention d'un projet et ses indicateurs ;
- le choix des partenaires et la répartition des rôles ;
- les dépenses éligibles et le *plan de financement*.

## Les supports

Les diaporamas et le modèle de budget sont disponibles dans la bibliothèque de ressources du réseau. Pour aller plus loin, consultez [le site du programme](https://www.interreg-caraibes.fr/).

Une deuxième session est prévue au printemps : faites-nous part de votre intérêt.""",
     ["education-training"], 20),
    (BOTH, GP, "Journée d'information Interreg Caraïbes : inscriptions ouvertes",
     "Les deux réseaux organisent ensemble une journée d'information sur le prochain appel à manifestation d'intérêt du programme Interreg Caraïbes.",
     """Les réseaux de Guadeloupe et de Martinique s'associent pour présenter le **prochain appel à manifestation d'intérêt** du programme Interreg Caraïbes, avec l'autorité de gestion.

## Au programme

- les priorités du programme et les types de projets attendus ;
- les règles de cofinancement et le calendrier ;
- des témoignages de porteurs de projets déjà soutenus ;
- des rendez-vous individuels l'après-midi.

## En pratique

La journée se tient en même temps à Basse-Terre et à Fort-de-France, reliées en visioconférence. L'inscription est gratuite mais obligatoire : écrivez à <coordination.guadeloupe@rrma.example> ou à <coordination.martinique@rrma.example>.""",
     ["economic-development", "environment-climate"], 5),
    (MQ, MQ, "FCR Martinique : la coopération avec Sainte-Lucie et la Dominique renforcée",
     "Neuf projets retenus par le Fonds de coopération régionale de Martinique, dont cinq avec les voisins de l'OECO.",
     """Le Fonds de coopération régionale de Martinique soutient cette année **neuf projets**, pour 286 000 € au total.

## Les voisins de l'OECO en tête

Cinq projets associent des partenaires de **Sainte-Lucie** et de la **Dominique** : formation aux métiers de la mer, prévention des risques cycloniques, échanges culturels entre écoles de musique.

## Les autres projets

- deux projets de santé avec Haïti ;
- un projet universitaire avec Cuba ;
- un projet sportif avec Trinité-et-Tobago.

Félicitations aux porteurs ! Les structures dont le dossier n'a pas été retenu peuvent solliciter la coordination pour préparer la prochaine session.""",
     ["youth-mobility", "disaster-risk-humanitarian"], 8),
    (BOTH, MQ, "Santé communautaire : les associations des deux îles en mission en Haïti",
     "Une délégation de six associations de Guadeloupe et de Martinique a rencontré ses partenaires haïtiens à Jacmel et aux Cayes.",
     """Pendant une semaine, six associations membres des deux réseaux ont rencontré leurs partenaires haïtiens engagés dans la **santé communautaire**.

## Les temps forts

- la visite de deux centres de santé soutenus depuis 2022 ;
- un atelier commun sur la formation des agents de santé ;
- la signature d'une charte de partenariat entre onze structures.

## La suite

Un projet commun sera déposé au prochain appel à projets de l'[Agence française de développement](https://www.afd.fr/). Les associations intéressées peuvent rejoindre le groupe de travail « Santé » des réseaux.""",
     ["health"], 45),
    (GP, GP, "Éducation à la citoyenneté mondiale : un atelier pour les lycées",
     "Le réseau de Guadeloupe propose aux équipes éducatives un atelier pour monter un projet d'échange avec un établissement de la Caraïbe.",
     """Vous enseignez en lycée ou en section de BTS et souhaitez monter un échange avec un établissement de la Caraïbe ? Le réseau vous propose un **atelier d'une demi-journée**.

## Pour qui ?

- les enseignants et conseillers principaux d'éducation ;
- les référents mobilité des lycées professionnels ;
- les associations qui interviennent en milieu scolaire.

## Ce que vous y trouverez

Des exemples de projets réussis, les financements mobilisables (*Je coopère avec les pays de l'OECO*, Erasmus+) et un temps d'échange avec des établissements partenaires.""",
     ["global-citizenship-education", "education-training"], 3),
    (BOTH, GP, "Rencontres régionales de la coopération 2027 : le programme en préparation",
     "Brouillon : le programme des rencontres communes aux deux réseaux, en cours de rédaction avec les coordinations.",
     """## Pistes de programme

- une plénière d'ouverture avec les partenaires institutionnels ;
- des ateliers thématiques (santé, risques naturels, jeunesse) ;
- un village des projets.

À compléter avec les dates et le lieu.""",
     [], None),
]
# fmt: on


def _form_data(territory: str | None, title: str, summary: str, body: str, themes, days) -> dict:
    published_at = ""
    if days is not None:
        moment = timezone.localtime() - timedelta(days=days)
        published_at = moment.replace(hour=9, minute=30).strftime("%Y-%m-%dT%H:%M")
    return {
        "title": title,
        "summary": summary,
        "body": body,
        "image_alt": "",
        "territory": str(Territory.objects.get(slug=territory).pk) if territory else "",
        "themes": themes,
        "published_at": published_at,
    }


def load_demo_news(*, by: dict[str, User]) -> list[Post]:
    """Create the demo posts through the coordinators' form; `by` gives each territory's
    coordinator (the author of the posts they write, who publishes them). Returns the posts."""
    posts = []
    for territory, author_territory, title, summary, body, themes, days in POSTS:
        author = by[author_territory]
        form = PostForm(
            _form_data(territory, title, summary, body, themes, days),
            publishing=publishing_territories(author),
        )
        if not form.is_valid():
            raise ValidationError(f"Demo post {title!r}: {form.errors.as_json()}")
        post = services.post_save(
            post=form.save(commit=False), themes=form.cleaned_data["themes"], by=author
        )
        if days is not None:
            services.post_publish(post=post, by=author)
        posts.append(post)
    return posts
