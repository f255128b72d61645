import pytest
from playwright.sync_api import expect

from members.models import Organisation
from tests.browser.helpers import log_in, log_out
from tests.members import factories

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_new_organisation_is_registered_validated_and_listed(
    live_server, page, checks, territories
):
    applicant = factories.UserFactory(email="nadege@example.org")
    coordinator_gp = factories.coordinator(territories["guadeloupe"])
    coordinator_mq = factories.coordinator(territories["martinique"])

    log_in(page, live_server, applicant)
    checks.accessible()
    page.get_by_role("link", name="Inscrire une structure").click()
    checks.accessible()
    page.locator("#id_name").fill("Association Mangrove et Avenir")
    page.locator("#id_kind").select_option("association")
    page.locator("#id_siret").fill("732 829 320 00075")  # wrong check digit
    page.locator("#id_commune").select_option(label="Sainte-Anne")
    page.locator("#id_short_description").fill("Restauration des mangroves avec la Dominique.")
    page.get_by_label("Environnement et climat").check()
    page.get_by_label("Dominique", exact=True).check()
    page.locator("#id_contact_name").fill("Nadège Calixte")
    page.get_by_role("button", name="Inscrire la structure").click()
    expect(page.locator("#id_siret_error")).to_contain_text("numéro SIRET valide")
    checks.accessible()
    assert not Organisation.objects.exists()

    page.locator("#id_siret").fill("732 829 320 00074")
    page.get_by_role("button", name="Inscrire la structure").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Association Mangrove et Avenir")
    expect(page.get_by_text("En attente de validation")).to_be_visible()
    checks.accessible()
    organisation = Organisation.objects.get()
    assert organisation.status == "pending"
    assert organisation.siret == "73282932000074"
    log_out(page)

    log_in(page, live_server, coordinator_gp, totp=True)
    expect(page.get_by_text("1 structure en attente de validation")).to_be_visible()
    page.get_by_role("link", name="Ouvrir la file de modération").click()
    checks.accessible()
    page.get_by_role("link", name="Association Mangrove et Avenir").click()
    checks.accessible()
    page.get_by_role("button", name="Valider la structure").click()
    expect(page.get_by_text("Aucune structure n’est en attente de validation.")).to_be_visible()
    checks.accessible()
    log_out(page)

    page.goto(live_server.url + "/directory/?q=mangrove")
    expect(page.get_by_role("link", name="Association Mangrove et Avenir")).to_be_visible()
    checks.accessible()

    log_in(page, live_server, coordinator_mq, totp=True)
    response = page.goto(live_server.url + f"/organisations/{organisation.slug}/moderate/")
    assert response.status == 404
