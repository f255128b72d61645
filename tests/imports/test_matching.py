"""Reading a network's spreadsheet: headers to fields, cells to themes, countries, kinds and
communes (imports/matching.py)."""

import pytest
from django.utils import translation

from imports.fields import FIELDS
from imports.matching import (
    COUNTRY_SYNONYMS,
    HEADER_SYNONYMS,
    KIND_SYNONYMS,
    THEME_SYNONYMS,
    CommuneIndex,
    Matched,
    guess_mapping,
    match_countries,
    match_kind,
    match_themes,
    split_list,
)
from members.enums import OrganisationKind
from members.models import Commune, Territory
from members.reference.caribbean import COUNTRIES
from members.reference.standard_codes import COUNTRY_ALPHA3
from members.reference.themes import THEMES
from members.reference.translations_fr import FRENCH_NAMES
from rrma.exports import COLUMNS


@pytest.fixture
def english():
    """Messages compared in English, the source text, whatever the French catalogue says."""
    with translation.override("en"):
        yield


def _source(label) -> str:
    with translation.override(None):
        return str(label)


def _french(label) -> str:
    with translation.override("fr"):
        return str(label)


# Headers


def test_the_usual_french_headers_are_mapped_to_their_fields():
    headers = [
        "Nom de la structure",
        "Sigle",
        "Type de structure",
        "N° SIRET",
        "N° RNA",
        "Année de création",
        "Adresse",
        "Code postal",
        "Commune",
        "Code INSEE",
        "Description",
        "Description complète",
        "Thématiques",
        "Pays partenaires",
        "Courriel",
        "Téléphone",
        "Site internet",
        "Facebook",
        "Nom du contact",
        "Fonction du contact",
        "Courriel du contact",
        "Téléphone du contact",
    ]
    assert guess_mapping(headers) == list(FIELDS)


def test_case_accents_punctuation_and_spaces_do_not_matter_in_headers():
    headers = ["  NOM DE LA STRUCTURE ", "n° siret", "No RNA", "Tel.", "e-mail", "Code Postal*"]
    assert guess_mapping(headers) == ["name", "siret", "rna", "phone", "email", "postal_code"]


def test_a_field_is_never_given_to_two_columns_the_first_wins():
    headers = ["Nom", "Raison sociale", "Type", "Statut", "Courriel", "Mail"]
    assert guess_mapping(headers) == ["name", "", "kind", "", "email", ""]


def test_the_contacts_phone_is_not_the_organisations_phone():
    assert guess_mapping(["Téléphone du contact", "Téléphone"]) == ["contact_phone", "phone"]
    assert guess_mapping(["Tél. contact", "Tél"]) == ["contact_phone", "phone"]


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("Courriel contact", "contact_email"),
        ("E-mail du contact", "contact_email"),
        ("Mail du référent", "contact_email"),
        ("Personne à contacter : courriel", "contact_email"),
        ("Portable du responsable", "contact_phone"),
        ("Nom du président", "contact_name"),
        ("Personnes à contacter", "contact_name"),
        ("Contact principal", "contact_name"),
        ("Fonction du référent", "contact_role"),
    ],
)
def test_a_header_naming_the_contact_person_holds_the_contacts_field(header, field):
    assert guess_mapping([header]) == [field]


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("Sigle de la structure", "acronym"),
        ("Type d'organisation", "kind"),
        ("Courriel de l'association", "email"),
        ("Adresse mail de la structure", "email"),
        ("Adresse du siège social", "address"),
        ("Commune (code INSEE)", "insee_code"),
        ("Nom de la commune", "commune"),
        ("Site Facebook", "facebook"),
        ("Numéro de téléphone", "phone"),
        ("Thématique principale", "themes"),
    ],
)
def test_a_header_holding_a_synonym_takes_the_longest_one(header, field):
    assert guess_mapping([header]) == [field]


def test_headers_naming_no_field_are_left_unmapped():
    assert guess_mapping(["", None, "Observations", "N°", "Adresse du contact"]) == [""] * 5


@pytest.mark.parametrize(
    ("field", "synonym"),
    [(field, synonym) for field, synonyms in HEADER_SYNONYMS.items() for synonym in synonyms],
)
def test_every_header_synonym_is_read_as_its_field(field, synonym):
    assert guess_mapping([synonym]) == [field]


