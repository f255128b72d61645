"""A funding call's page (rrma/call_page.py): its eligibility in sentences, its dates, its
documents, and who sees its draft state, the projects that answered it and its match with
their organisations."""

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import lxml.html
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from calls.models import Call
from tests.calls.factories import MINIMAL_PDF, CallDocumentFactory, CallFactory
from tests.members import factories
from tests.members.factories import OrganisationFactory, member_of
from tests.projects.factories import FundingLineFactory, ProjectFactory
from toolbox.http import PAGE_SIZE

pytestmark = pytest.mark.django_db

LOCAL = ZoneInfo("America/Guadeloupe")


@pytest.fixture(autouse=True)
def english(client, settings):
    """The pages in English: their text is then the source text, whatever the catalogues."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


@pytest.fixture(autouse=True)
def storage(settings, tmp_path):
    """Each test its own folders for the documents' files."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_FILES_ROOT = tmp_path / "private"


def read(response) -> str:
    """The page's text, its spaces folded."""
    return " ".join(lxml.html.fromstring(response.content).text_content().split())


def facts(response, section: str) -> dict[str, str]:
    """{term: description} of a section's list of facts (its heading's id)."""
    page = lxml.html.fromstring(response.content)
    (dl,) = page.cssselect(f"section[aria-labelledby={section}] dl")
    terms = [" ".join(dt.text_content().split()) for dt in dl.cssselect("dt")]
    texts = [" ".join(dd.text_content().split()) for dd in dl.cssselect("dd")]
    return dict(zip(terms, texts, strict=True))


def draft(**kwargs) -> Call:
    return CallFactory(status=Call.Status.DRAFT, published_at=None, **kwargs)


# ---------------------------------------------------------------------------------------------
# What anyone reads


def test_a_call_open_to_everyone_says_so_in_sentences(client, territories):
    call = CallFactory(
        title="Coopérer avec l'OECO",
        funder=Call.Funder.FCR_GUADELOUPE,
        programme="Je coopère avec les pays de l'OECO",
        summary="Des projets avec les voisins.",
        description="Premier paragraphe.\n\nSecond paragraphe.",
        territories=["guadeloupe", "martinique"],
        opens_on=date(2026, 11, 2),
        deadline=datetime(2030, 3, 31, 23, 30, tzinfo=LOCAL),
        official_url="https://www.example.org/fcr",
    )
    response = client.get(call.get_absolute_url())
    assert response.status_code == 200
    assert facts(response, "eligibility-title") == {
        "Holders": "Holders in Guadeloupe or Martinique",
        "Applicants": "Every kind of applicant",
        "Themes": "Any theme",
        "Partner countries": "Partners from the whole Greater Caribbean",
    }
    assert facts(response, "dates-title") == {
        "Opening": "Monday 2 November 2026",
        "Deadline": "31 March 2030 at 23:30 UTC−4 (local time of Guadeloupe and Martinique)",
    }
    text = read(response)
    assert "FCR Guadeloupe · Je coopère avec les pays de l'OECO Open" in text
    assert "<p>Premier paragraphe.</p>\n\n<p>Second paragraphe.</p>" in response.text
    page = lxml.html.fromstring(response.content)
    assert page.cssselect("title")[0].text_content().startswith("Coopérer avec l'OECO — ")
    (official,) = page.xpath("//a[contains(., 'official page')]")
    assert official.get("href") == "https://www.example.org/fcr"
    assert "No document attached yet." in text


