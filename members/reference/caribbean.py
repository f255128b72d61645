"""Countries and territories of the Greater Caribbean that the networks cooperate with.

Keyed by ISO 3166-1 alpha-2 code. Guadeloupe (GP) and Martinique (MQ) are the home territories
of the networks, not partners, so they are not listed; their own memberships are in
HOME_TERRITORY_MEMBERSHIPS.

Memberships as known in 2025, checked against the organisations' announcements as reported in
the regional press:

- OECS: 7 protocol (full) members, Montserrat included; associate members Anguilla (1995),
  British Virgin Islands (1984), Martinique (2015), Guadeloupe (2019) and the Collectivité de
  Saint-Martin (accession ceremony of 19 March 2025).
- CARICOM: 15 full members; associate members Anguilla, Bermuda, British Virgin Islands, Cayman
  Islands, Turks and Caicos Islands, and Curaçao (treaty signed in July 2024). Aruba and Sint
  Maarten are not members (observer / applicant). The Dominican Republic asked for associate
  membership in 2024; not granted as far as known, so it is not listed as such.
- ACS: 25 member states; associate members Aruba, Curaçao, Sint Maarten, the Turks and Caicos
  Islands, Guadeloupe and Martinique (in their own right since 2014), France on behalf of French
  Guiana, Saint-Barthélemy and Saint-Martin, and the Netherlands on behalf of Bonaire, Sint
  Eustatius and Saba (BQ).

Update this module when an accession completes (see HOME_TERRITORY_PENDING_MEMBERSHIPS).
"""

from typing import NamedTuple

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

ORGANISATIONS: dict[str, Promise] = {
    "OECS": _("Organisation of Eastern Caribbean States"),
    "CARICOM": _("Caribbean Community"),
    "ACS": _("Association of Caribbean States"),
}

# Membership tokens: the organisation's key for a full member, "<key>-associate" for an associate
# member. Tokens hold no space: Country.memberships stores them space-separated.
OECS, OECS_ASSOCIATE = "OECS", "OECS-associate"
CARICOM, CARICOM_ASSOCIATE = "CARICOM", "CARICOM-associate"
ACS, ACS_ASSOCIATE = "ACS", "ACS-associate"

MEMBERSHIPS: dict[str, Promise] = {
    OECS: _("OECS member"),
    OECS_ASSOCIATE: _("OECS associate member"),
    CARICOM: _("CARICOM member"),
    CARICOM_ASSOCIATE: _("CARICOM associate member"),
    ACS: _("ACS member"),
    ACS_ASSOCIATE: _("ACS associate member"),
}


class Country(NamedTuple):
    code: str
    name: Promise
    memberships: frozenset[str]


def _country(code: str, name: Promise, *memberships: str) -> tuple[str, Country]:
    return code, Country(code, name, frozenset(memberships))


# Ordered by English name.
COUNTRIES: dict[str, Country] = dict(
    [
        _country("AI", _("Anguilla"), OECS_ASSOCIATE, CARICOM_ASSOCIATE),
        _country("AG", _("Antigua and Barbuda"), OECS, CARICOM, ACS),
        _country("AW", _("Aruba"), ACS_ASSOCIATE),
        _country("BS", _("Bahamas"), CARICOM, ACS),
        _country("BB", _("Barbados"), CARICOM, ACS),
        _country("BZ", _("Belize"), CARICOM, ACS),
        _country("BM", _("Bermuda"), CARICOM_ASSOCIATE),
        _country("BQ", _("Bonaire, Sint Eustatius and Saba"), ACS_ASSOCIATE),
        _country("VG", _("British Virgin Islands"), OECS_ASSOCIATE, CARICOM_ASSOCIATE),
        _country("KY", _("Cayman Islands"), CARICOM_ASSOCIATE),
        _country("CO", _("Colombia"), ACS),
        _country("CR", _("Costa Rica"), ACS),
        _country("CU", _("Cuba"), ACS),
        _country("CW", _("Curaçao"), CARICOM_ASSOCIATE, ACS_ASSOCIATE),
        _country("DM", _("Dominica"), OECS, CARICOM, ACS),
        _country("DO", _("Dominican Republic"), ACS),
        _country("SV", _("El Salvador"), ACS),
        _country("GF", _("French Guiana"), ACS_ASSOCIATE),
        _country("GD", _("Grenada"), OECS, CARICOM, ACS),
        _country("GT", _("Guatemala"), ACS),
        _country("GY", _("Guyana"), CARICOM, ACS),
        _country("HT", _("Haiti"), CARICOM, ACS),
        _country("HN", _("Honduras"), ACS),
        _country("JM", _("Jamaica"), CARICOM, ACS),
        _country("MX", _("Mexico"), ACS),
        _country("MS", _("Montserrat"), OECS, CARICOM),
        _country("NI", _("Nicaragua"), ACS),
        _country("PA", _("Panama"), ACS),
        _country("PR", _("Puerto Rico")),
        _country("BL", _("Saint Barthélemy"), ACS_ASSOCIATE),
        _country("KN", _("Saint Kitts and Nevis"), OECS, CARICOM, ACS),
        _country("LC", _("Saint Lucia"), OECS, CARICOM, ACS),
        _country("MF", _("Saint Martin"), OECS_ASSOCIATE, ACS_ASSOCIATE),
        _country("VC", _("Saint Vincent and the Grenadines"), OECS, CARICOM, ACS),
        _country("SX", _("Sint Maarten"), ACS_ASSOCIATE),
        _country("SR", _("Suriname"), CARICOM, ACS),
        _country("TT", _("Trinidad and Tobago"), CARICOM, ACS),
        _country("TC", _("Turks and Caicos Islands"), CARICOM_ASSOCIATE, ACS_ASSOCIATE),
        _country("VI", _("United States Virgin Islands")),
        _country("VE", _("Venezuela"), ACS),
    ]
)

# The networks' home territories (Territory.slug) and their own memberships.
HOME_TERRITORY_MEMBERSHIPS: dict[str, frozenset[str]] = {
    "guadeloupe": frozenset({OECS_ASSOCIATE, ACS_ASSOCIATE}),
    "martinique": frozenset({OECS_ASSOCIATE, ACS_ASSOCIATE}),
}

# Accessions under way, not yet in force (as known in 2025):
# - Martinique signed its CARICOM accession agreement at the Heads of Government meeting of
#   February 2025; it becomes an associate member once France ratifies the protocol on
#   privileges and immunities. Move it to HOME_TERRITORY_MEMBERSHIPS then.
# - Guadeloupe (like French Guiana) has applied for CARICOM associate membership.
HOME_TERRITORY_PENDING_MEMBERSHIPS: dict[str, frozenset[str]] = {
    "guadeloupe": frozenset({CARICOM_ASSOCIATE}),
    "martinique": frozenset({CARICOM_ASSOCIATE}),
}


def members_of(organisation: str, *, associates: bool = True) -> list[Country]:
    """Partner countries that belong to an organisation (key of ORGANISATIONS)."""
    tokens = {organisation, f"{organisation}-associate"} if associates else {organisation}
    return [country for country in COUNTRIES.values() if country.memberships & tokens]
