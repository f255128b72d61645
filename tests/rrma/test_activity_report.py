"""The activity report for funders: every figure against a hand-built world of records in and
out of the period and of the territory, its links, its period, its XLSX download and its log."""

import io
from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from members.enums import ChangeReason
from members.models import Commune, Organisation
from members.services.confirmation import organisation_confirm
from newsletter.models import Delivery, Issue
from projects.models import FundingLine, Project
from rrma.activity_report import (
    activity_report_compute,
    calls_section,
    members_section,
    newsletter_section,
    projects_section,
    support_section,
    trainings_section,
)
from rrma.models import ExportLog
from support.enums import Outcome, Status, Topic
from support.models import SupportRequest
from tests.calls.factories import CallFactory
from tests.members.factories import OrganisationFactory, UserFactory
from tests.newsletter.factories import IssueFactory, SubscriberFactory, sent_issue
from tests.projects.factories import FundingLineFactory, ProjectFactory
from tests.support.factories import SupportRequestFactory
from tests.trainings.factories import (
    EventFactory,
    RegistrationFactory,
    SessionFactory,
    TrainingFactory,
)
from trainings.models import Training

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _in_english():
    """Figures are read by their English labels; the French catalogue is filled later."""
    with translation.override("en"):
        yield


def french(text: str) -> str:
    """`text` as the French export writes it (translated or not yet)."""
    with translation.override("fr"):
        return gettext(text)


ZONE = ZoneInfo("America/Guadeloupe")
# Last year: the period of the report, over and done.
Y = timezone.localdate().year - 1
PERIOD = {"start": date(Y, 1, 1), "end": date(Y, 12, 31)}


def at(year, month, day, hour=10) -> datetime:
    return datetime(year, month, day, hour, tzinfo=ZONE)


def joined(organisation, moment) -> None:
    Organisation.objects.filter(pk=organisation.pk).update(validated_at=moment)


def confirmed(organisation, moment) -> None:
    """The record confirmed accurate at `moment` (its history says so)."""
    organisation_confirm(organisation=organisation, by=UserFactory())
    organisation.history.filter(history_change_reason=ChangeReason.CONFIRMED).update(
        history_date=moment
    )


def session_of(training, start, hours, statuses) -> None:
    session = SessionFactory(
        training=training,
        starts_at=start,
        ends_at=start + timedelta(hours=hours),
        registration_deadline=start - timedelta(days=1),
    )
    for status, organisation in statuses:
        RegistrationFactory(session=session, status=status, organisation=organisation)


