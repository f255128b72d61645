"""HTTP helpers shared by the apps: lists (pages, htmx fragments) and links in emails."""

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.core.paginator import Page, Paginator
from django.shortcuts import render

# Rows per page of every public list (the census, read at a desk, shows more).
PAGE_SIZE = 20


def paginate(request, rows, per_page: int = PAGE_SIZE) -> Page:
    """The page the `page` parameter asks for (the last one beyond the end, the first on junk).
    Templates link to the others with Django's {% querystring page=… %}."""
    return Paginator(rows, per_page).get_page(request.GET.get("page"))


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
