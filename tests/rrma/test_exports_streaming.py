"""Open data and census exports streamed row by row: the same bytes as a file built whole, a
number of queries set by the number of chunks (not of rows), and a memory that stays flat.

`EXPORT_MEMORY_SCALE=5000,20000 pytest -s tests/rrma/test_exports_streaming.py -k memory`
prints the figures at production scale (the default scale keeps the suite fast)."""

import csv
import io
import json
import math
import os
import time
import tracemalloc

import pytest
from django.core.serializers.json import DjangoJSONEncoder
from django.test import RequestFactory
from django.urls import reverse
from openpyxl import load_workbook

from members.models import Commune, ContactPerson, Organisation
from rrma import exports, opendata
from rrma.exports import census_export_build
from rrma.models import PreparedExport
from tests.members.factories import OrganisationFactory
from tests.projects.factories import FundingLineFactory, ProjectFactory
from toolbox.spreadsheets import SafeCSVWriter

pytestmark = pytest.mark.django_db

OPEN_DATA = [
    "opendata_organisations_csv",
    "opendata_organisations_json",
    "opendata_organisations_geojson",
    "opendata_projects_csv",
    "opendata_projects_json",
]


def bulk_organisations(count: int, territories, *, start: int = 0) -> None:
    """`count` active organisations with two themes, a country, a language, an SDG and a
    contact each, written in a few bulk inserts."""
    communes = [Commune.objects.filter(territory=t).first() for t in territories.values()]
    created = Organisation.objects.bulk_create(
        [
            Organisation(
                name=f"Structure {n:06d}",
                slug=f"structure-{n}",
                kind="association",
                territory_id=communes[n % 2].territory_id,
                commune=communes[n % 2],
                short_description="Actions de solidarité avec la Caraïbe.",
                description="Une longue description. " * 40,
                status="active",
            )
            for n in range(start, start + count)
        ],
        batch_size=1000,
    )
    links = {
        Organisation.themes.through: [("theme_id", "health"), ("theme_id", "energy")],
        Organisation.countries.through: [("country_id", "HT")],
        Organisation.languages.through: [("language_id", "fr")],
        Organisation.sdgs.through: [("sustainabledevelopmentgoal_id", 3)],
    }
    for through, values in links.items():
        through.objects.bulk_create(
            [through(organisation_id=o.pk, **{f: v}) for o in created for f, v in values],
            batch_size=2000,
        )
    ContactPerson.objects.bulk_create(
        [ContactPerson(organisation=o, name="Contact", email="c@example.org") for o in created],
        batch_size=2000,
    )


@pytest.fixture
def varied(territories):
    """Organisations and projects with every kind of value a file holds, a formula included."""
    for n in range(9):
        organisation = OrganisationFactory(
            name=["=HYPERLINK(1)", "Éco Caraïbe", "Zèbre"][n % 3] + f" {n}",
            acronym=["@X", "", "ÉCA"][n % 3],
            territory=list(territories.values())[n % 2],
            themes=[["health", "energy"], ["water-sanitation"]][n % 2],
            countries=[["HT", "DM"], [], ["CU"]][n % 3],
            latitude="16.24000" if n % 4 == 0 else None,
            longitude="-61.53000" if n % 4 == 0 else None,
        )
        organisation.languages.set(["fr", "en"][: n % 3])
        if n % 2:
            ContactPerson.objects.create(organisation=organisation, name=f"Zoé {n}", email="z@x.fr")
        project = ProjectFactory(title=f"Projet {n % 4}", lead=organisation, countries=["HT"])
        FundingLineFactory(project=project)


@pytest.fixture
def small_chunks(monkeypatch):
    monkeypatch.setattr(exports, "CHUNK_SIZE", 4)


