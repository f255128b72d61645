import pytest
from django.core.exceptions import ValidationError
from stdnum import luhn

from members.validators import (
    normalize_phone,
    normalize_rna,
    normalize_siret,
    validate_caribbean_phone,
    validate_rna,
    validate_siren,
    validate_siret,
)

# --- SIRET / SIREN ------------------------------------------------------------------------------


@pytest.mark.parametrize("value", ["12345678200010", "123 456 782 00010", "123.456.782.00010"])
def test_a_siret_with_a_valid_check_digit_is_accepted_with_or_without_separators(value):
    validate_siret(value)
    assert normalize_siret(value) == "12345678200010"


def test_la_poste_establishments_follow_their_own_rule_rather_than_luhn():
    # SIREN 356 000 000: the digits of the SIRET add up to a multiple of 5; Luhn does not hold.
    assert not luhn.is_valid("35600000049837")
    validate_siret("356 000 000 49837")
    validate_siret("35600000000048")  # La Poste's head office, which does pass Luhn


@pytest.mark.parametrize(
    "value",
    [
        "12345678200011",  # wrong check digit
        "35600000049838",  # La Poste number whose digits do not add up to a multiple of 5
        "1234567820001",  # 13 digits
        "123456782000100",  # 15 digits
        "1234567820001A",
        "",
    ],
)
def test_an_invalid_siret_is_rejected_with_a_clear_code(value):
    with pytest.raises(ValidationError) as excinfo:
        validate_siret(value)
    assert excinfo.value.code == "invalid_siret"
    assert "SIRET" in str(excinfo.value.message)


@pytest.mark.parametrize("value", ["123456782", "123 456 782", "356000000"])
def test_a_valid_siren_is_accepted(value):
    validate_siren(value)


@pytest.mark.parametrize("value", ["123456783", "12345678", "12345678200010", "ABCDEFGHI"])
def test_an_invalid_siren_is_rejected(value):
    with pytest.raises(ValidationError) as excinfo:
        validate_siren(value)
    assert excinfo.value.code == "invalid_siren"


# --- RNA ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    [
        "W751234567",  # Paris
        "W912007379",  # sub-prefecture of Essonne
        "W9G1002345",  # Guadeloupe, prefecture of Basse-Terre
        "W9G2003313",  # Guadeloupe, sub-prefecture of Pointe-à-Pitre
        "W9M1011611",  # Martinique, Fort-de-France
        "W9R4001713",  # La Réunion, Saint-Paul
        "W9T1002867",  # Mayotte
        "W2A1001234",  # Corse-du-Sud
        "W2B2001234",  # Haute-Corse
    ],
)
def test_rna_numbers_of_every_real_form_are_accepted(value):
    validate_rna(value)


@pytest.mark.parametrize(
    ("value", "normalized"),
    [
        ("w9g1002345", "W9G1002345"),
        ("W9G1 002 345", "W9G1002345"),
        ("W\u00a0751\u00a0234\u00a0567", "W751234567"),
        (" w9m1-011-611 ", "W9M1011611"),
    ],
)
def test_an_rna_number_is_normalised_to_upper_case_without_separators(value, normalized):
    validate_rna(value)
    assert normalize_rna(value) == normalized


@pytest.mark.parametrize(
    "value",
    [
        "W75123456",  # eight characters after W
        "W7512345678",  # ten characters after W
        "X751234567",  # not a W
        "751234567",
        "W9G100234A",  # letters only in the département code
        "WG91002345",
        "W2C1001234",  # Corsica is 2A or 2B
        "9851000014",  # an old Waldec file number: the W number is asked for
        "",
    ],
)
def test_an_invalid_rna_number_is_rejected_with_an_example_in_the_message(value):
    with pytest.raises(ValidationError) as excinfo:
        validate_rna(value)
    assert excinfo.value.code == "invalid_rna"
    assert "W9G1002345" in str(excinfo.value.message)


# --- Phone numbers ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "e164"),
    [
        ("0590 12 34 56", "+590590123456"),  # Guadeloupe, landline
        ("0690.12.34.56", "+590690123456"),  # Guadeloupe, mobile
        ("0691 28 12 34", "+590691281234"),
        ("(0590) 12-34-56", "+590590123456"),
        ("+590 690 12 34 56", "+590690123456"),
        ("0596 60 12 34", "+596596601234"),  # Martinique, landline
        ("0696 12 34 56", "+596696123456"),  # Martinique, mobile
        ("0697 12 34 56", "+596697123456"),
        ("+596 696 12 34 56", "+596696123456"),
        ("01 42 68 53 00", "+33142685300"),  # mainland France, national form
        ("06 12 34 56 78", "+33612345678"),
        ("+33 6 12 34 56 78", "+33612345678"),
        ("+509 3412 3456", "+50934123456"),  # Haiti
        ("00509 3412 3456", "+50934123456"),
        ("+1 767 448 2401", "+17674482401"),  # Dominica
    ],
)
def test_phone_numbers_of_both_territories_france_and_abroad_are_stored_in_e164(value, e164):
    validate_caribbean_phone(value)
    assert normalize_phone(value) == e164


def test_an_empty_phone_number_normalises_to_an_empty_string():
    assert normalize_phone("") == ""
    assert normalize_phone("   ") == ""


@pytest.mark.parametrize(
    "value",
    [
        "0590 12 34",  # too short
        "0590 12 34 56 78",  # too long
        "0596 12 34 56",  # not an allocated Martinique range
        "+509 34 12 34 56 78",  # too long for Haiti
        "0590 ABC DEF",
        "0590 12 34 56 ext. 12",
        "not a number",
    ],
)
def test_an_invalid_phone_number_is_rejected_with_a_clear_message(value):
    with pytest.raises(ValidationError) as excinfo:
        validate_caribbean_phone(value)
    assert excinfo.value.code == "invalid_phone"
    assert "0590 12 34 56" in str(excinfo.value.message)
    with pytest.raises(ValidationError):
        normalize_phone(value)
