"""Martinique's coordinator imports the network's spreadsheet of 100 actors: duplicates of the
census and of the file itself, invalid cells, postal codes shared by several communes. They
map the columns, choose the communes, resolve the duplicates, import, read the report and
download the rejected rows, then undo the import; every page passes axe."""

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from imports.enums import ImportStatus
from imports.models import Import, SavedMapping
from members.models import Commune, ContactPerson, Organisation
from tests.browser.helpers import log_in
from tests.imports.conftest import HEADERS, network_rows, spreadsheet_row, valid_siret, xlsx_bytes
from tests.members import factories
from tests.members.factories import OrganisationFactory

pytestmark = pytest.mark.django_db(transaction=True)


def hundred_rows(martinique) -> list[list[str]]:
    communes = list(Commune.objects.filter(territory=martinique).order_by("insee_code"))
    rows = network_rows(communes, 90)
    # A list with one piece no vocabulary knows: kept, the piece left out and said.
    rows[5][HEADERS.index("Thématiques")] = "Santé, Pétanque"
    rows += [
        # 92: the census's record with this SIRET; 93: a close name in the same commune;
        # 94: line 2 again (its SIRET too).
        spreadsheet_row(
            Nom="Association des amis de Jacmel",
            SIRET=f"{valid_siret(999)[:3]} {valid_siret(999)[3:]}",
            Commune="Fort-de-France",
            **{"Code postal": "97200", "Téléphone": "0596 60 12 34"},
        ),
        spreadsheet_row(
            Nom="KARIB SOLIDARITE",
            Commune="Le Lamentin",
            **{"Code postal": "97232", "Téléphone": "0596 60 12 35"},
        ),
        rows[0],
        # 95–99: invalid cells.
        spreadsheet_row(
            Nom="Numéro faux",
            SIRET="123 456 789 00000",
            Commune="Le Robert",
            **{"Code postal": "97231", "Téléphone": "0596 60 12 36"},
        ),
        spreadsheet_row(
            Nom="Téléphone faux", Commune="Le Robert", **{"Code postal": "97231", "Téléphone": "12"}
        ),
        spreadsheet_row(Nom="Ailleurs", Commune="Paris", **{"Code postal": ""}),
        spreadsheet_row(
            Nom="Adresse fausse",
            Courriel="pas-une-adresse",
            Commune="Le Robert",
            **{"Code postal": "97231", "Téléphone": "0596 60 12 37"},
        ),
        spreadsheet_row(
            Nom="Fondation inconnue",
            Commune="Le Robert",
            **{
                "Code postal": "97231",
                "Type de structure": "Fondation royale",
                "Téléphone": "0596 60 12 38",
            },
        ),
        # 100, 101: postal codes of several communes, no commune named.
        spreadsheet_row(
            Nom="Côte Caraïbe Jeunesse",
            Commune="",
            **{"Code postal": "97250", "Téléphone": "0596 60 12 39"},
        ),
        spreadsheet_row(
            Nom="Bellefontaine Échanges",
            Commune="",
            **{"Code postal": "97222", "Téléphone": "0596 60 12 40"},
        ),
    ]
    # A column of notes the portal has no field for, and one it is given by hand.
    return [[*row, f"note {index}"] for index, row in enumerate(rows)]


