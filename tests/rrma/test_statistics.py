"""Statistics of the census: figures, charts with their tables, the period and its CSV export."""

import csv
import io
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from calls.models import Call
from members.models import Country, Organisation
from projects.models import FundingLine
from rrma.models import ExportLog
from rrma.statistics import _by_regional_organisation, statistics_compute
from tests.calls.factories import CallFactory
from tests.members.factories import OrganisationFactory
from tests.projects.factories import FundingLineFactory, PartnerFactory, ProjectFactory
from tests.trainings.factories import RegistrationFactory, SessionFactory, TrainingFactory
from trainings.models import Registration

pytestmark = pytest.mark.django_db
YEAR = timezone.localdate().year
PERIOD = {"start": date(YEAR, 1, 1), "end": date(YEAR, 12, 31)}


@pytest.fixture
def data(guadeloupe, martinique):
    first = OrganisationFactory(
        territory=guadeloupe, kind="association", themes=["health", "culture-heritage"]
    )
    OrganisationFactory(territory=guadeloupe, kind="association", themes=["health"])
    OrganisationFactory(territory=guadeloupe, kind="association", status="pending")
    lead = OrganisationFactory(territory=martinique, kind="local-authority", countries=["LC"])
    project = ProjectFactory(
        lead=lead, countries=["LC", "HT"], start_date=date(YEAR, 2, 1), status="ongoing"
    )
    FundingLineFactory(
        project=project,
        funder=FundingLine.Funder.INTERREG,
        amount_requested=Decimal("50000"),
        amount_granted=Decimal("40000"),
    )
    ProjectFactory(lead=lead, start_date=date(YEAR - 5, 1, 1), end_date=date(YEAR - 4, 1, 1))
    # A session in March in Guadeloupe: 2 attended, 1 absent, 1 cancelled.
    starts = datetime(YEAR, 3, 10, 14, tzinfo=UTC)
    session = SessionFactory(
        training=TrainingFactory(territory=guadeloupe),
        starts_at=starts,
        ends_at=starts + timedelta(hours=3),
        registration_deadline=starts - timedelta(days=1),
    )
    for status in ("attended", "attended", "absent", "cancelled"):
        RegistrationFactory(session=session, status=status, organisation=first)
    return {"session": session}


def chart(charts, key):
    return next(c for c in charts if c.key == key)


def test_the_figures_count_what_their_titles_say(data, guadeloupe, martinique):
    charts = statistics_compute(territories=[guadeloupe, martinique], **PERIOD)
    assert chart(charts, "organisations_by_kind").rows == [
        ("Collectivité", [0, 1]),
        ("Association", [2, 0]),
    ]
    assert chart(charts, "organisations_by_theme").rows == [
        ("Santé", [2, 1]),
        ("Culture et patrimoine", [1, 0]),
    ]
    projects_by_country = dict(chart(charts, "projects_by_country").rows)
    assert sorted(projects_by_country.values()) == [[0, 1], [0, 1]], "the old project ended"
    assert chart(charts, "funding_by_funder").rows == [
        ("Interreg Caraïbes", [Decimal("50000"), Decimal("40000")])
    ]
    index = 2  # one row per month of the period: March is the third
    assert chart(charts, "sessions_by_month").rows[index][1] == [1, 0]
    assert chart(charts, "participants_by_month").rows[index][1] == [3, 0]
    assert chart(charts, "attendance_by_month").rows[index][1] == [67, None]
    growth = chart(charts, "census_growth").rows
    assert growth[-1][1] == [2, 1], "active organisations at the end of the period"
    next_year = {"start": date(YEAR + 1, 1, 1), "end": date(YEAR + 1, 2, 28)}
    later = statistics_compute(territories=[guadeloupe, martinique], **next_year)
    assert [values for _month, values in chart(later, "census_growth").rows] == [[2, 1], [2, 1]]


def test_a_coordinator_reads_the_figures_of_their_territory_only(client, data, coordinator_mq):
    client.force_login(coordinator_mq)
    response = client.get(reverse("statistics"))
    assert [c.series for c in response.context["charts"] if c.key == "sessions_by_month"] == [
        ["Martinique"]
    ]
    by_kind = chart(response.context["charts"], "organisations_by_kind")
    assert [values for _label, values in by_kind.rows] == [[1]]


