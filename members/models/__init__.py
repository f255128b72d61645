"""Models of the members app: people and roles, reference lists, organisations."""

from .content import NetworkContentQuerySet
from .groups import WorkingGroup
from .organisations import (
    ContactPerson,
    Invitation,
    JoinRequest,
    Membership,
    Organisation,
    OrganisationQuerySet,
)
from .people import RoleGrant, Territory, User, UserManager
from .reference import Commune, Country, Language, SustainableDevelopmentGoal, Theme
from .search import SearchWord
from .translated import CONTENT_LANGUAGE, SUMMARY_LANGUAGES, Passage, TranslatedSummaries

__all__ = [
    "CONTENT_LANGUAGE",
    "SUMMARY_LANGUAGES",
    "Commune",
    "ContactPerson",
    "Country",
    "Invitation",
    "JoinRequest",
    "Language",
    "Membership",
    "NetworkContentQuerySet",
    "Organisation",
    "OrganisationQuerySet",
    "Passage",
    "RoleGrant",
    "SearchWord",
    "SustainableDevelopmentGoal",
    "Territory",
    "Theme",
    "TranslatedSummaries",
    "User",
    "UserManager",
    "WorkingGroup",
]