@pytest.fixture
def world(guadeloupe, martinique):
    communes = list(Commune.objects.filter(territory=guadeloupe).order_by("name")[:2])
    new = OrganisationFactory(name="Nouvelle", commune=communes[0])
    confirmed(new, at(Y, 6, 1))
    joined(new, at(Y, 4, 1))
    old = OrganisationFactory(name="Ancienne", commune=communes[0])
    confirmed(old, at(Y - 1, 6, 1))
    joined(old, at(Y - 2, 4, 1))
    later = OrganisationFactory(name="Tardive", kind="local-authority", commune=communes[1])
    joined(later, at(Y + 1, 1, 2))
    OrganisationFactory(name="En attente", status="pending", commune=communes[1])
    other = OrganisationFactory(name="Martiniquaise", territory=martinique)
    confirmed(other, at(Y, 6, 1))
    joined(other, at(Y, 4, 1))

    training = TrainingFactory()
    session_of(
        training,
        at(Y, 3, 10, 14),
        3,
        [("attended", new), ("attended", new), ("absent", old), ("cancelled", old)],
    )
    session_of(training, at(Y + 1, 3, 10), 3, [("attended", new)])
    session_of(EventFactory(), at(Y, 6, 1), 2, [("confirmed", later), ("confirmed", new)])
    session_of(TrainingFactory(territory=martinique), at(Y, 3, 10), 3, [("attended", other)])
    session_of(TrainingFactory(status=Training.Status.DRAFT), at(Y, 3, 10), 3, [])

    def ask(organisation, topic, asked, status=Status.NEW, ended=None, outcome=""):
        SupportRequestFactory(
            organisation=organisation,
            topic=topic,
            created_at=asked,
            status=status,
            ended_at=ended,
            outcome=outcome,
        )

    ask(new, Topic.FUNDING_FCR, at(Y, 2, 1), Status.CLOSED, at(Y, 3, 1), Outcome.FUNDING_OBTAINED)
    ask(old, Topic.BUDGET, at(Y, 4, 1))
    ask(old, Topic.FUNDING_FCR, at(Y - 1, 12, 1), Status.WITHDRAWN, at(Y, 1, 15))
    ask(new, Topic.FUNDING_FCR, at(Y, 5, 1), Status.CLOSED, at(Y, 6, 1), Outcome.ADVICE_GIVEN)
    ask(other, Topic.BUDGET, at(Y, 5, 1), Status.CLOSED, at(Y, 6, 1), Outcome.ADVICE_GIVEN)

    fcr = CallFactory(funder="fcr-guadeloupe", deadline=at(Y, 5, 1))
    CallFactory(funder="interreg", territories=["guadeloupe", "martinique"], deadline=at(Y, 9, 1))
    CallFactory(funder="interreg", status="draft", deadline=at(Y, 9, 1))
    CallFactory(funder="ctm", territories=["martinique"], deadline=at(Y, 9, 1))
    CallFactory(funder="fcr-guadeloupe", deadline=at(Y + 1, 3, 1))

    first = ProjectFactory(
        lead=new, start_date=date(Y, 2, 1), countries=["LC", "HT"], themes=["health"]
    )
    Project.objects.filter(pk=first.pk).update(created_at=at(Y, 1, 20))
    undated = ProjectFactory(lead=old, start_date=None, countries=["HT"], published=False)
    Project.objects.filter(pk=undated.pk).update(created_at=at(Y - 1, 1, 20))
    ProjectFactory(lead=old, start_date=date(Y - 4, 1, 1), end_date=date(Y - 3, 1, 1))
    abroad = ProjectFactory(lead=other, start_date=date(Y, 2, 1))
    FundingLineFactory(
        project=first,
        funder=FundingLine.Funder.INTERREG,
        amount_requested=Decimal("50000"),
        amount_granted=Decimal("40000"),
    )
    FundingLineFactory(
        project=first, funder="fcr-guadeloupe", amount_requested=Decimal("10000"), call=fcr
    )
    FundingLineFactory(
        project=undated,
        funder="fcr-guadeloupe",
        amount_requested=Decimal("5000"),
        amount_granted=Decimal("5000"),
        call=fcr,
    )
    FundingLineFactory(project=abroad, funder="fcr-guadeloupe", call=fcr)

    reached = SubscriberFactory()
    SubscriberFactory(confirmed_at=at(Y - 1, 5, 1))
    SubscriberFactory(unconfirmed=True)
    SubscriberFactory(territories=["martinique"], confirmed_at=at(Y, 5, 1))
    type(reached).objects.filter(pk=reached.pk).update(confirmed_at=at(Y, 5, 1))
    issue = sent_issue()
    Issue.objects.filter(pk=issue.pk).update(sent_at=at(Y, 3, 1))
    for status in ("sent", "sent", "failed", "bounced"):
        # Deliveries outlive the subscribers who left (no address).
        Delivery.objects.create(issue=issue, status=status)
    sent_issue()  # sent today, after the period
    IssueFactory()  # a draft
    abroad_issue = sent_issue(territory=martinique)
    Issue.objects.filter(pk=abroad_issue.pk).update(sent_at=at(Y, 3, 1))
    Delivery.objects.create(issue=abroad_issue, status="sent")
    return {"communes": communes}


def rows(table) -> list:
    return [(label, [figure.value for figure in figures]) for label, figures in table.rows]


