"""Models of the members app: people and roles, reference lists, organisations."""

# Order matters: people first, since members.permissions (used by organisations) needs it.
from .people import RoleGrant, Territory, User, UserManager  # isort: skip
from .reference import Commune, Country, Language, SustainableDevelopmentGoal, Theme  # isort: skip
from .organisations import (  # isort: skip
    ChangeReason,
    ContactPerson,
    Invitation,
    JoinRequest,
    Membership,
    Organisation,
    OrganisationQuerySet,
)

__all__ = [
    "ChangeReason",
    "Commune",
    "ContactPerson",
    "Country",
    "Invitation",
    "JoinRequest",
    "Language",
    "Membership",
    "Organisation",
    "OrganisationQuerySet",
    "RoleGrant",
    "SustainableDevelopmentGoal",
    "Territory",
    "Theme",
    "User",
    "UserManager",
]
