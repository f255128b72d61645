"""Validators and normalisers for French registry numbers and Caribbean phone numbers.

Each validator raises django.core.exceptions.ValidationError with a translated message and a
code; each normaliser returns the canonical form stored in the database (normalise after
validating: normalize_phone raises the same error on an invalid number).
"""

import re

import phonenumbers
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from stdnum.exceptions import ValidationError as StdnumValidationError
from stdnum.fr import siren, siret

# --- SIRET / SIREN ------------------------------------------------------------------------------


def normalize_siret(value: str) -> str:
    """The SIRET (or SIREN) as digits only: spaces, dots and dashes removed."""
    return re.sub(r"[\s.\-]", "", value or "")


def _all_zeros(digits: str) -> bool:
    # Zeros pass the Luhn check (their sum is 0), but no company or association bears them.
    return bool(digits) and set(digits) <= {"0"}


def validate_siret(value: str) -> None:
    """A SIRET: 14 digits, Luhn check digit, and a valid SIREN as its first nine digits; never
    all zeros.

    python-stdnum also knows La Poste's exception: its establishments (SIREN 356 000 000) do not
    follow the Luhn rule, their digits add up to a multiple of 5 instead.
    """
    try:
        if _all_zeros(normalize_siret(value)[:9]):
            raise StdnumValidationError
        siret.validate(normalize_siret(value))
    except StdnumValidationError as error:
        raise ValidationError(
            _("Enter a valid SIRET number: 14 digits, such as 123 456 789 00012."),
            code="invalid_siret",
        ) from error


def validate_siren(value: str) -> None:
    """A SIREN: 9 digits with a Luhn check digit, never all zeros."""
    try:
        if _all_zeros(normalize_siret(value)):
            raise StdnumValidationError
        siren.validate(normalize_siret(value))
    except StdnumValidationError as error:
        raise ValidationError(
            _("Enter a valid SIREN number: 9 digits, such as 123 456 789."),
            code="invalid_siren",
        ) from error


# --- RNA ----------------------------------------------------------------------------------------

# "W" + 2-character code of the département (2 digits, 2A/2B for Corsica, 9 + a letter overseas)
# + 1 digit for the prefecture or sub-prefecture that registered the association + 6 digits.
RNA_PATTERN = re.compile(r"W(?:\d{2}|2[AB]|9[A-Z])\d{7}")


def normalize_rna(value: str) -> str:
    """The RNA number in upper case, without spaces (also no-break spaces), dots or dashes."""
    return re.sub(r"[\s.\-]", "", value or "").upper()


def validate_rna(value: str) -> None:
    """The number of an association in the Répertoire national des associations (RNA).

    Its form is "W" followed by nine characters, e.g. W751234567 (Paris) or W9G1002345. The first
    three identify the registering (sub-)prefecture: two for the département and one digit for
    the prefecture or sub-prefecture. It has no check digit, so only the form is checked.

    What was verified (on numbers that associations publish, and on rows of the RNA open data):
    - metropolitan numbers: W + 9 digits, e.g. W751…, W912…, W931… (Paris, Essonne,
      Seine-Saint-Denis);
    - overseas départements use "9" + a letter, then the (sub-)prefecture digit, which follows the
      INSEE arrondissement: Guadeloupe W9G1 (Basse-Terre) and W9G2 (Pointe-à-Pitre, seen on a
      published number), Martinique W9M1 (Fort-de-France, seen), La Réunion W9R1, W9R2 and W9R4
      (seen), Mayotte W9T1 (seen in RNA data, site code "9T1P");
    - associations declared before the RNA (2010) kept their old Waldec "numéro de dossier" in the
      RNA field id_ex (10 digits, e.g. 9851000014 for an association of Mayotte declared in
      1992) and were given a W number too, which is the one asked for here.
    Not verified: the letter of French Guiana and the Corsican 2A/2B codes (from general
    knowledge); the pattern accepts any letter after 9, and 2A/2B. All zeros (W000000000) are
    refused.
    """
    number = normalize_rna(value)
    if not RNA_PATTERN.fullmatch(number) or _all_zeros(number[1:]):
        raise ValidationError(
            _("Enter an RNA number such as W9G1002345: the letter W followed by nine characters."),
            code="invalid_rna",
        )


# --- Phone numbers ------------------------------------------------------------------------------

# National (0…) numbers: the region is read from the first four digits. GP covers the whole +590
# numbering plan (Guadeloupe, Saint-Barthélemy, Saint-Martin), MQ is +596.
_NATIONAL_PREFIXES = {
    "0590": "GP",
    "0690": "GP",
    "0691": "GP",
    "0596": "MQ",
    "0696": "MQ",
    "0697": "MQ",
}
# Other national numbers are tried as Guadeloupe, then Martinique, then mainland France.
_DEFAULT_REGIONS = ("GP", "MQ", "FR")
_PHONE_CHARACTERS = re.compile(r"\+?[\d\s().\-/]+")

_INVALID_PHONE = _(
    "Enter a valid phone number: 0590 12 34 56 or 0696 12 34 56 in Guadeloupe or Martinique, "
    "or an international number starting with +, such as +509 3412 3456."
)


def normalize_phone(value: str) -> str:
    """The phone number in E.164 form (e.g. +590690123456); "" for an empty value.

    Accepts national numbers of Guadeloupe, Martinique and mainland France (0…), international
    numbers starting with + or 00, and separators (spaces, dots, dashes, slashes, brackets).
    Raises ValidationError (code "invalid_phone") when the number is not valid.
    """
    text = (value or "").strip()
    if not text:
        return ""
    if not _PHONE_CHARACTERS.fullmatch(text):
        raise ValidationError(_INVALID_PHONE, code="invalid_phone")
    digits = re.sub(r"\D", "", text)
    if text.startswith("+") or digits.startswith("00"):
        # International form; "00" is the international call prefix of GP, MQ and France.
        regions = ("GP",)
    else:
        prefix_region = _NATIONAL_PREFIXES.get(digits[:4])
        regions = (prefix_region,) if prefix_region else _DEFAULT_REGIONS
    for region in regions:
        try:
            number = phonenumbers.parse(text, region)
        except phonenumbers.NumberParseException:
            continue
        if phonenumbers.is_valid_number(number):
            return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    raise ValidationError(_INVALID_PHONE, code="invalid_phone")


def validate_caribbean_phone(value: str) -> None:
    """A valid phone number of Guadeloupe, Martinique, mainland France or, with +, anywhere."""
    normalize_phone(value)