def test_a_census_export_of_the_portal_is_read_back():
    headers = [label for _key, label in COLUMNS]
    mapping = dict(zip(headers, guess_mapping(headers), strict=True))
    assert mapping == {
        "Nom": "name",
        "Sigle": "acronym",
        "Type": "kind",
        "Statut": "",  # the record's status, after the kind
        "Territoire": "",
        "Commune": "commune",
        "SIRET": "siret",
        "RNA": "rna",
        "Courriel": "email",
        "Téléphone": "phone",
        "Thématiques": "themes",
        "Pays de la Caraïbe": "countries",
        "Personnes à contacter": "contact_name",
        "Fiche confirmée le": "",
    }


@pytest.mark.parametrize("language", [None, "fr"])
def test_the_import_fields_own_labels_are_read_as_their_fields(language):
    with translation.override(language):
        labels = [str(label) for label in FIELDS.values()]
    assert guess_mapping(labels) == list(FIELDS)


# Lists


def test_a_list_is_split_on_the_usual_separators():
    text = "Santé, Éducation; Eau / Culture | Sport + Jeunesse\nNumérique\r\nÉnergie"
    assert split_list(text) == [
        *("Santé", "Éducation", "Eau", "Culture"),
        *("Sport", "Jeunesse", "Numérique", "Énergie"),
    ]


def test_a_list_is_never_split_on_and():
    assert split_list("Eau et assainissement") == ["Eau et assainissement"]
    assert split_list("Trinité-et-Tobago, Antigua and Barbuda") == [
        "Trinité-et-Tobago",
        "Antigua and Barbuda",
    ]


def test_empty_pieces_of_a_list_are_dropped():
    assert split_list(" , ;; |\n ") == []
    assert split_list("") == []
    assert split_list(None) == []


# Themes


def test_themes_are_matched_by_their_french_names():
    assert match_themes("Santé, Éducation") == Matched(
        codes=["health", "education-training"], unknown=[]
    )


def test_a_theme_label_holding_and_is_one_theme():
    assert match_themes("Eau et assainissement") == Matched(codes=["water-sanitation"], unknown=[])
    assert match_themes("Développement économique et économie sociale et solidaire").codes == [
        "economic-development"
    ]


def test_themes_joined_by_and_in_one_piece_are_each_matched():
    assert match_themes("Santé et éducation").codes == ["health", "education-training"]


def test_an_unknown_theme_is_reported_as_written():
    matched = match_themes("Santé ; Pêche sous-marine ; santé")
    assert matched.codes == ["health"]
    assert matched.unknown == ["Pêche sous-marine"]


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("SANTE", "health"),
        ("formation professionnelle", "education-training"),
        ("Égalité femmes-hommes", "gender-equality"),
        ("Egalite femmes hommes", "gender-equality"),
        ("Océans", "biodiversity-oceans"),
        ("océan", "biodiversity-oceans"),
        ("Risques", "disaster-risk-humanitarian"),
        ("ESS", "economic-development"),
        ("Economie sociale & solidaire", "economic-development"),
        ("Education a la citoyennete", "global-citizenship-education"),
        ("ECSI", "global-citizenship-education"),
        ("énergies", "energy"),
        ("water-sanitation", "water-sanitation"),
        ("Youth and mobility", "youth-mobility"),
    ],
)
def test_themes_ignore_case_accents_hyphens_and_plurals(text, code):
    assert match_themes(text).codes == [code]


def test_every_theme_is_matched_by_its_code_and_its_labels():
    for code, label in THEMES.items():
        french = FRENCH_NAMES[_source(label)]
        for text in (code, _source(label), french, _french(label)):
            assert match_themes(text) == Matched(codes=[code], unknown=[]), text


def test_every_theme_synonym_is_matched():
    for code, words in THEME_SYNONYMS.items():
        for word in words:
            assert match_themes(word).codes == [code], word


def test_education_and_citizenship_education_are_different_themes():
    matched = match_themes("Éducation, Éducation à la citoyenneté, Enseignement supérieur")
    assert matched.codes == [
        "education-training",
        "global-citizenship-education",
        "research-higher-education",
    ]


# Countries


