"""HTTP helpers shared by the apps: lists (pages, htmx fragments), links in emails, the CSRF
token made only when a form writes it."""

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.core.paginator import Page, Paginator
from django.middleware.csrf import get_token
from django.middleware.gzip import GZipMiddleware
from django.shortcuts import render

# Rows per page of every public list (the census, read at a desk, shows more).
PAGE_SIZE = 20


def paginate(request, rows, per_page: int = PAGE_SIZE, *, count: int | None = None) -> Page:
    """The page the `page` parameter asks for (the last one beyond the end, the first on junk).
    Templates link to the others with Django's {% querystring page=… %}. `count`: the number
    of rows when already known (no COUNT query)."""
    paginator = Paginator(rows, per_page)
    if count is not None:
        paginator.count = count  # a cached_property: set, it is never computed
    return paginator.get_page(request.GET.get("page"))


def base_url(request) -> str:
    """The portal's address as the visitor reached it, for links in emails."""
    return request.build_absolute_uri("/").rstrip("/")


def render_list(request, template: str, context: dict, *, fragment: str = "results"):
    """Render a filterable list: the whole page, or only its results for htmx.

    htmx asks for the results fragment, except when restoring a page missing from its
    history cache, which needs the whole page.
    """
    partial = request.headers.get("HX-Request") == "true" and not request.headers.get(
        "HX-History-Restore-Request"
    )
    response = render(request, f"{template}#{fragment}" if partial else template, context)
    response["Vary"] = "HX-Request, Cookie"
    return response


class RequestSizeLimitMiddleware:
    """Refuse a request whose announced body exceeds settings.REQUEST_MAX_BYTES, before anything
    reads it (400, as Django answers for DATA_UPLOAD_MAX_MEMORY_SIZE).

    Django bounds the fields of a body, not its files: without this, a 300 MB upload was read
    and written to disk, even anonymously (the CSRF check parses the body), before any form
    refused it. The proxy refuses it first (client_max_body_size); this holds without one.
    A body without Content-Length is not read at all by Django's WSGI handler.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > settings.REQUEST_MAX_BYTES:
            raise RequestDataTooBig("The request body exceeds settings.REQUEST_MAX_BYTES.")
        return self.get_response(request)


# Formats that are compressed already: gzip would spend CPU for nothing, and take away the
# Content-Length of a download (the browser's progress bar).
ALREADY_COMPRESSED = {
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "application/zip",
    "application/gzip",
}


class CompressionMiddleware(GZipMiddleware):
    """Django's GZipMiddleware (with its BREACH mitigation: compressed answers padded with up to
    100 random bytes), except for formats already compressed (XLSX, zip, raster images).

    Streamed answers (exports) stay streamed: each chunk is compressed and sent as it comes,
    never the whole file buffered."""

    def process_response(self, request, response):
        media_type = response.get("Content-Type", "").split(";")[0].strip().lower()
        raster_image = media_type.startswith("image/") and media_type != "image/svg+xml"
        if media_type in ALREADY_COMPRESSED or raster_image:
            return response
        return super().process_response(request, response)


class _CsrfTokenWhenWritten:
    """The request's CSRF token, made when a template writes it (`{% csrf_token %}`,
    `{{ csrf_token }}`), not when something merely looks at the context value."""

    __slots__ = ("_request", "_token")

    def __init__(self, request):
        self._request = request
        self._token = None

    def __str__(self) -> str:
        if self._token is None:
            self._token = get_token(self._request)
        return self._token


def csrf_token_when_written(request) -> dict:
    """Context processor replacing Django's `csrf_token` (listed after it, so it wins).

    Business rule: a page makes a CSRF token, hence sets the CSRF cookie and varies on cookies,
    only when it shows a form that posts. Django's value is a lazy object that makes the token
    as soon as anything inspects it, and the error summary inspects every context value
    (`isinstance`, rrma/forms.py): every page would set the cookie, and no page could be
    shared by caches (rrma/middleware.py)."""
    return {"csrf_token": _CsrfTokenWhenWritten(request)}
