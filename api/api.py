"""The public read API, version 1 (`/api/v1/`): its OpenAPI schema (`openapi.json`) and its
interactive documentation (`docs`, Swagger UI from django-ninja's own static files, served by
whitenoise under the portal's CSP).

Business rules: read only (GET and HEAD; any other method is answered 405), for anyone, rate
limited per client (api/throttling.py). Answers are never kept whole in the shared page cache
(`Cache-Control: no-cache`): a kept answer would be served without being counted.
"""

from functools import wraps

from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_safe
from ninja import NinjaAPI
from ninja.errors import ValidationError

from .endpoints import FilterRefused, router
from .throttling import PortalRateThrottle


class PublicReadAPI(NinjaAPI):
    def create_response(self, request: HttpRequest, data, *args, **kwargs) -> HttpResponse:
        response = super().create_response(request, data, *args, **kwargs)
        response["Cache-Control"] = "no-cache"
        return response


api = PublicReadAPI(
    title="RRMA Antilles — public API",
    version="1",
    description=(
        "Read-only public data of the RRMA Antilles portal: organisations, cooperation projects, "
        "trainings and events with their sessions, funding calls, news. Public fields only, "
        "under the Licence Ouverte 2.0 (Etalab). Lists are paginated by cursor: follow `next`."
    ),
    urls_namespace="api-v1",
    throttle=[PortalRateThrottle()],
)
api.add_router("/", router)


@api.exception_handler(FilterRefused)
def filter_refused(request: HttpRequest, exc: FilterRefused) -> HttpResponse:
    return api.create_response(request, {"detail": exc.message, "errors": exc.errors}, status=400)


@api.exception_handler(ValidationError)
def parameters_refused(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    errors: dict[str, list[str]] = {}
    for error in exc.errors:
        name = str(error.get("loc", ["", "parameters"])[-1])
        errors.setdefault(name, []).append(str(error.get("msg", "")))
    return api.create_response(
        request, {"detail": "Invalid parameters.", "errors": errors}, status=400
    )


def _head_as_get(view):
    """HEAD answered as GET, without its body (ninja's operations take only the methods they
    declare)."""

    @wraps(view)
    def answer(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if request.method != "HEAD":
            return view(request, *args, **kwargs)
        request.method = "GET"
        response = view(request, *args, **kwargs)
        if not response.streaming:
            response.content = b""
        return response

    return answer


def urls() -> tuple[list, str, str]:
    """The API's URLs, read only: GET and HEAD (ninja's views of the schema and documentation
    take any method otherwise; its operations no HEAD)."""
    patterns, app_name, namespace = api.urls
    for pattern in patterns:
        view = _head_as_get(pattern.callback)
        if getattr(pattern, "name", None) in ("openapi-json", "openapi-view"):
            view = require_safe(view)
        pattern.callback = view
    return patterns, app_name, namespace