def test_every_chart_renders_with_its_data_table(client, data, state_user):
    client.force_login(state_user)
    response = client.get(reverse("statistics"), {"start": f"{YEAR}-01-01", "end": f"{YEAR}-12-31"})
    html = response.text
    charts = [c for c in response.context["charts"] if c.rows]
    assert len(charts) == 11
    for figure in charts:
        section = html[html.index(f'id="{figure.key}"') :]
        section = section[: section.index("</section>")]
        assert '<svg role="img"' in section
        assert section.count("<rect") == sum(len(values) for _label, values in figure.rows)
        assert section.count('<tr><th scope="row">') == len(figure.rows)


def test_a_wrong_period_is_explained_next_to_its_field(client, state_user):
    client.force_login(state_user)
    response = client.get(reverse("statistics"), {"start": "2026-05-01", "end": "2026-01-01"})
    assert response.status_code == 200
    assert response.context["form"].errors == {"end": ["La fin de la période précède son début."]}
    response = client.get(reverse("statistics"), {"start": "hier", "end": "2026-01-01"})
    assert response.status_code == 200
    assert "start" in response.context["form"].errors


def test_the_period_exports_as_csv_for_activity_reports_and_is_logged(client, data, state_user):
    client.force_login(state_user)
    response = client.get(
        reverse("statistics_csv"), {"start": f"{YEAR}-01-01", "end": f"{YEAR}-12-31"}
    )
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == ["Tableau", "Ligne", "Série", "Valeur", "Début", "Fin"]
    funding = [r for r in rows if r[0] == "Financements des projets par financeur"]
    assert funding == [
        [
            "Financements des projets par financeur",
            "Interreg Caraïbes",
            "Demandé",
            "50000.00",
            f"{YEAR}-01-01",
            f"{YEAR}-12-31",
        ],
        [
            "Financements des projets par financeur",
            "Interreg Caraïbes",
            "Accordé",
            "40000.00",
            f"{YEAR}-01-01",
            f"{YEAR}-12-31",
        ],
    ]
    log = ExportLog.objects.get()
    assert (log.user, log.file_format, log.row_count) == (state_user, "stats.csv", len(rows) - 1)
    assert log.filters == {"start": f"{YEAR}-01-01", "end": f"{YEAR}-12-31"}


@pytest.mark.parametrize("count", [1, 12])
def test_the_statistics_page_reads_a_fixed_number_of_queries(
    client, state_user, guadeloupe, martinique, count, django_assert_max_num_queries
):
    client.force_login(state_user)
    url = reverse("statistics")
    for territory in (guadeloupe, martinique):
        for _n in range(count):
            lead = OrganisationFactory(
                territory=territory, themes=["health", "culture-heritage"], countries=["HT", "LC"]
            )
            FundingLineFactory(
                project=ProjectFactory(lead=lead, countries=["HT", "DM"]),
                call=CallFactory(territories=[territory.slug]),
            )
            RegistrationFactory(
                session=SessionFactory(training=TrainingFactory(territory=territory)),
                organisation=lead,
                status=Registration.Status.CONFIRMED,
            )
    # The session, the person, their roles and two-factor; the territories, themes and
    # countries; one grouped query for each of organisations, their themes, their countries,
    # the projects' countries, projects and partners by regional organisation (two), funding,
    # calls and their applications, projects by year, sessions and seats; support requests by
    # topic, by outcome and their delays; the networks of the header.
    with django_assert_max_num_queries(23):
        response = client.get(url)
    assert response.status_code == 200
    assert "Structures par territoire et par type" in response.text
    themes = dict(chart(response.context["charts"], "organisations_by_theme").rows)
    assert themes == {"Santé": [count, count], "Culture et patrimoine": [count, count]}


