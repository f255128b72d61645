"""Reading a network's own spreadsheet of organisations: which column holds which field, and
which theme, country, kind and commune each cell names.

Spreadsheets are written by hand, over years, by several people: headers and values come in
French or English, with or without accents, in capitals, abbreviated ("St", "Rép.", "Tél."),
singular or plural. Everything here compares *keys*: the text in lower case without accents,
punctuation, apostrophes and hyphens, "St"/"Ste"/"Sainte" read as "saint".

Everything is pure and in memory: the lookup tables are built once per process, on first use
(themes, countries, kinds), or once per import (CommuneIndex, one query). An import of 5,000
rows calls each function 5,000 times and must not query per row.
"""

import functools
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils import translation
from django.utils.text import get_text_list
from django.utils.translation import gettext as _

from members.enums import OrganisationKind
from members.models import Commune, Territory
from members.reference.caribbean import COUNTRIES
from members.reference.standard_codes import COUNTRY_ALPHA3
from members.reference.themes import THEMES
from members.reference.translations_fr import FRENCH_NAMES
from toolbox.text import normalize_text

# Words that carry no meaning in a header or a label ("Nom de la structure", "Eau et
# assainissement", "Trinidad y Tobago"): dropped, unless nothing else is left.
_STOP_WORDS = frozenset(
    {"a", "au", "aux", "d", "de", "des", "du", "en", "et", "l", "la", "le", "les"}  # French
    | {"of", "the", "and", "y"}  # English, Spanish
)
# "St", "Ste" and "Sainte" are all read as "saint": "St Lucia" and "Ste-Lucie" meet, and no two
# communes of a territory, nor two countries, differ by saint/sainte alone.
_SAINTS = {"st": "saint", "ste": "saint", "sainte": "saint"}
# "N°", "No", "Nº", "Num" before a number's name: one word, so that "N° SIRET" and
# "Numéro SIRET" are the same header.
_NUMBER_WORDS = frozenset({"n", "no", "num", "numero"})


def _words(text) -> list[str]:
    """The words of `text`: lower case, no accents; anything but letters and digits (spaces,
    hyphens, apostrophes, dots, "°", slashes…) separates words; "&" is "et"."""
    text = normalize_text(str(text)).replace("&", " et ")
    return [_SAINTS.get(word, word) for word in re.findall(r"[a-z0-9]+", text)]


def _singular(word: str) -> str:
    # A trailing plural "s" is dropped from words of four letters or more, not after another
    # "s": codes and acronyms ("ESS", "SAS", "HTI") keep theirs. Both sides of a comparison are
    # reduced alike, so a name ending in "s" ("Bahamas") still meets itself.
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


def _key(text) -> str:
    """The comparison key of a label or a value: its words, stop words dropped (unless only
    stop words are there), each word singular."""
    words = _words(text)
    meaningful = [word for word in words if word not in _STOP_WORDS] or words
    return " ".join(_singular(word) for word in meaningful)


def _header_key(text) -> str:
    words = ["numero" if word in _NUMBER_WORDS else word for word in _words(text)]
    return _key(" ".join(words))


def _add(table: dict[str, str], text: str, value: str, *, source: str) -> None:
    """Record that `text` means `value`; two meanings for one key is a mistake in the tables
    below, reported at once rather than resolved by whichever came last."""
    key = _key(text)
    if not key:
        return
    if table.get(key, value) != value:
        raise ValueError(f"{source}: “{text}” means both {table[key]} and {value}")
    table[key] = value


def _english(label) -> str:
    """The source (English) text of a lazy label, whatever language is active."""
    with translation.override(None):
        return str(label)


def _french_catalogue(label) -> str:
    # The French catalogue's text, when it is compiled (it is not in every context: then this is
    # the English text again, which the tables already hold).
    with translation.override("fr"):
        return str(label)


