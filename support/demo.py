"""Advisory support's demo data: requests of Rony Bellance's organisations (admin.asso) in
every status, with their exchanges, an internal note, an appointment, and one request left
waiting too long. Asked through the request form, followed through the services, as people
do it."""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone

from members.models import Organisation, User

from . import services
from .enums import Mode, Outcome, Status, Topic
from .forms import MessageForm, RequestForm
from .models import SupportRequest

# fmt: off
REQUESTS = [
    # topic, description, mode, status, outcome, days ago
    (Topic.FUNDING_FCR,
     "Nous préparons un dossier FCR pour un échange d'élèves avec un lycée de Roseau "
     "(Dominique). Pouvez-vous relire notre budget et nos indicateurs ?",
     Mode.ON_SITE, Status.NEW, "", 8),
    (Topic.PARTNER_SEARCH,
     "Nous cherchons une association haïtienne active dans l'agroécologie à Jacmel.",
     Mode.REMOTE, Status.ASSIGNED, "", 3),
    (Topic.BUDGET,
     "Comment présenter la valorisation du bénévolat dans un budget Interreg ?",
     Mode.PHONE, Status.IN_PROGRESS, "", 12),
    (Topic.MOBILITY,
     "Deux de nos formateurs n'ont pas obtenu leur visa pour Cuba à temps : que faire ?",
     Mode.REMOTE, Status.WAITING, "", 20),
    (Topic.FUNDING_INTERREG,
     "Dépôt d'une fiche projet Interreg Caraïbes sur la gestion des sargasses.",
     Mode.ON_SITE, Status.CLOSED, Outcome.FILE_SUBMITTED, 60),
    (Topic.COMMUNICATION,
     "Nous voulions un appui pour notre plaquette, finalement faite en interne.",
     Mode.PHONE, Status.WITHDRAWN, "", 40),
    (Topic.PROJECT_DESIGN,
     "Monter un chantier de jeunes à Sainte-Lucie : par où commencer ?",
     Mode.ON_SITE, Status.CLOSED, Outcome.ADVICE_GIVEN, 90),
]
# fmt: on
ANSWER = "Merci pour votre demande. Pouvez-vous nous envoyer les éléments dont vous disposez ?"
NOTE = "À suivre : l'association a déjà déposé un dossier l'an dernier."


def _asked(organisations, by: User, topic, description, mode, base_url) -> SupportRequest:
    form = RequestForm(
        {
            "organisation": organisations[0].slug,
            "topic": topic,
            "description": description,
            "preferred_mode": mode,
        },
        organisations=Organisation.objects.filter(pk__in=[o.pk for o in organisations]),
    )
    if not form.is_valid():
        raise ValidationError(f"Demo support request: {form.errors.as_json()}")
    data = form.cleaned_data
    return services.request_create(
        organisation=data["organisation"],
        by=by,
        topic=data["topic"],
        description=data["description"],
        preferred_mode=data["preferred_mode"],
        base_url=base_url,
    )


def _message(request, author, body, *, follows: bool, internal=False, minutes=None, base_url):
    form = MessageForm(
        {"body": body, "internal": internal or "", "minutes_spent": minutes or ""},
        follows=follows,
    )
    if not form.is_valid():
        raise ValidationError(f"Demo support message: {form.errors.as_json()}")
    return services.message_post(
        request=request,
        author=author,
        body=form.cleaned_data["body"],
        from_coordinators=follows,
        internal=bool(form.cleaned_data.get("internal")),
        minutes_spent=form.cleaned_data.get("minutes_spent"),
        base_url=base_url,
    )


def load_demo_support(*, asker: User, by: dict[str, User]) -> list[SupportRequest]:
    """`asker` acts for the organisations asking; `by` gives each territory's coordinator."""
    base_url = settings.SITE_URL.rstrip("/")
    organisations = list(Organisation.objects.acted_for_by(asker).order_by("pk"))
    created = []
    for index, (topic, description, mode, status, outcome, days) in enumerate(REQUESTS):
        organisation = organisations[index % len(organisations)]
        coordinator = by[organisation.territory.slug]
        request = _asked([organisation], asker, topic, description, mode, base_url)
        if status != Status.NEW:
            services.request_assign(
                request=request, assignee=coordinator, by=coordinator, base_url=base_url
            )
            _message(
                request,
                coordinator,
                NOTE,
                follows=True,
                internal=True,
                minutes=10,
                base_url=base_url,
            )
            _message(request, coordinator, ANSWER, follows=True, minutes=25, base_url=base_url)
            if status == Status.IN_PROGRESS:
                _message(
                    request,
                    asker,
                    "Voici notre budget prévisionnel.",
                    follows=False,
                    base_url=base_url,
                )
                services.appointment_schedule(
                    request=request,
                    by=coordinator,
                    starts_at=timezone.localtime().replace(
                        hour=10, minute=0, second=0, microsecond=0
                    )
                    + timedelta(days=6),
                    duration=60,
                    mode=Mode.PHONE,
                    note="Nous vous appelons au numéro de la structure.",
                    base_url=base_url,
                )
        if status not in (Status.NEW, Status.ASSIGNED):
            services.request_status_set(
                request=request,
                status=status,
                outcome=outcome,
                by=asker if status == Status.WITHDRAWN else coordinator,
                base_url=base_url,
            )
        # Asked some days ago, as a network's queue is: the first one waits too long.
        asked = timezone.now() - timedelta(days=days)
        SupportRequest.objects.filter(pk=request.pk).update(
            created_at=asked,
            awaiting_since=asked if status == Status.NEW else None,
        )
        request.status_changes.filter(status=Status.NEW).update(created_at=asked)
        created.append(request)
    return created
