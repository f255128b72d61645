"""The controlled values of the members app: statuses, kinds and roles.

Models, predicates, scopes, services and templates use these names; no status or role is
written as a bare string anywhere else (migrations aside).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class NetworkRole(models.TextChoices):
    """A role given by a deployment's operators (`grant_role`), not by an organisation."""

    COORDINATOR = "coordinator", _("Network coordinator")
    STATE = "state", _("State services")


class OrganisationKind(models.TextChoices):
    LOCAL_AUTHORITY = "local-authority", _("Local authority")
    ASSOCIATION = "association", _("Association")
    PUBLIC_INSTITUTION = "public-institution", _("Public institution")
    SCHOOL = "school", _("School")
    HIGHER_EDUCATION = "higher-education", _("University or higher-education body")
    VOCATIONAL_TRAINING = "vocational-training", _("Vocational training structure")
    COMPANY = "company", _("Company")
    OTHER = "other", _("Other")


class OrganisationStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting validation")
    ACTIVE = "active", _("Active")
    REFUSED = "refused", _("Refused")
    ARCHIVED = "archived", _("Archived")


class MembershipRole(models.TextChoices):
    """A person's role in an organisation: admins manage its members, editors its record."""

    ADMIN = "admin", _("Administrator")
    EDITOR = "editor", _("Editor")


class JoinRequestStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    ACCEPTED = "accepted", _("Accepted")
    REFUSED = "refused", _("Refused")


class ChangeReason(models.TextChoices):
    """Why a record changed, as its history says (`history_change_reason`); other changes are
    plain edits."""

    VALIDATED = "validated", _("Validation")
    REFUSED = "refused", _("Refusal")
    ARCHIVED = "archived", _("Archiving")
    CONFIRMED = "confirmed", _("Confirmation that the record is accurate")
    RESUBMITTED = "resubmitted", _("Correction and new request for validation")
    MOVED = "moved", _("Move to another territory: back to validation by its coordinators")
    IMPORTED = "imported", _("Import of the network's spreadsheet")
    IMPORT_UNDONE = "import-undone", _("Import undone")


class RegionalOrganisation(models.TextChoices):
    """The regional organisations whose membership the portal records for the countries and
    territories of the Greater Caribbean (members.reference.caribbean)."""

    OECS = "OECS", _("Organisation of Eastern Caribbean States")
    CARICOM = "CARICOM", _("Caribbean Community")
    ACS = "ACS", _("Association of Caribbean States")


class MembershipStatus(models.TextChoices):
    """A country's or territory's standing in a regional organisation.

    Business rule: members, associate members and the territories an associate member
    represents (France for French Guiana and Saint-Barthélemy at the ACS, the Netherlands for
    Bonaire, Sint Eustatius and Saba) take part in the organisation (`PARTICIPATING`): they are
    "the OECS countries" of the filters and the statistics. An applicant, or an accession signed
    but not yet ratified, does not take part yet.
    """

    MEMBER = "member", _("member")
    ASSOCIATE = "associate", _("associate member")
    THROUGH_FRANCE = "through-france", _("associate member through France")
    THROUGH_NETHERLANDS = "through-netherlands", _("associate member through the Netherlands")
    PENDING = "pending", _("accession pending ratification")
    APPLICANT = "applicant", _("applicant")


# The standings that take part in an organisation (see MembershipStatus).
PARTICIPATING = frozenset(
    {
        MembershipStatus.MEMBER,
        MembershipStatus.ASSOCIATE,
        MembershipStatus.THROUGH_FRANCE,
        MembershipStatus.THROUGH_NETHERLANDS,
    }
)
