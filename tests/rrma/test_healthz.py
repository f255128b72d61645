import json

import pytest
from django.db import DatabaseError
from django.urls import reverse

from rrma.cache import forget_failures

pytestmark = pytest.mark.django_db


def test_healthz_answers_200_with_a_small_json_body_when_the_database_answers(client):
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    assert json.loads(response.content) == {"status": "ok", "database": "ok", "cache": "ok"}
    assert "no-cache" in response["Cache-Control"]


def test_healthz_answers_503_when_the_database_does_not(client, monkeypatch, caplog):
    def broken(*args, **kwargs):
        raise DatabaseError("connection refused")

    monkeypatch.setattr("django.db.backends.utils.CursorWrapper.execute", broken)
    response = client.get(reverse("healthz"))
    assert response.status_code == 503
    assert json.loads(response.content)["database"] == "unavailable"
    assert "the database does not answer" in caplog.text


def test_healthz_is_reachable_over_plain_http_even_when_https_is_enforced(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    assert client.get(reverse("healthz")).status_code == 200
    assert client.get(reverse("home")).status_code == 301


@pytest.fixture
def redis_down(settings):
    forget_failures()
    settings.CACHES = {
        "default": {
            "BACKEND": "rrma.cache.ResilientRedisCache",
            "LOCATION": "redis://127.0.0.1:1",
            "OPTIONS": {"FALLBACK": "database"},
        },
        "database": settings.CACHES["default"],
    }
    yield
    forget_failures()


def test_healthz_answers_200_and_says_the_cache_is_unavailable_when_only_redis_is_down(
    client, redis_down
):
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    assert json.loads(response.content) == {
        "status": "degraded",
        "database": "ok",
        "cache": "unavailable",
    }


def test_healthz_answers_503_when_the_database_is_down_whatever_the_cache(
    client, redis_down, monkeypatch
):
    def broken(*args, **kwargs):
        raise DatabaseError("connection refused")

    monkeypatch.setattr("django.db.backends.utils.CursorWrapper.execute", broken)
    response = client.get(reverse("healthz"))
    assert response.status_code == 503
    assert json.loads(response.content) == {
        "status": "error",
        "database": "unavailable",
        "cache": "unavailable",
    }