def test_members_are_counted_at_the_end_of_the_period_with_the_new_and_confirmed_ones(
    world, guadeloupe
):
    section = members_section(territory=guadeloupe, **PERIOD)
    assert rows(section.table("members")) == [
        ("Member organisations", [2]),
        ("New members during the period", [1]),
        ("Records confirmed during the period", [1]),
    ]
    assert rows(section.table("members_by_kind")) == [("Association", [2, 1])]
    assert rows(section.table("members_by_commune")) == [(world["communes"][0].name, [2, 1])]


def test_trainings_and_events_count_sessions_hours_participants_and_attendance(guadeloupe, world):
    section = trainings_section(territory=guadeloupe, **PERIOD)
    assert rows(section.table("trainings")) == [
        ("Sessions", [1, 1, 2]),
        ("Hours", [Decimal("3.0"), Decimal("2.0"), Decimal("5.0")]),
        ("Participants", [3, 2, 5]),
        ("Attendance rate (sessions whose attendance was taken)", [67, None, 67]),
    ]
    assert rows(section.table("participants_by_kind")) == [
        ("Local authority", [1, 1]),
        ("Association", [2, 4]),
    ]


def test_advisory_requests_are_counted_by_topic_when_asked_and_by_outcome_when_ended(
    guadeloupe, world
):
    section = support_section(territory=guadeloupe, **PERIOD)
    assert rows(section.table("support_by_topic")) == [
        ("All topics", [3]),
        ("Funding file: FCR", [2]),
        ("Budget and financial management", [1]),
    ]
    assert rows(section.table("support_by_outcome")) == [
        ("Advice given", [1]),
        ("Funding obtained", [1]),
        ("Withdrawn by the organisation", [1]),
    ]
    assert SupportRequest.objects.count() == 5


def test_projects_running_in_the_period_are_counted_by_country_theme_and_funder(guadeloupe, world):
    section = projects_section(territory=guadeloupe, **PERIOD)
    assert rows(section.table("projects")) == [
        ("Projects running during the period", [2]),
        ("Declared during the period", [1]),
        ("Published, in the catalogue", [1]),
        ("Amount requested", [Decimal("65000")]),
        ("Amount granted", [Decimal("45000")]),
    ]
    assert rows(section.table("projects_by_country")) == [
        ("Haiti", [2, 1]),
        ("Saint Lucia", [1, 1]),
    ]
    assert sorted(rows(section.table("projects_by_theme"))) == [
        ("Health", [1, 1]),
        ("Youth and mobility", [1, 0]),
    ]
    assert rows(section.table("funding_by_funder")) == [
        ("FCR Guadeloupe", [2, 1, Decimal("15000"), Decimal("5000")]),
        ("Interreg Caraïbes", [1, 1, Decimal("50000"), Decimal("40000")]),
    ]


def test_over_a_range_of_dates_no_figure_links_to_the_catalogue(guadeloupe, world):
    section = projects_section(territory=guadeloupe, start=date(Y, 1, 1), end=date(Y, 6, 30))
    assert section.table("projects_by_country").columns == ["Projects"]
    assert rows(section.table("projects_by_country")) == [("Haiti", [2]), ("Saint Lucia", [1])]


def test_each_catalogue_link_shows_as_many_projects_as_its_figure(client, guadeloupe, world):
    section = projects_section(territory=guadeloupe, **PERIOD)
    links = [f for t in section.tables for _label, figures in t.rows for f in figures if f.url]
    assert len(links) == 1 + 2 + 2 + 2
    for figure in links:
        response = client.get(figure.url)
        assert response.context["page"].paginator.count == figure.value, figure.url


def test_calls_relayed_are_the_published_ones_open_to_the_territory_due_in_the_period(
    guadeloupe, world
):
    section = calls_section(territory=guadeloupe, **PERIOD)
    assert rows(section.table("calls_by_funder")) == [
        ("All funders", [2, 2, 1]),
        ("FCR Guadeloupe", [1, 2, 1]),
        ("Interreg Caraïbes", [1, 0, 0]),
    ]