def test_open_data_streamed_in_chunks_is_the_file_built_whole(client, varied, small_chunks):
    request = RequestFactory().get("/")
    organisations = list(opendata._organisations(request))
    for row in organisations:
        found = Organisation.objects.get(slug=row["slug"])
        assert row["themes"] == [t.code for t in found.themes.all()]
        assert row["countries"] == [c.code for c in found.countries.all()]
    envelope = {"licence": opendata.LICENCE, "data": organisations}
    expected = json.dumps(envelope, ensure_ascii=False, cls=DjangoJSONEncoder)
    assert client.get(reverse("opendata_organisations_json")).getvalue().decode() == expected

    features = [
        {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [r.pop("longitude"), r.pop("latitude")]},
            "properties": r,
        }
        for r in opendata._organisations(request)
    ]
    collection = {"type": "FeatureCollection", "licence": opendata.LICENCE, "features": features}
    geojson = client.get(reverse("opendata_organisations_geojson")).getvalue().decode()
    assert geojson == json.dumps(collection, ensure_ascii=False)

    text = io.StringIO()
    writer = SafeCSVWriter(text)
    writer.writerow(list(opendata.ORGANISATION_FIELDS))
    for row in opendata._organisations(request):
        writer.writerow(["|".join(map(str, v)) if isinstance(v, list) else v for v in row.values()])
    csv_text = client.get(reverse("opendata_organisations_csv")).getvalue().decode()
    assert csv_text == text.getvalue()
    assert "'=HYPERLINK(1) 0" in csv_text


def test_the_census_export_streamed_in_chunks_is_the_file_built_whole(
    client, varied, state_user, small_chunks
):
    expected = io.StringIO()
    expected.write("\ufeff")
    writer = SafeCSVWriter(expected, delimiter=";")
    writer.writerow(exports.HEADERS)
    rows = []
    for o in Organisation.objects.order_by("name"):
        rows.append(
            [
                *(o.name, o.acronym, o.get_kind_display(), o.get_status_display()),
                *(o.territory.name, o.commune.name, o.siret, o.rna, o.email, o.phone),
                " | ".join(str(t) for t in o.themes.all()),
                " | ".join(str(c) for c in o.countries.all()),
                " | ".join(f"{c.name} <{c.email}>" for c in o.contacts.all()),
                o.confirmed_at.date().isoformat() if o.confirmed_at else "",
            ]
        )
    writer.writerows(rows)
    client.force_login(state_user)
    response = client.get(reverse("census_export", args=["csv"]))
    assert response.streaming
    assert response.getvalue().decode("utf-8") == expected.getvalue()
    data = client.get(reverse("census_export", args=["json"])).getvalue().decode()
    assert data == json.dumps(
        [dict(zip(exports.KEYS, r, strict=True)) for r in rows], ensure_ascii=False
    )
    workbook = load_workbook(
        io.BytesIO(client.get(reverse("census_export", args=["xlsx"])).getvalue())
    )
    assert [list(r) for r in workbook.active.iter_rows(values_only=True)] == [
        exports.HEADERS,
        *([value or None for value in row] for row in rows),
    ]


# What one chunk costs: the organisations, then one query per list shown.
OPEN_DATA_QUERIES = {"organisations": 1 + 4, "projects": 1 + 3}
# Whatever the middleware reads for any anonymous page (the shared cache's table, at most).
MIDDLEWARE_QUERIES = 2


@pytest.mark.parametrize("count", [10, 60])
@pytest.mark.parametrize("name", OPEN_DATA)
def test_open_data_costs_a_few_queries_per_chunk_whatever_the_rows(
    client, territories, count, name, django_assert_max_num_queries
):
    bulk_organisations(count, territories)
    for organisation in Organisation.objects.all():
        ProjectFactory(lead=organisation, countries=["HT", "CU"])
    per_chunk = OPEN_DATA_QUERIES[name.split("_")[1]]
    with django_assert_max_num_queries(per_chunk + MIDDLEWARE_QUERIES):
        body = client.get(reverse(name)).getvalue().decode()
    if name.endswith("csv"):
        assert body.count("\n") == count + 1
    else:
        payload = json.loads(body)
        items = payload.get("data") or payload.get("features")
        assert len(items) == count
    # Each organisation, or each project with its lead, and their lists.
    assert "Structure 000000" in body if "organisations" in name else "structure-0" in body
    assert "HT" in body


@pytest.mark.parametrize("count", [10, 60])
def test_open_data_read_in_chunks_costs_the_same_queries_per_chunk(
    client, territories, count, monkeypatch, django_assert_max_num_queries
):
    monkeypatch.setattr(exports, "CHUNK_SIZE", 25)
    bulk_organisations(count, territories)
    chunks = math.ceil(count / 25)
    per_chunk = OPEN_DATA_QUERIES["organisations"]
    with django_assert_max_num_queries(per_chunk * chunks + MIDDLEWARE_QUERIES):
        rows = list(
            csv.DictReader(io.StringIO(client.get(reverse(OPEN_DATA[0])).getvalue().decode()))
        )
    assert len(rows) == count
    assert {r["themes"] for r in rows} == {"health|energy"}
    assert rows[-1]["name"] == f"Structure {count - 1:06d}"