HEADER_SYNONYMS: dict[str, tuple[str, ...]] = {
    "name": (
        "Nom",
        "Nom de la structure",
        "Nom de l'organisation",
        "Nom de l'organisme",
        "Nom de l'association",
        "Nom complet",
        "Raison sociale",
        "Dénomination",
        "Dénomination sociale",
        "Structure",
        "Organisme",
        "Organisation",
        "Association",
        "Entité",
        "Name",
        "Organisation name",
        "Organization name",
    ),
    "acronym": ("Sigle", "Acronyme", "Acronym", "Abréviation", "Nom court"),
    "kind": (
        "Type",
        "Type de structure",
        "Type d'organisation",
        "Type d'organisme",
        "Catégorie",
        "Catégorie de structure",
        "Statut",
        "Statut juridique",
        "Forme juridique",
        "Nature juridique",
        "Kind",
        "Organisation type",
    ),
    "siret": ("SIRET", "N° SIRET", "Numéro SIRET", "Siret/Siren", "SIRET number"),
    "rna": (
        "RNA",
        "N° RNA",
        "Numéro RNA",
        "N° W",
        "Numéro d'association",
        "Numéro de déclaration",
        "RNA number",
    ),
    "year_founded": (
        "Année de création",
        "Création",
        "Date de création",
        "Année de fondation",
        "Date de fondation",
        "Year founded",
        "Founded",
    ),
    "address": ("Adresse", "Adresse postale", "Adresse du siège", "Siège", "Address"),
    "postal_code": ("Code postal", "CP", "Postal code", "Zip code", "Zip"),
    "commune": ("Commune", "Ville", "Localité", "City", "Town"),
    "insee_code": ("Code INSEE", "Code commune", "INSEE", "Code INSEE de la commune", "INSEE code"),
    "short_description": (
        "Description",
        "Activités",
        "Objet",
        "Objet social",
        "Présentation",
        "Description courte",
        "Résumé",
        "Missions",
        "Short description",
    ),
    "description": (
        "Description complète",
        "Description longue",
        "Description détaillée",
        "Présentation détaillée",
        "Full description",
        "Long description",
    ),
    "themes": (
        "Thématiques",
        "Thèmes",
        "Domaines",
        "Domaines d'intervention",
        "Domaines d'activité",
        "Secteurs",
        "Secteurs d'activité",
        "Champs d'action",
        "Champs d'intervention",
        "Themes",
    ),
    "countries": (
        "Pays",
        "Pays partenaires",
        "Pays d'intervention",
        "Pays de la Caraïbe",
        "Zone géographique",
        "Zones d'intervention",
        "Territoires partenaires",
        "Countries",
    ),
    "email": (
        "Courriel",
        "E-mail",
        "Email",
        "Mail",
        "Mél",
        "Adresse électronique",
        "Adresse mail",
        "Adresse e-mail",
        "Courriel de la structure",
    ),
    "phone": (
        "Téléphone",
        "Tél",
        "Tel.",
        "Phone",
        "Téléphone fixe",
        "Portable",
        "Mobile",
        "GSM",
    ),
    "website": ("Site", "Site web", "Site internet", "Website", "Web", "URL"),
    "facebook": ("Facebook", "Page Facebook", "Facebook page"),
    "contact_name": (
        "Contact",
        "Nom du contact",
        "Référent",
        "Référente",
        "Personne à contacter",
        "Interlocuteur",
        "Interlocutrice",
        "Responsable",
        "Nom et prénom du contact",
        "Contact name",
        "Contact person",
    ),
    "contact_role": ("Fonction", "Fonction du contact", "Rôle", "Poste", "Qualité", "Role"),
    "contact_email": (
        "Courriel du contact",
        "Courriel contact",
        "Email du contact",
        "Mail contact",
        "Contact email",
    ),
    "contact_phone": (
        "Téléphone du contact",
        "Tél. contact",
        "Portable du contact",
        "Contact phone",
    ),
}

# A header naming the contact person plus another field's word ("Mail du référent", "Nom du
# président", "Personne à contacter : courriel") is that field of the contact person.
_CONTACT_WORDS = (
    "Personne à contacter",
    "Personne contact",
    "Contact person",
    "Person to contact",
    "Contact",
    "Référent",
    "Référente",
    "Responsable",
    "Interlocuteur",
    "Interlocutrice",
    "Correspondant",
    "Correspondante",
    "Président",
    "Présidente",
    "Dirigeant",
    "Dirigeante",
)
_CONTACT_FIELDS = {
    "name": "contact_name",
    "email": "contact_email",
    "phone": "contact_phone",
    "contact_name": "contact_name",
    "contact_role": "contact_role",
    "contact_email": "contact_email",
    "contact_phone": "contact_phone",
}
# Words that say whose value a header holds, not which value ("Sigle de la structure", "Type
# d'organisation"): as a synonym of the name they lose to any other synonym in the header.
_WEAK_HEADERS = frozenset(
    _key(word) for word in ("structure", "organisme", "organisation", "association", "entité")
)