def test_calls_applications_and_grants_are_counted_per_funder(guadeloupe, martinique):
    """A call open to both territories counts once; applications are the funding lines of the
    territories' projects naming a call of the period; grants those with an amount granted."""
    both = CallFactory(territories=["guadeloupe", "martinique"])
    CallFactory(funder=Call.Funder.INTERREG, territories=["martinique"])
    CallFactory(status=Call.Status.DRAFT)
    lead = OrganisationFactory(territory=guadeloupe)
    FundingLineFactory(project=ProjectFactory(lead=lead), call=both, amount_granted=Decimal(9000))
    FundingLineFactory(project=ProjectFactory(lead=lead), call=both, amount_granted=None)
    FundingLineFactory(project=ProjectFactory(lead=lead), funder="afd")
    today = timezone.localdate()

    charts = statistics_compute(
        territories=[guadeloupe, martinique],
        start=today - timedelta(days=1),
        end=today + timedelta(days=60),
    )

    assert dict(chart(charts, "calls_by_funder").rows) == {
        "FCR Guadeloupe": [1, 2, 1],
        "Interreg Caraïbes": [1, 0, 0],
    }


def test_a_record_counts_once_in_each_of_its_lists_whatever_their_lengths(guadeloupe):
    """Counted over each list's own table: a record's themes never multiply its countries,
    nor a project's countries its funding lines."""
    lead = OrganisationFactory(
        territory=guadeloupe,
        themes=["health", "culture-heritage", "youth-mobility"],
        countries=["HT", "LC", "DM", "CU"],
    )
    OrganisationFactory(territory=guadeloupe, themes=[], countries=[])
    project = ProjectFactory(lead=lead, countries=["HT", "LC", "DM"], start_date=date(YEAR, 1, 5))
    for amount in ("1000", "2000"):
        FundingLineFactory(
            project=project, funder=FundingLine.Funder.AFD, amount_requested=Decimal(amount)
        )
    charts = statistics_compute(territories=[guadeloupe], **PERIOD)
    assert [v for _l, v in chart(charts, "organisations_by_kind").rows] == [[2]]
    assert sorted(v for _l, v in chart(charts, "organisations_by_theme").rows) == [[1]] * 3
    assert sorted(v for _l, v in chart(charts, "organisations_by_country").rows) == [[1]] * 4
    assert sorted(v for _l, v in chart(charts, "projects_by_country").rows) == [[1]] * 3
    assert chart(charts, "funding_by_funder").rows == [("AFD", [Decimal("3000"), Decimal("0")])]
    assert chart(charts, "projects_by_year").rows == [(str(YEAR), [1])]
    assert chart(charts, "census_growth").rows[-1][1] == [2]


def test_records_that_joined_after_the_period_or_left_the_census_are_not_counted(guadeloupe):
    OrganisationFactory(territory=guadeloupe, kind="school")
    OrganisationFactory(territory=guadeloupe, kind="school", status="archived")
    later = OrganisationFactory(territory=guadeloupe, kind="company")
    joined = datetime(YEAR + 1, 2, 10, tzinfo=UTC)
    Organisation.objects.filter(pk=later.pk).update(validated_at=joined)
    charts = statistics_compute(territories=[guadeloupe], **PERIOD)
    assert chart(charts, "organisations_by_kind").rows == [("Établissement scolaire", [1])]
    later_charts = statistics_compute(
        territories=[guadeloupe], start=date(YEAR + 1, 1, 1), end=date(YEAR + 1, 3, 31)
    )
    growth = [values for _month, values in chart(later_charts, "census_growth").rows]
    assert growth == [[1], [2], [2]], "counted from the month it joined"


def test_the_statistics_page_is_in_french_by_default(client, data, state_user):
    client.force_login(state_user)
    html = client.get(reverse("statistics")).text
    assert "Les chiffres de ce graphique (tableau)" in html
    assert "Structures par territoire et par type" in html


def partner(name: str, code: str):
    return PartnerFactory(name=name, country=Country.objects.get(code=code))


