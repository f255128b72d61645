"""Workflows on projects."""

import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone

from members.models import Country, User
from toolbox.history import explain_change
from toolbox.text import normalize_text

from .enums import ChangeReason
from .models import CaribbeanPartner, FundingLine, Project

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
    explain_change(project, reason=ChangeReason.PUBLISHED)
    project.save()
    logger.info("Project %s published by user %s", project.pk, by.pk)


def project_unpublish(*, project: Project, by: User) -> None:
    project.published = False
    explain_change(project, reason=ChangeReason.UNPUBLISHED)
    project.save()
    logger.info("Project %s unpublished by user %s", project.pk, by.pk)


@dataclass(frozen=True)
class NewPartner:
    """A Caribbean partner named in a project but not yet in the shared list."""

    name: str
    country: Country
    kind: str


@transaction.atomic
def project_save(
    *,
    project: Project,
    relations: Mapping[str, Iterable],
    funding_lines: Iterable[FundingLine] = (),
    removed_lines: Iterable[FundingLine] = (),
    new_partners: Iterable[NewPartner] = (),
    by: User,
) -> Project:
    """Save a project with its funding plan and any new Caribbean partners, all or nothing.

    Business rule: the countries of the Caribbean partners are always among the project's.
    """
    if project.pk is None:
        project.created_by = by
    project.save()
    for name, values in relations.items():
        getattr(project, name).set(values)
    for line in funding_lines:
        line.project = project
        line.save()
    for line in removed_lines:
        line.delete()
    for partner in new_partners:
        project.caribbean_partners.add(
            partner_get_or_create(name=partner.name, country=partner.country, kind=partner.kind)
        )
    partner_countries = Country.objects.filter(partners__projects=project).distinct()
    project.countries.add(*partner_countries)
    return project
