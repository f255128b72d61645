"""Every page has a title of its own (RGAA criterion 8.6): the tab, the history and screen
readers tell pages apart by it. Walked over the pages of the URL × role permission matrix, each
as the first role that reads it: no two pages share a title, and each title holds the page's
main heading, or at least the name of the record it shows ("Demander à rejoindre Roseau Youth
Council", not "Demander à rejoindre")."""

import lxml.html
import pytest
from django.conf import settings
from django.urls import reverse

from tests.rrma import test_permission_matrix as matrix

SUFFIX = " · RRMA Antilles"
# Pages whose main heading the test cannot read, and why.
WITHOUT_HEADING = {
    "api-v1:openapi-view": "Swagger UI draws its headings with JavaScript",
}
# What the views pass to their template as the record a page shows.
RECORDS = (
    "organisation",
    "project",
    "training",
    "call",
    "post",
    "resource",
    "group",
    "mission",
    "support_request",
    "source",
    "issue",
    "partner",
    "invitation",
    "session",
    "territory",
)


def normalized(text: str | None) -> str:
    """As people read it: spaces collapsed, apostrophes alike (allauth's catalogue writes ')."""
    return " ".join((text or "").replace("’", "'").split())


def within(part: str, whole: str) -> bool:
    """`part` read in `whole`, whatever the case ("Restablecer Contraseña", allauth's heading,
    in "Restablecer contraseña: revise su bandeja de entrada")."""
    return part.casefold() in whole.casefold()


def record_name(context) -> str | None:
    if context is None:
        return None
    for key in RECORDS:
        try:
            record = context[key]
        except KeyError:
            continue
        if record is None:
            continue
        for attribute in ("name", "title", "subject", "file_name"):
            value = getattr(record, attribute, None)
            if isinstance(value, str) and value:
                return normalized(value)
        return normalized(str(record))
    return None


def matrix_pages(client, objects, language):
    """(URL name, address, title, main heading, record name) of each page of the matrix
    answered 200 to a GET, as the first role it answers so, in `language`; HTML pages only,
    htmx fragments (no title) left out."""
    pages = []
    for name in matrix.MATRIX:
        for row in matrix.rows(name):
            roles = [role for role in matrix.ROLES if getattr(row, role) == 200]
            if row.post is not None or not roles:
                continue
            kwargs = row.kwargs(objects) if callable(row.kwargs) else row.kwargs
            kwargs = {k: v(objects) if callable(v) else v for k, v in kwargs.items()}
            url = reverse(name, kwargs=kwargs)
            client.logout()
            user = objects["users"][roles[0]]
            if user is not None:
                client.force_login(user)
            client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
            response = client.get(url)
            assert response.status_code == 200, url
            if response.streaming:
                b"".join(response.streaming_content)  # a download closes its file once read
                continue
            if not response["Content-Type"].startswith("text/html"):
                continue
            page = lxml.html.document_fromstring(response.content.decode(response.charset))
            title = page.findtext(".//title")
            if title is None:
                continue
            headings = [normalized(h1.text_content()) for h1 in page.iter("h1")]
            pages.append(
                {
                    "name": name,
                    "url": url,
                    "title": normalized(title).removesuffix(SUFFIX.strip()).strip(),
                    "h1": headings[0] if headings else None,
                    "record": record_name(response.context),
                }
            )
    return pages


@pytest.mark.parametrize("language", [code for code, _name in settings.LANGUAGES])
def test_no_two_pages_share_a_title_and_each_names_its_heading_or_record(client, objects, language):
    pages = matrix_pages(client, objects, language)
    assert len(pages) > 100  # the walk reached the pages, not only their logins

    by_title: dict[str, set[str]] = {}
    for page in pages:
        by_title.setdefault(page["title"], set()).add(page["url"])
    shared = {title: sorted(urls) for title, urls in by_title.items() if len(urls) > 1}
    listed = [f"{title!r}: {urls}" for title, urls in shared.items()]
    assert not shared, "pages sharing a title:\n" + "\n".join(listed)

    vague = []
    for page in pages:
        title, heading, record = page["title"], page["h1"], page["record"]
        if heading is None:
            if page["name"] not in WITHOUT_HEADING:
                vague.append(f"{page['url']}: no main heading (title {title!r})")
        elif not within(heading, title) and not (record and within(record, title)):
            vague.append(f"{page['url']}: title {title!r}, heading {heading!r}, record {record!r}")
    assert not vague, "titles naming neither the heading nor the record:\n" + "\n".join(vague)


def test_an_ask_to_join_page_is_titled_with_its_organisation(client, objects):
    client.force_login(objects["users"]["member"])
    response = client.get(reverse("members:organisation_join", args=["acme"]))
    title = lxml.html.document_fromstring(response.content).findtext(".//title")
    assert normalized(title) == f"Demander à rejoindre {objects['acme'].name} · RRMA Antilles"


objects = matrix.objects
