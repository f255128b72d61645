"""The forms about people in Chromium: registering for a session and cancelling it, inviting
and removing members, asking to join an organisation, the census filter, and the language
switch (logged out and logged in)."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from members.models import Invitation, JoinRequest, Membership, User
from tests.browser.helpers import confirm, expect_error_summary, log_in, log_out
from tests.members import factories
from tests.members.factories import OrganisationFactory, member_of
from tests.trainings.factories import SessionFactory, TrainingFactory
from trainings.models import Registration

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_member_registers_for_a_session_and_cancels_from_my_trainings(
    live_server, page, checks, territories
):
    training = TrainingFactory(title="Interculturalité et coopération caribéenne")
    session = SessionFactory(training=training, capacity=5)
    organisation = OrganisationFactory(name="Jeunesse Karukera")
    participant = member_of(organisation)

    log_in(page, live_server, participant)
    page.goto(live_server.url + "/trainings/")
    checks.accessible()
    page.get_by_role("link", name="Interculturalité et coopération caribéenne").click()
    checks.accessible()
    page.get_by_role("button", name="S’inscrire").click()
    expect(
        page.get_by_text("Vous êtes inscrit\u00a0: un courriel de confirmation vous a été envoyé.")
    ).to_be_visible()
    expect(page.get_by_text("Votre inscription\u00a0: Confirmée")).to_be_visible()
    checks.accessible()
    registration = Registration.objects.get()
    assert (registration.session, registration.user, registration.organisation) == (
        session,
        participant,
        organisation,
    )
    assert registration.status == "confirmed"
    assert mail.outbox[-1].to == [participant.email]

    page.goto(live_server.url + "/trainings/mine/")
    checks.accessible()
    confirm(page, "Annuler mon inscription", "Oui, annuler mon inscription")
    expect(page.get_by_text("L’inscription est annulée.")).to_be_visible()
    checks.accessible()
    registration.refresh_from_db()
    assert registration.status == "cancelled"


def test_an_organisation_admin_invites_someone_and_removes_a_member(
    live_server, page, checks, territories
):
    organisation = OrganisationFactory(name="Solidarité Marie-Galante")
    admin = member_of(organisation, role="admin")
    editor = member_of(organisation, role="editor", first_name="Joël", last_name="Zénon")

    log_in(page, live_server, admin)
    page.goto(f"{live_server.url}/organisations/{organisation.slug}/members/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Membres de Solidarité Marie-Galante")
    checks.accessible()

    page.locator("#id_email").fill("not-an-email")
    page.get_by_role("button", name="Envoyer l’invitation").click()
    expect_error_summary(page, checks)
    expect(page.get_by_role("heading", level=1)).to_have_text("Membres de Solidarité Marie-Galante")
    expect(page.locator("#id_email_error")).to_contain_text("adresse de courriel valide")
    expect(page.locator("#id_email")).to_have_attribute(
        "aria-describedby", re.compile(r"\bid_email_error\b")
    )
    expect(page.locator('.error-summary a[href="#id_email"]')).to_be_visible()
    assert not Invitation.objects.exists()

    page.locator("#id_email").fill("nouvelle.recrue@example.org")
    page.get_by_role("button", name="Envoyer l’invitation").click()
    expect(page.get_by_text("Invitation envoyée à nouvelle.recrue@example.org.")).to_be_visible()
    checks.accessible()
    invitation = Invitation.objects.get()
    assert (invitation.organisation, invitation.email, invitation.role) == (
        organisation,
        "nouvelle.recrue@example.org",
        "editor",
    )
    assert mail.outbox[-1].to == ["nouvelle.recrue@example.org"]

    confirm(page, "Retirer Joël Zénon", "Oui, retirer ce membre")
    expect(page.get_by_text("Joël Zénon ne fait plus partie de la structure.")).to_be_visible()
    checks.accessible()
    assert not Membership.objects.filter(user=editor).exists()
    assert Membership.objects.get(organisation=organisation).user == admin


def test_a_member_asks_to_join_an_organisation_and_its_admin_accepts(
    live_server, page, checks, territories
):
    organisation = OrganisationFactory(name="Caraïbes Horizons")
    admin = member_of(organisation, role="admin")
    applicant = factories.UserFactory(first_name="Nadia", last_name="Hippolyte")

    log_in(page, live_server, applicant)
    page.goto(f"{live_server.url}/organisations/{organisation.slug}/")
    checks.accessible()
    page.get_by_role("link", name="Demander à rejoindre cette structure").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Demander à rejoindre Caraïbes Horizons"
    )
    checks.accessible()
    page.get_by_label("Message aux administrateurs de la structure").fill(
        "Je coordonne les projets jeunesse de la structure."
    )
    page.get_by_role("button", name="Envoyer ma demande").click()
    expect(
        page.get_by_text("Votre demande a été transmise aux administrateurs de la structure.")
    ).to_be_visible()
    expect(page.get_by_text("Votre demande d’adhésion est en attente de réponse.")).to_be_visible()
    checks.accessible()
    join_request = JoinRequest.objects.get()
    assert (join_request.user, join_request.status, join_request.message) == (
        applicant,
        "pending",
        "Je coordonne les projets jeunesse de la structure.",
    )
    assert mail.outbox[-1].to == [admin.email]
    log_out(page)

    log_in(page, live_server, admin)
    page.goto(f"{live_server.url}/organisations/{organisation.slug}/members/")
    expect(page.get_by_text("Je coordonne les projets jeunesse de la structure.")).to_be_visible()
    checks.accessible()
    page.get_by_role("button", name="Accepter", exact=True).click()
    expect(page.get_by_text("Nadia Hippolyte a rejoint la structure.")).to_be_visible()
    checks.accessible()
    assert Membership.objects.get(user=applicant).organisation == organisation


def test_state_services_see_an_invalid_census_date_next_to_its_field(
    live_server, page, checks, territories
):
    OrganisationFactory(name="Association Mangrove et Avenir")
    state = factories.state_services()

    log_in(page, live_server, state, totp=True)
    page.goto(live_server.url + "/census/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Recensement des acteurs")
    checks.accessible()
    page.get_by_label("Fiche confirmée pour la dernière fois avant le").fill("not a date")
    page.get_by_role("button", name="Filtrer").click()
    expect(page.locator("#id_confirmed_before_error")).to_contain_text("date valide")
    expect(page.locator("#id_confirmed_before")).to_have_attribute(
        "aria-describedby", re.compile(r"\bid_confirmed_before_error\b")
    )
    expect_error_summary(page, checks)

    page.goto(live_server.url + "/census/?confirmed_before=abc")
    expect(page.locator("#id_confirmed_before_error")).to_contain_text("date valide")
    checks.accessible()


def test_the_language_switch_works_logged_out(live_server, page, checks, territories):
    page.goto(live_server.url + "/trainings/")
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    page.get_by_role("button", name=re.compile(r"^English")).click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page).to_have_url(re.compile(r"/trainings/$"))
    expect(page.get_by_role("link", name="Log in")).to_be_visible()
    checks.accessible()

    page.get_by_role("button", name=re.compile(r"^Français")).click()
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    expect(page.get_by_role("link", name="Se connecter")).to_be_visible()
    checks.accessible()


def test_the_language_switch_works_logged_in_and_is_remembered_on_the_account(
    live_server, page, checks, territories
):
    member = factories.UserFactory()
    assert member.language == "fr"

    log_in(page, live_server, member)
    page.get_by_role("button", name=re.compile(r"^English")).click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", name="My dashboard")).to_be_visible()
    checks.accessible()
    assert User.objects.get(pk=member.pk).language == "en"

    page.get_by_role("link", name="My account").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    checks.accessible()

    page.get_by_role("button", name=re.compile(r"^Français")).click()
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    expect(page.get_by_role("link", name="Mon compte", exact=True)).to_be_visible()
    checks.accessible()
    assert User.objects.get(pk=member.pk).language == "fr"
