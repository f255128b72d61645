"""The training forms in Chromium, filled as a coordinator fills them: creation with one
session (the extra session row left untouched), saving unchanged, the seat rules on the
sessions, the registrants page (approve, promote, cancel) and the cancellation of a training."""

import re
from datetime import UTC, datetime, timedelta

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from members.demo import DEMO_PASSWORD, DEMO_TOTP_SECRET
from members.models import User
from tests.browser.helpers import confirm, expect_error_summary, log_in
from tests.members import factories
from tests.trainings.factories import RegistrationFactory, SessionFactory, TrainingFactory
from trainings.models import Registration, Session, Training

pytestmark = pytest.mark.django_db(transaction=True)

SAVED = "La formation a été enregistrée."


def save(page):
    page.get_by_role("button", name="Enregistrer la formation").click()


def open_edit_page(page, live_server, training, checks):
    page.goto(f"{live_server.url}/trainings/{training.slug}/")
    checks.accessible()
    page.get_by_role("link", name="Modifier la formation").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Modifier {training.title}")
    expect(page.locator(".error-summary")).to_have_count(0)
    checks.accessible()


@pytest.fixture
def coordinator(live_server, page, territories):
    user = factories.coordinator(territories["guadeloupe"])
    log_in(page, live_server, user, totp=True)
    return user


def registrations(session, *statuses):
    """Registrations for `session`, one per status, created in that order."""
    return [RegistrationFactory(session=session, status=status) for status in statuses]


def test_a_coordinator_creates_a_training_with_one_session_and_saves_it_unchanged(
    live_server, page, checks, coordinator
):
    page.goto(live_server.url + "/trainings/new/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Nouvelle formation")
    checks.accessible()
    page.locator("#id_title").fill("Répondre à un appel Interreg Caraïbes")
    page.locator("#id_summary").fill("Lire l’appel, monter le partenariat, écrire le dossier.")
    page.get_by_label("Gouvernance locale et décentralisation", exact=True).check()
    page.locator("#id_sessions-0-starts_at").fill("2027-03-10T09:00")
    page.locator("#id_sessions-0-ends_at").fill("2027-03-10T12:00")
    page.locator("#id_sessions-0-capacity").fill("15")
    page.locator("#id_sessions-0-registration_deadline").fill("2027-03-08T18:00")
    save(page)

    expect(page.get_by_text(SAVED)).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Répondre à un appel Interreg Caraïbes"
    )
    checks.accessible()
    training = Training.objects.get()
    assert (training.status, training.territory.slug) == ("draft", "guadeloupe")
    session = training.sessions.get()
    assert session.starts_at == datetime(2027, 3, 10, 13, 0, tzinfo=UTC)  # 09:00 at UTC-4
    assert session.ends_at == datetime(2027, 3, 10, 16, 0, tzinfo=UTC)
    assert session.registration_deadline == datetime(2027, 3, 8, 22, 0, tzinfo=UTC)
    assert (session.capacity, session.venue, session.commune) == (15, "", None)

    open_edit_page(page, live_server, training, checks)
    expect(page.locator("#id_sessions-0-starts_at")).to_have_value("2027-03-10T09:00")
    save(page)
    expect(page.get_by_text(SAVED)).to_be_visible()
    checks.accessible()
    session = Session.objects.get()
    assert session.starts_at == datetime(2027, 3, 10, 13, 0, tzinfo=UTC)
    assert session.capacity == 15


def test_a_date_beyond_the_portals_range_is_refused_next_to_its_field(
    live_server, page, checks, coordinator
):
    page.goto(live_server.url + "/trainings/new/")
    page.locator("#id_title").fill("Gestion financière d’un projet européen")
    page.locator("#id_summary").fill("Budget, justificatifs, rapports financiers.")
    page.get_by_label("Gouvernance locale et décentralisation", exact=True).check()
    page.locator("#id_sessions-0-starts_at").fill("2027-05-04T09:00")
    page.locator("#id_sessions-0-ends_at").fill("9999-12-31T23:59")
    page.locator("#id_sessions-0-capacity").fill("10")
    page.locator("#id_sessions-0-registration_deadline").fill("2027-05-01T18:00")
    save(page)

    expect_error_summary(page, checks)
    expect(page.locator("#id_sessions-0-ends_at_error")).to_contain_text("Saisissez une date entre")
    assert not Training.objects.exists()