@functools.cache
def _header_table() -> dict[str, str]:
    table: dict[str, str] = {}
    for field, synonyms in HEADER_SYNONYMS.items():
        for synonym in synonyms:
            key = _header_key(synonym)
            if table.get(key, field) != field:
                raise ValueError(f"HEADER_SYNONYMS: “{synonym}” is {table[key]} and {field}")
            table[key] = field
    return table


@functools.cache
def _contact_keys() -> tuple[str, ...]:
    # Longest first: "personne contact" goes before "contact".
    return tuple(sorted({_header_key(words) for words in _CONTACT_WORDS}, key=len, reverse=True))


def _without_contact(key: str) -> str:
    """The header without the words that name the contact person."""
    padded = f" {key} "
    for words in _contact_keys():
        while f" {words} " in padded:
            padded = padded.replace(f" {words} ", " ")
    return padded.strip()


def _contained_field(key: str, table: dict[str, str]) -> str:
    """The field of the longest synonym the header holds as whole words, "" when none."""
    padded = f" {key} "
    best, best_rank = "", (False, 0)
    for synonym, field in table.items():
        if f" {synonym} " in padded:
            rank = (synonym not in _WEAK_HEADERS, len(synonym))
            if rank > best_rank:
                best, best_rank = field, rank
    return best


def _guess_field(header) -> str:
    key = _header_key(header) if header is not None else ""
    if not key:
        return ""
    table = _header_table()
    if key in table:
        return table[key]
    rest = _without_contact(key)
    if rest != key:
        # The contact person's field: what the rest of the header names, as the contact's.
        # Nothing else, or a rest naming no field, is still the contact ("Président", "Contact
        # principal"); naming a field the contact has not (an address) is no field of ours.
        if not rest:
            return "contact_name"
        field = table.get(rest) or _contained_field(rest, table)
        return _CONTACT_FIELDS.get(field, "") if field else "contact_name"
    return _contained_field(key, table)


def guess_mapping(headers: list[str]) -> list[str]:
    """For each column header, the field key it most likely holds, or "" when none.

    Headers are compared as keys (case, accents, punctuation, "N°"/"No", stop words such as
    "de la" and a plural "s" ignored). A header equal to a synonym of HEADER_SYNONYMS is that
    field; otherwise the longest synonym it holds as whole words chooses ("Téléphone du
    contact" is the contact's phone, not the organisation's). A header naming the contact
    person ("contact", "référent", "responsable"…) holds the contact's field.

    A field is never given to two columns: the first column wins, the later ones get ""
    (a census export has both "Type" and "Statut": the kind is the first)."""
    taken: set[str] = set()
    mapping = []
    for header in headers:
        field = _guess_field(header)
        if field in taken:
            field = ""
        if field:
            taken.add(field)
        mapping.append(field)
    return mapping


# Not " et " nor " and ": labels hold them ("Eau et assainissement", "Trinité-et-Tobago").
_LIST_SEPARATORS = re.compile(r"[,;/|+\n\r•]")


def split_list(text: str) -> list[str]:
    """The pieces of a multi-valued cell, split on , ; / | + and new lines (and bullets),
    stripped, empty pieces dropped. Never split on " et " / " and ": labels contain them."""
    if not text:
        return []
    return [piece.strip() for piece in _LIST_SEPARATORS.split(str(text)) if piece.strip()]


@dataclass(frozen=True)
class Matched:
    codes: list[str]  # without duplicates, in the order found
    unknown: list[str]  # pieces as written that matched nothing


