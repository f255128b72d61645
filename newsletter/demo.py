"""The newsletters' demo data: a few confirmed subscribers, one issue of Kari'On sent (with its
deliveries) and one draft, made through the forms and the services. Load it after the news,
calls and trainings: the issues offer what is published."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone

from members.models import Territory, User

from .enums import Section
from .forms import IssueForm, SubscribeForm
from .models import SECTION_FIELDS, Issue, Subscriber
from .services import issue_save, issue_send

# fmt: off
SUBSCRIBERS = [
    # email, territories, sections, language
    ("lectrice.karion@example.org", ["guadeloupe"], list(Section.values), "fr"),
    ("mairie.capesterre@example.org", ["guadeloupe"], [Section.CALLS, Section.TRAININGS], "fr"),
    ("association.lespwa@example.org", ["guadeloupe", "martinique"], list(Section.values), "fr"),
    ("partner.dominica@example.org", ["guadeloupe"], [Section.NEWS, Section.EVENTS], "en"),
    ("lycee.schoelcher@example.org", ["martinique"], list(Section.values), "fr"),
]
ISSUES = [
    # territory, subject, intro, sent
    ("guadeloupe", "Les nouvelles de la coopération en Guadeloupe",
     "Bonjour à toutes et à tous,\n\nVoici les appels à projets ouverts, les formations et les "
     "rencontres du réseau pour les semaines à venir. Bonne lecture !\n\nL'équipe de Kari'On",
     True),
    ("guadeloupe", "Préparer les dépôts FCR de l'année",
     "Brouillon : le numéro suivant, consacré aux dossiers du Fonds de coopération régionale.",
     False),
]
# fmt: on


def _subscribers() -> list[Subscriber]:
    """Confirmed subscribers, checked by the subscription form (their double opt-in done)."""
    created = []
    for email, territories, sections, language in SUBSCRIBERS:
        form = SubscribeForm({"email": email, "territories": territories, "sections": sections})
        if not form.is_valid():
            raise ValidationError(f"Demo subscriber {email}: {form.errors.as_json()}")
        chosen = set(form.cleaned_data["sections"])
        subscriber = Subscriber.objects.create(
            email=email,
            language=language,
            confirmed_at=timezone.now(),
            **{name: section in chosen for section, name in SECTION_FIELDS.items()},
        )
        subscriber.territories.set(form.cleaned_data["territories"])
        created.append(subscriber)
    return created


def _issue(territory: Territory, subject: str, intro: str, by: User) -> Issue:
    """A draft through the coordinators' form, keeping what it offers ticked."""
    offered = IssueForm(territory=territory, instance=Issue(territory=territory))
    data: dict[str, str | list[str]] = {"subject": subject, "intro": intro}
    for name in ("posts", "calls", "trainings", "events"):
        data[name] = [str(pk) for pk in offered.initial[name]]
    form = IssueForm(data, territory=territory, instance=Issue(territory=territory))
    if not form.is_valid():
        raise ValidationError(f"Demo issue {subject}: {form.errors.as_json()}")
    return issue_save(issue=form.save(commit=False), **form.relations(), by=by)


def load_demo_newsletter(*, by: dict[str, User]) -> list[Issue]:
    """`by` gives each territory's coordinator (the author and sender of its issues). Returns
    the issues, the sent one first."""
    _subscribers()
    territories = {t.slug: t for t in Territory.objects.all()}
    issues = []
    for slug, subject, intro, sent in ISSUES:
        issue = _issue(territories[slug], subject, intro, by[slug])
        if sent:
            issue_send(issue=issue, by=by[slug], base_url=settings.SITE_URL.rstrip("/"))
        issues.append(issue)
    return issues
