"""The public lists that grow with the data, in Chromium with axe: the Caribbean partners
(filtered by country, a page at a time), the cooperation by country that leads to them, the
projects catalogue and the trainings, page after page, their live region saying each new count."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from members.models import Country
from tests.projects.factories import PartnerFactory, ProjectFactory
from tests.trainings.factories import RegistrationFactory, SessionFactory, TrainingFactory

pytestmark = pytest.mark.django_db(transaction=True)


def results(page, target: str):
    return page.locator(f"#{target}")


def test_a_visitor_finds_the_partners_of_a_country_from_the_cooperation_by_country(
    live_server, page, checks, territories
):
    haiti, dominica = Country.objects.get(code="HT"), Country.objects.get(code="DM")
    ProjectFactory(countries=["HT"]).caribbean_partners.set(
        [PartnerFactory(name=f"Partenaire haïtien {n:02}", country=haiti) for n in range(23)]
    )
    ProjectFactory(countries=["DM"]).caribbean_partners.set(
        [PartnerFactory(name=f"Partner of Dominica {n}", country=dominica) for n in range(3)]
    )

    page.goto(live_server.url + "/projects/by-country/")
    heading = page.get_by_role("heading", level=1)
    expect(heading).to_have_text("La coopération par pays de la Caraïbe")
    checks.accessible()
    page.get_by_role("row", name="Haïti").get_by_role("link", name="23").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Partenaires caribéens")
    partners = results(page, "partner-results")
    expect(partners.get_by_role("row")).to_have_count(1 + 20)
    expect(partners.get_by_text("Page 1 sur 2")).to_be_visible()
    checks.accessible()

    partners.get_by_role("link", name="Suivant").click()
    expect(partners.get_by_text("Page 2 sur 2")).to_be_visible()
    expect(partners.get_by_role("row")).to_have_count(1 + 3)
    expect(partners.get_by_role("cell", name="Partenaire haïtien 22")).to_be_visible()
    checks.accessible()

    # Another country, chosen in the filter: the results change without reloading the page.
    page.locator("#id_country").select_option("DM")
    expect(partners.get_by_role("cell", name="Partner of Dominica 0")).to_be_visible()
    expect(partners.get_by_role("row")).to_have_count(1 + 3)
    # The whole form's query, the regional organisation left empty.
    expect(page).to_have_url(live_server.url + "/projects/partners/?country=DM&member_of=")
    checks.accessible()
    page.get_by_role("link", name="Réinitialiser").click()
    expect(results(page, "partner-results").get_by_text("Page 1 sur 2")).to_be_visible()


def test_a_visitor_reads_the_projects_and_the_trainings_page_after_page(
    live_server, page, checks, territories
):
    for n in range(23):
        ProjectFactory(title=f"Projet {n:02}", countries=["HT"] if n % 2 else ["LC"])
    now = timezone.now()
    for n in range(22):
        starts = now + timedelta(days=3 + n)
        session = SessionFactory(
            training=TrainingFactory(
                title=f"Formation {n:02}",
                territory=territories["martinique" if n % 8 == 0 else "guadeloupe"],
            ),
            starts_at=starts,
            ends_at=starts + timedelta(hours=3),
            registration_deadline=starts - timedelta(days=1),
            capacity=4,
        )
        RegistrationFactory(session=session)

    page.goto(live_server.url + "/projects/")
    catalogue = results(page, "project-results")
    # The count is said by a live region that stays in place (role=status), outside the results
    # htmx replaces: its text changes, so screen readers announce it.
    status = page.locator("#project-status")
    expect(status).to_have_attribute("role", "status")
    expect(status).to_have_text("23 projets trouvés")
    checks.accessible()
    catalogue.get_by_role("link", name="Suivant").click()
    expect(catalogue.get_by_text("Page 2 sur 2")).to_be_visible()
    expect(catalogue.get_by_role("listitem")).to_have_count(3)
    checks.accessible()
    page.locator("#id_country").select_option("HT")
    expect(status).to_have_text("11 projets trouvés")
    expect(catalogue.get_by_role("listitem")).to_have_count(11)
    checks.accessible()

    page.goto(live_server.url + "/trainings/")
    sessions = results(page, "session-results")
    status = page.locator("#session-status")
    expect(status).to_have_attribute("role", "status")
    expect(status).to_have_text("22 sessions")
    expect(sessions.get_by_text("1 places prises sur 4").first).to_be_visible()
    checks.accessible()
    sessions.get_by_role("link", name="Suivant").click()
    expect(sessions.get_by_text("Page 2 sur 2")).to_be_visible()
    expect(sessions.get_by_role("link", name="Formation 21")).to_be_visible()
    checks.accessible()
    page.locator("#id_territory").select_option("martinique")
    expect(status).to_have_text("3 sessions")
    expect(sessions.get_by_role("listitem")).to_have_count(3)
    checks.accessible()