def _lookup(piece: str, table: dict[str, str]) -> list[str]:
    """The codes a piece names: itself; else, without what it says in brackets ("Haïti
    (Port-au-Prince)"); else, when every part around " et " / " and " is known, those parts
    ("Santé et éducation"). [] when unknown."""
    key = _key(piece)
    if key in table:
        return [table[key]]
    bare = re.sub(r"\([^)]*\)|\[[^]]*\]", " ", piece)
    if bare != piece and _key(bare) in table:
        return [table[_key(bare)]]
    parts = re.split(r"\s(?:et|and|&|y)\s", bare, flags=re.IGNORECASE)
    if len(parts) > 1 and all(_key(part) in table for part in parts):
        return [table[_key(part)] for part in parts]
    return []


def _match_list(text: str, table: dict[str, str]) -> Matched:
    codes: list[str] = []
    unknown: list[str] = []
    for piece in split_list(text):
        found = _lookup(piece, table)
        for code in found:
            if code not in codes:
                codes.append(code)
        if not found and piece not in unknown:
            unknown.append(piece)
    return Matched(codes=codes, unknown=unknown)


# French (and a few English) words actors use for each theme, beside its code and labels.
THEME_SYNONYMS: dict[str, tuple[str, ...]] = {
    "education-training": (
        "Éducation",
        "Formation",
        "Formation professionnelle",
        "Enseignement",
        "Alphabétisation",
        "Scolarisation",
        "Education",
        "Training",
        "Vocational training",
    ),
    "health": ("Santé", "Santé publique", "Accès aux soins", "Soins", "Médical", "Health care"),
    "water-sanitation": ("Eau", "Eaux", "Assainissement", "Eau potable", "Water", "Sanitation"),
    "agriculture-food-security": (
        "Agriculture",
        "Sécurité alimentaire",
        "Alimentation",
        "Agroécologie",
        "Agroalimentaire",
        "Élevage",
        "Food security",
    ),
    "environment-climate": (
        "Environnement",
        "Climat",
        "Changement climatique",
        "Transition écologique",
        "Écologie",
        "Déchets",
        "Gestion des déchets",
        "Environment",
        "Climate",
    ),
    "biodiversity-oceans": (
        "Biodiversité",
        "Océans",
        "Mer",
        "Milieu marin",
        "Littoral",
        "Sargasses",
        "Protection de la nature",
        "Biodiversity",
        "Oceans",
    ),
    "disaster-risk-humanitarian": (
        "Risques",
        "Humanitaire",
        "Gestion des risques",
        "Risques naturels",
        "Prévention des risques",
        "Réduction des risques",
        "Catastrophes naturelles",
        "Action humanitaire",
        "Aide humanitaire",
        "Urgence",
        "Humanitarian",
    ),
    "culture-heritage": ("Culture", "Patrimoine", "Arts", "Musique", "Heritage"),
    "sport": ("Sport", "Activités physiques et sportives", "APS"),
    "youth-mobility": (
        "Jeunesse",
        "Jeunes",
        "Mobilité",
        "Mobilité internationale",
        "Mobilité des jeunes",
        "Volontariat",
        "Service civique",
        "Youth",
        "Mobility",
    ),
    "gender-equality": (
        "Genre",
        "Égalité femmes-hommes",
        "Égalité hommes-femmes",
        "Égalité entre les femmes et les hommes",
        "Égalité des genres",
        "Droits des femmes",
        "Gender",
    ),
    "local-governance": (
        "Gouvernance",
        "Gouvernance locale",
        "Décentralisation",
        "Démocratie locale",
        "Governance",
    ),
    "economic-development": (
        "Économie",
        "ESS",
        "Économie sociale et solidaire",
        "Économie sociale",
        "Développement économique",
        "Entrepreneuriat",
        "Emploi",
        "Commerce",
        "Economy",
    ),
    "sustainable-tourism": ("Tourisme", "Écotourisme", "Tourism"),
    "research-higher-education": (
        "Recherche",
        "Enseignement supérieur",
        "Université",
        "Recherche scientifique",
        "Research",
        "Higher education",
    ),
    "digital": ("Numérique", "Informatique", "TIC", "NTIC", "Transition numérique"),
    "global-citizenship-education": (
        "ECSI",
        "EAD",
        "Éducation à la citoyenneté",
        "Éducation à la citoyenneté mondiale",
        "Éducation à la solidarité internationale",
        "Éducation au développement",
        "Citoyenneté",
    ),
    "energy": ("Énergie", "Énergies renouvelables", "Transition énergétique"),
}


