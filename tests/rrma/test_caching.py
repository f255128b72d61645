"""Transport and caching (rrma/middleware.py, toolbox/public_cache.py): compressed answers,
anonymous pages without CSRF cookie nor `Vary: Cookie`, the language switch without a token
for visitors, and the shared cache of anonymous pages, forgotten on any change."""

import gzip

import lxml.html
import pytest
from django.conf import settings
from django.test import Client, RequestFactory
from django.urls import reverse

from members.models import User
from rrma.middleware import AnonymousPageCacheMiddleware, PublicPageMiddleware
from tests.calls.factories import CallFactory, SavedSearchFactory
from tests.members.factories import PASSWORD, OrganisationFactory, UserFactory
from toolbox import public_cache

pytestmark = pytest.mark.django_db

HOME = reverse("home")
DIRECTORY = reverse("members:directory")
HOME_HEADING = "Deux réseaux, un portail"


@pytest.fixture
def page_cache(settings):
    """The page cache on, as in production (tests/conftest.py turns it off for the others)."""
    settings.PAGE_CACHE_SECONDS = 300


def body(response) -> str:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    if response.get("Content-Encoding") == "gzip":
        content = gzip.decompress(content)
    return content.decode()


def vary(response) -> set[str]:
    return {h.strip().lower() for h in response.get("Vary", "").split(",") if h.strip()}


def kept_page(path: str, **headers):
    """What the page cache holds for an anonymous GET of `path`."""
    request = RequestFactory().get(path, headers=headers)
    return public_cache.current_public_value(AnonymousPageCacheMiddleware.key(request))[1]


def switcher(response) -> dict[str, str]:
    """The fields the language switcher of a page sends for its only button."""
    form = lxml.html.fromstring(response.content).cssselect("form.language-switcher")[0]
    fields = {field.get("name"): field.get("value") for field in form.cssselect("input")}
    button = form.cssselect("button[name=language]")[0]
    return {**fields, "language": button.get("value")}


# Anonymous pages: no CSRF cookie, no Vary: Cookie, public


@pytest.mark.parametrize("url", [HOME, DIRECTORY])
def test_an_anonymous_page_sets_no_csrf_cookie_and_does_not_vary_on_cookies(
    client, territories, url
):
    OrganisationFactory()
    response = client.get(url)
    assert response.status_code == 200
    assert "csrftoken" not in response.cookies
    assert not response.cookies
    assert "cookie" not in vary(response)
    assert response["Cache-Control"] == f"public, max-age=0, s-maxage={settings.PUBLIC_MAX_AGE}"


@pytest.mark.parametrize(
    "url",
    [
        reverse("projects:catalogue"),
        reverse("trainings:catalogue"),
        reverse("calls:calendar"),
        reverse("calls:month"),
        reverse("network", args=["guadeloupe"]),
        reverse("opendata"),
        reverse("privacy"),
    ],
)
def test_other_public_pages_are_public_too(client, territories, url):
    response = client.get(url)
    assert response.status_code == 200
    assert not response.cookies
    assert "cookie" not in vary(response)
    assert "public" in response["Cache-Control"]


def test_an_organisation_s_page_is_public_for_visitors(client, territories):
    organisation = OrganisationFactory()
    response = client.get(organisation.get_absolute_url())
    assert organisation.name in response.text
    assert not response.cookies
    assert "public" in response["Cache-Control"]


def test_the_login_page_still_sets_the_csrf_cookie_and_logging_in_works(territories):
    person = UserFactory()
    client = Client(enforce_csrf_checks=True)
    page = client.get(reverse("account_login"))
    assert "csrftoken" in page.cookies
    assert "cookie" in vary(page)
    assert "no-store" in page["Cache-Control"]
    token = lxml.html.fromstring(page.content).cssselect("[name=csrfmiddlewaretoken]")[0]
    response = client.post(
        reverse("account_login"),
        {"login": person.email, "password": PASSWORD, "csrfmiddlewaretoken": token.get("value")},
    )
    assert response.status_code == 302
    assert response.url == reverse("dashboard")
    assert "Se déconnecter" in client.get(reverse("dashboard")).text


def test_a_logged_in_person_s_pages_keep_their_tokens_and_say_no_store(client, member):
    client.force_login(member)
    response = client.get(HOME)
    assert "csrfmiddlewaretoken" in response.text  # the logout form and the language switcher
    assert "csrftoken" in response.cookies
    assert "cookie" in vary(response)
    assert "no-store" in response["Cache-Control"]


def test_a_message_shown_during_the_request_keeps_the_page_private(rf, territories):
    from django.contrib.messages.storage.cookie import CookieStorage
    from django.http import HttpResponse

    request = rf.get(HOME)
    request._messages = CookieStorage(request)
    assert PublicPageMiddleware.is_public_page(request, HttpResponse("page"))
    request._messages.add(20, "Enregistré.")
    assert not PublicPageMiddleware.is_public_page(request, HttpResponse("page"))