@pytest.mark.parametrize("count", [10, 60])
@pytest.mark.parametrize("file_format", ["csv", "xlsx", "json"])
def test_the_census_export_costs_the_same_queries_for_10_or_60_rows(
    client, territories, state_user, count, file_format, django_assert_max_num_queries
):
    bulk_organisations(count, territories)
    client.force_login(state_user)
    with django_assert_max_num_queries(12):
        body = client.get(reverse("census_export", args=[file_format])).getvalue()
    if file_format == "xlsx":
        rows = list(load_workbook(io.BytesIO(body)).active.iter_rows(values_only=True))
    elif file_format == "csv":
        rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig")), delimiter=";"))
    else:
        rows = [None, *(list(item.values()) for item in json.loads(body))]
    assert len(rows) == count + 1
    assert rows[1][0] == "Structure 000000"
    assert rows[1][12] == "Contact <c@example.org>"


def _measure(client, url):
    """Peak memory (MB) while sending `url`; then, without tracing, the seconds to the first
    bytes (headers and the file's head), to the first rows, and to the end."""
    tracemalloc.start()
    for _chunk in client.get(url).streaming_content:
        pass  # sent, and forgotten, as a server does
    peak = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    started = time.perf_counter()
    times, size = [], 0
    for chunk in client.get(url).streaming_content:
        times.append(time.perf_counter() - started)
        size += len(chunk)
    rows = times[1] if len(times) > 1 else times[0]
    total = time.perf_counter() - started
    return {
        "peak_mb": peak,
        "first_byte_s": times[0],
        "rows_s": rows,
        "total_s": total,
        "mb": size / 2**20,
    }


def _measure_task(state_user, file_format):
    export = PreparedExport.objects.create(user=state_user, file_format=file_format, language="fr")
    tracemalloc.start()
    started = time.perf_counter()
    census_export_build.call(export.pk)
    total = time.perf_counter() - started
    peak = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    export.refresh_from_db()
    assert export.row_count == Organisation.objects.count()
    size = export.file_size / 2**20
    return {"peak_mb": peak, "first_byte_s": 0, "rows_s": 0, "total_s": total, "mb": size}


def test_memory_stays_flat_whatever_the_number_of_organisations(
    client, territories, state_user, settings, tmp_path, monkeypatch
):
    settings.PRIVATE_FILES_ROOT = tmp_path
    small, large = (int(n) for n in os.environ.get("EXPORT_MEMORY_SCALE", "1000,4000").split(","))
    if small < 5000:
        monkeypatch.setattr(exports, "CHUNK_SIZE", 250)  # several chunks at the small scale too
    monkeypatch.setattr(exports, "STREAMED_EXPORT_MAX_ROWS", large)
    urls = {
        "open data CSV": reverse("opendata_organisations_csv"),
        "open data GeoJSON": reverse("opendata_organisations_geojson"),
        "census CSV": reverse("census_export", args=["csv"]),
        "census XLSX": reverse("census_export", args=["xlsx"]),
    }
    client.force_login(state_user)
    figures = {}
    bulk_organisations(small, territories)
    for scale in (small, large):
        if scale == large:
            bulk_organisations(large - small, territories, start=small)
        for label, url in urls.items():
            figures[label, scale] = _measure(client, url)
        figures["prepared XLSX (task)", scale] = _measure_task(state_user, "xlsx")
    for label in [*urls, "prepared XLSX (task)"]:
        a, b = figures[label, small], figures[label, large]
        print(
            f"{label}: peak {a['peak_mb']:.1f} MB at {small}, {b['peak_mb']:.1f} MB at {large}"
            f" (file {b['mb']:.1f} MB); first byte {a['first_byte_s']:.3f} s /"
            f" {b['first_byte_s']:.3f} s; first rows {a['rows_s']:.3f} s / {b['rows_s']:.3f} s;"
            f" total {a['total_s']:.2f} s / {b['total_s']:.2f} s"
        )
        # Four times the rows, about the same memory: nothing grows with the number of rows.
        assert b["peak_mb"] < a["peak_mb"] * 1.5 + 1, (label, a, b)
