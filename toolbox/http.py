"""Small HTTP helpers shared by the apps' list pages."""

from django.shortcuts import render


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
