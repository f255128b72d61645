"""The language of each request, and what may be cached of the pages anonymous visitors see.

Business rules:

- Everyone lands on the French portal; English is one click away, remembered in the language
  cookie (`ChosenLanguageMiddleware`). The browser's Accept-Language is ignored on purpose.
- A **public page** is the answer to a visitor: a GET (or HEAD) with no session cookie, no
  messages cookie and no Authorization header, that left the session empty and unmodified,
  added no message, and answered 200 without setting any cookie (a page with a form needing
  its CSRF token sets that cookie, so it is never public) nor saying anything of caching
  itself (pages for logged-in people and account pages say `no-store`: rrma/sessions.py).
  It says `Cache-Control: public, max-age=0, s-maxage=PUBLIC_MAX_AGE` and, in the default
  language, no `Vary: Cookie` (`PublicPageMiddleware`):
  - proxies and CDNs may share it for PUBLIC_MAX_AGE seconds; they must bypass their cache
    for requests with the session, messages or language cookie (the README's nginx example),
    since a French page says it does not vary on cookies;
  - browsers revalidate it each time (max-age=0): after logging in or switching language the
    same address must show the new state at once, which a page kept by the browser without
    `Vary: Cookie` would not.
- A public page is also kept whole in the shared cache (Redis, or the database cache) for
  every process, PAGE_CACHE_SECONDS at most, filed under its address (scheme, host, path and
  query string), its language and its htmx headers, and under the generation of the public
  data (toolbox/public_cache.py): any change of a record public pages show is served afresh by
  the next request, whichever process answers (`AnonymousPageCacheMiddleware`). A request
  that may see something personal (session or messages cookie) never reads it.
"""

import gzip
import hashlib
import re

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.http import HttpResponse
from django.middleware.gzip import re_accepts_gzip
from django.utils import translation
from django.utils.cache import patch_cache_control, patch_vary_headers

from toolbox.public_cache import current_public_value, keep_public_value

# The request headers a page's content may depend on besides its address and language: htmx
# asks for a list's results fragment (toolbox/http.py, render_list). A page that says it varies
# on any other header is not kept.
KEYED_HEADERS = ("HX-Request", "HX-History-Restore-Request")
HEADERS_A_KEPT_PAGE_MAY_VARY_ON = {"cookie", "accept-encoding"} | {
    header.lower() for header in KEYED_HEADERS
}
# Commas between the values of Cache-Control and Vary.
_LIST_SEPARATOR = re.compile(r"\s*,\s*")
# A kept page is stored compressed; beyond this (compressed) size it is computed every time
# rather than stored (the map's markers inlined in a page once made it megabytes).
MAX_KEPT_BYTES = 1024 * 1024


def chosen_language(request) -> str:
    """The language the visitor chose with the switcher, French otherwise."""
    chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    supported = {code for code, _name in settings.LANGUAGES}
    return chosen if chosen in supported else settings.LANGUAGE_CODE


