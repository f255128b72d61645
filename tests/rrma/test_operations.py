"""What operators and visitors meet around the pages: the language switch, the documented
commands, the error pages, the links offered, the emails' addresses and the accessibility
statement."""

import re

import lxml.html
import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from rrma.management.commands.demo import served_url
from tests.members import factories
from tests.members.factories import OrganisationFactory, member_of
from tests.rrma.test_settings import manage

pytestmark = pytest.mark.django_db


def test_a_logged_in_person_switches_language_and_it_is_remembered_for_emails(client, territories):
    person = factories.UserFactory()
    client.force_login(person)
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert response.status_code == 302
    assert response.cookies["django_language"].value == "en"
    person.refresh_from_db()
    assert person.language == "en"
    assert '<html lang="en">' in client.get(reverse("home")).text


def test_demo_totp_prints_the_code_on_a_fresh_clone(tmp_path):
    result = manage("demo_totp", tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr
    assert re.match(r"\d{6}  \(valid for \d+ more seconds\)", result.stdout)


@pytest.mark.parametrize(
    "command",
    [
        ["send_training_reminders"],
        ["send_record_confirmation_requests"],
        ["grant_role", "someone@example.org", "state"],
        ["migrate"],
    ],
)
def test_without_configuration_a_command_explains_what_to_set_without_a_traceback(
    tmp_path, command
):
    result = manage(*command, tmp_path=tmp_path)
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert "SECRET_KEY is not set" in result.stderr
    assert "DEBUG=true" in result.stderr


def test_in_development_mode_the_cron_commands_run(tmp_path):
    assert manage("migrate", "-v", "0", tmp_path=tmp_path, DEBUG="true").returncode == 0
    result = manage("send_training_reminders", tmp_path=tmp_path, DEBUG="true")
    assert result.returncode == 0, result.stderr
    assert "0 reminder" in result.stdout


def page_text(response) -> str:
    return lxml.html.fromstring(response.content).text_content()


def test_a_missing_page_is_a_french_page_of_the_site_with_a_way_back(client, territories):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    text = page_text(response)
    assert "Page introuvable" in text
    assert "Retour à l’accueil" in text
    assert "RRMA Antilles" in text  # the site's header


def test_a_refusal_is_a_french_page_of_the_site(client, member):
    client.force_login(member)
    response = client.get(reverse("census"))
    assert response.status_code == 403
    assert "Accès refusé" in page_text(response)


def test_a_server_error_is_a_french_page_of_the_site(settings, territories):
    settings.ROOT_URLCONF = "tests.rrma.failing_urls"
    response = Client(raise_request_exception=False).get("/fail/")
    assert response.status_code == 500
    text = page_text(response)
    assert "Une erreur s’est produite" in text
    assert "Retour à l’accueil" in text


def test_an_expired_form_is_explained_in_french(territories):
    response = Client(enforce_csrf_checks=True).post(reverse("set_language"), {"language": "en"})
    assert response.status_code == 403
    assert "Le formulaire a expiré" in page_text(response)


def test_state_services_are_not_offered_actions_they_cannot_take(client, state_user):
    client.force_login(state_user)
    assert "Déclarer un projet" not in client.get(reverse("projects:catalogue")).text
    assert "Inscrire votre structure" not in client.get(reverse("home")).text
    assert client.get(reverse("projects:project_create")).status_code == 403


def test_an_editor_is_offered_to_declare_a_project(client, territories):
    client.force_login(member_of(OrganisationFactory()))
    assert "Déclarer un projet" in client.get(reverse("projects:catalogue")).text


def test_sign_up_emails_name_the_portal_and_link_to_the_address_served(
    client, territories, settings
):
    settings.ALLOWED_HOSTS = ["portal.example.org"]
    response = client.post(
        reverse("account_signup"),
        {
            "email": "nadia@example.org",
            "password1": "mangrove-corail-2026",
            "password2": "mangrove-corail-2026",
        },
        HTTP_HOST="portal.example.org:8443",
    )
    assert response.status_code == 302
    body = mail.outbox[0].body
    assert "RRMA Antilles" in body
    assert "portal.example.org:8443/accounts/confirm-email/" in body
    assert re.search(r"https?://portal\.example\.org:8443/accounts/confirm-email/\S+", body)
    assert "c'est portal.example.org" not in body


@pytest.mark.parametrize(
    ("addrport", "url"),
    [
        ("127.0.0.1:8000", "http://127.0.0.1:8000"),
        ("0.0.0.0:8080", "http://127.0.0.1:8080"),
        ("8081", "http://127.0.0.1:8081"),
        ("localhost:9000", "http://localhost:9000"),
    ],
)
def test_the_demo_links_its_emails_to_the_address_it_serves(addrport, url):
    assert served_url(addrport) == url


def test_emails_of_scheduled_jobs_carry_absolute_links_to_the_address_served(settings, territories):
    """The demo sets SITE_URL to the address it serves; jobs run by the worker (outside any
    request) link to it."""
    from members.tasks import record_confirmation_requests_send_task
    from tests.members.factories import member_of
    from tests.members.test_record_confirmation import stale

    settings.SITE_URL = "http://127.0.0.1:8080"
    member_of(stale(), "admin")
    assert record_confirmation_requests_send_task.call() == 1
    links = [line for m in mail.outbox for line in m.body.splitlines() if "/organisations/" in line]
    assert links
    assert all(line.strip().startswith("http://127.0.0.1:8080/") for line in links), links[:3]


def test_the_accessibility_statement_says_not_compliant_until_an_audit(client, territories):
    from members.models import Territory

    Territory.objects.filter(slug="guadeloupe").update(contact_email="contact@karib.example")
    text = page_text(client.get(reverse("accessibility")))
    assert "Le portail est non conforme au RGAA 4.1." in text
    assert "partiellement conforme" not in text
    assert "1 décembre 2026" in text
    for heading in (
        "Périmètre",
        "Non-conformités et limites connues",
        "Retour d’information et contact",
    ):
        assert heading in text
    assert "contact@karib.example" in text
    assert "Accessibilité\u00a0: non conforme" in page_text(client.get(reverse("home")))