def _labelled_table(
    items: Iterable[tuple[str, object]], synonyms: dict[str, tuple[str, ...]], source: str
) -> dict[str, str]:
    """Code -> lazy label items, read as: the code, the English label, its French name
    (FRENCH_NAMES), the synonyms; then the French catalogue's text where it differs."""
    items = list(items)
    table: dict[str, str] = {}
    for code, label in items:
        english = _english(label)
        _add(table, code, code, source=source)
        _add(table, english, code, source=source)
        if english in FRENCH_NAMES:
            _add(table, FRENCH_NAMES[english], code, source=source)
    for code, words in synonyms.items():
        for word in words:
            _add(table, word, code, source=source)
    # The catalogue may word a label otherwise than FRENCH_NAMES; it never overrides the tables
    # above (a translation is not a reason to fail an import).
    for code, label in items:
        table.setdefault(_key(_french_catalogue(label)), code)
    return table


@functools.cache
def _theme_table() -> dict[str, str]:
    return _labelled_table(THEMES.items(), THEME_SYNONYMS, "THEME_SYNONYMS")


def match_themes(text: str) -> Matched:
    """The themes a cell names: each piece (split_list) is a theme's code, its English or French
    label, or a usual French word (THEME_SYNONYMS), compared as keys (case, accents, hyphens,
    apostrophes, a plural "s" ignored). A piece joining known themes with "et" ("Santé et
    éducation") gives each of them; one naming nothing is reported unknown, as written."""
    return _match_list(text, _theme_table())


# Spanish names (the obvious ones) and the usual other spellings, abbreviations and
# former names, beside the code, the alpha-3 code and the English and French names.
COUNTRY_SYNONYMS: dict[str, tuple[str, ...]] = {
    "AG": ("Antigua", "Antigua y Barbuda", "Antigue-et-Barbude"),
    "BB": ("La Barbade",),
    "BM": ("Bermudas",),
    "BQ": (
        "Bonaire",
        "Saba",
        "Saint-Eustache",
        "Sint Eustatius",
        "Statia",
        "Pays-Bas caribéens",
        "Caribbean Netherlands",
    ),
    "BZ": ("Belice", "Bélize"),
    "VG": ("BVI", "Islas Vírgenes Británicas", "Îles Vierges anglaises"),
    "KY": ("Cayman", "Îles Cayman", "Îles Caïman", "Islas Caimán"),
    "CW": ("Curazao",),
    "DM": ("La Dominique",),
    "DO": (
        "Rép. dominicaine",
        "Rép. Dom.",
        "République Dominicaine",
        "República Dominicana",
        "Dominican Rep.",
    ),
    "GF": ("Guyane française", "Guayana Francesa"),
    "GD": ("Granada",),
    "HT": ("Haïti", "Haití", "Ayiti"),
    "JM": ("Jamaïque",),
    "MX": ("México",),
    "PA": ("Panamá",),
    "BL": ("Saint-Barth", "Saint-Barts", "San Bartolomé"),
    "KN": (
        "Saint-Kitts",
        "Saint-Kitts-et-Nevis",
        "Saint-Christophe",
        "Nevis",
        "Niévès",
        "San Cristóbal y Nieves",
    ),
    "LC": ("Santa Lucía",),
    "MF": ("San Martín", "Saint-Martin (partie française)"),
    "VC": (
        "Saint-Vincent",
        "Grenadines",
        "SVG",
        "San Vicente y las Granadinas",
    ),
    "SX": ("Saint-Martin (partie néerlandaise)",),
    "SR": ("Surinam",),
    "TT": ("Trinidad", "Trinité", "Tobago", "Trinidad y Tobago"),
    "TC": ("Turks-et-Caïcos", "Turks and Caicos", "Islas Turcas y Caicos"),
    "VI": (
        "USVI",
        "US Virgin Islands",
        "Îles Vierges américaines",
        "Islas Vírgenes de los Estados Unidos",
    ),
    "VE": ("Vénézuela",),
}
# Read by French speakers as "départements d'outre-mer" (Guadeloupe, Martinique…), not as the
# Dominican Republic: left unknown rather than guessed.
_AMBIGUOUS_ALPHA3 = frozenset({"DOM"})


