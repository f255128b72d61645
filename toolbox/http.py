"""HTTP helpers shared by the apps: lists (pages, htmx fragments) and links in emails."""

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