@pytest.mark.parametrize(
    "text", ["Haiti", "Haïti", "HT", "HTI", "haïti ", "HAITI", "Haití", "Ayiti", "ht"]
)
def test_haiti_is_found_however_it_is_written(text):
    assert match_countries(text) == Matched(codes=["HT"], unknown=[])


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("République dominicaine", "DO"),
        ("Rép. dominicaine", "DO"),
        ("República Dominicana", "DO"),
        ("Sainte-Lucie", "LC"),
        ("Ste Lucie", "LC"),
        ("St Lucia", "LC"),
        ("Santa Lucía", "LC"),
        ("Trinité-et-Tobago", "TT"),
        ("Trinidad y Tobago", "TT"),
        ("Trinidad", "TT"),
        ("St Vincent", "VC"),
        ("Saint-Vincent-et-les-Grenadines", "VC"),
        ("Dominique", "DM"),
        ("Dominica", "DM"),
        ("St-Kitts-et-Nevis", "KN"),
        ("Iles Vierges britanniques", "VG"),
        ("Guyane", "GF"),
        ("Guyana", "GY"),
        ("Saint-Martin", "MF"),
        ("Sint Maarten", "SX"),
        ("Porto Rico", "PR"),
        ("Colombia", "CO"),
        ("Vénézuela", "VE"),
    ],
)
def test_countries_are_matched_by_names_in_french_english_and_spanish(text, code):
    assert match_countries(text).codes == [code]


@pytest.mark.parametrize("text", ["Guadeloupe", "Martinique", "GP", "MQ", "GLP", "MTQ"])
def test_the_home_territories_are_no_partner_countries(text):
    assert match_countries(text) == Matched(codes=[], unknown=[text])


def test_dom_is_not_guessed_to_be_the_dominican_republic():
    assert match_countries("DOM").unknown == ["DOM"]


def test_a_list_of_countries_keeps_its_order_without_duplicates():
    matched = match_countries("Haïti, Cuba ; HT / Guadeloupe | Dominique + Haïti et Jamaïque")
    assert matched == Matched(codes=["HT", "CU", "DM", "JM"], unknown=["Guadeloupe"])


def test_a_country_name_holding_a_comma_is_still_one_country():
    # Split on its comma, "Bonaire" and "Saint-Eustache et Saba" each name the same country.
    assert match_countries("Bonaire, Saint-Eustache et Saba") == Matched(codes=["BQ"], unknown=[])


def test_every_country_is_matched_by_its_codes_and_names():
    for code, country in COUNTRIES.items():
        english = _source(country.name)
        texts = [code, english, FRENCH_NAMES[english], _french(country.name)]
        if COUNTRY_ALPHA3[code] != "DOM":
            texts.append(COUNTRY_ALPHA3[code])
        for text in texts:
            assert match_countries(text) == Matched(codes=[code], unknown=[]), text


def test_every_country_synonym_is_matched():
    for code, words in COUNTRY_SYNONYMS.items():
        for word in words:
            assert match_countries(word).codes == [code], word


# Kinds


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Asso", "association"),
        ("Association loi 1901", "association"),
        ("ASSOCIATION CULTURELLE", "association"),
        ("Collectivité territoriale", "local-authority"),
        ("Mairie", "local-authority"),
        ("Commune de Baie-Mahault", "local-authority"),
        ("Conseil départemental", "local-authority"),
        ("Conseil régional", "local-authority"),
        ("EPCI", "local-authority"),
        ("Communauté d'agglomération", "local-authority"),
        ("Établissement public", "public-institution"),
        ("EPIC", "public-institution"),
        ("Lycée", "school"),
        ("Etablissement scolaire", "school"),
        ("Établissement public local d'enseignement", "school"),
        ("Université des Antilles", "higher-education"),
        ("Enseignement supérieur", "higher-education"),
        ("Centre de formation", "vocational-training"),
        ("CFA", "vocational-training"),
        ("SARL", "company"),
        ("sas", "company"),
        ("Société", "company"),
        ("Autre", "other"),
    ],
)
def test_kinds_are_matched_by_the_words_actors_use(text, kind):
    assert match_kind(text) == kind


def test_every_kind_is_matched_by_its_value_and_labels():
    for kind in OrganisationKind:
        for text in (kind.value, _source(kind.label), _french(kind.label)):
            assert match_kind(text) == kind.value, text


def test_the_french_labels_of_kinds_are_matched_even_without_the_catalogue():
    assert match_kind("Université ou établissement d’enseignement supérieur") == "higher-education"
    assert match_kind("Organisme de formation professionnelle") == "vocational-training"
    assert match_kind("Collectivité") == "local-authority"


def test_every_kind_synonym_is_matched():
    for kind, words in KIND_SYNONYMS.items():
        for word in words:
            assert match_kind(word) == kind, word


@pytest.mark.parametrize("text", ["", "   ", None, "Club de lecture", "Fondation"])
def test_an_unrecognised_kind_is_none(text):
    assert match_kind(text) is None


# Communes


@pytest.fixture
def in_guadeloupe(db) -> CommuneIndex:
    return CommuneIndex(Territory.objects.get(insee_code="971"))


@pytest.fixture
def in_martinique(db) -> CommuneIndex:
    return CommuneIndex(Territory.objects.get(insee_code="972"))


