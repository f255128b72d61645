"""The obstacles report: its figures against missions the test creates, its query count, its
exports (CSV and XLSX, safe from formula injection)."""

import csv
import io
from datetime import date

import openpyxl
import pytest
from django.urls import reverse
from django.utils.translation import gettext as _

from members.models import Country
from missions.services import obstacles_report_compute
from tests.members import factories
from tests.members.factories import OrganisationFactory
from tests.missions.factories import MissionFactory, ObstacleFactory, mission_with

pytestmark = pytest.mark.django_db

YEAR = {"start": "2025-01-01", "end": "2025-12-31"}
FORMULA = '=HYPERLINK("https://evil.example","Cliquez")'


@pytest.fixture
def missions(territories):
    """Five missions of Guadeloupe organisations in 2025, one of Martinique, and two of
    Guadeloupe just outside the year."""
    gp = [OrganisationFactory(territory=territories["guadeloupe"]) for _ in range(2)]
    mq = OrganisationFactory(territory=territories["martinique"])
    haiti, dominica, cuba = (Country.objects.get(code=c) for c in ("HT", "DM", "CU"))
    in_2025 = {"start_date": date(2025, 3, 2), "end_date": date(2025, 3, 9)}
    first = MissionFactory(organisation=gp[0], country=haiti, **in_2025)
    ObstacleFactory(mission=first, kind="visa-refused", note=FORMULA)
    ObstacleFactory(mission=first, kind="visa-refused")  # two people refused
    ObstacleFactory(mission=first, kind="transport-cost")
    mission_with("visa-refused", organisation=gp[1], country=haiti, **in_2025)
    MissionFactory(organisation=gp[1], country=haiti, **in_2025)  # no obstacle
    mission_with("no-direct-transport", organisation=gp[0], country=dominica, **in_2025)
    cuban = MissionFactory(
        organisation=gp[0],
        country=cuba,
        direction="incoming",
        start_date=date(2025, 12, 31),
        end_date=date(2026, 1, 4),
    )
    ObstacleFactory(mission=cuban, kind="language", note="Pas d'interprète en espagnol")
    mission_with("visa-refused", organisation=mq, country=haiti, **in_2025)
    for outside in (date(2024, 12, 31), date(2026, 1, 1)):
        mission_with(
            "visa-refused", organisation=gp[0], country=haiti, start_date=outside, end_date=outside
        )


def cells(report_rows):
    return {(r.country, r.kind): (r.obstacles, r.missions) for r in report_rows}


def test_the_report_counts_obstacles_and_missions_affected_by_country_and_kind(
    missions, territories
):
    report = obstacles_report_compute(
        territories=[territories["guadeloupe"]], start=date(2025, 1, 1), end=date(2025, 12, 31)
    )
    assert cells(report.rows) == {
        ("HT", "visa-refused"): (3, 2),
        ("HT", "transport-cost"): (1, 1),
        ("DM", "no-direct-transport"): (1, 1),
        ("CU", "language"): (1, 1),
    }
    assert {r.kind: (r.obstacles, r.missions) for r in report.by_kind} == {
        "visa-refused": (3, 2),
        "transport-cost": (1, 1),
        "no-direct-transport": (1, 1),
        "language": (1, 1),
    }
    # The mission without obstacles is recorded, never affected.
    assert {r.country: (r.recorded, r.missions, r.obstacles) for r in report.by_country} == {
        "HT": (3, 2, 4),
        "DM": (1, 1, 1),
        "CU": (1, 1, 1),
    }
    assert (report.recorded, report.affected, report.obstacles) == (5, 4, 6)
    haiti_visas = next(r for r in report.rows if (r.country, r.kind) == ("HT", "visa-refused"))
    assert haiti_visas.notes == (FORMULA,)


def test_both_territories_add_up_and_each_stands_alone(missions, territories):
    period = {"start": date(2025, 1, 1), "end": date(2025, 12, 31)}
    both = obstacles_report_compute(territories=territories.values(), **period)
    assert cells(both.rows)[("HT", "visa-refused")] == (4, 3)
    assert (both.recorded, both.affected, both.obstacles) == (6, 5, 7)
    martinique = obstacles_report_compute(territories=[territories["martinique"]], **period)
    assert cells(martinique.rows) == {("HT", "visa-refused"): (1, 1)}


def test_the_coordinator_reads_the_figures_of_their_territory_on_the_page(
    client, missions, territories
):
    client.force_login(factories.coordinator(territories["guadeloupe"]))
    response = client.get(reverse("missions:obstacles"), YEAR)
    assert response.status_code == 200
    report = response.context["report"]
    assert report.territories == [territories["guadeloupe"]]
    assert (report.recorded, report.affected, report.obstacles) == (5, 4, 6)
    assert "territory" not in response.context["form"].fields
    assert "<caption" in response.text
    assert "Pas d&#x27;interprète en espagnol" in response.text


def test_state_services_choose_a_territory(client, missions, territories):
    client.force_login(factories.state_services())
    response = client.get(reverse("missions:obstacles"), {**YEAR, "territory": "martinique"})
    assert response.status_code == 200
    assert response.context["report"].territories == [territories["martinique"]]
    assert response.context["report"].recorded == 1
    response = client.get(reverse("missions:obstacles"), YEAR)
    assert response.context["report"].recorded == 6