def test_the_newsletter_counts_issues_sent_in_the_period_their_deliveries_and_subscribers(
    guadeloupe, world
):
    section = newsletter_section(territory=guadeloupe, **PERIOD)
    assert [values for _label, values in rows(section.table("newsletter"))] == [
        [1],  # issues sent
        [4],  # emails
        [2],  # sent
        [1],  # failed
        [1],  # bounced
        [2],  # confirmed subscribers today
        [1],  # confirmed during the period
    ]


def test_another_period_counts_other_records(guadeloupe, world):
    start, end = date(Y + 1, 1, 1), timezone.localdate()
    sections = {
        s.key: s for s in activity_report_compute(territory=guadeloupe, start=start, end=end)
    }
    assert sections["members"].table("members").value("Member organisations", "Number") == 3
    assert sections["trainings"].table("trainings").value("Sessions", "Total") == 1
    assert sections["newsletter"].table("newsletter").value("Issues sent", "Number") == 1


def test_member_figures_link_to_the_census_only_when_it_counts_the_same(guadeloupe, world):
    past = members_section(territory=guadeloupe, **PERIOD)
    assert all(f.url == "" for t in past.tables for _label, figures in t.rows for f in figures)
    today = members_section(territory=guadeloupe, start=date(Y + 1, 1, 1), end=date(Y + 1, 12, 31))
    total = today.table("members").rows[0][1][0]
    assert total.value == 3
    assert total.url == f"{reverse('census')}?territory=guadeloupe&status=active"
    kinds = dict(today.table("members_by_kind").rows)
    assert kinds["Local authority"][0].url.endswith("&kind=local-authority")


def test_each_census_link_shows_as_many_organisations_as_its_figure(client, guadeloupe, world):
    from tests.members.factories import state_services

    client.force_login(state_services())
    section = members_section(
        territory=guadeloupe, start=date(Y + 1, 1, 1), end=date(Y + 1, 12, 31)
    )
    links = [f for t in section.tables for _label, figures in t.rows for f in figures if f.url]
    assert len(links) == 1 + 2 + 2
    for figure in links:
        response = client.get(figure.url)
        assert response.context["page"].paginator.count == figure.value, figure.url


def test_a_coordinator_reads_the_report_of_their_territory_for_a_chosen_year(
    client, world, coordinator_gp
):
    client.force_login(coordinator_gp)
    response = client.get(reverse("activity_report", args=["guadeloupe"]), {"year": Y})
    assert response.status_code == 200
    assert (response.context["period"].start, response.context["period"].end) == (
        PERIOD["start"],
        PERIOD["end"],
    )
    assert "<td>3,0\u00a0h</td>" in response.text
    other = client.get(reverse("activity_report", args=["martinique"]))
    assert other.status_code == 404


def test_the_period_is_this_year_by_default_or_a_range_of_dates(client, world, state_user):
    client.force_login(state_user)
    url = reverse("activity_report", args=["martinique"])
    period = client.get(url).context["period"]
    assert (period.start, period.end) == (date(Y + 1, 1, 1), date(Y + 1, 12, 31))
    period = client.get(url, {"start": f"{Y}-03-01", "end": f"{Y}-03-31"}).context["period"]
    assert (period.start, period.end, period.year) == (date(Y, 3, 1), date(Y, 3, 31), None)


def test_a_period_that_cannot_be_is_explained_and_gives_no_file(client, world, state_user):
    client.force_login(state_user)
    url = reverse("activity_report", args=["guadeloupe"])
    response = client.get(url, {"start": f"{Y}-05-01", "end": f"{Y}-01-01"})
    assert response.status_code == 200
    assert response.context["period"].period_form.errors == {
        "end": ["La fin de la période précède son début."]
    }
    assert "data-error-summary" in response.text
    assert 'href="#id_end"' in response.text
    assert client.get(url, {"year": "1800"}).context["period"].year_form.errors
    xlsx = reverse("activity_report_xlsx", args=["guadeloupe"])
    assert client.get(xlsx, {"year": "deux mille"}).status_code == 400
    assert not ExportLog.objects.exists()