# The language switch


def test_a_visitor_switches_language_without_a_token_and_no_cookie_but_the_language(territories):
    client = Client(enforce_csrf_checks=True)
    page = client.get(HOME)
    fields = switcher(page)
    assert "csrfmiddlewaretoken" not in fields
    assert fields == {"visitor": "1", "next": HOME, "language": "en"}
    response = client.post(reverse("set_language"), fields)
    assert response.status_code == 302
    assert set(response.cookies) == {settings.LANGUAGE_COOKIE_NAME}
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    english = client.get(HOME)
    assert '<html lang="en">' in english.text
    assert "Two networks, one portal" in english.text
    # Still public, but said to depend on the cookie that chose its language.
    assert "public" in english["Cache-Control"]
    assert "cookie" in vary(english)


def test_a_visitor_s_switch_from_another_site_is_refused(territories):
    response = Client(enforce_csrf_checks=True).post(
        reverse("set_language"),
        {"visitor": "1", "language": "en", "next": HOME},
        headers={"sec-fetch-site": "cross-site"},
    )
    assert response.status_code == 403
    assert settings.LANGUAGE_COOKIE_NAME not in response.cookies


def test_a_logged_in_person_s_switch_with_its_token_is_stored_on_the_account(member):
    client = Client(enforce_csrf_checks=True)
    client.force_login(member)
    fields = switcher(client.get(HOME))
    assert "visitor" not in fields
    assert fields["csrfmiddlewaretoken"]
    response = client.post(reverse("set_language"), fields)
    assert response.status_code == 302
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    member.refresh_from_db()
    assert member.language == "en"


def test_a_forged_switch_never_changes_the_account(member):
    client = Client(enforce_csrf_checks=True)
    client.force_login(member)
    client.get(HOME)  # the CSRF cookie, as a browser would have it
    refused = client.post(reverse("set_language"), {"language": "en", "next": HOME})
    assert refused.status_code == 403
    # The visitors' form, as another site could send it: the cookie only.
    response = client.post(reverse("set_language"), {"visitor": "1", "language": "en"})
    assert response.status_code == 302
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    assert User.objects.get(pk=member.pk).language != "en"


# Compression


def test_pages_are_compressed_for_browsers_that_accept_gzip(client, territories):
    response = client.get(HOME, headers={"accept-encoding": "gzip, deflate, br"})
    assert response["Content-Encoding"] == "gzip"
    assert "accept-encoding" in vary(response)
    assert int(response["Content-Length"]) == len(response.content)
    assert HOME_HEADING in body(response)
    plain = client.get(HOME)
    assert not plain.has_header("Content-Encoding")
    assert len(plain.content) > 2 * len(response.content)


def test_a_logged_in_person_s_pages_are_compressed_too(client, member):
    client.force_login(member)
    response = client.get(reverse("dashboard"), headers={"accept-encoding": "gzip"})
    assert response["Content-Encoding"] == "gzip"
    assert "Se déconnecter" in body(response)


def test_a_streamed_export_is_compressed_as_it_streams(client, territories):
    organisation = OrganisationFactory()
    response = client.get(
        reverse("opendata_organisations_csv"), headers={"accept-encoding": "gzip"}
    )
    assert response.streaming  # not buffered whole to be compressed
    assert response["Content-Encoding"] == "gzip"
    assert not response.has_header("Content-Length")
    assert organisation.name in body(response)


