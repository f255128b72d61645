import csv
import io

import pytest
from openpyxl import Workbook

from members.models import Commune
from tests.members.factories import OrganisationFactory

HEADERS = [
    "Nom",
    "Sigle",
    "Type de structure",
    "SIRET",
    "N° RNA",
    "Commune",
    "Code postal",
    "Téléphone",
    "Courriel",
    "Thématiques",
    "Pays",
    "Activités",
    "Nom du contact",
    "Courriel du contact",
]


def spreadsheet_row(**values) -> list[str]:
    """A row of the test spreadsheet, its cells by header; what is not given is a valid
    association of Pointe-à-Pitre working on health with Haiti."""
    row = {
        "Nom": "Association Exemple",
        "Sigle": "",
        "Type de structure": "Association",
        "SIRET": "",
        "N° RNA": "",
        "Commune": "Pointe-à-Pitre",
        "Code postal": "97110",
        "Téléphone": "0590 12 34 56",
        "Courriel": "contact@exemple.org",
        "Thématiques": "Santé",
        "Pays": "Haïti",
        "Activités": "Solidarité avec la Caraïbe.",
        "Nom du contact": "",
        "Courriel du contact": "",
    }
    row.update(values)
    return [row[header] for header in HEADERS]


def csv_bytes(rows: list[list[str]], headers=HEADERS, *, delimiter=";", encoding="utf-8-sig"):
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter)
    writer.writerow(headers)
    writer.writerows(rows)
    return buffer.getvalue().encode(encoding)


def xlsx_bytes(rows: list[list], headers=HEADERS) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@pytest.fixture
def existing(guadeloupe):
    """A record of the census the file repeats: by its SIRET, and by its name."""
    organisation = OrganisationFactory(
        name="Caraïbes Solidarité",
        territory=guadeloupe,
        commune=Commune.objects.get(territory=guadeloupe, name="Pointe-à-Pitre"),
        siret="73282932000074",
        email="",
        phone="",
    )
    return organisation


def valid_siret(number: int) -> str:
    """A SIRET that passes the Luhn checks: SIREN from `number`, establishment 0001x."""
    from stdnum import luhn

    siren = f"{number:08d}"
    siren += luhn.calc_check_digit(siren)
    nic = "0001"
    return siren + nic + luhn.calc_check_digit(siren + nic)


THEME_CELLS = ["Santé", "Éducation; Culture", "Environnement", "Eau et assainissement", "Jeunesse"]
COUNTRY_CELLS = ["Haïti", "Haiti", "HT", "Sainte-Lucie, Dominique", "Cuba", ""]
WORDS = [
    "Kalinago",
    "Mangrove",
    "Alizés",
    "Colibri",
    "Flamboyant",
    "Zandoli",
    "Balisier",
    "Madras",
    "Caraïbe",
    "Lambi",
    "Hibiscus",
    "Fromager",
    "Anoli",
    "Gwoka",
    "Bèlè",
]


def network_rows(communes, count: int, *, start: int = 0) -> list[list[str]]:
    """`count` valid rows of distinct organisations spread over `communes` (Commune rows),
    their commune written as people write it (upper case, no accents, "St" for Saint)."""
    from toolbox.text import normalize_text

    rows = []
    for index in range(start, start + count):
        commune = communes[index % len(communes)]
        written = commune.name
        if index % 3 == 1:
            written = normalize_text(written).upper()
        elif index % 3 == 2:
            written = written.replace("Saint-", "St ").replace("Sainte-", "Ste ")
        word = WORDS[index % len(WORDS)]
        rows.append(
            spreadsheet_row(
                Nom=f"{word} solidarité n° {index + 1} {WORDS[(index // 15) % len(WORDS)]}",
                Sigle="",
                SIRET=valid_siret(30_000_000 + index) if index % 4 == 0 else "",
                Commune=written,
                **{
                    "Code postal": commune.postal_code_list[0],
                    "Téléphone": f"0696 {20 + index % 70:02d} {index % 100:02d} {index % 97:02d}",
                    "Courriel": f"contact{index}@exemple.org",
                    "Thématiques": THEME_CELLS[index % len(THEME_CELLS)],
                    "Pays": COUNTRY_CELLS[index % len(COUNTRY_CELLS)],
                    "Nom du contact": f"Personne {index}" if index % 2 == 0 else "",
                    "Courriel du contact": f"personne{index}@exemple.org" if index % 2 == 0 else "",
                },
            )
        )
    return rows
