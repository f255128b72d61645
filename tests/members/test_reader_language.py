"""Records in the reader's language: the optional English and Spanish summaries, the pages that
show them (and mark the language of what they show), the filters of the directory and the API,
dates and numbers as each language writes them, emails in each person's language."""

import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.template import Context, Template
from django.urls import reverse
from django.utils import translation
from django.utils.formats import number_format
from django.utils.html import escape

from members.models import Passage
from members.services import record_confirmation_requests_send
from tests.calls.factories import CallFactory
from tests.members.factories import OrganisationFactory, member_of
from tests.members.test_record_confirmation import stale
from tests.news.factories import PostFactory
from tests.projects.factories import ProjectFactory
from tests.trainings.factories import SessionFactory, TrainingFactory

pytestmark = pytest.mark.django_db

SPANISH = "Misiones de salud comunitaria en Haití."
ENGLISH = "Community health missions in Haiti."


def in_language(client, language: str) -> None:
    client.cookies["django_language"] = language


def test_a_reader_gets_the_summary_of_their_language_or_the_french_one(territories):
    organisation = OrganisationFactory(short_description="Missions de santé.", summary_es=SPANISH)
    assert organisation.summary_in("es") == Passage(SPANISH, "es")
    assert organisation.summary_in("en") == Passage("Missions de santé.", "fr")
    assert organisation.summary_in("fr") == Passage("Missions de santé.", "fr")
    with translation.override("es"):
        assert organisation.summary_for_reader.text == SPANISH
    assert organisation.summary_languages == ["es"]


def test_the_organisation_page_marks_the_language_of_its_summary_and_descriptions(
    client, territories
):
    organisation = OrganisationFactory(
        short_description="Missions de santé.", description="Depuis 2004.", summary_es=SPANISH
    )
    in_language(client, "es")
    page = client.get(organisation.get_absolute_url()).text
    assert '<html lang="es">' in page
    assert f'<p class="lead" lang="es">{SPANISH}</p>' in page
    assert '<div class="prose" lang="fr">' in page  # the description exists in French only
    in_language(client, "en")
    page = client.get(organisation.get_absolute_url()).text
    assert '<p class="lead" lang="fr">Missions de santé.</p>' in page
    in_language(client, "fr")
    page = client.get(organisation.get_absolute_url()).text
    assert '<div class="prose">' in page  # French on a French page: nothing to mark


def test_titles_written_in_french_are_marked_on_the_pages_that_list_them(client, territories):
    project = ProjectFactory(title="Chantiers de jeunes")
    post = PostFactory(title="Une journée d'information")
    in_language(client, "en")
    organisation = client.get(project.lead.get_absolute_url()).text
    assert f'href="{project.get_absolute_url()}" lang="fr">Chantiers de jeunes</a>' in organisation
    home = client.get(reverse("home")).text
    assert f'href="{post.get_absolute_url()}" lang="fr">{escape(post.title)}</a>' in home
    news = client.get(reverse("news:list")).text
    assert f'<h3 lang="fr"><a href="{post.get_absolute_url()}">' in news


@pytest.mark.parametrize(
    "make",
    [
        lambda: ProjectFactory(summary_en=ENGLISH),
        lambda: CallFactory(summary_en=ENGLISH),
        lambda: PostFactory(summary_en=ENGLISH),
        lambda: SessionFactory(training=TrainingFactory(summary_en=ENGLISH)).training,
    ],
    ids=["project", "call", "post", "training"],
)
def test_each_record_page_shows_the_english_summary_to_english_readers(client, territories, make):
    record = make()
    in_language(client, "en")
    response = client.get(record.get_absolute_url())
    assert response.status_code == 200
    assert f'lang="en">{ENGLISH}</p>' in response.text
    assert '<h1 lang="fr">' in response.text  # the title, written in French
    in_language(client, "es")
    text = client.get(record.get_absolute_url()).text
    assert f'lang="fr">{escape(record.summary)}</p>' in text