def test_a_coordinator_imports_reviews_reports_and_undoes_a_spreadsheet(
    live_server, page, checks, territories, tmp_path
):
    martinique = territories["martinique"]
    lamentin = Commune.objects.get(territory=martinique, name="Le Lamentin")
    by_siret = OrganisationFactory(
        name="Amitiés Martinique Haïti",
        territory=martinique,
        commune=Commune.objects.get(territory=martinique, name="Fort-de-France"),
        siret=valid_siret(999),
        email="",
    )
    OrganisationFactory(name="Karib Solidarité", territory=martinique, commune=lamentin)
    coordinator = factories.coordinator(martinique)
    file = tmp_path / "acteurs-martinique.xlsx"
    file.write_bytes(xlsx_bytes(hundred_rows(martinique), headers=[*HEADERS, "Observations"]))
    log_in(page, live_server, coordinator, totp=True)

    page.locator('a[href="/imports/"]').first.click()
    expect(page).to_have_url(live_server.url + "/imports/")
    checks.accessible()
    page.locator('a[href="/imports/new/"]').click()
    checks.accessible()
    page.locator("#id_file").set_input_files(file)
    page.locator("form.record-form button[type=submit]").click()

    # The usual headers are recognised; the notes are left out unless chosen.
    expect(page).to_have_url(f"{live_server.url}/imports/{Import.objects.get().pk}/mapping/")
    source = Import.objects.get()
    expect(page.locator("h1")).to_contain_text("acteurs-martinique.xlsx")
    assert page.locator("#id_column_0").input_value() == "name"
    assert page.locator("#id_column_9").input_value() == "themes"
    assert page.locator("#id_column_13").input_value() == "contact_email"
    assert page.locator("#id_column_14").input_value() == ""
    checks.accessible()
    page.locator("#id_column_14").select_option("description")
    page.locator("#id_save_as").fill("Tableur du réseau")
    page.locator("form.record-form button[type=submit]").click()

    # The review: 90 new rows, 3 duplicates, 7 invalid (2 of them for a commune to choose).
    expect(page).to_have_url(f"{live_server.url}/imports/{source.pk}/")
    assert SavedMapping.objects.get().name == "Tableur du réseau"
    expect(page.locator('a[href="?show=new"]')).to_contain_text("(90)")
    expect(page.locator('a[href="?show=duplicate"]')).to_contain_text("(3)")
    expect(page.locator('a[href="?show=invalid"]')).to_contain_text("(7)")
    expect(page.locator('a[href="?show=choose"]')).to_contain_text("(2)")
    expect(page.locator("#line-7")).to_contain_text("Pétanque")
    checks.accessible()

    page.locator('a[href="?show=invalid"]').click()
    expect(page.locator("#line-95")).to_contain_text("SIRET")
    expect(page.locator("#line-96 .row-problems")).to_be_visible()
    expect(page.locator("#line-97")).to_contain_text("Paris")
    expect(page.locator("#line-100 select")).to_be_visible()
    checks.accessible()

    page.locator('a[href="?show=choose"]').click()
    page.locator("#id_commune_100").select_option(label="Saint-Pierre")
    page.locator("#id_commune_101").select_option(label="Case-Pilote")
    page.locator("button[name=save]").click()
    expect(page.locator('a[href="?show=choose"]')).to_contain_text("(0)")
    expect(page.locator('a[href="?show=new"]')).to_contain_text("(92)")
    checks.accessible()

    # The duplicates, each shown with the record it repeats: merge the SIRET's, skip the close
    # name; the line repeating line 2 is skipped.
    page.locator('a[href="?show=duplicate"]').click()
    expect(page.locator("#line-92")).to_contain_text("Amitiés Martinique Haïti")
    expect(page.locator("#line-93")).to_contain_text("Karib Solidarité")
    expect(page.locator("#line-94")).to_contain_text("2")
    assert page.locator("input[name=decision_92][value=merge]").is_checked()
    page.locator("input[name=decision_93][value=skip]").check()
    # Its SIRET is line 2's: it can only be skipped.
    expect(page.locator("input[name=decision_94]")).to_have_count(0)
    checks.accessible()
    page.locator("input[name=record_status][value=active]").check()
    page.locator("button[name=start]").click()

    # The report.
    expect(page.locator(".report-counts")).to_contain_text("92")
    figures = page.locator(".report-counts td").all_inner_texts()
    assert figures == ["92", "1", "2", "5"]
    checks.accessible()
    assert Organisation.objects.filter(territory=martinique).count() == 94
    created = Organisation.objects.get(name="Côte Caraïbe Jeunesse")
    assert created.commune.name == "Saint-Pierre"
    assert created.status == Organisation.Status.ACTIVE
    assert not ContactPerson.objects.filter(organisation__territory=martinique).public().exists()
    by_siret.refresh_from_db()
    assert by_siret.email == "contact@exemple.org"
    with page.expect_download() as download:
        page.locator(f'a[href="/imports/{source.pk}/rejected.xlsx"]').click()
    download.value.save_as(tmp_path / "rejets.xlsx")
    lines = list(load_workbook(tmp_path / "rejets.xlsx").active.iter_rows(values_only=True))
    assert [line[0] for line in lines[1:]] == [95, 96, 97, 98, 99]
    assert all(line[-1] for line in lines[1:]), "each rejected row says why"

    # Undo: the created records go, the merged one gets its empty email back.
    page.locator(f'a[href="/imports/{source.pk}/undo/"]').click()
    checks.accessible()
    page.locator("form button.button-danger").click()
    expect(page.locator(".lead")).to_contain_text("Annulé")
    checks.accessible()
    source.refresh_from_db()
    assert source.status == ImportStatus.UNDONE
    assert Organisation.objects.filter(territory=martinique).count() == 2
    by_siret.refresh_from_db()
    assert by_siret.email == ""
