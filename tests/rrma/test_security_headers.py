import pytest
from django.urls import reverse

from tests.rrma.test_permission_matrix import MATRIX, rows

PAGES = [
    reverse(name, kwargs=row.kwargs)
    for name in MATRIX
    for row in rows(name)
    if row.anon == 200
    and row.post is None
    and not callable(row.kwargs)
    and not any(callable(v) for v in row.kwargs.values())
]


@pytest.fixture(autouse=True)
def _organisation(territories):
    from tests.members.factories import OrganisationFactory
    from tests.projects.factories import ProjectFactory

    acme = OrganisationFactory(slug="acme", territory=territories["guadeloupe"])
    ProjectFactory(slug="coop", lead=acme)
    from tests.trainings.factories import SessionFactory, TrainingFactory

    SessionFactory(training=TrainingFactory(slug="workshop"))


def csp_directives(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    return {
        part.split()[0]: part.split()[1:] for part in (p.strip() for p in header.split(";")) if part
    }


@pytest.mark.parametrize("url", PAGES)
def test_every_page_sends_a_strict_content_security_policy(client, url):
    csp = csp_directives(client.get(url))
    assert csp["default-src"] == ["'self'"]
    assert "'unsafe-inline'" not in csp["script-src"]
    assert "'unsafe-eval'" not in csp["script-src"]
    assert csp["frame-ancestors"] == ["'none'"]
    assert csp["object-src"] == ["'none'"]
    assert csp["base-uri"] == ["'none'"]
    assert "'unsafe-inline'" not in csp["style-src"]


@pytest.mark.parametrize("url", PAGES)
def test_every_page_sends_the_other_security_headers(client, url):
    response = client.get(url, secure=True)
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"


def test_cookies_are_secure_and_http_only_in_production(client, member):
    client.post(
        reverse("account_login"),
        {"login": member.email, "password": "a-long-test-password-2026"},
        secure=True,
    )
    session_cookie = client.cookies["sessionid"]
    assert session_cookie["secure"]
    assert session_cookie["httponly"]
    assert client.cookies["csrftoken"]["secure"]