@functools.cache
def _country_table() -> dict[str, str]:
    synonyms: dict[str, tuple[str, ...]] = defaultdict(tuple)
    for code, alpha3 in COUNTRY_ALPHA3.items():
        # Only partner countries: Guadeloupe and Martinique (GLP, MTQ) are the home territories.
        if code in COUNTRIES and alpha3 not in _AMBIGUOUS_ALPHA3:
            synonyms[code] += (alpha3,)
    for code, words in COUNTRY_SYNONYMS.items():
        synonyms[code] += words
    return _labelled_table(
        ((code, country.name) for code, country in COUNTRIES.items()), synonyms, "countries"
    )


def match_countries(text: str) -> Matched:
    """The partner countries a cell names (alpha-2 codes of caribbean.COUNTRIES): each piece is
    an alpha-2 or alpha-3 code, an English, French or (obvious) Spanish name, or a usual
    spelling (COUNTRY_SYNONYMS), compared as keys (case, accents, dots, hyphens ignored;
    "St", "Ste", "Saint", "Sainte" alike). Guadeloupe and Martinique are no partner countries:
    they are reported unknown, as is anything else that names no country."""
    return _match_list(text, _country_table())


KIND_SYNONYMS: dict[str, tuple[str, ...]] = {
    OrganisationKind.LOCAL_AUTHORITY: (
        # The French catalogue's label (locale/fr), here too in case it is not compiled.
        "Collectivité",
        "Collectivité territoriale",
        "Collectivité locale",
        "Commune",
        "Mairie",
        "Ville",
        "Région",
        "Conseil régional",
        "Département",
        "Conseil départemental",
        "Conseil général",
        "EPCI",
        "Établissement public de coopération intercommunale",
        "Communauté d'agglomération",
        "Communauté de communes",
        "Intercommunalité",
        "CTM",
    ),
    OrganisationKind.ASSOCIATION: (
        "Association",
        "Asso",
        "Association loi 1901",
        "Loi 1901",
        "ONG",
        "NGO",
    ),
    OrganisationKind.PUBLIC_INSTITUTION: (
        "Établissement public",
        "EPA",
        "EPIC",
        "GIP",
        "Organisme public",
        "Service de l'État",
        "Chambre consulaire",
        "Chambre de commerce",
        "CCI",
        "Chambre d'agriculture",
        "Chambre des métiers",
    ),
    OrganisationKind.SCHOOL: (
        "Établissement scolaire",
        "Lycée",
        "Collège",
        "École",
        "Groupe scolaire",
        "EPLE",
        "Établissement public local d'enseignement",
    ),
    OrganisationKind.HIGHER_EDUCATION: (
        "Université ou établissement d’enseignement supérieur",
        "Université",
        "Enseignement supérieur",
        "Établissement d'enseignement supérieur",
        "Établissement public d'enseignement supérieur",
        "École supérieure",
        "École d'ingénieurs",
        "Grande école",
        "IUT",
    ),
    OrganisationKind.VOCATIONAL_TRAINING: (
        "Organisme de formation professionnelle",
        "Organisme de formation",
        "Centre de formation",
        "Formation professionnelle",
        "CFA",
        "GRETA",
    ),
    OrganisationKind.COMPANY: (
        "Entreprise",
        "Société",
        "SARL",
        "SAS",
        "SASU",
        "EURL",
        "SA",
        "SCOP",
        "SCIC",
        "Entreprise individuelle",
        "Micro-entreprise",
        "Auto-entrepreneur",
    ),
    OrganisationKind.OTHER: ("Autre", "Divers"),
}


@functools.cache
def _kind_table() -> dict[str, str]:
    return _labelled_table(
        ((kind.value, kind.label) for kind in OrganisationKind),
        {str(kind): words for kind, words in KIND_SYNONYMS.items()},
        "KIND_SYNONYMS",
    )


