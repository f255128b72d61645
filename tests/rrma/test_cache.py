"""A failing cache never breaks a page: Redis down, the database cache table takes over, rate
limits stay in force, the outage is logged once."""

import socket
import uuid

import pytest
from django.core import mail
from django.core.cache import cache, caches
from django.core.cache.backends.redis import RedisCache
from django.db import connection
from django.urls import reverse
from redis.exceptions import ConnectionError as RedisConnectionError

from rrma import cache as portal_cache
from tests.members.factories import PASSWORD, OrganisationFactory, UserFactory, member_of

pytestmark = pytest.mark.django_db

CLOSED_PORT = "redis://127.0.0.1:1"


def redis_caches(location: str, settings, **options) -> dict:
    """The portal's CACHES with REDIS_URL set (rrma/settings.py), pointing to `location`."""
    return {
        "default": {
            "BACKEND": "rrma.cache.ResilientRedisCache",
            "LOCATION": location,
            "OPTIONS": {"FALLBACK": "database"},
            **options,
        },
        "database": settings.CACHES["default"],
    }


@pytest.fixture(autouse=True)
def _no_failure_remembered():
    portal_cache.forget_failures()
    yield
    portal_cache.forget_failures()


@pytest.fixture
def redis_down(settings):
    settings.CACHES = redis_caches(CLOSED_PORT, settings)


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


@pytest.fixture
def clock(monkeypatch):
    clock = Clock()
    monkeypatch.setattr(portal_cache, "monotonic", clock)
    return clock


@pytest.fixture
def redis_attempts(monkeypatch):
    """The calls that reached Redis (Django's RedisCache.get), in order."""
    attempts = []
    original = RedisCache.get

    def counted(self, *args, **kwargs):
        attempts.append(args)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(RedisCache, "get", counted)
    return attempts


def test_the_redis_backend_gives_up_quickly_on_a_dead_server(redis_down):
    options = caches["default"]._options
    assert options["socket_connect_timeout"] == portal_cache.CONNECT_TIMEOUT == 0.5
    assert options["socket_timeout"] == portal_cache.COMMAND_TIMEOUT == 0.5
    assert "FALLBACK" not in options


def test_with_redis_down_values_are_kept_in_the_database_cache(redis_down):
    cache.set("greeting", "bonjour", 60)
    assert cache.get("greeting") == "bonjour"
    assert caches["database"].get("greeting") == "bonjour"
    assert cache.add("greeting", "autre") is False
    assert cache.get_or_set("other", "valeur") == "valeur"
    cache.delete("greeting")
    assert cache.get("greeting") is None


