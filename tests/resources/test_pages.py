"""The library's public pages: the list and its filters, a resource's page, its file with the
headers that keep a browser from running it, in a bounded number of queries."""

import lxml.html
import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from resources.models import Resource
from tests.members import image_files
from tests.resources import files
from tests.resources.factories import ResourceFactory, link, members_only

pytestmark = pytest.mark.django_db

LIST = reverse("resources:list")


def titles(response) -> list[str]:
    page = lxml.html.fromstring(response.content)
    return [h.text_content().strip() for h in page.xpath('//*[@id="resource-results"]//h3')]


def counted(count: int) -> str:
    """The list's count, in the page's language."""
    return ngettext("%(counter)s resource", "%(counter)s resources", count) % {"counter": count}


def download(client, resource):
    response = client.get(reverse("resources:download", args=[resource.slug]))
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return response, body


# The list ------------------------------------------------------------------------------------


def test_the_list_shows_the_newest_first_with_what_each_resource_is(client, territories):
    ResourceFactory(title="Guide du dossier FCR", themes=["health"])
    link(title="Replay Interreg", territory=None)

    response = client.get(LIST)

    assert response.status_code == 200
    assert titles(response) == ["Replay Interreg", "Guide du dossier FCR"]
    assert counted(2) in " ".join(response.text.split())
    # What each card says of its own resource (the filters name every theme, whatever is listed).
    page = lxml.html.fromstring(response.content)
    replay, guide = (
        " ".join(card.text_content().split())
        for card in page.cssselect("#resource-results li.org-card")
    )
    assert _("external link") in replay
    assert _("both networks") in replay
    assert "PDF, 193 octets" not in replay
    assert "PDF, 193 octets" in guide
    assert "Guadeloupe" in guide
    assert _("external link") not in guide
    (tags,) = page.cssselect("#resource-results li.org-card:nth-child(2) .tags")
    assert tags.text_content().split() == ["Santé"]


def test_drafts_are_listed_to_the_coordinators_who_manage_them_only(
    client, coordinator_gp, coordinator_mq, member
):
    ResourceFactory(title="Brouillon de guide", status=Resource.Status.DRAFT)

    assert titles(client.get(LIST)) == []
    for person, shown in (
        (member, []),
        (coordinator_mq, []),
        (coordinator_gp, ["Brouillon de guide"]),
    ):
        client.force_login(person)
        assert titles(client.get(LIST)) == shown


SEARCHES = {
    "a word without its accents": ({"q": "reseau"}, ["Rapport du réseau"]),
    "a word in capitals, of the description": ({"q": "MOBILITÉ"}, ["Guide jeunesse"]),
    "every word must be found": ({"q": "rapport jeunes"}, []),
    "a kind": ({"kind": "video"}, ["Replay Interreg"]),
    "a theme": ({"theme": "health"}, ["Guide jeunesse"]),
    "a language": ({"language": "en"}, ["Replay Interreg"]),
    "a territory, with the resources of both networks": (
        {"territory": "martinique"},
        ["Replay Interreg", "Guide jeunesse"],
    ),
    "the other territory": ({"territory": "guadeloupe"}, ["Replay Interreg", "Rapport du réseau"]),
}


@pytest.mark.parametrize(("query", "expected"), SEARCHES.values(), ids=SEARCHES.keys())
def test_the_list_is_filtered_by_shareable_parameters(client, territories, query, expected):
    ResourceFactory(title="Rapport du réseau", kind=Resource.Kind.REPORT, description="Bilan.")
    ResourceFactory(
        title="Guide jeunesse",
        territory=territories["martinique"],
        description="La mobilité des jeunes.",
        themes=["health"],
    )
    link(title="Replay Interreg", territory=None, language_id="en")
    # Members-only resources are never found by visitors, whatever the filter.
    members_only(title="Rapport réservé du réseau", description="La mobilité des jeunes.")

    response = client.get(LIST, query)

    assert response.status_code == 200
    assert titles(response) == expected


def test_a_refused_filter_is_said_next_to_its_field_and_the_others_apply(client, territories):
    ResourceFactory(title="Rapport du réseau", kind=Resource.Kind.REPORT)
    ResourceFactory(title="Guide du dossier", kind=Resource.Kind.GUIDE)

    response = client.get(LIST, {"kind": "report", "territory": "atlantide", "q": "x\x00"})

    assert response.status_code == 200
    assert set(response.context["filter"].form.errors) == {"territory", "q"}
    assert titles(response) == ["Rapport du réseau"]


def test_htmx_gets_the_results_only(client, territories):
    ResourceFactory(title="Guide du dossier")

    response = client.get(LIST, headers={"HX-Request": "true"})

    assert response.status_code == 200
    assert response.text.lstrip().startswith('<section id="resource-results"')
    assert "Guide du dossier" in response.text


@pytest.mark.parametrize("count", [3, 30])
def test_the_list_reads_a_constant_number_of_queries(
    client, territories, member, count, django_assert_max_num_queries
):
    for n in range(count):
        ResourceFactory(title=f"Guide {n:02}", themes=["health", "education-training"])
        members_only(title=f"Compte rendu {n:02}", territory=None)
    # The count, the page (with territory, language and working group), its themes; the
    # filters' themes, languages and territories; the networks of the header and footer.
    with django_assert_max_num_queries(7):
        response = client.get(LIST)
    assert response.status_code == 200
    assert counted(count) in response.text
    assert len(titles(response)) == min(count, 20)
    # Searched and filtered: the theme and the territory asked, the query's words looked up
    # in the vocabulary (and their corrections) besides.
    with django_assert_max_num_queries(11):
        response = client.get(LIST, {"q": "guide", "theme": "health", "territory": "guadeloupe"})
    assert response.status_code == 200
    assert counted(count) in response.text
    # A member: their session, account, roles and verified address besides; members-only
    # resources included.
    client.force_login(member)
    with django_assert_max_num_queries(11):
        response = client.get(LIST, {"page": 2})
    assert response.status_code == 200
    assert counted(2 * count) in response.text