def test_the_capacity_and_the_deletion_of_sessions_follow_their_seats(
    live_server, page, checks, coordinator
):
    training = TrainingFactory(title="Communiquer avec ses partenaires caribéens")
    first = SessionFactory(training=training, capacity=3)
    full = SessionFactory(
        training=training, capacity=2, starts_at=first.starts_at + timedelta(days=7)
    )
    full.ends_at, full.registration_deadline = (
        full.starts_at + timedelta(hours=3),
        full.starts_at - timedelta(days=2),
    )
    full.save()
    registrations(first, "confirmed", "confirmed", "confirmed")
    seated = registrations(full, "confirmed", "confirmed")
    waiting = registrations(full, "waitlisted", "waitlisted")

    # Below the seats taken: said next to the capacity, nothing saved.
    open_edit_page(page, live_server, training, checks)
    page.locator("#id_sessions-0-capacity").fill("2")
    save(page)
    expect_error_summary(page, checks)
    expect(page.locator("#id_sessions-0-capacity_error")).to_contain_text(
        "3 places sont déjà prises"
    )
    expect(page.locator("#id_sessions-0-capacity")).to_have_attribute(
        "aria-describedby", re.compile(r"\bid_sessions-0-capacity_error\b")
    )
    first.refresh_from_db()
    assert first.capacity == 3

    # One more seat on the full session: the first person waiting gets it.
    page.locator("#id_sessions-0-capacity").fill("3")
    page.locator("#id_sessions-1-capacity").fill("3")
    save(page)
    expect(page.get_by_text(SAVED)).to_be_visible()
    expect(
        page.get_by_text("1 personne sur liste d’attente a obtenu une place et en a été informée.")
    ).to_be_visible()
    checks.accessible()
    full.refresh_from_db()
    assert full.capacity == 3
    statuses = {r.pk: r.status for r in Registration.objects.filter(session=full)}
    assert statuses == {
        seated[0].pk: "confirmed",
        seated[1].pk: "confirmed",
        waiting[0].pk: "confirmed",
        waiting[1].pk: "waitlisted",
    }
    assert mail.outbox[-1].to == [waiting[0].user.email]

    # A session people are registered for is not deleted.
    open_edit_page(page, live_server, training, checks)
    page.locator("#id_sessions-0-DELETE").check()
    save(page)
    expect_error_summary(page, checks)
    expect(page.locator(".message-error", has_text="ne peut pas être supprimée")).to_be_visible()
    assert Session.objects.filter(pk=first.pk).exists()
    assert training.sessions.count() == 2