@pytest.fixture
def cooperation(guadeloupe, martinique):
    """Projects of the period with countries of the organisations, one before it; their
    partners, one on no project."""
    gp, mq = OrganisationFactory(territory=guadeloupe), OrganisationFactory(territory=martinique)
    running = {"start_date": date(YEAR, 2, 1)}
    # Two OECS members: the project counts once for the OECS.
    ProjectFactory(lead=gp, countries=["DM", "LC"], **running).caribbean_partners.set(
        [partner("Roseau Youth Council", "DM")]
    )
    # The Dominican Republic applied to CARICOM: an ACS project only.
    ProjectFactory(lead=mq, countries=["DO"], published=False, **running).caribbean_partners.set(
        [partner("Ayuntamiento de Santiago", "DO")]
    )
    # French Guiana: at the ACS through France; a CARICOM applicant.
    ProjectFactory(lead=mq, countries=["GF"], **running)
    # Puerto Rico belongs to none; Saint-Martin's project ended before the period.
    ProjectFactory(lead=gp, countries=["PR"], **running)
    ProjectFactory(
        lead=gp, countries=["MF"], start_date=date(YEAR - 3, 1, 1), end_date=date(YEAR - 2, 1, 1)
    ).caribbean_partners.set([partner("Collectivité de Saint-Martin", "MF")])
    partner("Sans projet", "CU")


def test_projects_and_partners_are_counted_by_regional_organisation_of_their_countries(
    cooperation, guadeloupe, martinique
):
    charts = statistics_compute(territories=[guadeloupe, martinique], **PERIOD)
    figures = chart(charts, "by_regional_organisation")
    assert figures.series == ["Projets", "Partenaires caribéens"]
    counts = [values for _label, values in figures.rows]
    # OECS: one project (two of its countries), one partner; CARICOM: the same project and
    # partner (the Dominican Republic and French Guiana only applied); ACS: every project with
    # a country, the unpublished one included (the census), and two partners.
    assert counts == [[1, 1], [1, 1], [3, 2]]
    assert [label.split(" — ")[1] for label, _values in figures.rows] == [
        "Organisation des États de la Caraïbe orientale",
        "Communauté caribéenne",
        "Association des États de la Caraïbe",
    ]
    # A coordinator's territory only: Guadeloupe's project with Dominica and Saint Lucia.
    theirs = chart(
        statistics_compute(territories=[guadeloupe], **PERIOD), "by_regional_organisation"
    )
    assert [values for _label, values in theirs.rows] == [[1, 1], [1, 1], [1, 1]]
    # Over the years of the Saint-Martin project: the OECS and the ACS count it and its partner.
    old = {"start": date(YEAR - 3, 1, 1), "end": date(YEAR - 3, 12, 31)}
    before = chart(statistics_compute(territories=[guadeloupe], **old), "by_regional_organisation")
    assert [(label.split(" — ")[1], values) for label, values in before.rows] == [
        ("Organisation des États de la Caraïbe orientale", [1, 1]),
        ("Association des États de la Caraïbe", [1, 1]),
    ]


@pytest.mark.parametrize("count", [1, 15])
def test_the_figures_by_regional_organisation_take_two_queries_whatever_the_records(
    guadeloupe, count, django_assert_num_queries
):
    lead = OrganisationFactory(territory=guadeloupe)
    for n in range(count):
        ProjectFactory(
            lead=lead, countries=["HT", "DM", "GF"][: 1 + n % 3], start_date=date(YEAR, 3, 1)
        ).caribbean_partners.set([partner(f"Partenaire {n}", "HT")])
    with django_assert_num_queries(2), translation.override("en"):
        figures = _by_regional_organisation([guadeloupe], **PERIOD)
    # Every project has Haiti (CARICOM, ACS) and a partner there; from the second on, Dominica
    # (OECS), whose projects have no partner based in an OECS country.
    with_dominica = len([n for n in range(count) if n % 3])
    expected = [("CARICOM — Caribbean Community", [count, count])]
    expected.append(("ACS — Association of Caribbean States", [count, count]))
    if with_dominica:
        expected.insert(0, ("OECS — Organisation of Eastern Caribbean States", [with_dominica, 0]))
    assert figures.rows == expected


def test_the_figures_by_regional_organisation_reach_the_csv(client, cooperation, state_user):
    client.force_login(state_user)
    response = client.get(
        reverse("statistics_csv"), {"start": f"{YEAR}-01-01", "end": f"{YEAR}-12-31"}
    )
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    acs = [r[2:4] for r in rows if r[1].endswith("— Association des États de la Caraïbe")]
    assert acs == [["Projets", "3"], ["Partenaires caribéens", "2"]]
    assert len({r[0] for r in rows if r[1].endswith("— Communauté caribéenne")}) == 1