def test_a_call_naming_its_countries_applicants_rates_and_grants_spells_them_out(
    client, territories
):
    call = CallFactory(
        territories=["martinique"],
        applicants=["association", "lycee"],
        themes=["health", "sport"],
        whole_caribbean=False,
        countries=["HT", "DM"],
        cofinancing_min=35,
        cofinancing_max=60,
        grant_min=Decimal("10000.00"),
        grant_max=Decimal("50000.50"),
        predeposit_on=date(2030, 1, 15),
        deadline=datetime(2030, 3, 1, 12, tzinfo=LOCAL),
    )
    response = client.get(call.get_absolute_url())
    assert facts(response, "eligibility-title") == {
        "Holders": "Holders in Martinique",
        "Applicants": "Association, Lycées",
        "Themes": "Health, Sport",
        "Partner countries": "Partners from Dominica or Haiti",
        "Co-financing rate": "from 35 % to 60 %",
        "Grant": "from 10,000 € to 50,000.50 €",
    }
    assert facts(response, "dates-title")["Pre-deposit"] == "Tuesday 15 January 2030"


@pytest.mark.parametrize(
    ("bounds", "rate", "grant"),
    [
        ({"cofinancing_min": 20, "grant_min": 5000}, "from 20 %", "at least 5,000 €"),
        ({"cofinancing_max": 80, "grant_max": 150000}, "up to 80 %", "up to 150,000 €"),
    ],
)
def test_a_rate_or_a_grant_with_one_bound_says_that_bound(client, territories, bounds, rate, grant):
    call = CallFactory(**bounds)
    found = facts(client.get(call.get_absolute_url()), "eligibility-title")
    assert found["Co-financing rate"] == rate
    assert found["Grant"] == grant


def test_a_call_without_rates_or_grants_says_nothing_of_them(client, territories):
    found = facts(client.get(CallFactory().get_absolute_url()), "eligibility-title")
    assert "Co-financing rate" not in found
    assert "Grant" not in found


def test_the_page_lists_the_documents_with_their_size(client, territories):
    document = CallDocumentFactory(title="Formulaire de candidature", size=245_760)
    response = client.get(document.call.get_absolute_url())
    page = lxml.html.fromstring(response.content)
    (link,) = page.cssselect("section[aria-labelledby=documents-title] a")
    assert link.get("href") == reverse("calls:document", args=[document.call.slug, document.pk])
    assert "Formulaire de candidature (PDF, 240.0 KB)" in read(response)


# ---------------------------------------------------------------------------------------------
# Drafts and their coordinators


def test_a_draft_is_404_to_everyone_but_its_coordinators(client, territories):
    call = draft(title="Appel en préparation")
    url = call.get_absolute_url()
    assert client.get(url).status_code == 404
    for person in (
        factories.UserFactory(),
        factories.coordinator(territories["martinique"]),
        factories.state_services(),
    ):
        client.force_login(person)
        assert client.get(url).status_code == 404, person
    client.force_login(factories.coordinator(territories["guadeloupe"]))
    response = client.get(url)
    assert response.status_code == 200
    assert "This call is a draft" in read(response)


def test_its_coordinators_edit_publish_and_unpublish_the_call(client, territories):
    call = draft(territories=["guadeloupe", "martinique"])
    client.force_login(factories.coordinator(territories["martinique"]))
    page = lxml.html.fromstring(client.get(call.get_absolute_url()).content)
    assert page.cssselect(f"a[href='{reverse('calls:call_edit', args=[call.slug])}']")
    (form,) = page.cssselect(f"form[action='{reverse('calls:call_status', args=[call.slug])}']")
    assert form.get("method") == "post"
    assert form.cssselect("input[name=csrfmiddlewaretoken]")
    assert form.cssselect("button[name=status]")[0].get("value") == Call.Status.PUBLISHED
    Call.objects.filter(pk=call.pk).update(status=Call.Status.PUBLISHED)
    response = client.get(call.get_absolute_url())
    assert "This call is a draft" not in response.text
    page = lxml.html.fromstring(response.content)
    assert page.cssselect("button[name=status]")[0].get("value") == Call.Status.DRAFT


