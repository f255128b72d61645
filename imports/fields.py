"""The portal's fields a spreadsheet's columns may be mapped to, in the order the mapping
page offers them."""

from django.utils.translation import gettext_lazy as _

# Field key -> label. The keys of the record are the organisation form's field names; the
# contact person's are prefixed with "contact_"; "insee_code" only helps find the commune.
FIELDS = {
    "name": _("Name"),
    "acronym": _("Acronym"),
    "kind": _("Kind"),
    "siret": _("SIRET number"),
    "rna": _("RNA number"),
    "year_founded": _("Year founded"),
    "address": _("Address"),
    "postal_code": _("Postal code"),
    "commune": _("Commune"),
    "insee_code": _("INSEE code of the commune"),
    "short_description": _("Short description"),
    "description": _("Full description"),
    "themes": _("Themes"),
    "countries": _("Caribbean countries"),
    "email": _("Public email"),
    "phone": _("Public phone"),
    "website": _("Website"),
    "facebook": _("Facebook page"),
    "contact_name": _("Contact person: name"),
    "contact_role": _("Contact person: role"),
    "contact_email": _("Contact person: email"),
    "contact_phone": _("Contact person: phone"),
}

# The record's own fields, as the organisation form names them.
RECORD_FIELDS = [key for key in FIELDS if not key.startswith("contact_") and key != "insee_code"]
CONTACT_FIELDS = [key for key in FIELDS if key.startswith("contact_")]
# Text fields given to the organisation form as the file writes them.
TEXT_FIELDS = [
    "acronym",
    "siret",
    "rna",
    "address",
    "postal_code",
    "description",
    "email",
    "phone",
    "website",
    "facebook",
]
# Fields a merge may fill when the existing record leaves them empty.
MERGEABLE_FIELDS = ["year_founded", *TEXT_FIELDS]
MERGEABLE_RELATIONS = ["themes", "countries"]
