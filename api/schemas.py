"""What the API answers: public fields only, the same ones anonymous visitors see on the pages
and in the open data (rrma/opendata.py). No contact person, no private email nor phone, no
online link of a session (its confirmed participants' only), no amount of a project."""

from datetime import date, datetime
from decimal import Decimal

from ninja import Schema


class Error(Schema):
    detail: str


class FilterErrors(Schema):
    detail: str
    errors: dict[str, list[str]]


class Organisation(Schema):
    slug: str
    name: str
    acronym: str
    kind: str
    territory: str
    commune_insee: str
    commune: str
    latitude: float
    longitude: float
    short_description: str
    summary_en: str
    summary_es: str
    themes: list[str]
    countries: list[str]
    countries_alpha3: list[str]
    languages: list[str]
    sdgs: list[int]
    website: str
    email: str
    url: str


class Project(Schema):
    slug: str
    title: str
    summary: str
    summary_en: str
    summary_es: str
    lead: str
    territory: str
    status: str
    start_date: date | None
    end_date: date | None
    countries: list[str]
    countries_alpha3: list[str]
    themes: list[str]
    dac_sectors: list[str]
    crs_purposes: list[str]
    funders: list[str]
    url: str


class Session(Schema):
    starts_at: datetime
    ends_at: datetime
    venue: str
    commune_insee: str | None
    commune: str | None
    registration_deadline: datetime


class Training(Schema):
    """A training, or another network event (`kind`)."""

    slug: str
    kind: str
    title: str
    summary: str
    summary_en: str
    summary_es: str
    status: str
    territory: str
    open_to_other_territory: bool
    format: str
    language: str
    themes: list[str]
    sessions: list[Session]
    url: str


class Call(Schema):
    slug: str
    title: str
    funder: str
    programme: str
    summary: str
    summary_en: str
    summary_es: str
    territories: list[str]
    themes: list[str]
    countries: list[str]
    whole_caribbean: bool
    applicants: list[str]
    grant_min: Decimal | None
    grant_max: Decimal | None
    opens_on: date
    deadline: datetime
    official_url: str
    url: str


class Post(Schema):
    slug: str
    title: str
    summary: str
    summary_en: str
    summary_es: str
    territory: str | None
    themes: list[str]
    published_at: datetime
    body_html: str
    url: str


class OrganisationPage(Schema):
    next: str | None
    results: list[Organisation]


class ProjectPage(Schema):
    next: str | None
    results: list[Project]


class TrainingPage(Schema):
    next: str | None
    results: list[Training]


class CallPage(Schema):
    next: str | None
    results: list[Call]


class PostPage(Schema):
    next: str | None
    results: list[Post]
