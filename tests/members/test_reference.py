from datetime import date

import polib
import pytest
from django.utils import translation

from members.enums import PARTICIPATING, MembershipStatus, RegionalOrganisation
from members.models import Country as CountryRecord
from members.reference import caribbean, languages, sdgs, themes
from members.reference.caribbean import COUNTRIES, HOME_TERRITORY_MEMBERSHIPS, SOURCES
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
        *caribbean.ACRONYMS.values(),
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


def statuses(code: str) -> dict[str, str]:
    return {m.organisation: m.status for m in COUNTRIES[code].memberships}


def codes(organisation: str, *wanted: MembershipStatus) -> set[str]:
    return {c.code for c in caribbean.members_of(organisation, statuses=set(wanted))}


def test_the_home_territories_are_not_partners_and_keep_their_own_standing():
    assert "GP" not in COUNTRIES
    assert "MQ" not in COUNTRIES
    home = {
        slug: {m.organisation: m.status for m in memberships}
        for slug, memberships in HOME_TERRITORY_MEMBERSHIPS.items()
    }
    assert home == {
        "guadeloupe": {"OECS": "associate", "CARICOM": "applicant", "ACS": "associate"},
        "martinique": {"OECS": "associate", "CARICOM": "pending", "ACS": "associate"},
    }


def test_every_membership_has_a_known_organisation_a_status_and_a_cited_source():
    every = [m for c in COUNTRIES.values() for m in c.memberships]
    every += [m for ms in HOME_TERRITORY_MEMBERSHIPS.values() for m in ms]
    for membership in every:
        assert membership.organisation in RegionalOrganisation.values
        assert membership.status in MembershipStatus.values
        assert membership.source in SOURCES, membership
        assert ":" in membership.token
        assert " " not in membership.token
    assert {m.source for m in every} == set(SOURCES), "a source no membership cites"
    for source in SOURCES.values():
        assert source.url.startswith("https://")
        assert isinstance(source.checked, date)
        assert source.says


def test_no_country_holds_two_standings_in_the_same_organisation():
    for country in COUNTRIES.values():
        organisations = [m.organisation for m in country.memberships]
        assert len(organisations) == len(set(organisations)), country
        assert organisations == [o for o in caribbean.ORGANISATIONS if o in organisations]


def test_haiti_and_dominica_belong_to_the_organisations_their_pages_list():
    assert statuses("HT") == {"CARICOM": "member", "ACS": "member"}
    assert statuses("DM") == {"OECS": "member", "CARICOM": "member", "ACS": "member"}


def test_the_oecs_has_seven_protocol_members_and_saint_martin_among_its_associates():
    member, associate = MembershipStatus.MEMBER, MembershipStatus.ASSOCIATE
    assert codes("OECS", member) == {"AG", "DM", "GD", "MS", "KN", "LC", "VC"}
    # Plus Guadeloupe and Martinique, the home territories.
    assert codes("OECS", associate) == {"AI", "VG", "MF"}
    assert {m.source for m in COUNTRIES["MF"].memberships} == {
        "oecs-saint-martin",
        "acs-saint-martin",
    }


def test_caricom_has_fifteen_members_six_associates_and_applicants_not_yet_admitted():
    member, associate = MembershipStatus.MEMBER, MembershipStatus.ASSOCIATE
    assert len(codes("CARICOM", member)) == 15
    assert {"HT", "SR", "MS", "BS", "BZ", "GY"} <= codes("CARICOM", member)
    assert codes("CARICOM", associate) == {"AI", "BM", "VG", "KY", "TC", "CW"}
    assert codes("CARICOM", MembershipStatus.APPLICANT) == {"DO", "GF", "SX"}
    assert codes("CARICOM", MembershipStatus.PENDING) == set(), "Martinique, a home territory"


def test_the_acs_has_twenty_five_member_states_and_its_represented_territories():
    member, associate = MembershipStatus.MEMBER, MembershipStatus.ASSOCIATE
    assert len(codes("ACS", member)) == 25
    assert {"MX", "CO", "VE", "GT", "HN", "SV", "NI", "CR", "PA", "CU", "DO"} <= codes(
        "ACS", member
    )
    assert codes("ACS", associate) == {"AW", "CW", "SX", "TC", "VG", "MF"}
    assert codes("ACS", MembershipStatus.THROUGH_FRANCE) == {"GF", "BL"}
    assert codes("ACS", MembershipStatus.THROUGH_NETHERLANDS) == {"BQ"}
    # Ten associate members: these, Guadeloupe, Martinique, France and the Netherlands.
    assert len(codes("ACS", associate)) + 2 + 2 == 10


def test_the_filters_count_members_associates_and_represented_territories_not_applicants():
    assert {"member", "associate", "through-france", "through-netherlands"} == PARTICIPATING
    assert "DO" not in caribbean.member_codes("CARICOM"), "an applicant"
    assert "DO" in caribbean.member_codes("ACS")
    assert {"GF", "BL", "BQ", "MF"} <= set(caribbean.member_codes("ACS"))
    assert set(caribbean.member_codes("OECS")) == {
        "AG", "DM", "GD", "MS", "KN", "LC", "VC", "AI", "VG", "MF"
    }  # fmt: skip


def test_stored_tokens_read_back_as_the_same_memberships_in_the_organisations_order():
    stored = caribbean.tokens(COUNTRIES["CW"].memberships)
    assert stored == "CARICOM:associate ACS:associate"
    assert [(m.organisation, m.status) for m in caribbean.parse(stored)] == [
        ("CARICOM", "associate"),
        ("ACS", "associate"),
    ]
    # A token no longer known is left out rather than shown wrong.
    assert [m.token for m in caribbean.parse("ACS:member OECS:observer XYZ:member")] == [
        "ACS:member"
    ]
    longest = max(len(caribbean.tokens(c.memberships)) for c in COUNTRIES.values())
    assert longest <= CountryRecord._meta.get_field("memberships").max_length


@pytest.mark.django_db
def test_the_database_holds_each_countrys_memberships_after_migrate(territories):
    """members.signals writes them after every migrate: no data migration is needed."""
    stored = dict(CountryRecord.objects.values_list("code", "memberships"))
    assert stored == {code: caribbean.tokens(c.memberships) for code, c in COUNTRIES.items()}
    gf = CountryRecord.objects.get(code="GF")
    with translation.override("en"):
        shown = [(str(m.acronym), str(m.status_label)) for m in gf.membership_list]
    assert shown == [
        ("CARICOM", "applicant"),
        ("ACS", "associate member through France"),
    ]
    assert [m.name for m in gf.membership_list] == [
        caribbean.ORGANISATIONS["CARICOM"],
        caribbean.ORGANISATIONS["ACS"],
    ]


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