def test_with_redis_down_login_signup_and_password_reset_answer(
    client, redis_down, django_capture_on_commit_callbacks
):
    person = UserFactory()
    assert client.get(reverse("account_login")).status_code == 200
    response = client.post(reverse("account_login"), {"login": person.email, "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("dashboard")
    client.logout()

    password = "mangrove-and-coral-reef"
    signup = client.post(
        reverse("account_signup"),
        {"email": "nouvelle@example.org", "password1": password, "password2": password},
    )
    assert signup.status_code == 302
    assert signup["Location"] == reverse("account_email_verification_sent")
    client.logout()

    with django_capture_on_commit_callbacks(execute=True):
        reset = client.post(reverse("account_reset_password"), {"email": person.email})
    assert reset.status_code == 302
    assert mail.outbox[-1].to == [person.email]


def test_with_redis_down_an_invitation_is_sent(
    client, redis_down, territories, django_capture_on_commit_callbacks
):
    organisation = OrganisationFactory()
    client.force_login(member_of(organisation, role="admin"))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("members:organisation_invite", args=[organisation.slug]),
            {"email": "invitee@example.org", "role": "editor"},
        )
    assert response.status_code == 302
    assert mail.outbox[0].to == ["invitee@example.org"]


def test_with_redis_down_failed_logins_are_still_limited(client, redis_down):
    for person in UserFactory.create_batch(10):
        client.post(reverse("account_login"), {"login": person.email, "password": "no"})
    response = client.post(
        reverse("account_login"), {"login": UserFactory().email, "password": PASSWORD}
    )
    assert response.status_code == 200
    errors = response.context["form"].non_field_errors().as_data()
    assert [error.code for error in errors] == ["too_many_login_attempts"]


def test_an_outage_is_logged_once_not_for_every_request(client, redis_down, caplog):
    for _ in range(3):
        client.post(reverse("account_login"), {"login": "someone@example.org", "password": "no"})
    warnings = [r for r in caplog.records if r.name == "rrma.cache"]
    assert len(warnings) == 1
    assert warnings[0].levelname == "WARNING"
    assert "does not answer" in warnings[0].getMessage()
    assert "127.0.0.1:1" in warnings[0].getMessage()


def test_after_a_failure_redis_is_left_alone_for_a_few_seconds_then_tried_again(
    redis_down, clock, redis_attempts
):
    cache.get("a")
    cache.get("a")
    cache.set("a", 1)
    assert len(redis_attempts) == 1
    clock.now += portal_cache.RETRY_AFTER - 0.1
    cache.get("a")
    assert len(redis_attempts) == 1
    clock.now += 0.2
    assert cache.get("a") == 1  # still down: the database's value
    assert len(redis_attempts) == 2


def test_its_return_is_logged_once_and_redis_serves_again(settings, clock, monkeypatch, caplog):
    settings.CACHES = redis_caches("redis://redis.invalid:6379", settings)
    answers = iter([RedisConnectionError("Connection refused"), "from redis", "from redis"])

    def flaky(self, *args, **kwargs):
        answer = next(answers)
        if isinstance(answer, Exception):
            raise answer
        return answer

    monkeypatch.setattr(RedisCache, "get", flaky)
    assert cache.get("a", "from the database") == "from the database"
    clock.now += portal_cache.RETRY_AFTER
    assert cache.get("a") == "from redis"
    assert cache.get("a") == "from redis"
    logged = [(r.levelname, r.getMessage()) for r in caplog.records if r.name == "rrma.cache"]
    assert [level for level, _ in logged] == ["WARNING", "INFO"]
    assert "answers again" in logged[1][1]


def test_every_thread_shares_what_the_process_knows_of_the_server(redis_down, clock):
    import threading

    cache.get("a")
    # Django gives each thread its own backend: none may try Redis again before the pause ends.
    seen = {}

    def other_thread():
        backend = caches["default"]
        seen["backend"], seen["tries"] = backend, backend._breaker.allows_a_try()

    thread = threading.Thread(target=other_thread)
    thread.start()
    thread.join()
    assert seen["backend"] is not caches["default"]
    assert seen["tries"] is False


def test_cache_answers_says_whether_redis_answers(redis_down, clock):
    assert portal_cache.cache_answers() is False
    # Asked again during the pause: no new connection, the same answer.
    assert portal_cache.cache_answers() is False


def test_without_redis_the_database_cache_answers():
    assert caches["default"].__class__.__name__ == "DatabaseCache"
    assert portal_cache.cache_answers() is True


def test_the_database_cache_keeps_enough_rows_for_the_rate_limit_counters():
    # Django's default (300, a third culled when full) lets a flood erase real counters.
    assert caches["default"]._max_entries == 100_000


def test_a_flood_of_visitors_pages_culls_only_the_public_cache_never_the_rate_limits(settings):
    from toolbox.public_cache import keep_public_value, public_generation

    settings.CACHES = {
        "default": settings.CACHES["default"],
        "public": {**settings.CACHES["public"], "OPTIONS": {"MAX_ENTRIES": 20}},
    }
    cache.set("rate-limit:login:198.51.100.7", 5, timeout=300)
    generation = public_generation()
    # Every made-up query string is a page of its own.
    for n in range(60):
        keep_public_value(f"page:/directory/?q={n}", generation, "<html>", timeout=300)
    assert caches["public"]._max_entries == 20
    assert cache.get("rate-limit:login:198.51.100.7") == 5
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM rrma_public_cache")
        assert cursor.fetchone()[0] <= 21


def _redis_listening() -> bool:
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=0.2).close()
    except OSError:
        return False
    return True


@pytest.mark.skipif(not _redis_listening(), reason="no Redis server on 127.0.0.1:6379")
def test_with_redis_answering_values_live_in_redis_not_in_the_table(settings):
    # A database number and a key prefix of its own: parallel workers never meet.
    settings.CACHES = redis_caches(
        "redis://127.0.0.1:6379/15", settings, KEY_PREFIX=f"test-{uuid.uuid4().hex}"
    )
    try:
        cache.set("greeting", "bonjour", 30)
        assert cache.get("greeting") == "bonjour"
        assert caches["database"].get("greeting") is None
        assert portal_cache.cache_answers() is True
    finally:
        cache.delete("greeting")
