import polib
import pytest
from django.utils import translation

from members.reference import caribbean, languages, sdgs, themes
from members.reference.caribbean import COUNTRIES, HOME_TERRITORY_MEMBERSHIPS, MEMBERSHIPS
from members.reference.communes import COMMUNES, TERRITORY_CENTRES, communes_by_code
from members.reference.translations_fr import FRENCH_NAMES
from rrma.i18n import catalogue_path

# (south, north, west, east) of each territory, its outlying islands included.
BOUNDING_BOXES = {
    "guadeloupe": (15.80, 16.55, -61.85, -60.95),
    "martinique": (14.38, 14.90, -61.25, -60.80),
}
# Communes of Guadeloupe's outlying islands, and the box of their island.
OUTLYING_ISLANDS = {
    "97108": (15.86, 16.01, -61.34, -61.19),  # Marie-Galante
    "97112": (15.86, 16.01, -61.34, -61.19),
    "97126": (15.86, 16.01, -61.34, -61.19),
    "97130": (15.83, 15.89, -61.67, -61.56),  # Les Saintes
    "97131": (15.83, 15.89, -61.67, -61.56),
    "97110": (16.29, 16.35, -61.14, -61.00),  # La Désirade
}


def _english(label) -> str:
    with translation.override("en"):
        return str(label)


def _reference_labels() -> list[str]:
    """Every translatable English label of the reference modules (communes have none)."""
    labels = [
        *caribbean.ORGANISATIONS.values(),
        *caribbean.MEMBERSHIPS.values(),
        *(country.name for country in COUNTRIES.values()),
        *themes.THEMES.values(),
        *sdgs.SDGS.values(),
        *languages.LANGUAGES.values(),
    ]
    return [_english(label) for label in labels]


# --- Communes -----------------------------------------------------------------------------------


def test_guadeloupe_has_32_communes_and_martinique_34():
    assert set(COMMUNES) == {"guadeloupe", "martinique"}
    assert len(COMMUNES["guadeloupe"]) == 32
    assert len(COMMUNES["martinique"]) == 34


@pytest.mark.parametrize(("slug", "department"), [("guadeloupe", "971"), ("martinique", "972")])
def test_insee_codes_are_unique_and_belong_to_the_territorys_department(slug, department):
    codes = [c.insee_code for c in COMMUNES[slug]]
    assert len(set(codes)) == len(codes)
    assert all(len(code) == 5 and code.startswith(department) for code in codes)
    assert codes == sorted(codes)


def test_no_commune_is_listed_twice_across_the_territories():
    assert len(communes_by_code()) == 66
    assert "97701" not in communes_by_code()  # Saint-Barthélemy is a separate collectivity
    assert "97801" not in communes_by_code()  # so is Saint-Martin


@pytest.mark.parametrize(("slug", "department"), [("guadeloupe", "971"), ("martinique", "972")])
def test_every_commune_has_a_name_and_postal_codes_of_its_department(slug, department):
    names = [c.name for c in COMMUNES[slug]]
    assert len(set(names)) == len(names)
    for commune in COMMUNES[slug]:
        assert commune.name.strip() == commune.name != ""
        assert commune.postal_codes
        assert all(len(pc) == 5 and pc.startswith(department) for pc in commune.postal_codes)


def test_official_names_and_postal_codes_are_those_of_the_official_list():
    by_code = communes_by_code()
    assert by_code["97120"].name == "Pointe-à-Pitre"
    assert by_code["97120"].postal_codes == ("97110",)
    assert by_code["97209"].name == "Fort-de-France"
    assert by_code["97209"].postal_codes == ("97200", "97234")
    assert by_code["97229"].name == "Schœlcher"
    assert by_code["97101"].postal_codes == ("97139", "97142")


@pytest.mark.parametrize("slug", ["guadeloupe", "martinique"])
def test_every_commune_position_lies_within_its_territory(slug):
    south, north, west, east = BOUNDING_BOXES[slug]
    for commune in COMMUNES[slug]:
        assert south <= commune.latitude <= north, commune
        assert west <= commune.longitude <= east, commune
        assert round(commune.latitude, 4) == commune.latitude, commune
        assert round(commune.longitude, 4) == commune.longitude, commune


def test_communes_of_the_outlying_islands_lie_on_their_island():
    by_code = communes_by_code()
    for code, (south, north, west, east) in OUTLYING_ISLANDS.items():
        commune = by_code[code]
        assert south <= commune.latitude <= north, commune
        assert west <= commune.longitude <= east, commune


@pytest.mark.parametrize("slug", ["guadeloupe", "martinique"])
def test_the_map_centre_of_each_territory_lies_within_it(slug):
    south, north, west, east = BOUNDING_BOXES[slug]
    latitude, longitude, zoom = TERRITORY_CENTRES[slug]
    assert south <= latitude <= north
    assert west <= longitude <= east
    assert 8 <= zoom <= 12


