"""Open data: the public directory and the public projects, under the Licence Ouverte 2.0.

Public fields only: the same ones anonymous visitors see (no contact person, no amount unless
the organisation published them), written once for the open data and the API
(api/records.py). Organisations and projects also carry the codes re-users of cooperation data
read: ISO 3166-1 alpha-3 beside the alpha-2 codes of their countries, and for projects
OECD-DAC sectors and CRS purpose codes of their themes (members/reference/standard_codes.py,
docs/standard-codes.md).
Every file is streamed row by row (rrma/exports.py), so its size never bounds the memory it
takes.
"""

import json

from django.core.serializers.json import DjangoJSONEncoder
from django.http import StreamingHttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from api.records import ORGANISATION_LISTS, organisation_record, project_record
from members.models import Organisation
from projects.models import FundingLine, Project
from toolbox.spreadsheets import csv_streaming_response

from .exports import json_chunks, many_to_many, reverse_values, rows_with_lists

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
    "summary_en": _("Summary in English, when its authors wrote one"),
    "summary_es": _("Summary in Spanish, when its authors wrote one"),
    "themes": _("Themes (codes, separated by |)"),
    "countries": _("Caribbean countries and territories (ISO 3166-1 codes, separated by |)"),
    "countries_alpha3": _("Countries and territories (ISO 3166-1 alpha-3 codes, separated by |)"),
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
    "summary_en": _("Summary in English, when its authors wrote one"),
    "summary_es": _("Summary in Spanish, when its authors wrote one"),
    "lead": _("Identifier (slug) of the lead organisation"),
    "territory": _("Territory of the lead organisation"),
    "status": _("Status (idea, preparation, ongoing, completed, abandoned)"),
    "start_date": _("Start date (ISO 8601)"),
    "end_date": _("End date (ISO 8601)"),
    "countries": _("Countries and territories (ISO 3166-1 codes, separated by |)"),
    "countries_alpha3": _("Countries and territories (ISO 3166-1 alpha-3 codes, separated by |)"),
    "themes": _("Themes (codes, separated by |)"),
    "dac_sectors": _("OECD-DAC sectors of the themes (3-digit codes, separated by |)"),
    "crs_purposes": _("OECD-DAC CRS purpose codes of the themes (5 digits, separated by |)"),
    "funders": _("Funders (codes, separated by |), without amounts"),
    "url": _("Address of the project on the portal"),
}


# What each file shows, and nothing more (no description nor search text read for nothing).
_ORGANISATION_COLUMNS = [
    *("slug", "name", "acronym", "kind", "latitude", "longitude", "short_description"),
    *("summary_en", "summary_es"),
    *("website", "email", "territory__slug", "commune__insee_code", "commune__name"),
    *("commune__latitude", "commune__longitude"),
]
_PROJECT_COLUMNS = [
    *("slug", "title", "summary", "summary_en", "summary_es", "status", "start_date"),
    "end_date",
    *("lead__slug", "lead__territory__slug"),
]


def _organisations(request):
    """The public organisations by name, read a chunk at a time (rrma/exports.py)."""
    queryset = (
        Organisation.objects.public()
        .select_related("territory", "commune")
        .only(*_ORGANISATION_COLUMNS)
        .order_by("name")
    )
    lists = {name: many_to_many(Organisation, name) for name in ORGANISATION_LISTS}
    for organisation, found in rows_with_lists(queryset, **lists):
        yield organisation_record(request, organisation, found)


def _projects(request):
    """The public projects by title, read as the organisations are."""
    queryset = (
        Project.objects.public()
        .select_related("lead__territory")
        .only(*_PROJECT_COLUMNS)
        .order_by("title")
    )
    for project, found in rows_with_lists(
        queryset,
        countries=many_to_many(Project, "countries"),
        themes=many_to_many(Project, "themes"),
        funders=reverse_values(FundingLine.objects.order_by(), "project", "funder"),
    ):
        yield project_record(request, project, found)


def _csv(rows, fields, filename):
    """Open data as plain CSV (UTF-8, commas), streamed; lists joined with "|"."""
    names = list(fields)
    lines = (
        ["|".join(map(str, row[k])) if isinstance(row[k], list) else row[k] for k in names]
        for row in rows
    )
    return csv_streaming_response(filename, names, lines, for_excel=False)


def _json(rows, filename):
    """`{"licence": …, "data": [rows]}`, streamed, as Django's JsonResponse would write it."""
    head = f'{{"licence": {json.dumps(LICENCE, ensure_ascii=False)}, "data": ['
    chunks = json_chunks(rows, head=head, tail="]}", ensure_ascii=False, cls=DjangoJSONEncoder)
    response = StreamingHttpResponse(chunks, content_type="application/json")
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


def _feature(row: dict) -> dict:
    return {
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": [row.pop("longitude"), row.pop("latitude")]},
        "properties": row,
    }


def organisations_geojson(request):
    """A GeoJSON FeatureCollection of points, streamed feature by feature."""
    head = (
        '{"type": "FeatureCollection", '
        f'"licence": {json.dumps(LICENCE, ensure_ascii=False)}, "features": ['
    )
    features = map(_feature, _organisations(request))
    response = StreamingHttpResponse(
        json_chunks(features, head=head, tail="]}", ensure_ascii=False),
        content_type="application/geo+json; charset=utf-8",
    )
    response["Content-Disposition"] = 'inline; filename="rrma-organisations.geojson"'
    return response


def projects_csv(request):
    return _csv(_projects(request), PROJECT_FIELDS, "rrma-projects.csv")


def projects_json(request):
    return _json(_projects(request), "rrma-projects.json")
