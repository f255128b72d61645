"""The API's operations: lists filtered as the pages are (each app's FilterSet, the directory's
search), paginated by cursor (api/pagination.py), and each record by its slug.

Business rules: only public records, through the apps' public scopes (active organisations,
published projects of active organisations, announced trainings and events, published calls,
posts whose publication date has come), whoever asks: a logged-in person reads the same data
as a visitor. A filter value the page would refuse (a made-up territory, a NUL character) is
refused with 400 and the reason, rather than left out: a client must not read a list filtered
otherwise than asked.
"""

from typing import Literal

from django.db.models import QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Query, Router
from ninja.errors import HttpError

from calls.enums import CallFunder
from calls.filters import CallFilter
from members.enums import OrganisationKind, RegionalOrganisation
from members.filters import DirectoryFilter
from members.reference.caribbean import COUNTRIES
from members.reference.themes import THEMES
from news.filters import PostFilter
from projects.enums import Funder, ProjectStatus
from projects.filters import ProjectFilter
from trainings.enums import EVENT_KINDS, TrainingFormat
from trainings.filters import EventSessionFilter, SessionFilter
from trainings.models import Session, Training

from . import records, schemas
from .pagination import DEFAULT_LIMIT, MAX_LIMIT, BadCursor, page

router = Router()

# The filters' values, as the OpenAPI schema states them.
Territory = Literal["guadeloupe", "martinique"]
ThemeCode = Literal[tuple(THEMES)]  # type: ignore[valid-type]
CountryCode = Literal[tuple(COUNTRIES)]  # type: ignore[valid-type]


def Text():
    return Query(None, max_length=200, description="Words searched, accents and case ignored")


def MemberOf():
    return Query(
        None,
        description="Projects with a country that takes part in this regional organisation "
        "(members, associate members, territories represented by France or the Netherlands; "
        "not applicants nor accessions awaiting ratification)",
    )


def Month():
    return Query(
        None, pattern=r"^\d{4}-\d{2}$", description="Sessions starting that month (YYYY-MM)"
    )


def Cursor():
    return Query(None, max_length=100, description="The cursor of the `next` page, as given")


def Limit():
    return Query(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description="Records per page")


LIST_ERRORS = {400: schemas.FilterErrors, 429: schemas.Error}
DETAIL_ERRORS = {404: schemas.Error, 429: schemas.Error}


def _filtered(filterset_class, request: HttpRequest, queryset: QuerySet) -> QuerySet:
    """The public records the page's FilterSet keeps for the query string, or 400."""
    filterset = filterset_class(request.GET, queryset=queryset)
    if not filterset.is_valid():
        raise FilterRefused(filterset.errors)
    return filterset.qs


class FilterRefused(HttpError):
    def __init__(self, errors) -> None:
        super().__init__(400, "Invalid filters.")
        self.errors = {
            name: [str(message) for message in messages] for name, messages in errors.items()
        }


def _page(request: HttpRequest, queryset: QuerySet, cursor: str | None, limit: int, row):
    try:
        records, following = page(request, queryset, cursor=cursor, limit=limit)
    except BadCursor:
        raise FilterRefused({"cursor": ["This cursor was not given by the API."]}) from None
    return {"next": following, "results": [row(request, record) for record in records]}


# Organisations -------------------------------------------------------------------------------


@router.get(
    "/organisations/",
    response={200: schemas.OrganisationPage, **LIST_ERRORS},
    summary="Organisations of the directory",
    tags=["organisations"],
)
def organisations(
    request: HttpRequest,
    q: str | None = Text(),
    territory: Territory | None = None,
    kind: Literal[tuple(OrganisationKind.values)] | None = None,  # type: ignore[valid-type]
    theme: ThemeCode | None = None,
    country: CountryCode | None = None,
    commune: str | None = Query(None, pattern=r"^97[12]\d\d$", description="INSEE code"),
    language: str | None = Query(None, pattern=r"^[a-z]{2,3}$", description="ISO 639 code"),
    cursor: str | None = Cursor(),
    limit: int = Limit(),
):
    queryset = _filtered(DirectoryFilter, request, records.organisations())
    return _page(request, queryset, cursor, limit, records.organisation)


@router.get(
    "/organisations/{slug}/",
    response={200: schemas.Organisation, **DETAIL_ERRORS},
    summary="One organisation",
    tags=["organisations"],
)
def organisation(request: HttpRequest, slug: str):
    return records.organisation(request, get_object_or_404(records.organisations(), slug=slug))


# Projects ------------------------------------------------------------------------------------


@router.get(
    "/projects/",
    response={200: schemas.ProjectPage, **LIST_ERRORS},
    summary="Cooperation projects",
    tags=["projects"],
)
def projects(
    request: HttpRequest,
    q: str | None = Text(),
    territory: Territory | None = None,
    country: CountryCode | None = None,
    member_of: Literal[tuple(RegionalOrganisation.values)] | None = MemberOf(),  # type: ignore[valid-type]
    theme: ThemeCode | None = None,
    status: Literal[tuple(ProjectStatus.values)] | None = None,  # type: ignore[valid-type]
    funder: Literal[tuple(Funder.values)] | None = None,  # type: ignore[valid-type]
    sdg: int | None = Query(None, ge=1, le=17, description="Sustainable Development Goal"),
    year: int | None = Query(None, ge=1900, le=2100, description="Running in that year"),
    cursor: str | None = Cursor(),
    limit: int = Limit(),
):
    queryset = _filtered(ProjectFilter, request, records.projects())
    return _page(request, queryset, cursor, limit, records.project)