def test_a_coordinator_approves_promotes_and_cancels_registrations(
    live_server, page, checks, coordinator
):
    training = TrainingFactory(title="Accueillir des volontaires caribéens", requires_approval=True)
    session = SessionFactory(training=training, capacity=1)
    seated, waiting, pending = registrations(session, "confirmed", "waitlisted", "pending")

    page.goto(f"{live_server.url}/trainings/{training.slug}/")
    page.get_by_role("link", name="Inscrits").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Inscrits")
    checks.accessible()

    page.get_by_role("button", name=f"Valider l’inscription de {pending.user}").click()
    expect(
        page.get_by_text(
            f"Inscription validée, mais la session est complète\u00a0: {pending.user} est sur "
            "liste d’attente"
        )
    ).to_be_visible()
    checks.accessible()
    pending.refresh_from_db()
    assert pending.status == "waitlisted"

    # Giving a seat ahead of the queue needs a reason: an empty one is not sent, blanks are
    # refused by the server.
    details = page.locator("details", has=page.locator("summary", has_text=f"à {pending.user}"))
    details.locator("summary").click()
    reason = details.get_by_label("Pourquoi cette personne passe devant la liste d’attente")
    details.get_by_role("button", name="Donner une place").click()
    assert reason.evaluate("element => element.validity.valueMissing")
    reason.fill("   ")
    details.get_by_role("button", name="Donner une place").click()
    expect(
        page.get_by_text("Indiquez pourquoi cette personne passe devant la liste d’attente.")
    ).to_be_visible()
    checks.accessible()
    pending.refresh_from_db()
    assert pending.status == "waitlisted"

    details.locator("summary").click()
    reason.fill("Intervenante de la session suivante.")
    details.get_by_role("button", name="Donner une place").click()
    expect(page.get_by_text(f"{pending.user} a une place et en a été informé·e.")).to_be_visible()
    expect(page.get_by_text("sa capacité est désormais de 2.")).to_be_visible()
    checks.accessible()
    pending.refresh_from_db()
    assert (pending.status, pending.promoted_by, pending.promotion_reason) == (
        "confirmed",
        coordinator,
        "Intervenante de la session suivante.",
    )

    confirm(page, f"l’inscription de {seated.user}", "Oui, annuler cette inscription")
    expect(page.get_by_text("L’inscription est annulée.")).to_be_visible()
    checks.accessible()
    seated.refresh_from_db()
    waiting.refresh_from_db()
    assert seated.status == "cancelled"
    assert waiting.status == "confirmed"  # the freed seat goes to the first person waiting


def test_a_coordinator_cancels_a_training_and_its_coming_registrations(
    live_server, page, checks, coordinator
):
    training = TrainingFactory(title="Monter un dossier FCR")
    coming = SessionFactory(training=training, capacity=2)
    held = SessionFactory(
        training=training,
        starts_at=timezone.now() - timedelta(days=30),
        ends_at=timezone.now() - timedelta(days=30) + timedelta(hours=3),
        registration_deadline=timezone.now() - timedelta(days=32),
    )
    cancelled = registrations(coming, "confirmed", "confirmed", "waitlisted")
    attended = RegistrationFactory(session=held, status="attended")
    mail.outbox.clear()

    page.goto(f"{live_server.url}/trainings/{training.slug}/")
    checks.accessible()
    confirm(page, "Annuler la formation", "Oui, annuler la formation")
    expect(
        page.get_by_text("La formation est annulée\u00a0: 3 inscriptions ont été annulées")
    ).to_be_visible()
    checks.accessible()
    training.refresh_from_db()
    assert training.status == "cancelled"
    assert {r.status for r in Registration.objects.filter(session=coming)} == {"cancelled"}
    attended.refresh_from_db()
    assert attended.status == "attended"
    assert sorted(address for message in mail.outbox for address in message.to) == sorted(
        r.user.email for r in cancelled
    )


def test_the_guadeloupe_coordinator_saves_each_demo_training_of_guadeloupe_unchanged(
    live_server, page, checks, demo
):
    coordinator = User.objects.get(email="coordination.guadeloupe@rrma.example")
    # The demo's events save through the same form (tests/rrma/test_demo_validation.py).
    trainings = list(
        Training.objects.trainings().filter(territory__slug="guadeloupe").order_by("title")
    )
    assert trainings

    def state(training):
        return (
            list(training.sessions.order_by("pk").values_list("starts_at", "ends_at", "capacity")),
            list(
                Registration.objects.filter(session__training=training)
                .order_by("pk")
                .values_list("status", flat=True)
            ),
        )

    before = {t.pk: state(t) for t in trainings}
    log_in(
        page, live_server, coordinator, totp=True, password=DEMO_PASSWORD, secret=DEMO_TOTP_SECRET
    )
    for training in trainings:
        open_edit_page(page, live_server, training, checks)
        save(page)
        expect(page.get_by_text(SAVED)).to_be_visible()
        checks.accessible()
        assert state(training) == before[training.pk]