def test_an_xlsx_export_already_compressed_is_sent_as_it_is(client, state_user):
    OrganisationFactory()
    client.force_login(state_user)
    response = client.get(
        reverse("census_export", args=["xlsx"]), headers={"accept-encoding": "gzip"}
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert not response.has_header("Content-Encoding")
    content = b"".join(response.streaming_content) if response.streaming else response.content
    assert content.startswith(b"PK")  # a zip file, as written


# The shared cache of anonymous pages


@pytest.mark.parametrize("url", [HOME, DIRECTORY])
def test_a_visitor_s_page_is_served_from_the_shared_cache_the_second_time(
    client, territories, page_cache, django_assert_max_num_queries, url
):
    organisation = OrganisationFactory(name="Association Mangrove Vivante")
    first = client.get(url, headers={"accept-encoding": "gzip"})
    assert first.templates  # computed
    with django_assert_max_num_queries(1):  # the generation and the page, in one read
        second = client.get(url, headers={"accept-encoding": "gzip"})
    assert second.status_code == 200
    assert not second.templates  # served as kept, nothing rendered
    assert body(second) == body(first)
    assert (url == HOME and HOME_HEADING in body(second)) or organisation.name in body(second)
    for header in ("Content-Type", "Content-Language", "Content-Security-Policy", "Vary"):
        assert second[header] == first[header], header
    assert second["Cache-Control"] == first["Cache-Control"]
    assert second["Content-Encoding"] == "gzip"


def test_a_kept_page_is_sent_uncompressed_to_those_who_do_not_accept_gzip(
    client, territories, page_cache
):
    client.get(HOME, headers={"accept-encoding": "gzip"})
    response = client.get(HOME)
    assert not response.templates
    assert not response.has_header("Content-Encoding")
    assert HOME_HEADING in response.text
    assert "accept-encoding" in vary(response)


def test_a_page_is_computed_afresh_once_a_public_record_changes(
    client, territories, page_cache, django_capture_on_commit_callbacks
):
    OrganisationFactory(name="Association Corail")
    assert "Association Corail" in client.get(DIRECTORY).text
    assert not client.get(DIRECTORY).templates  # kept
    with django_capture_on_commit_callbacks(execute=True):
        OrganisationFactory(name="Association Mangrove Vivante")
    response = client.get(DIRECTORY)
    assert response.templates  # computed again
    assert "Association Mangrove Vivante" in response.text


def test_a_call_published_or_changed_shows_at_once_on_the_kept_calendar(
    client, territories, page_cache, django_capture_on_commit_callbacks
):
    calendar = reverse("calls:calendar")
    with django_capture_on_commit_callbacks(execute=True):
        call = CallFactory(title="FCR Guadeloupe 2027")
    assert "FCR Guadeloupe 2027" in client.get(calendar).text
    assert not client.get(calendar).templates  # kept
    with django_capture_on_commit_callbacks(execute=True):
        call.title = "FCR Guadeloupe 2028"
        call.save()
    response = client.get(calendar)
    assert response.templates  # computed again
    assert "FCR Guadeloupe 2028" in response.text


def test_a_subscription_to_alerts_keeps_the_visitors_pages(
    client, territories, page_cache, django_capture_on_commit_callbacks
):
    calendar = reverse("calls:calendar")
    client.get(calendar)
    with django_capture_on_commit_callbacks(execute=True):
        SavedSearchFactory()
    assert not client.get(calendar).templates


def test_each_language_and_the_htmx_fragment_are_kept_apart(client, territories, page_cache):
    OrganisationFactory()
    assert '<html lang="fr">' in client.get(HOME).text
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = client.get(HOME)
    assert english.templates
    assert '<html lang="en">' in english.text
    assert '<html lang="en">' in client.get(HOME).text
    fragment = client.get(DIRECTORY, headers={"hx-request": "true"})
    assert "<html" not in fragment.text
    assert "<html" in client.get(DIRECTORY).text
    assert "<html" not in client.get(DIRECTORY, headers={"hx-request": "true"}).text


def test_a_logged_in_person_never_gets_a_kept_page_nor_fills_the_cache(client, member, page_cache):
    Client().get(HOME)  # a visitor's page, kept
    assert kept_page(HOME) is not None
    client.force_login(member)
    response = client.get(HOME)
    assert response.templates
    assert "Se déconnecter" in response.text
    assert "no-store" in response["Cache-Control"]
    client.get(DIRECTORY)
    assert kept_page(DIRECTORY) is None


def test_a_page_showing_a_message_is_neither_kept_nor_served_from_the_cache(
    client, member, page_cache
):
    Client().get(HOME)
    client.force_login(member)
    logged_out = client.post(reverse("account_logout"))
    assert "messages" in logged_out.cookies  # "You have signed out", for the next page
    client.cookies.pop(settings.SESSION_COOKIE_NAME, None)
    page = client.get(HOME)
    assert page.templates  # not the visitors' kept page
    assert 'class="messages"' in page.text
    assert "public" not in page.get("Cache-Control", "")
    _headers, kept = kept_page(HOME)
    assert 'class="messages"' not in gzip.decompress(kept).decode()
    assert 'class="messages"' not in Client().get(HOME).text


def test_a_page_with_a_form_needing_its_token_is_never_kept(client, territories, page_cache):
    client.get(reverse("account_login"))
    assert kept_page(reverse("account_login")) is None
    assert "csrftoken" in client.get(reverse("account_login")).cookies


def test_a_host_that_is_not_allowed_is_refused_even_for_a_kept_page(territories, page_cache):
    Client().get(HOME)
    assert Client(HTTP_HOST="evil.example.org").get(HOME).status_code == 400


def test_pages_are_computed_when_the_cache_does_not_answer(
    client, territories, page_cache, monkeypatch
):
    def broken(*args, **kwargs):
        raise ConnectionError("cache down")

    monkeypatch.setattr(public_cache._cache(), "get_many", broken)
    monkeypatch.setattr(public_cache._cache(), "get", broken)
    for _ in range(2):
        response = client.get(HOME)
        assert response.status_code == 200
        assert response.templates
        assert HOME_HEADING in response.text