@router.get(
    "/projects/{slug}/",
    response={200: schemas.Project, **DETAIL_ERRORS},
    summary="One project",
    tags=["projects"],
)
def project(request: HttpRequest, slug: str):
    return records.project(request, get_object_or_404(records.projects(), slug=slug))


# Trainings and events ------------------------------------------------------------------------


def _with_sessions(filterset_class, request: HttpRequest, trainings: QuerySet) -> QuerySet:
    """The trainings with a session the page's filters keep (the pages list sessions); with no
    filter, every public training, sessions or not."""
    if not any(request.GET.get(name) for name in filterset_class.base_filters):
        return trainings
    sessions = _filtered(filterset_class, request, Session.objects.all())
    return trainings.filter(pk__in=sessions.values("training"))


Format = Literal[tuple(TrainingFormat.values)]  # type: ignore[valid-type]


@router.get(
    "/trainings/",
    response={200: schemas.TrainingPage, **LIST_ERRORS},
    summary="Trainings of the networks, with their sessions",
    tags=["trainings"],
)
def trainings(
    request: HttpRequest,
    territory: Territory | None = None,
    theme: ThemeCode | None = None,
    format: Format | None = None,
    month: str | None = Month(),
    cursor: str | None = Cursor(),
    limit: int = Limit(),
):
    queryset = _with_sessions(
        SessionFilter, request, records.trainings(Training.objects.trainings())
    )
    return _page(request, queryset, cursor, limit, records.training)


@router.get(
    "/trainings/{slug}/",
    response={200: schemas.Training, **DETAIL_ERRORS},
    summary="One training",
    tags=["trainings"],
)
def training(request: HttpRequest, slug: str):
    trainings = records.trainings(Training.objects.trainings())
    return records.training(request, get_object_or_404(trainings, slug=slug))


@router.get(
    "/events/",
    response={200: schemas.TrainingPage, **LIST_ERRORS},
    summary="The networks' other events (general assemblies, meetings, worklabs…)",
    tags=["events"],
)
def events(
    request: HttpRequest,
    territory: Territory | None = None,
    theme: ThemeCode | None = None,
    format: Format | None = None,
    month: str | None = Month(),
    kind: Literal[tuple(kind.value for kind in EVENT_KINDS)] | None = None,  # type: ignore[valid-type]
    cursor: str | None = Cursor(),
    limit: int = Limit(),
):
    queryset = _with_sessions(
        EventSessionFilter, request, records.trainings(Training.objects.events())
    )
    return _page(request, queryset, cursor, limit, records.training)


@router.get(
    "/events/{slug}/",
    response={200: schemas.Training, **DETAIL_ERRORS},
    summary="One event",
    tags=["events"],
)
def event(request: HttpRequest, slug: str):
    events = records.trainings(Training.objects.events())
    return records.training(request, get_object_or_404(events, slug=slug))


# Calls ---------------------------------------------------------------------------------------


@router.get(
    "/calls/",
    response={200: schemas.CallPage, **LIST_ERRORS},
    summary="Funding calls, closed ones included",
    tags=["calls"],
)
def calls(
    request: HttpRequest,
    q: str | None = Text(),
    territory: Territory | None = None,
    funder: Literal[tuple(CallFunder.values)] | None = None,  # type: ignore[valid-type]
    theme: ThemeCode | None = None,
    country: CountryCode | None = None,
    applicant: str | None = Query(None, pattern=r"^[a-z-]{1,30}$", description="Kind of applicant"),
    open: bool | None = Query(None, description="Open for applications now"),
    cursor: str | None = Cursor(),
    limit: int = Limit(),
):
    queryset = _filtered(CallFilter, request, records.calls())
    return _page(request, queryset, cursor, limit, records.call)


@router.get(
    "/calls/{slug}/",
    response={200: schemas.Call, **DETAIL_ERRORS},
    summary="One call",
    tags=["calls"],
)
def call(request: HttpRequest, slug: str):
    return records.call(request, get_object_or_404(records.calls(), slug=slug))


# News ----------------------------------------------------------------------------------------


@router.get(
    "/news/",
    response={200: schemas.PostPage, **LIST_ERRORS},
    summary="The networks' news",
    tags=["news"],
)
def news(
    request: HttpRequest,
    q: str | None = Text(),
    territory: Territory | None = None,
    theme: ThemeCode | None = None,
    cursor: str | None = Cursor(),
    limit: int = Limit(),
):
    queryset = _filtered(PostFilter, request, records.posts())
    return _page(request, queryset, cursor, limit, records.post)


@router.get(
    "/news/{slug}/",
    response={200: schemas.Post, **DETAIL_ERRORS},
    summary="One post",
    tags=["news"],
)
def post(request: HttpRequest, slug: str):
    return records.post(request, get_object_or_404(records.posts(), slug=slug))
