"""Open data: the public directory and the public projects, under the Licence Ouverte 2.0.

Public fields only: the same ones anonymous visitors see (no contact person, no amount unless
the organisation published them).
"""

import json

from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from members.models import Organisation
from projects.models import Project
from toolbox.spreadsheets import csv_response

LICENCE = "Licence Ouverte 2.0 (Etalab) — https://www.etalab.gouv.fr/licence-ouverte-open-licence/"

ORGANISATION_FIELDS = {
    "slug": _("Stable identifier of the organisation on the portal"),
    "name": _("Name"),
    "acronym": _("Acronym"),
    "kind": _("Kind (local-authority, association, public-institution, school, …)"),
    "territory": _("Territory: guadeloupe or martinique"),
    "commune_insee": _("INSEE code of the commune"),
    "commune": _("Commune"),
    "latitude": _("Latitude (WGS 84): the organisation's, or its commune's"),
    "longitude": _("Longitude (WGS 84)"),
    "short_description": _("Short description"),
    "themes": _("Themes (codes, separated by |)"),
    "countries": _("Caribbean countries and territories (ISO 3166-1 codes, separated by |)"),
    "languages": _("Working languages (ISO 639 codes, separated by |)"),
    "sdgs": _("Sustainable Development Goals (numbers, separated by |)"),
    "website": _("Website"),
    "email": _("Public email"),
    "url": _("Address of the record on the portal"),
}
PROJECT_FIELDS = {
    "slug": _("Stable identifier of the project on the portal"),
    "title": _("Title"),
    "summary": _("Summary"),
    "lead": _("Identifier (slug) of the lead organisation"),
    "territory": _("Territory of the lead organisation"),
    "status": _("Status (idea, preparation, ongoing, completed, abandoned)"),
    "start_date": _("Start date (ISO 8601)"),
    "end_date": _("End date (ISO 8601)"),
    "countries": _("Countries and territories (ISO 3166-1 codes, separated by |)"),
    "themes": _("Themes (codes, separated by |)"),
    "funders": _("Funders (codes, separated by |), without amounts"),
    "url": _("Address of the project on the portal"),
}


def _organisations(request):
    queryset = (
        Organisation.objects.public()
        .select_related("territory", "commune")
        .prefetch_related("themes", "countries", "languages", "sdgs")
        .order_by("name")
    )
    for organisation in queryset:
        latitude, longitude = organisation.position
        yield {
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
            "themes": [t.code for t in organisation.themes.all()],
            "countries": [c.code for c in organisation.countries.all()],
            "languages": [lang.code for lang in organisation.languages.all()],
            "sdgs": [g.number for g in organisation.sdgs.all()],
            "website": organisation.website,
            "email": organisation.email,
            "url": request.build_absolute_uri(organisation.get_absolute_url()),
        }


def _projects(request):
    queryset = (
        Project.objects.public()
        .select_related("lead__territory")
        .prefetch_related("countries", "themes", "funding_lines")
        .order_by("title")
    )
    for project in queryset:
        yield {
            "slug": project.slug,
            "title": project.title,
            "summary": project.summary,
            "lead": project.lead.slug,
            "territory": project.lead.territory.slug,
            "status": project.status,
            "start_date": project.start_date.isoformat() if project.start_date else "",
            "end_date": project.end_date.isoformat() if project.end_date else "",
            "countries": [c.code for c in project.countries.all()],
            "themes": [t.code for t in project.themes.all()],
            "funders": sorted({line.funder for line in project.funding_lines.all()}),
            "url": request.build_absolute_uri(project.get_absolute_url()),
        }


def _csv(rows, fields, filename):
    """Open data as plain CSV (UTF-8, commas); lists joined with "|"."""
    names = list(fields)
    lines = (
        ["|".join(map(str, row[k])) if isinstance(row[k], list) else row[k] for k in names]
        for row in rows
    )
    return csv_response(filename, names, lines, for_excel=False)


def _json(rows, filename):
    response = JsonResponse(
        {"licence": LICENCE, "data": list(rows)}, json_dumps_params={"ensure_ascii": False}
    )
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def opendata(request):
    return render(
        request,
        "rrma/opendata.html",
        {
            "licence": LICENCE,
            "organisation_fields": ORGANISATION_FIELDS,
            "project_fields": PROJECT_FIELDS,
        },
    )


def organisations_csv(request):
    return _csv(_organisations(request), ORGANISATION_FIELDS, "rrma-organisations.csv")


def organisations_json(request):
    return _json(_organisations(request), "rrma-organisations.json")


def organisations_geojson(request):
    features = [
        {
            "type": "Feature",
            "geometry": {
                "type": "Point",
                "coordinates": [row.pop("longitude"), row.pop("latitude")],
            },
            "properties": row,
        }
        for row in _organisations(request)
    ]
    response = HttpResponse(
        json.dumps(
            {"type": "FeatureCollection", "licence": LICENCE, "features": features},
            ensure_ascii=False,
        ),
        content_type="application/geo+json; charset=utf-8",
    )
    response["Content-Disposition"] = 'inline; filename="rrma-organisations.geojson"'
    return response


def projects_csv(request):
    return _csv(_projects(request), PROJECT_FIELDS, "rrma-projects.csv")


def projects_json(request):
    return _json(_projects(request), "rrma-projects.json")
