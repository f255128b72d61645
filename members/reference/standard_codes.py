"""The portal's themes and countries in the codes re-users of international cooperation data read.

One table each, the only place the mapping is written (documented in docs/standard-codes.md):

- each theme: its OECD-DAC sector (3 digits, the DAC 5 "sector" of the Creditor Reporting
  System) and its CRS purpose code (5 digits), the closest one. The portal's themes are broader
  than purpose codes: a theme takes the code of its main activity, never several codes;
- each country or territory: its ISO 3166-1 alpha-3 code beside the alpha-2 code the portal
  stores (Guadeloupe and Martinique, the networks' home territories, included).

Business rule: every theme of `members.reference.themes.THEMES` and every country of
`members.reference.caribbean.COUNTRIES` has its codes here (tested), so that a new theme or
country cannot reach the open data without them.
"""

from typing import NamedTuple


class DacSector(NamedTuple):
    sector: str  # DAC 5 sector, 3 digits
    purpose: str  # CRS purpose code, 5 digits


THEME_DAC_SECTORS: dict[str, DacSector] = {
    "education-training": DacSector("113", "11330"),  # Vocational training
    "health": DacSector("121", "12110"),  # Health policy and administrative management
    "water-sanitation": DacSector("140", "14030"),  # Basic drinking water and sanitation
    "agriculture-food-security": DacSector("311", "31120"),  # Agricultural development
    "environment-climate": DacSector("410", "41010"),  # Environmental policy and management
    "biodiversity-oceans": DacSector("410", "41030"),  # Biodiversity
    "disaster-risk-humanitarian": DacSector("740", "74020"),  # Multi-hazard response preparedness
    "culture-heritage": DacSector("160", "16066"),  # Culture
    "sport": DacSector("160", "16065"),  # Recreation and sport
    # No sector is about young people's mobility; exchanges and volunteering are reported by
    # DAC members as "sectors not specified".
    "youth-mobility": DacSector("998", "99810"),  # Sectors not specified
    "gender-equality": DacSector("151", "15170"),  # Women's rights organisations, institutions
    "local-governance": DacSector("151", "15112"),  # Decentralisation, subnational government
    "economic-development": DacSector("250", "25010"),  # Business policy and administration
    "sustainable-tourism": DacSector("332", "33210"),  # Tourism policy and management
    "research-higher-education": DacSector("114", "11420"),  # Higher education
    "digital": DacSector("220", "22040"),  # Information and communication technology
    "global-citizenship-education": DacSector("998", "99820"),  # Development awareness
    "energy": DacSector("231", "23110"),  # Energy policy and administrative management
}

COUNTRY_ALPHA3: dict[str, str] = {
    "AG": "ATG",
    "AI": "AIA",
    "AW": "ABW",
    "BB": "BRB",
    "BL": "BLM",
    "BM": "BMU",
    "BQ": "BES",
    "BS": "BHS",
    "BZ": "BLZ",
    "CO": "COL",
    "CR": "CRI",
    "CU": "CUB",
    "CW": "CUW",
    "DM": "DMA",
    "DO": "DOM",
    "GD": "GRD",
    "GF": "GUF",
    "GP": "GLP",
    "GT": "GTM",
    "GY": "GUY",
    "HN": "HND",
    "HT": "HTI",
    "JM": "JAM",
    "KN": "KNA",
    "KY": "CYM",
    "LC": "LCA",
    "MF": "MAF",
    "MQ": "MTQ",
    "MS": "MSR",
    "MX": "MEX",
    "NI": "NIC",
    "PA": "PAN",
    "PR": "PRI",
    "SR": "SUR",
    "SV": "SLV",
    "SX": "SXM",
    "TC": "TCA",
    "TT": "TTO",
    "VC": "VCT",
    "VE": "VEN",
    "VG": "VGB",
    "VI": "VIR",
}


def dac_sectors(themes: list[str]) -> list[str]:
    """The DAC 5 sectors of these themes, each once, sorted."""
    return sorted({THEME_DAC_SECTORS[code].sector for code in themes if code in THEME_DAC_SECTORS})


def crs_purposes(themes: list[str]) -> list[str]:
    """The CRS purpose codes of these themes, each once, sorted."""
    return sorted({THEME_DAC_SECTORS[code].purpose for code in themes if code in THEME_DAC_SECTORS})


def alpha3(countries: list[str]) -> list[str]:
    """The ISO 3166-1 alpha-3 codes of these alpha-2 codes, in their order."""
    return [COUNTRY_ALPHA3[code] for code in countries if code in COUNTRY_ALPHA3]