def test_the_report_downloads_as_xlsx_neutralised_and_logged(client, world, state_user, guadeloupe):
    Organisation.objects.filter(name="Nouvelle").update(kind="other")
    Commune.objects.filter(pk=world["communes"][0].pk).update(name="=HYPERLIEN(1)")
    client.force_login(state_user)
    response = client.get(reverse("activity_report_xlsx", args=["guadeloupe"]), {"year": Y})
    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        f'attachment; filename="bilan-activite-guadeloupe-{Y}-01-01-{Y}-12-31.xlsx"'
    )
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    lines = list(sheet.iter_rows(values_only=True))
    assert lines[0] == (
        "Rubrique", "Tableau", "Ligne", "Colonne", "Valeur", "Unité", "Territoire", "Début", "Fin"
    )  # fmt: skip
    funding = [line[2:6] for line in lines if line[1] == french("Funding by funder")]
    assert ("Interreg Caraïbes", french("Granted"), 40000, "€") in funding
    by_commune = french("Members by commune")
    communes = [line for line in lines if line[1] == by_commune]
    assert communes[0][2] == "=HYPERLIEN(1)"
    cell = next(c for c in sheet.iter_rows() if c[1].value == by_commune)[2]
    assert cell.data_type == "s", "text stays text, never a formula"
    log = ExportLog.objects.get()
    assert (log.user, log.file_format, log.row_count) == (state_user, "bilan.xlsx", len(lines) - 1)
    assert log.filters == {"territory": "guadeloupe", "start": f"{Y}-01-01", "end": f"{Y}-12-31"}


def make_records(territory, count: int) -> None:
    """`count` of every kind of record the report counts, in the period."""
    for n in range(count):
        organisation = OrganisationFactory(
            territory=territory, kind=Organisation.Kind.values[n % 8]
        )
        confirmed(organisation, at(Y, 6, 1))
        joined(organisation, at(Y, 4, 1))
        project = ProjectFactory(lead=organisation, start_date=date(Y, 2, 1))
        FundingLineFactory(project=project, funder=FundingLine.Funder.values[n % 5])
        session_of(
            TrainingFactory(territory=territory),
            at(Y, 3, 1 + n % 28),
            2,
            [("attended", organisation)],
        )
        SupportRequestFactory(organisation=organisation, created_at=at(Y, 3, 1))
        CallFactory(funder="interreg", territories=[territory.slug], deadline=at(Y, 9, 1))
        issue = sent_issue(territory=territory)
        Issue.objects.filter(pk=issue.pk).update(sent_at=at(Y, 3, 1))
        Delivery.objects.create(issue=issue, status="sent")
        SubscriberFactory(territories=[territory.slug])


@pytest.mark.parametrize("count", [1, 12])
def test_the_page_makes_as_many_queries_whatever_the_records(
    client, guadeloupe, coordinator_gp, django_assert_max_num_queries, count
):
    make_records(guadeloupe, count)
    client.force_login(coordinator_gp)
    with django_assert_max_num_queries(30):
        response = client.get(reverse("activity_report", args=["guadeloupe"]), {"year": Y})
    assert response.status_code == 200
    figure = response.context["sections"][0].table("members").rows[0][1][0]
    assert figure.value == count


def test_more_records_make_no_more_queries(client, guadeloupe, coordinator_gp):
    client.force_login(coordinator_gp)
    url = reverse("activity_report", args=["guadeloupe"])
    counts = []
    for added in (1, 11):
        make_records(guadeloupe, added)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url, {"year": Y}).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1], counts


def test_the_dashboards_and_the_statistics_link_to_the_reports_one_may_read(
    client, coordinator_gp, state_user, territories
):
    guadeloupe = reverse("activity_report", args=["guadeloupe"])
    martinique = reverse("activity_report", args=["martinique"])
    client.force_login(coordinator_gp)
    for page in ("dashboard", "statistics"):
        html = client.get(reverse(page)).text
        assert f'href="{guadeloupe}"' in html, page
        assert f'href="{martinique}"' not in html, page
    client.force_login(state_user)
    for page in ("dashboard", "statistics"):
        html = client.get(reverse(page)).text
        assert f'href="{guadeloupe}"' in html, page
        assert f'href="{martinique}"' in html, page
