"""Nine fictional but plausible missions and delegations for the demo (`manage.py demo`), of
organisations of both territories, some with the obstacles the networks hear of most (visas
refused to Haitian delegations, no direct transport to Dominica, Spanish in Cuba…), some
without.

Each is typed into the missions' own form (MissionForm and its obstacles' rows, the extra rows
left empty as people leave them) by someone who acts for the organisation — the demo
organisation admin for theirs, the site admin for the others — and saved as the form's page
does. Dates are counted back from today, so that this year's report has figures. Called once,
after the demo organisations and projects."""

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.utils import timezone

from members.models import Organisation, User
from toolbox.forms import formset_changes

from .enums import Direction, ObstacleKind
from .forms import MissionForm, ObstacleFormSet
from .models import Mission
from .permissions import recording_organisations
from .services import mission_save

D, K = Direction, ObstacleKind

# (territory, organisation's rank in it, direction, country, days ago, days, participants,
#  purpose, the organisation's project named, obstacles as (kind, note))
# fmt: off
MISSIONS = [
    ("guadeloupe", 0, D.INCOMING, "HT", 40, 6, 5,
     "Accueil d'une délégation d'animateurs de Jacmel : échanges de pratiques et visites "
     "de centres de santé.", True,
     [(K.VISA_REFUSED, "Deux visas refusés au consulat de Port-au-Prince, sans motif donné."),
      (K.VISA_REFUSED, ""),
      (K.VISA_DELAYED, "Le troisième visa est arrivé la veille du départ.")]),
    ("guadeloupe", 0, D.OUTGOING, "DM", 75, 3, 4,
     "Chantier de jeunes volontaires avec le Kalinago Youth Network.", False,
     [(K.NO_DIRECT_TRANSPORT, "Pas de liaison directe : ferry par la Martinique, une journée."),
      (K.TRANSPORT_COST, "Billets à 420 € par personne.")]),
    ("guadeloupe", 1, D.OUTGOING, "CU", 110, 8, 3,
     "Rencontres avec l'Universidad de Oriente sur la gestion des risques.", True,
     [(K.LANGUAGE, "Aucun interprète espagnol : traduction assurée par un partenaire.")]),
    ("guadeloupe", 1, D.OUTGOING, "LC", 20, 2, 2,
     "Préparation d'un projet Interreg avec le Saint Lucia National Trust.", False, []),
    ("guadeloupe", 2, D.OUTGOING, "HT", 150, 10, 6,
     "Formation des agents de santé communautaire aux Cayes.", False,
     [(K.HEALTH_SECURITY, "Reportée d'une semaine : situation sécuritaire à Port-au-Prince."),
      (K.NO_DIRECT_TRANSPORT, "Escale obligatoire à Miami ou Saint-Domingue.")]),
    ("martinique", 0, D.INCOMING, "HT", 60, 5, 4,
     "Délégation de la mairie de Jacmel pour le jumelage.", False,
     [(K.VISA_REFUSED, "Visa refusé au secrétaire général de la mairie.")]),
    ("martinique", 1, D.OUTGOING, "DO", 90, 4, 3,
     "Salon du tourisme durable de Saint-Domingue.", True,
     [(K.NO_DIRECT_TRANSPORT, "Correspondance par Porto Rico."), (K.LANGUAGE, "")]),
    ("martinique", 1, D.OUTGOING, "DM", 30, 1, 8,
     "Match amical et stage de football avec le Roseau City Council.", False, []),
    ("martinique", 2, D.INCOMING, "CU", 120, 7, 2,
     "Accueil de musiciens de la Casa del Caribe pour le festival.", False, []),
]
# fmt: on
EXTRA = 3  # the obstacle rows the form shows empty


def _organisations(territory: str, admin: User | None) -> list[Organisation]:
    """The territory's active organisations, the demo admin's first."""
    active = Organisation.objects.filter(
        status=Organisation.Status.ACTIVE, territory__slug=territory
    ).order_by("pk")
    if admin is None:
        return list(active)
    theirs = set(recording_organisations(admin).values_list("pk", flat=True))
    return sorted(active, key=lambda o: o.pk not in theirs)


def _recorder(organisation: Organisation, admin: User | None, site_admin: User) -> User:
    if admin is not None and recording_organisations(admin).filter(pk=organisation.pk).exists():
        return admin
    return site_admin


def create_mission(row, organisation: Organisation, by: User) -> Mission:
    """A mission typed into the form by `by`, saved as the form's page does."""
    _slug, _rank, direction, country, ago, days, participants, purpose, named, obstacles = row
    start = timezone.localdate() - timedelta(days=ago)
    project = organisation.led_projects.order_by("pk").first() if named else None
    rows = [*obstacles, *[("", "")] * EXTRA]
    data = {
        "organisation": str(organisation.pk),
        "direction": direction,
        "country": country,
        "start_date": start.isoformat(),
        "end_date": (start + timedelta(days=days)).isoformat(),
        "participants": str(participants),
        "purpose": purpose,
        "project": str(project.pk) if project else "",
        "obstacles-TOTAL_FORMS": str(len(rows)),
        "obstacles-INITIAL_FORMS": "0",
        "obstacles-MIN_NUM_FORMS": "0",
        "obstacles-MAX_NUM_FORMS": "20",
        **{
            f"obstacles-{index}-{name}": value
            for index, (kind, note) in enumerate(rows)
            for name, value in (("kind", kind), ("note", note))
        },
    }
    mission = Mission()
    form = MissionForm(data, instance=mission, organisations=recording_organisations(by))
    formset = ObstacleFormSet(data, instance=mission, prefix="obstacles")
    if not all([form.is_valid(), formset.is_valid()]):
        errors = [form.errors.as_text(), *(f.errors.as_text() for f in formset.forms)]
        raise ValidationError(f"Demo mission {purpose}: {' '.join(errors)}")
    saved, removed = formset_changes(formset)
    return mission_save(
        mission=form.save(commit=False), obstacles=saved, removed_obstacles=removed, by=by
    )


def load_demo_missions(*, admin: User | None = None) -> list[Mission]:
    """The demo missions; `admin` (the demo organisation admin) records those of their
    organisations, the site admin the others."""
    site_admin = User.objects.filter(is_superuser=True).order_by("pk").first()
    if site_admin is None:
        raise ValidationError("The demo missions need the demo site admin.")
    organisations = {slug: _organisations(slug, admin) for slug in ("guadeloupe", "martinique")}
    missions = []
    for row in MISSIONS:
        territory, rank = row[0], row[1]
        organisation = organisations[territory][rank]
        missions.append(
            create_mission(row, organisation, _recorder(organisation, admin, site_admin))
        )
    return missions