def match_kind(text: str) -> str | None:
    """The OrganisationKind value a cell names: the value, its English or French label, or a
    usual word (KIND_SYNONYMS). A cell that goes on after a known kind is that kind, the longest
    known start deciding ("Association culturelle", "Commune de Baie-Mahault", "Établissement
    public local d'enseignement" is a school). None when empty or unrecognised."""
    table = _kind_table()
    words = _key(text or "").split()
    for end in range(len(words), 0, -1):
        kind = table.get(" ".join(words[:end]))
        if kind:
            return kind
    return None


_ARTICLES = ("le ", "la ", "les ", "l ")
# Abbreviations everyone uses in the Antilles.
_COMMUNE_ALIASES = {"fdf": "97209", "pap": "97120"}
_POSTAL_CODE_IN_TEXT = re.compile(r"\b97\d{3}\b")


def _name_key(name: str) -> str:
    # Not _key: a commune's name is a proper name, compared word for word ("Les Abymes", "Anses
    # d'Arlet" keep their "s" and their "d").
    return " ".join(_words(name))


def _without_article(key: str) -> str:
    for article in _ARTICLES:
        if key.startswith(article):
            return key[len(article) :]
    return key


def _code(value) -> str:
    """A postal or INSEE code as written in a cell: spaces dropped, and the ".0" a spreadsheet
    adds to a number read as a decimal."""
    code = re.sub(r"\s+", "", str(value or "")).upper()
    return code[:-2] if re.fullmatch(r"\d+\.0", code) else code


def _names(communes) -> str:
    return get_text_list([commune.name for commune in communes], _("and"))


@dataclass(frozen=True)
class CommuneMatch:
    commune: Commune | None  # the commune found, None when not found or ambiguous
    # When several communes fit (a postal code shared by several communes, no name to choose):
    # the coordinator picks one.
    candidates: tuple[Commune, ...]
    error: str  # translated message, "" when found