# --- Caribbean countries and territories --------------------------------------------------------


def test_countries_are_keyed_by_their_iso_code_and_ordered_by_english_name():
    assert all(code == country.code and len(code) == 2 for code, country in COUNTRIES.items())
    names = [_english(country.name) for country in COUNTRIES.values()]
    assert names == sorted(names)


def test_the_home_territories_are_not_listed_as_partners():
    assert "GP" not in COUNTRIES
    assert "MQ" not in COUNTRIES
    for memberships in HOME_TERRITORY_MEMBERSHIPS.values():
        assert memberships == {"OECS-associate", "ACS-associate"}


def test_every_membership_is_a_known_token_with_a_label():
    for country in COUNTRIES.values():
        assert country.memberships <= set(MEMBERSHIPS), country
        assert " " not in "".join(country.memberships)
    for token in MEMBERSHIPS:
        assert token.split("-")[0] in caribbean.ORGANISATIONS


def test_no_country_is_both_full_and_associate_member_of_the_same_organisation():
    for country in COUNTRIES.values():
        for organisation in caribbean.ORGANISATIONS:
            assert not {organisation, f"{organisation}-associate"} <= country.memberships


def test_haiti_is_a_full_member_of_caricom_and_a_member_of_the_acs():
    assert COUNTRIES["HT"].memberships == {"CARICOM", "ACS"}


def test_dominica_belongs_to_the_oecs_caricom_and_the_acs():
    assert COUNTRIES["DM"].memberships == {"OECS", "CARICOM", "ACS"}


def test_the_oecs_has_seven_full_members_and_four_associate_partners():
    full = {c.code for c in caribbean.members_of("OECS", associates=False)}
    assert full == {"AG", "DM", "GD", "MS", "KN", "LC", "VC"}
    associates = {c.code for c in COUNTRIES.values() if "OECS-associate" in c.memberships}
    assert associates == {"AI", "VG", "MF"}  # plus Guadeloupe and Martinique, the home territories


def test_caricom_has_fifteen_full_members_and_six_associate_partners():
    full = {c.code for c in caribbean.members_of("CARICOM", associates=False)}
    assert len(full) == 15
    assert {"HT", "SR", "MS", "BS", "BZ", "GY"} <= full
    associates = {c.code for c in COUNTRIES.values() if "CARICOM-associate" in c.memberships}
    assert associates == {"AI", "BM", "VG", "KY", "TC", "CW"}


def test_the_acs_has_twenty_five_member_states_including_mainland_latin_america():
    full = {c.code for c in caribbean.members_of("ACS", associates=False)}
    assert len(full) == 25
    assert {"MX", "CO", "VE", "GT", "HN", "SV", "NI", "CR", "PA", "CU", "DO"} <= full
    associates = {c.code for c in COUNTRIES.values() if "ACS-associate" in c.memberships}
    assert associates == {"AW", "CW", "SX", "TC", "GF", "BL", "MF", "BQ"}


def test_bermuda_is_listed_as_a_caricom_associate_member():
    assert COUNTRIES["BM"].memberships == {"CARICOM-associate"}


# --- Themes, goals, languages and their French names --------------------------------------------


def test_there_are_eighteen_themes_with_kebab_case_english_slugs():
    assert len(themes.THEMES) == 18
    for slug in themes.THEMES:
        assert slug == slug.lower()
        assert all(part.isalpha() for part in slug.split("-"))
    assert "water-sanitation" in themes.THEMES


def test_the_seventeen_sustainable_development_goals_are_numbered_one_to_seventeen():
    assert list(sdgs.SDGS) == list(range(1, 18))
    assert _english(sdgs.SDGS[1]) == "No poverty"
    assert _english(sdgs.SDGS[17]) == "Partnerships for the goals"


def test_the_working_languages_include_the_creoles_and_papiamento():
    assert list(languages.LANGUAGES) == ["fr", "en", "es", "ht", "gcf", "pt", "nl", "pap"]


def test_every_english_label_of_the_reference_lists_has_a_french_translation():
    labels = _reference_labels()
    missing = [label for label in labels if not FRENCH_NAMES.get(label, "").strip()]
    assert not missing
    assert set(FRENCH_NAMES) == set(labels), "FRENCH_NAMES has labels that no list uses"


def test_french_names_agree_with_translations_already_in_the_catalogue():
    catalogue = {
        entry.msgid: entry.msgstr
        for entry in polib.pofile(str(catalogue_path("fr")))
        if not entry.obsolete and entry.msgstr and "fuzzy" not in entry.flags
    }
    disagreements = {
        msgid: (french, catalogue[msgid])
        for msgid, french in FRENCH_NAMES.items()
        if msgid in catalogue and catalogue[msgid] != french
    }
    assert not disagreements