def test_visitors_members_and_other_coordinators_get_no_management_links(client, territories):
    call = CallFactory()
    edit = reverse("calls:call_edit", args=[call.slug])
    assert edit not in client.get(call.get_absolute_url()).text
    for person in (factories.UserFactory(), factories.coordinator(territories["martinique"])):
        client.force_login(person)
        response = client.get(call.get_absolute_url())
        assert response.status_code == 200
        assert edit not in response.text
        assert reverse("calls:call_status", args=[call.slug]) not in response.text


# ---------------------------------------------------------------------------------------------
# The projects that answered the call


@pytest.fixture
def answered(territories):
    call = CallFactory(title="FCR 2030")
    lead = OrganisationFactory(name="Karukera Jeunesse")
    FundingLineFactory(
        call=call,
        project=ProjectFactory(title="Chantiers de jeunes", lead=lead),
        amount_requested=Decimal("60000.00"),
        amount_granted=Decimal("45000.00"),
        decision_date=date(2026, 6, 30),
    )
    FundingLineFactory(
        call=call,
        project=ProjectFactory(title="Projet non publié", published=False),
        amount_requested=Decimal("20000.00"),
    )
    FundingLineFactory(project=ProjectFactory(title="Another call's project"))
    return call


def applications(response) -> list[list[str]]:
    page = lxml.html.fromstring(response.content)
    tables = page.cssselect("section[aria-labelledby=applications-title] table")
    if not tables:
        return []
    return [
        [" ".join(cell.text_content().split()) for cell in row.cssselect("th, td")]
        for row in tables[0].cssselect("tbody tr, tfoot tr")
    ]


@pytest.mark.parametrize("role", ["coordinator", "state", "site_admin"])
def test_its_coordinators_and_state_services_read_the_projects_that_answered(
    client, territories, answered, role
):
    person = {
        "coordinator": lambda: factories.coordinator(territories["guadeloupe"]),
        "state": factories.state_services,
        "site_admin": factories.site_admin,
    }[role]()
    client.force_login(person)
    response = client.get(answered.get_absolute_url())
    rows = applications(response)
    assert len(rows) == 3
    assert rows[0][:3] == ["Chantiers de jeunes", "Karukera Jeunesse", "FCR Guadeloupe"]
    assert rows[0][3:] == ["60,000.00", "45,000.00", "30/06/2026"]
    assert rows[1][0] == "Projet non publié"
    assert rows[1][3:] == ["20,000.00", "pending", "—"]
    assert rows[2] == ["Total of the 2 applications", "80,000.00", "45,000.00", ""]
    page = lxml.html.fromstring(response.content)
    link = page.cssselect("section[aria-labelledby=applications-title] a")[0]
    assert link.text_content() == "Chantiers de jeunes"


def test_visitors_members_and_other_coordinators_do_not_see_the_projects_that_answered(
    client, territories, answered
):
    url = answered.get_absolute_url()
    assert applications(client.get(url)) == []
    assert "Chantiers de jeunes" not in client.get(url).text
    for person in (
        factories.UserFactory(),
        factories.coordinator(territories["martinique"]),
    ):
        client.force_login(person)
        response = client.get(url)
        assert response.status_code == 200
        assert "Chantiers de jeunes" not in response.text, person


def test_a_call_nobody_answered_says_so_to_its_coordinators(client, territories):
    call = CallFactory()
    client.force_login(factories.coordinator(territories["guadeloupe"]))
    assert "No project has named this call" in read(client.get(call.get_absolute_url()))


def test_the_projects_table_reads_the_same_number_of_queries_for_2_lines_and_for_12(
    client, territories
):
    call = CallFactory()
    client.force_login(factories.state_services())
    client.get(call.get_absolute_url())  # the session's first reads

    def count(lines: int) -> int:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(call.get_absolute_url())
        assert response.status_code == 200
        assert len(applications(response)) == lines + 1
        return len(queries)

    for _n in range(2):
        FundingLineFactory(call=call)
    few = count(2)
    for _n in range(10):
        FundingLineFactory(call=call, project=ProjectFactory(lead=OrganisationFactory()))
    assert count(12) == few


