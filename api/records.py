"""The records the API answers, read through the apps' public scopes, and their public fields
only: the same ones anonymous visitors see on the pages. An organisation's and a project's
fields are written once, here, for the API and the open data (rrma/opendata.py). One query
per page and one per list of its records (prefetches)."""

from collections.abc import Mapping

from django.db.models import Prefetch, QuerySet
from django.http import HttpRequest

from calls.models import Call
from members.models import Organisation
from members.reference.standard_codes import alpha3, crs_purposes, dac_sectors
from news.models import Post
from projects.models import FundingLine, Project
from trainings.models import Session, Training


def codes(related) -> list:
    """The keys of a prefetched relation: the reference lists' codes (SDGs: numbers)."""
    return [item.pk for item in related.all()]


def organisations() -> QuerySet:
    return (
        Organisation.objects.public()
        .select_related("territory", "commune")
        .prefetch_related("themes", "countries", "languages", "sdgs")
    )


# The lists of an organisation, as codes (SDGs: numbers), in the records' order.
ORGANISATION_LISTS = ("themes", "countries", "languages", "sdgs")


def organisation_record(
    request: HttpRequest, organisation: Organisation, lists: Mapping[str, list]
) -> dict:
    """The public fields of an organisation, for the API and the open data alike: `lists` are
    its ORGANISATION_LISTS, however the reader fetched them (prefetched here, by chunk there)."""
    latitude, longitude = organisation.position
    return {
        "slug": organisation.slug,
        "name": organisation.name,
        "acronym": organisation.acronym,
        "kind": organisation.kind,
        "territory": organisation.territory.slug,
        "commune_insee": organisation.commune.insee_code,
        "commune": organisation.commune.name,
        "latitude": latitude,
        "longitude": longitude,
        "short_description": organisation.short_description,
        "summary_en": organisation.summary_en,
        "summary_es": organisation.summary_es,
        "themes": lists["themes"],
        "countries": lists["countries"],
        "countries_alpha3": alpha3(lists["countries"]),
        "languages": lists["languages"],
        "sdgs": lists["sdgs"],
        "website": organisation.website,
        "email": organisation.email,
        "url": request.build_absolute_uri(organisation.get_absolute_url()),
    }


def organisation(request: HttpRequest, organisation: Organisation) -> dict:
    lists = {name: codes(getattr(organisation, name)) for name in ORGANISATION_LISTS}
    return organisation_record(request, organisation, lists)


def projects() -> QuerySet:
    return (
        Project.objects.public()
        .select_related("lead__territory")
        .prefetch_related(
            "countries",
            "themes",
            Prefetch("funding_lines", queryset=FundingLine.objects.only("project", "funder")),
        )
    )


def project_record(request: HttpRequest, project: Project, lists: Mapping[str, list]) -> dict:
    """The public fields of a project, for the API and the open data alike: `lists` are its
    countries, themes (codes) and the funders of its funding lines (once each or not)."""
    return {
        "slug": project.slug,
        "title": project.title,
        "summary": project.summary,
        "summary_en": project.summary_en,
        "summary_es": project.summary_es,
        "lead": project.lead.slug,
        "territory": project.lead.territory.slug,
        "status": project.status,
        "start_date": project.start_date,
        "end_date": project.end_date,
        "countries": lists["countries"],
        "countries_alpha3": alpha3(lists["countries"]),
        "themes": lists["themes"],
        "dac_sectors": dac_sectors(lists["themes"]),
        "crs_purposes": crs_purposes(lists["themes"]),
        # The funders only: the amounts are the organisation's to publish.
        "funders": sorted(set(lists["funders"])),
        "url": request.build_absolute_uri(project.get_absolute_url()),
    }


def project(request: HttpRequest, project: Project) -> dict:
    lists = {
        "countries": codes(project.countries),
        "themes": codes(project.themes),
        "funders": [line.funder for line in project.funding_lines.all()],
    }
    return project_record(request, project, lists)


def trainings(kinds: QuerySet) -> QuerySet:
    sessions = Session.objects.select_related("commune").order_by("starts_at", "pk")
    return (
        kinds.public()
        .select_related("territory")
        .prefetch_related("themes", Prefetch("sessions", queryset=sessions))
    )


def training(request: HttpRequest, training: Training) -> dict:
    return {
        "slug": training.slug,
        "kind": training.kind,
        "title": training.title,
        "summary": training.summary,
        "summary_en": training.summary_en,
        "summary_es": training.summary_es,
        "status": training.status,
        "territory": training.territory.slug,
        "open_to_other_territory": training.open_to_other_territory,
        "format": training.format,
        "language": training.language_id,
        "themes": codes(training.themes),
        "sessions": [
            {
                "starts_at": session.starts_at,
                "ends_at": session.ends_at,
                "venue": session.venue,
                "commune_insee": session.commune.insee_code if session.commune else None,
                "commune": session.commune.name if session.commune else None,
                "registration_deadline": session.registration_deadline,
            }
            for session in training.sessions.all()
        ],
        "url": request.build_absolute_uri(training.get_absolute_url()),
    }


def calls() -> QuerySet:
    return Call.objects.public().with_eligibility()


def call(request: HttpRequest, call: Call) -> dict:
    return {
        "slug": call.slug,
        "title": call.title,
        "funder": call.funder,
        "programme": call.programme,
        "summary": call.summary,
        "summary_en": call.summary_en,
        "summary_es": call.summary_es,
        "territories": [territory.slug for territory in call.territories.all()],
        "themes": codes(call.themes),
        "countries": codes(call.countries),
        "whole_caribbean": call.whole_caribbean,
        "applicants": codes(call.applicants),
        "grant_min": call.grant_min,
        "grant_max": call.grant_max,
        "opens_on": call.opens_on,
        "deadline": call.deadline,
        "official_url": call.official_url,
        "url": request.build_absolute_uri(call.get_absolute_url()),
    }


def posts() -> QuerySet:
    return Post.objects.public().select_related("territory").prefetch_related("themes")


def post(request: HttpRequest, post: Post) -> dict:
    return {
        "slug": post.slug,
        "title": post.title,
        "summary": post.summary,
        "summary_en": post.summary_en,
        "summary_es": post.summary_es,
        "territory": post.territory.slug if post.territory else None,
        "themes": codes(post.themes),
        "published_at": post.published_at,
        "body_html": post.body_html,
        "url": request.build_absolute_uri(post.get_absolute_url()),
    }