def test_the_period_defaults_to_the_current_calendar_year(client, territories):
    this_year = date.today().year
    MissionFactory(start_date=date(this_year, 1, 1), end_date=date(this_year, 1, 1))
    MissionFactory(start_date=date(this_year - 1, 12, 31), end_date=date(this_year, 1, 2))
    client.force_login(factories.state_services())
    report = client.get(reverse("missions:obstacles")).context["report"]
    assert (report.start, report.end) == (date(this_year, 1, 1), date(this_year, 12, 31))
    assert report.recorded == 1


@pytest.mark.parametrize(
    "period",
    [
        {"start": "2025-12-31", "end": "2025-01-01"},
        {"start": "32768-01-01", "end": "2025-01-01"},
        {"start": "x\x00", "end": ""},
    ],
)
def test_a_period_that_cannot_be_is_said_on_the_page_and_gives_no_file(client, territories, period):
    client.force_login(factories.state_services())
    page = client.get(reverse("missions:obstacles"), period)
    assert page.status_code == 200
    assert page.context["form"].errors
    for name in ("missions:obstacles_csv", "missions:obstacles_xlsx"):
        response = client.get(reverse(name), period)
        assert response.status_code == 400
        assert response["Content-Type"].startswith("text/html")


def _missions_of_guadeloupe(count: int, territories) -> None:
    organisation = OrganisationFactory(territory=territories["guadeloupe"])
    codes = ["HT", "DM", "CU", "LC", "DO"]
    for index in range(count):
        mission = MissionFactory(
            organisation=organisation,
            country=Country.objects.get(code=codes[index % len(codes)]),
            start_date=date(2025, 1 + index % 12, 1),
            end_date=date(2025, 1 + index % 12, 2),
        )
        for kind in ["visa-refused", "language", "other"][: index % 4]:
            ObstacleFactory(mission=mission, kind=kind, note=f"Note {index}")


@pytest.mark.parametrize("count", [3, 30])
def test_the_reports_queries_do_not_grow_with_the_missions(
    client, territories, django_assert_max_num_queries, count
):
    _missions_of_guadeloupe(count, territories)
    client.force_login(factories.state_services())
    # Session, account, roles, two-factor, memberships (an organisation's people read the
    # report of their own missions), territories, the report's three, the networks of the
    # header: 11 for 3 missions as for 30.
    with django_assert_max_num_queries(11):
        response = client.get(reverse("missions:obstacles"), YEAR)
    assert response.status_code == 200
    assert response.context["report"].recorded == count


@pytest.mark.parametrize("name", ["missions:obstacles_csv", "missions:obstacles_xlsx"])
def test_the_reports_downloads_cost_the_same_for_few_and_many_missions(
    client, territories, django_assert_max_num_queries, name
):
    client.force_login(factories.coordinator(territories["guadeloupe"]))
    counts, sizes = [], []
    for count in (3, 30):
        _missions_of_guadeloupe(count, territories)
        with django_assert_max_num_queries(9) as captured:
            response = client.get(reverse(name), YEAR)
            # A streamed CSV reads as it is sent: count its queries too.
            body = b"".join(response.streaming_content) if response.streaming else response.content
        assert response.status_code == 200
        sizes.append(len(body))
        counts.append(len(captured))
    assert counts[0] == counts[1]
    assert sizes[0] < sizes[1]  # the notes of 30 missions more


@pytest.mark.parametrize("count", [3, 30])
def test_the_lists_queries_do_not_grow_with_the_missions(
    client, territories, django_assert_max_num_queries, count
):
    _missions_of_guadeloupe(count, territories)
    client.force_login(factories.coordinator(territories["guadeloupe"]))
    # Session, account, roles, two-factor, memberships, count, networks, countries of the
    # filter, the page, its obstacles: 10 for 3 missions as for 30.
    with django_assert_max_num_queries(10):
        response = client.get(reverse("missions:list"))
    assert response.status_code == 200
    assert response.context["page"].paginator.count == count
    assert "Mission" in response.text


def test_the_csv_holds_the_figures_and_neutralises_formulas(client, missions, territories):
    client.force_login(factories.coordinator(territories["guadeloupe"]))
    response = client.get(reverse("missions:obstacles_csv"), YEAR)
    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        'attachment; filename="obstacles-guadeloupe-2025-01-01-2025-12-31.csv"'
    )
    lines = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    header, rows = lines[0], lines[1:]
    # In the person's language (French, the portal's default).
    assert header[:5] == [
        _("Country or territory"),
        _("ISO code"),
        _("Obstacle"),
        _("Obstacles met"),
        _("Missions affected"),
    ]
    by_cell = {(row[1], row[2]): row for row in rows}
    haiti = by_cell[("HT", _("Visa refused"))]
    assert haiti[3:5] == ["3", "2"]
    assert haiti[5] == "'" + FORMULA
    assert haiti[6:] == ["2025-01-01", "2025-12-31"]
    assert haiti[0] == "Haïti"
    assert by_cell[("", _("All obstacles"))][3:5] == ["6", "4"]
    assert by_cell[("", _("Visa refused"))][3:5] == ["3", "2"]
    assert len(rows) == 4 + 4 + 1


def test_the_xlsx_holds_the_figures_and_stores_formulas_as_text(client, missions, territories):
    client.force_login(factories.state_services())
    response = client.get(reverse("missions:obstacles_xlsx"), {**YEAR, "territory": "guadeloupe"})
    assert response.status_code == 200
    workbook = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    sheet = workbook.active
    rows = list(sheet.iter_rows(min_row=2))
    haiti = next(r for r in rows if r[1].value == "HT" and r[3].value == 3)
    assert haiti[4].value == 2
    assert haiti[5].value == FORMULA
    assert haiti[5].data_type == "s"
