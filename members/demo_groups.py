"""Two fictional working groups per network for the demo (`manage.py demo`), made through the
form coordinators use (WorkingGroupForm), with member organisations taken from the demo
organisations working on their themes. Called after the demo organisations."""

from django.core.exceptions import ValidationError

from .forms import WorkingGroupForm
from .models import Organisation, Territory, WorkingGroup

# (territory, name, themes, description, the other territory's members too)
# fmt: off
GROUPS = [
    ("guadeloupe", "Éducation et jeunesse", ["education-training", "youth-mobility"],
     "Établissements scolaires, associations de jeunesse et structures de formation préparent "
     "ensemble les mobilités d'élèves et de jeunes dans la Caraïbe, partagent leurs conventions "
     "d'accueil et leurs retours d'expérience.", False),
    ("guadeloupe", "Santé", ["health", "water-sanitation"],
     "Les membres engagés dans des actions de santé, d'accès à l'eau et d'assainissement "
     "coordonnent leurs missions avec Haïti et la Dominique, et partagent leur logistique.",
     False),
    ("martinique", "Mobilité et visas", ["youth-mobility", "culture-heritage"],
     "Visas, assurances, transport, accueil de volontaires : le groupe recense les difficultés "
     "de mobilité rencontrées avec les pays voisins et les porte auprès des services de l'État. "
     "Ouvert aux membres des deux réseaux.", True),
    ("martinique", "Environnement et risques majeurs",
     ["environment-climate", "disaster-risk-humanitarian"],
     "Préparation aux ouragans et aux séismes, protection de la biodiversité : le groupe "
     "prépare des projets communs avec les partenaires de l'arc antillais.", False),
]
# fmt: on
MEMBERS = 5


def members_for(territory: Territory, themes: list[str], *, both: bool) -> list[Organisation]:
    """A few active organisations of the territory working on the themes (and of the other
    territory as well, for a group open to both)."""
    organisations = Organisation.objects.public().filter(themes__in=themes).distinct()
    own = list(organisations.filter(territory=territory).order_by("name")[:MEMBERS])
    others = list(organisations.exclude(territory=territory).order_by("name")[:2]) if both else []
    return own + others


def load_demo_working_groups() -> list[WorkingGroup]:
    """Create the demo working groups (the demo organisations must exist), through the form."""
    territories = Territory.objects.all()
    groups = []
    for slug, name, themes, description, both in GROUPS:
        territory = territories.get(slug=slug)
        form = WorkingGroupForm(
            data={
                "territory": str(territory.pk),
                "name": name,
                "description": description,
                "themes": themes,
                "organisations": [str(o.pk) for o in members_for(territory, themes, both=both)],
                "is_active": "on",
            },
            territories=territories,
        )
        if not form.is_valid():
            raise ValidationError(f"Demo working group {name}: {form.errors.as_text()}")
        groups.append(form.save())
    return groups
