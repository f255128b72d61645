"""Workflows on projects."""

import logging

from django.db import IntegrityError, transaction
from django.utils import timezone

from members.models import Country, User
from members.text import normalize_text

from .enums import ChangeReason
from .models import CaribbeanPartner, Project

logger = logging.getLogger(__name__)


def partner_get_or_create(*, name: str, country: Country, kind: str) -> CaribbeanPartner:
    """The partner of that name in that country, created if new (never twice: names are
    compared without accents, case or extra spaces)."""
    normalized = normalize_text(" ".join(name.split()))
    existing = CaribbeanPartner.objects.filter(normalized_name=normalized, country=country).first()
    if existing:
        return existing
    try:
        with transaction.atomic():
            return CaribbeanPartner.objects.create(
                name=" ".join(name.split()), country=country, kind=kind
            )
    except IntegrityError:  # created meanwhile by someone else
        return CaribbeanPartner.objects.get(normalized_name=normalized, country=country)


def project_publish(*, project: Project, by: User) -> None:
    """Published projects appear in the catalogue once their lead organisation is active."""
    project.published = True
    project.published_at = project.published_at or timezone.now()
    project._change_reason = ChangeReason.PUBLISHED
    project.save()
    logger.info("Project %s published by user %s", project.pk, by.pk)


def project_unpublish(*, project: Project, by: User) -> None:
    project.published = False
    project._change_reason = ChangeReason.UNPUBLISHED
    project.save()
    logger.info("Project %s unpublished by user %s", project.pk, by.pk)


@transaction.atomic
def project_save(*, form, funding, new_partners, user: User) -> Project:
    """Save a project with its funding plan and any new Caribbean partners, all or nothing.

    Business rule: the countries of the Caribbean partners are always among the project's.
    """
    creating = form.instance.pk is None
    project = form.save(commit=False)
    if creating:
        project.created_by = user
    project.save()
    form.save_m2m()
    funding.instance = project
    funding.save()
    for data in new_partners.cleaned_data:
        if data and not data.get("DELETE"):
            partner = partner_get_or_create(
                name=data["name"], country=data["country"], kind=data["kind"]
            )
            project.caribbean_partners.add(partner)
    partner_countries = Country.objects.filter(partners__projects=project).distinct()
    project.countries.add(*partner_countries)
    return project