def _found(match) -> str:
    assert match.error == ""
    assert match.candidates == ()
    return match.commune.name


def test_a_commune_is_found_by_its_insee_code(in_guadeloupe):
    assert _found(in_guadeloupe.match(insee_code="97101")) == "Les Abymes"
    assert _found(in_guadeloupe.match(insee_code=" 97 101 ")) == "Les Abymes"


def test_the_insee_code_wins_over_the_postal_code(in_guadeloupe):
    match = in_guadeloupe.match(postal_code="97190", insee_code="97101")
    assert _found(match) == "Les Abymes"


def test_an_insee_code_and_the_name_of_its_commune_find_it(in_guadeloupe):
    match = in_guadeloupe.match(name="Les Abymes", insee_code="97101")
    assert _found(match) == "Les Abymes"


def test_an_insee_code_of_another_commune_than_the_named_one_is_an_error(in_guadeloupe):
    # 97113 is Gourbeyre's postal code and Le Gosier's INSEE code: a column of postal codes
    # taken for INSEE codes.
    match = in_guadeloupe.match(name="Gourbeyre", insee_code="97113")
    assert match.commune is None
    assert "97113" in match.error
    assert "Le Gosier" in match.error


def test_an_unknown_insee_code_is_passed_over_for_the_name(in_guadeloupe):
    assert _found(in_guadeloupe.match(name="Le Moule", insee_code="99999")) == "Le Moule"


@pytest.mark.parametrize(
    ("name", "commune"),
    [
        ("Gosier", "Le Gosier"),
        ("le gosier", "Le Gosier"),
        ("ST FRANCOIS", "Saint-François"),
        ("St-François", "Saint-François"),
        ("Pointe a Pitre", "Pointe-à-Pitre"),
        ("POINTE-A-PITRE CEDEX", "Pointe-à-Pitre"),
        ("97110 Pointe-à-Pitre", "Pointe-à-Pitre"),
        ("PAP", "Pointe-à-Pitre"),
        ("Abymes", "Les Abymes"),
        ("Morne a l’eau", "Morne-à-l'Eau"),
        ("Ste Rose", "Sainte-Rose"),
        ("Désirade", "La Désirade"),
        ("Le Lamentin", "Lamentin"),
        ("Sainte-Anne", "Sainte-Anne"),
    ],
)
def test_a_commune_of_guadeloupe_is_found_by_its_name_however_written(in_guadeloupe, name, commune):
    match = in_guadeloupe.match(name=name)
    assert _found(match) == commune
    assert match.commune.territory.insee_code == "971"


@pytest.mark.parametrize(
    ("name", "commune"),
    [
        ("Schoelcher", "Schœlcher"),
        ("Grand Rivière", "Grand'Rivière"),
        ("Trois Ilets", "Les Trois-Îlets"),
        ("Anses d'Arlet", "Les Anses-d'Arlet"),
        ("FDF", "Fort-de-France"),
        ("Lamentin", "Le Lamentin"),
        ("Ajoupa Bouillon", "L'Ajoupa-Bouillon"),
    ],
)
def test_a_commune_of_martinique_is_found_by_its_name_however_written(in_martinique, name, commune):
    assert _found(in_martinique.match(name=name)) == commune


def test_sainte_anne_is_the_one_of_the_imports_territory(in_guadeloupe, in_martinique):
    assert in_guadeloupe.match(name="Sainte-Anne").commune.insee_code == "97128"
    assert in_martinique.match(name="Ste Anne").commune.insee_code == "97226"


def test_a_postal_code_alone_finds_its_only_commune(in_guadeloupe):
    assert _found(in_guadeloupe.match(postal_code="97190")) == "Le Gosier"
    # Les Abymes has two postal codes.
    assert _found(in_guadeloupe.match(postal_code="97142")) == "Les Abymes"
    # As a spreadsheet reads a number.
    assert _found(in_guadeloupe.match(postal_code="97190.0")) == "Le Gosier"


def test_a_postal_code_shared_by_two_communes_asks_which_one(in_martinique, english):
    match = in_martinique.match(postal_code="97222")
    assert match.commune is None
    assert [c.name for c in match.candidates] == ["Bellefontaine", "Case-Pilote"]
    assert match.error == (
        "The postal code 97222 is shared by Bellefontaine and Case-Pilote: choose the commune."
    )