# A resource's page ---------------------------------------------------------------------------


def test_a_resource_s_page_says_what_it_is_and_links_to_its_file(client, territories):
    resource = ResourceFactory(title="Guide du dossier FCR", themes=["health"])

    response = client.get(resource.get_absolute_url())

    assert response.status_code == 200
    page = lxml.html.fromstring(response.content)
    (button,) = page.xpath('//a[@class="button"][@download]')
    assert button.get("href") == reverse("resources:download", args=[resource.slug])
    assert "Santé" in response.text
    assert _("Edit the resource") not in response.text


def test_a_link_s_page_opens_the_link(client, territories):
    resource = link()

    response = client.get(resource.get_absolute_url())

    page = lxml.html.fromstring(response.content)
    (button,) = page.xpath('//a[@class="button"][@rel="noopener noreferrer external"]')
    assert button.get("href") == resource.url


def test_a_members_only_resource_is_404_to_visitors_and_shown_to_members(client, member):
    resource = members_only(title="Compte rendu de l'AG")

    response = client.get(resource.get_absolute_url())

    assert response.status_code == 404
    assert "Compte rendu" not in response.text
    # Visitors are invited to log in, and come back to the resource.
    page = lxml.html.fromstring(response.content)
    (login,) = page.xpath('//main//a[@class="button"]')
    assert login.get("href") == f"/accounts/login/?next=%2Fresources%2F{resource.slug}%2F"
    # The same page for a resource that does not exist: nothing tells them apart.
    missing = client.get(reverse("resources:resource", args=["nothing-here"]))
    assert missing.status_code == 404
    assert missing.text.replace("nothing-here", resource.slug) == response.text

    client.force_login(member)
    response = client.get(resource.get_absolute_url())
    assert response.status_code == 200
    assert "Compte rendu de l&#x27;AG" in response.text
    assert _("Members only") in response.text
    # A logged-in person asking for a resource that does not exist: the portal's 404.
    assert client.get(reverse("resources:resource", args=["nothing-here"])).status_code == 404


def test_the_resource_page_reads_a_constant_number_of_queries(
    client, territories, django_assert_max_num_queries
):
    resource = ResourceFactory(themes=["health", "education-training", "sport"])

    # The resource (with its territory, language and working group), its themes, the
    # networks of the header and footer.
    with django_assert_max_num_queries(3):
        response = client.get(resource.get_absolute_url())
    assert response.status_code == 200
    # Those queries did show the resource, its territory and its themes.
    page = lxml.html.fromstring(response.content)
    assert page.cssselect("h1")[0].text_content().strip() == resource.title
    text = " ".join(page.text_content().split())
    assert _("network of %(name)s") % {"name": "Guadeloupe"} in text
    (themes,) = page.xpath("//dt[. = $label]/following-sibling::dd[1]", label=_("Themes"))
    assert sorted(themes.text_content().split(", ")) == sorted(
        str(theme) for theme in resource.themes.all()
    )


# Its file ------------------------------------------------------------------------------------


def test_a_pdf_is_downloaded_under_its_title_never_sniffed_and_sandboxed(client, territories):
    resource = ResourceFactory(title="Guide du dossier FCR")

    response, body = download(client, resource)

    assert response.status_code == 200
    assert body == files.PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="guide-du-dossier-fcr.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"


def test_a_picture_is_shown_by_the_browser_with_the_same_protections(client, territories):
    resource = ResourceFactory(
        title="Carte des partenaires",
        file=ContentFile(image_files.png(), name="document.png"),
        file_type="image/png",
    )

    response, body = download(client, resource)

    assert response.status_code == 200
    assert body == image_files.png()
    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"] == 'inline; filename="carte-des-partenaires.png"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"


def test_a_members_only_file_is_404_to_visitors_and_sent_to_members(client, member):
    resource = members_only()

    response, body = download(client, resource)
    assert response.status_code == 404
    assert body != files.PDF

    client.force_login(member)
    response, body = download(client, resource)
    assert response.status_code == 200
    assert body == files.PDF
    assert "no-store" in response["Cache-Control"]


def test_a_link_has_no_file_and_a_lost_file_is_404(client, territories):
    assert download(client, link())[0].status_code == 404
    resource = ResourceFactory()
    resource.file.storage.delete(resource.file.name)

    assert download(client, resource)[0].status_code == 404


def test_the_compact_list_shows_resources_without_a_query_each(
    territories, django_assert_max_num_queries
):
    from django.template.loader import render_to_string

    ResourceFactory(title="Guide du dossier FCR")
    link(title="Replay Interreg")
    members_only(title="Compte rendu")
    resources = list(Resource.objects.order_by("title"))

    with django_assert_max_num_queries(0):
        html = render_to_string("resources/includes/resource_list.html", {"resources": resources})

    page = lxml.html.fromstring(html)
    assert [a.text_content() for a in page.xpath("//li/a[1]")] == [
        "Compte rendu",
        "Guide du dossier FCR",
        "Replay Interreg",
    ]
    assert _("members only") in html
    assert (
        render_to_string(
            "resources/includes/resource_list.html", {"resources": [], "empty": "Aucun support."}
        ).count("Aucun support.")
        == 1
    )