class ChosenLanguageMiddleware:
    """Activate the language the visitor chose with the switcher, French otherwise.

    The networks work in French, so the browser's Accept-Language is deliberately ignored:
    everyone lands on the French portal and English or Spanish is one click away, remembered in the
    language cookie (a year).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        language = chosen_language(request)
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        # The page depends on the language cookie (PublicPageMiddleware drops this for the
        # default language's public pages, see the module).
        patch_vary_headers(response, ["Cookie"])
        response.headers.setdefault("Content-Language", language)
        return response


def may_be_public(request) -> bool:
    """Whether nothing in the request can make its answer personal: no session, no message
    waiting, no credentials."""
    return (
        request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and CookieStorage.cookie_name not in request.COOKIES
        and "authorization" not in request.headers
    )


def _cache_control(response) -> set[str]:
    return {
        directive.strip().split("=", 1)[0].lower()
        for directive in _LIST_SEPARATOR.split(response.get("Cache-Control", ""))
        if directive.strip()
    }


def _vary(response) -> list[str]:
    return [header for header in _LIST_SEPARATOR.split(response.get("Vary", "")) if header]


def is_public(response) -> bool:
    """Whether a response was said to be public (by PublicPageMiddleware, or by its view)."""
    directives = _cache_control(response)
    return "public" in directives and not directives & {"private", "no-store", "no-cache"}


class PublicPageMiddleware:
    """Say which answers are public pages, and let shared caches keep them (see the module).

    Placed before SessionMiddleware, so that it sees the answer with the session's, CSRF's and
    language's headers and cookies.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if self.is_public_page(request, response):
            # max-age=0: with max-age=60, Chromium showed pages seen before logging in or
            # switching language in their old state (tests/browser/test_language_switcher.py).
            patch_cache_control(response, public=True, max_age=0, s_maxage=settings.PUBLIC_MAX_AGE)
            if settings.LANGUAGE_COOKIE_NAME not in request.COOKIES:
                # The session was read (request.user) but is empty, and the CSRF token unused:
                # only the language cookie could change this page, and there is none.
                vary = [header for header in _vary(response) if header.lower() != "cookie"]
                if vary:
                    response["Vary"] = ", ".join(vary)
                else:
                    del response["Vary"]
        return response

    @staticmethod
    def is_public_page(request, response) -> bool:
        if not may_be_public(request) or response.status_code != 200:
            return False
        if response.cookies or response.has_header("Cache-Control"):
            return False
        session = getattr(request, "session", None)
        if session is not None and (session.modified or not session.is_empty()):
            return False
        # A message added and shown during this very request (one left for the next request
        # would have set the messages cookie).
        storage = getattr(request, "_messages", None)
        return not getattr(storage, "added_new", False)


class AnonymousPageCacheMiddleware:
    """Serve public pages from the shared cache, and keep those computed (see the module).

    Placed before the session, CSRF and authentication middleware, so that a page served from
    the cache costs one round trip to the cache and none of their work; after the compression
    middleware (toolbox/http.py), which compresses what this one does not hand over already
    compressed.

    A kept page carries the headers it was computed with, its Content-Security-Policy
    included: a page using a CSP nonce is served with the same nonce for as long as it is kept.
    That nonce still only lets run the scripts the portal wrote into that page: injected
    content would need the nonce before the page holding it was computed, and changing content
    changes the generation, hence the page and its nonce.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        seconds = settings.PAGE_CACHE_SECONDS
        if seconds <= 0 or request.method != "GET" or not may_be_public(request):
            return self.get_response(request)
        key = self.key(request)
        generation, kept = current_public_value(key)
        if kept is not None:
            return self.replay(request, kept)
        response = self.get_response(request)
        if generation and self.may_keep(response):
            page = self.page_of(response)
            if len(page[1]) <= MAX_KEPT_BYTES:
                keep_public_value(key, generation, page, timeout=seconds)
        return response

    @staticmethod
    def key(request) -> str:
        # get_host() also refuses a host outside ALLOWED_HOSTS (400), as for a computed page.
        parts = [request.scheme, request.get_host(), request.get_full_path()]
        parts += [chosen_language(request)]
        parts += [request.headers.get(header, "") for header in KEYED_HEADERS]
        return "page:" + hashlib.sha256("\n".join(parts).encode()).hexdigest()

    @staticmethod
    def may_keep(response) -> bool:
        return (
            response.status_code == 200
            and not response.streaming
            and is_public(response)
            and not response.cookies
            and not response.has_header("Content-Encoding")
            and all(h.lower() in HEADERS_A_KEPT_PAGE_MAY_VARY_ON for h in _vary(response))
        )

    @staticmethod
    def page_of(response) -> tuple[dict[str, str], bytes]:
        headers = {k: v for k, v in response.items() if k.lower() != "content-length"}
        # Compressed once here rather than by the compression middleware on every hit. No
        # secret is in a public page (no CSRF token, nothing personal), so the same bytes for
        # everyone give BREACH nothing to guess.
        return headers, gzip.compress(response.content, compresslevel=6, mtime=0)

    @staticmethod
    def replay(request, page) -> HttpResponse:
        headers, compressed = page
        if re_accepts_gzip.search(request.headers.get("Accept-Encoding", "")):
            response = HttpResponse(compressed, headers=headers)
            response["Content-Encoding"] = "gzip"
        else:
            response = HttpResponse(gzip.decompress(compressed), headers=headers)
        # The compression middleware leaves an encoded answer alone, its Vary included.
        patch_vary_headers(response, ("Accept-Encoding",))
        response["Content-Length"] = str(len(response.content))
        return response