@pytest.mark.parametrize(
    ("code", "communes"),
    [
        ("97218", ["Basse-Pointe", "Grand'Rivière", "Macouba"]),
        ("97250", ["Fonds-Saint-Denis", "Le Prêcheur", "Saint-Pierre"]),
    ],
)
def test_a_postal_code_shared_by_three_communes_offers_all_three(in_martinique, code, communes):
    match = in_martinique.match(postal_code=code)
    assert match.commune is None
    assert [c.name for c in match.candidates] == communes
    assert code in match.error


@pytest.mark.parametrize(
    ("name", "postal_code", "commune"),
    [
        ("Macouba", "97218", "Macouba"),
        ("St Pierre", "97250", "Saint-Pierre"),
        ("Precheur", "97250", "Le Prêcheur"),
    ],
)
def test_the_name_chooses_among_the_communes_of_a_shared_postal_code(
    in_martinique, name, postal_code, commune
):
    assert _found(in_martinique.match(name=name, postal_code=postal_code)) == commune


def test_a_postal_code_that_is_not_the_named_communes_is_no_error_here(in_guadeloupe):
    # The organisation form reports it, with the commune's own postal codes.
    assert _found(in_guadeloupe.match(name="Le Gosier", postal_code="97110")) == "Le Gosier"


def test_a_district_named_instead_of_the_commune_is_found_by_the_postal_code(in_guadeloupe):
    assert _found(in_guadeloupe.match(name="Jarry", postal_code="97122")) == "Baie-Mahault"


def test_an_unknown_name_with_a_shared_postal_code_asks_which_commune(in_martinique, english):
    match = in_martinique.match(name="Bourg", postal_code="97222")
    assert match.commune is None
    assert [c.name for c in match.candidates] == ["Bellefontaine", "Case-Pilote"]
    assert "“Bourg”" in match.error
    assert "Bellefontaine and Case-Pilote" in match.error


def test_a_commune_of_the_other_territory_is_an_error(in_guadeloupe, english):
    expected = "Fort-de-France is in Martinique, not in Guadeloupe."
    for match in (
        in_guadeloupe.match(name="Fort-de-France"),
        in_guadeloupe.match(insee_code="97209"),
        in_guadeloupe.match(postal_code="97200"),
        in_guadeloupe.match(name="Fort de France", postal_code="97110"),
    ):
        assert match.commune is None
        assert match.candidates == ()
        assert match.error == expected


def test_a_shared_postal_code_of_the_other_territory_is_an_error(in_guadeloupe, english):
    match = in_guadeloupe.match(postal_code="97218")
    assert (match.commune, match.candidates) == (None, ())
    assert match.error == "The postal code 97218 is in Martinique, not in Guadeloupe."


def test_an_unknown_commune_is_an_error(in_guadeloupe, english):
    match = in_guadeloupe.match(name="Paris")
    assert (match.commune, match.candidates) == (None, ())
    assert match.error == "No commune of Guadeloupe is called “Paris”."


def test_an_unknown_postal_or_insee_code_is_an_error(in_guadeloupe, english):
    assert (
        in_guadeloupe.match(postal_code="75001").error
        == "No commune of Guadeloupe has the postal code 75001."
    )
    assert (
        in_guadeloupe.match(insee_code="75056").error
        == "No commune of Guadeloupe has the INSEE code 75056."
    )


@pytest.mark.parametrize("given", [{}, {"name": "  ", "postal_code": "", "insee_code": " "}])
def test_a_row_without_commune_is_an_error(in_guadeloupe, english, given):
    match = in_guadeloupe.match(**given)
    assert (match.commune, match.candidates) == (None, ())
    assert match.error == "Give the commune, its postal code or its INSEE code."


@pytest.mark.django_db
def test_the_commune_index_reads_the_communes_once_and_never_per_row(django_assert_num_queries):
    territory = Territory.objects.get(insee_code="971")
    with django_assert_num_queries(1):
        index = CommuneIndex(territory)
    with django_assert_num_queries(0):
        found = [
            index.match(name="Gosier"),
            index.match(postal_code="97218"),
            index.match(insee_code="97209"),
            index.match(name="Jarry", postal_code="97122"),
            index.match(name="Paris"),
        ]
        # What a row then reads of its commune is loaded already.
        names = [match.commune.territory.name for match in found if match.commune]
    assert names == ["Guadeloupe", "Guadeloupe"]
    assert Commune.objects.count() == 66


@pytest.mark.django_db
def test_matching_lists_and_kinds_never_queries(django_assert_num_queries):
    with django_assert_num_queries(0):
        assert match_themes("Santé, Eau").codes == ["health", "water-sanitation"]
        assert match_countries("Haïti").codes == ["HT"]
        assert match_kind("Association") == "association"
        assert guess_mapping(["Nom"]) == ["name"]