class CommuneIndex:
    """The communes of every territory, loaded once (one query): matching 5,000 rows never
    queries per row."""

    def __init__(self, territory: Territory):
        self.territory = territory
        # Both territories: a commune of the other one is recognised, to say so. In alphabetical
        # order, as candidates are offered.
        communes = sorted(
            Commune.objects.select_related("territory"), key=lambda c: normalize_text(c.name)
        )
        self._by_insee: dict[str, Commune] = {c.insee_code: c for c in communes}
        self._by_postal_code: dict[str, list[Commune]] = defaultdict(list)
        self._by_name: dict[str, list[Commune]] = defaultdict(list)
        self._by_bare_name: dict[str, list[Commune]] = defaultdict(list)
        for commune in communes:
            for code in commune.postal_code_list:
                self._by_postal_code[code].append(commune)
            key = _name_key(commune.name)
            self._by_name[key].append(commune)
            self._by_bare_name[_without_article(key)].append(commune)
        for alias, insee_code in _COMMUNE_ALIASES.items():
            if insee_code in self._by_insee:
                self._by_name[alias].append(self._by_insee[insee_code])

    def _home(self, communes) -> list[Commune]:
        return [c for c in communes if c.territory_id == self.territory.pk]

    def _found(self, commune: Commune) -> CommuneMatch:
        if commune.territory_id != self.territory.pk:
            return self._elsewhere(commune)
        return CommuneMatch(commune=commune, candidates=(), error="")

    def _elsewhere(self, commune: Commune) -> CommuneMatch:
        error = _("%(commune)s is in %(territory)s, not in %(expected)s.") % {
            "commune": commune.name,
            "territory": commune.territory.name,
            "expected": self.territory.name,
        }
        return CommuneMatch(commune=None, candidates=(), error=error)

    def _failed(self, error: str, candidates=()) -> CommuneMatch:
        return CommuneMatch(commune=None, candidates=tuple(candidates), error=error)

    def _named(self, name: str) -> tuple[list[Commune], list[Commune]]:
        """The communes called `name`: those of the import's territory, else those of another.
        The exact name first, then without its leading article ("Gosier", "Lamentin")."""
        key = _name_key(name)
        tries = [self._by_name.get(key, []), self._by_bare_name.get(_without_article(key), [])]
        for communes in tries:
            if home := self._home(communes):
                return home, []
        return [], next((communes for communes in tries if communes), [])

    def _by_code(self, code: str) -> CommuneMatch:
        communes = self._by_postal_code.get(code, [])
        home = self._home(communes)
        if len(home) == 1:
            return self._found(home[0])
        if home:
            error = _("The postal code %(code)s is shared by %(communes)s: choose the commune.")
            return self._failed(error % {"code": code, "communes": _names(home)}, home)
        if len(communes) == 1:
            return self._elsewhere(communes[0])
        if communes:
            error = _("The postal code %(code)s is in %(territory)s, not in %(expected)s.") % {
                "code": code,
                "territory": communes[0].territory.name,
                "expected": self.territory.name,
            }
            return self._failed(error)
        error = _("No commune of %(territory)s has the postal code %(code)s.")
        return self._failed(error % {"territory": self.territory.name, "code": code})

    def match(self, *, name: str = "", postal_code: str = "", insee_code: str = "") -> CommuneMatch:
        """The commune of a row, from its name, postal code and INSEE code (any of them).

        - A known INSEE code wins, unless the row names another commune (an error: the
          column may hold postal codes); an unknown one is passed over for the name or
          postal code.
        - A name is compared as a key (case, accents, hyphens, apostrophes, "St"/"Ste", a
          leading "Le"/"La"/"Les"/"L'" optional), within the import's territory first (both
          have a Sainte-Anne); only in the other territory, it is an error. A name cell may
          hold the postal code too ("97110 Pointe-à-Pitre", "… CEDEX").
        - A postal code alone finds its commune when only one has it; a shared one (97218,
          97222, 97250 in Martinique) gives the candidates to choose from.
        - Name and postal code: the name decides. A postal code that is not the named
          commune's is no error here (the organisation's own rules report it); a name that
          names no commune (a district such as "Jarry") is passed over for the postal code.
        """
        name = " ".join(str(name or "").split())
        postal_code, insee_code = _code(postal_code), _code(insee_code)
        if written := _POSTAL_CODE_IN_TEXT.search(name):
            postal_code = postal_code or written.group()
            name = _POSTAL_CODE_IN_TEXT.sub(" ", name)
        name = re.sub(r"\bcedex\b(\s*\d+)?", " ", name, flags=re.IGNORECASE)
        name = " ".join(re.sub(r"\([^)]*\)", " ", name).split()).strip(" ,;-")
        if not (name or postal_code or insee_code):
            return self._failed(_("Give the commune, its postal code or its INSEE code."))

        if insee_code:
            if commune := self._by_insee.get(insee_code):
                named, _elsewhere = self._named(name) if name else ([commune], [])
                if named and commune not in named:
                    # Many postal codes are another commune's INSEE code (97113: Gourbeyre's
                    # postal code, Le Gosier's INSEE code): a column of postal codes mapped as
                    # INSEE codes would place every row elsewhere without a word.
                    error = _(
                        "The INSEE code %(code)s is that of %(commune)s, not of %(name)s: "
                        "check that the column holds INSEE codes, not postal codes."
                    )
                    return self._failed(
                        error % {"code": insee_code, "commune": commune.name, "name": name}
                    )
                return self._found(commune)
            if not (name or postal_code):
                error = _("No commune of %(territory)s has the INSEE code %(code)s.")
                return self._failed(error % {"territory": self.territory.name, "code": insee_code})

        if not name:
            return self._by_code(postal_code)

        home, elsewhere = self._named(name)
        if home:
            if len(home) > 1 and postal_code:
                # Several communes of the territory answer to the name: the postal code decides.
                home = [c for c in home if postal_code in c.postal_code_list] or home
            if len(home) == 1:
                return self._found(home[0])
            error = _("Several communes are called “%(name)s”: %(communes)s. Choose the commune.")
            return self._failed(error % {"name": name, "communes": _names(home)}, home)
        if elsewhere:
            return self._elsewhere(elsewhere[0])
        unknown = _("No commune of %(territory)s is called “%(name)s”.") % {
            "territory": self.territory.name,
            "name": name,
        }
        if postal_code:
            by_code = self._by_code(postal_code)
            if by_code.commune or not by_code.candidates:
                # Found by its postal code, or the postal code is no better: its own message.
                return by_code if by_code.commune else self._failed(f"{unknown} {by_code.error}")
            return self._failed(f"{unknown} {by_code.error}", by_code.candidates)
        return self._failed(unknown)