# ---------------------------------------------------------------------------------------------
# The match with the person's organisations


def test_a_member_reads_that_the_call_matches_their_organisation_and_why(client, territories):
    call = CallFactory(themes=["health", "energy"], applicants=["association"])
    organisation = OrganisationFactory(name="Santé Solidaire", themes=["health"])
    OrganisationFactory(name="Other members' organisation")
    elsewhere = OrganisationFactory(name="Martinique Santé", territory=territories["martinique"])
    member = member_of(organisation)
    client.force_login(member)
    text = read(client.get(call.get_absolute_url()))
    assert "This call matches Santé Solidaire: your kind: Association; your themes: Health." in text
    assert "Other members' organisation" not in text
    client.force_login(member_of(elsewhere))
    assert "This call matches" not in read(client.get(call.get_absolute_url()))


def test_no_match_is_said_to_visitors_nor_of_a_closed_call(client, territories):
    call = CallFactory()
    assert "This call matches" not in read(client.get(call.get_absolute_url()))
    member = member_of(OrganisationFactory())
    client.force_login(member)
    assert "This call matches" in read(client.get(call.get_absolute_url()))
    Call.objects.filter(pk=call.pk).update(
        opens_on=date(2026, 1, 5), deadline=datetime(2026, 3, 1, 12, tzinfo=LOCAL)
    )
    response = client.get(call.get_absolute_url())
    assert response.status_code == 200
    assert "This call matches" not in read(response)
    assert "Closed" in read(response)


# ---------------------------------------------------------------------------------------------
# Documents


def test_a_document_downloads_as_a_pdf_named_after_its_title(client, territories):
    document = CallDocumentFactory(title="Règlement de l'appel 2027")
    response = client.get(reverse("calls:document", args=[document.call.slug, document.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="reglement-de-lappel-2027.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == MINIMAL_PDF


def test_a_draft_s_documents_are_404_but_to_its_coordinators(client, territories):
    document = CallDocumentFactory(call=draft())
    url = reverse("calls:document", args=[document.call.slug, document.pk])
    assert client.get(url).status_code == 404
    client.force_login(factories.coordinator(territories["martinique"]))
    assert client.get(url).status_code == 404
    client.force_login(factories.coordinator(territories["guadeloupe"]))
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == MINIMAL_PDF


def test_a_document_is_read_through_its_own_call_only(client, territories):
    document = CallDocumentFactory()
    other = CallFactory()
    assert client.get(reverse("calls:document", args=[other.slug, document.pk])).status_code == 404
    missing = reverse("calls:document", args=[document.call.slug, document.pk + 1])
    assert client.get(missing).status_code == 404


def test_a_document_whose_file_is_gone_is_404(client, territories):
    document = CallDocumentFactory()
    document.file.storage.delete(document.file.name)
    url = reverse("calls:document", args=[document.call.slug, document.pk])
    assert client.get(url).status_code == 404


def test_the_projects_that_answered_come_a_page_at_a_time_with_the_totals_of_them_all(
    client, territories, django_assert_max_num_queries
):
    call = CallFactory()
    lead = OrganisationFactory(name="Karukera Jeunesse")
    for n in range(PAGE_SIZE + 5):
        FundingLineFactory(
            project=ProjectFactory(lead=lead, title=f"Projet {n:02}"),
            call=call,
            amount_requested=Decimal(1000),
        )
    client.force_login(factories.state_services())

    with django_assert_max_num_queries(16):
        response = client.get(call.get_absolute_url())

    assert response.status_code == 200
    rows = applications(response)
    assert len(rows) == PAGE_SIZE + 1  # a page of lines, then the totals
    assert rows[-1][:2] == [f"Total of the {PAGE_SIZE + 5} applications", f"{PAGE_SIZE + 5},000.00"]
    second = applications(client.get(call.get_absolute_url(), {"page": 2}))
    assert len(second) == 5 + 1
