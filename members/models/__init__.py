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

__all__ = [
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
    "RoleGrant",
    "SearchWord",
    "SustainableDevelopmentGoal",
    "Territory",
    "Theme",
    "User",
    "UserManager",
    "WorkingGroup",
]