def test_the_directory_filters_and_counts_the_records_with_a_summary_in_a_language(
    client, territories, django_assert_max_num_queries
):
    OrganisationFactory(name="Avec espagnol", summary_es=SPANISH)
    OrganisationFactory(name="Avec les deux", summary_es=SPANISH, summary_en=ENGLISH)
    OrganisationFactory(name="En français seulement")
    # Once without the filter first: what the process keeps between requests (reference lists,
    # the public data's generation) is then read, and another test of the same worker cannot
    # have left it cold or warm. The filtered view computes its own facet counts.
    everyone = client.get(reverse("members:directory")).context["counts"]["summary"]
    assert everyone == {"es": 2, "en": 1}
    with django_assert_max_num_queries(19):
        response = client.get(reverse("members:directory"), {"summary": "es"})
    assert response.status_code == 200
    names = [o.name for o in response.context["page"].object_list]
    assert sorted(names) == ["Avec espagnol", "Avec les deux"]
    assert response.context["counts"]["summary"] == {"es": 2, "en": 1}
    refused = client.get(reverse("members:directory"), {"summary": "ht"})
    assert refused.status_code == 200
    assert "Sélectionnez un choix valide" in refused.text


def test_the_api_gives_the_summaries_and_filters_on_them(client, territories):
    OrganisationFactory(name="Avec anglais", summary_en=ENGLISH)
    OrganisationFactory(name="Sans")
    CallFactory(title="Appel traduit", summary_es=SPANISH)
    CallFactory(title="Appel en français")
    PostFactory(title="Nouvelle traduite", summary_en=ENGLISH)
    SessionFactory(training=TrainingFactory(title="Formation traduite", summary_es=SPANISH))
    SessionFactory(training=TrainingFactory(title="Formation en français"))

    def rows(name, **params):
        response = client.get(reverse(f"api-v1:{name}"), params)
        assert response.status_code == 200, response.content
        return response.json()["results"]

    organisations = rows("organisations", summary="en")
    assert [(o["name"], o["summary_en"], o["summary_es"]) for o in organisations] == [
        ("Avec anglais", ENGLISH, "")
    ]
    ProjectFactory(title="Projet traduit", summary_en=ENGLISH)
    ProjectFactory(title="Projet en français")
    assert [p["title"] for p in rows("projects", summary="en")] == ["Projet traduit"]
    assert [c["title"] for c in rows("calls", summary="es")] == ["Appel traduit"]
    assert [p["title"] for p in rows("news", summary="en")] == ["Nouvelle traduite"]
    assert [t["title"] for t in rows("trainings", summary="es")] == ["Formation traduite"]
    assert len(rows("organisations")) == 4  # the projects' leads are organisations too


def render(source: str, **context) -> str:
    return Template("{% load members %}" + source).render(Context(context))


@pytest.mark.parametrize(
    ("language", "short", "long", "number"),
    [
        ("fr", "01/12/2026", "mardi 1 décembre 2026", "12\xa0345,5"),
        ("en", "01/12/2026", "Tuesday 1 December 2026", "12,345.5"),
        ("es", "01/12/2026", "martes 1 de diciembre de 2026", "12\xa0345,5"),
    ],
)
def test_dates_put_the_day_first_and_numbers_are_grouped_in_every_language(
    language, short, long, number
):
    day = datetime.date(2026, 12, 1)
    with translation.override(language):
        assert render('{{ day|date:"SHORT_DATE_FORMAT" }}', day=day) == short
        assert render("{{ day|long_date }}", day=day) == long
        assert number_format(Decimal("12345.5"), 1, force_grouping=True) == number


def test_a_time_carries_the_offset_of_its_territory():
    start = datetime.datetime(2026, 12, 1, 14, 30, tzinfo=ZoneInfo("America/Martinique"))
    assert render("{{ start|utc_offset }}", start=start) == "UTC\u22124"
    with translation.override("es"):
        assert render("{{ start|long_datetime }}", start=start) == (
            "martes 1 de diciembre de 2026, 14:30"
        )
    havana = start.astimezone(ZoneInfo("America/Havana"))
    assert render("{{ start|utc_offset }}", start=havana) == "UTC\u22125"


def test_the_session_list_gives_each_time_with_its_time_zone(client, territories):
    SessionFactory(training=TrainingFactory(title="Monter un dossier FCR"))
    response = client.get(reverse("trainings:catalogue"))
    assert response.status_code == 200
    assert "UTC\u22124" in response.text


def test_emails_go_out_in_each_persons_language_spanish_included(territories):
    organisation = stale()
    spanish = member_of(organisation, "admin", language="es")
    french = member_of(organisation, "admin", language="fr")
    record_confirmation_requests_send(base_url="https://rrma.example")
    subjects = {m.to[0]: m.subject for m in mail.outbox}
    assert "toujours exacte" in subjects[french.email]
    assert f"¿La ficha de “{organisation.name}” sigue siendo exacta?" in subjects[spanish.email]
