"""The visitor's address behind the reverse proxy: what rate limits count "per address"."""

import pytest
from django.test import RequestFactory
from django.urls import reverse

from tests.members.factories import PASSWORD, UserFactory
from tests.rrma.test_settings import PRODUCTION, manage
from toolbox.ratelimit import get_ip

pytestmark = pytest.mark.django_db

PROXY = "127.0.0.1"


def address_of(**meta) -> str:
    return get_ip(RequestFactory().post("/", **meta))


def fail_to_log_in(client, n, **meta):
    for person in UserFactory.create_batch(n):
        client.post(reverse("account_login"), {"login": person.email, "password": "no"}, **meta)


def logs_in(client, **meta) -> bool:
    """Whether a person with the right password logs in; False only when the address has
    used up its attempts (any other outcome fails the test)."""
    person = UserFactory()
    response = client.post(
        reverse("account_login"), {"login": person.email, "password": PASSWORD}, **meta
    )
    client.logout()
    if response.status_code == 302:
        return True
    errors = response.context["form"].non_field_errors().as_data()
    assert [error.code for error in errors] == ["too_many_login_attempts"]
    return False


def test_without_a_trusted_proxy_a_forged_header_does_not_change_the_address():
    forged = {"HTTP_X_FORWARDED_FOR": "192.0.2.10", "HTTP_X_REAL_IP": "192.0.2.11"}
    assert address_of(REMOTE_ADDR="203.0.113.66", **forged) == "203.0.113.66"


def test_without_a_trusted_proxy_made_up_addresses_do_not_escape_the_limit(client):
    for n in range(10):
        client.post(
            reverse("account_login"),
            {"login": UserFactory().email, "password": "no"},
            REMOTE_ADDR="203.0.113.66",
            HTTP_X_FORWARDED_FOR=f"192.0.2.{n}",
        )
    assert not logs_in(client, REMOTE_ADDR="203.0.113.66", HTTP_X_FORWARDED_FOR="192.0.2.99")


def test_by_default_no_proxy_is_trusted(settings):
    assert settings.ALLAUTH_TRUSTED_PROXY_COUNT == 0
    assert settings.ALLAUTH_TRUSTED_CLIENT_IP_HEADER is None


def test_the_trusted_proxy_is_read_from_the_environment(tmp_path):
    code = (
        "from django.conf import settings; "
        "print(settings.ALLAUTH_TRUSTED_PROXY_COUNT, settings.ALLAUTH_TRUSTED_CLIENT_IP_HEADER)"
    )
    environ = PRODUCTION | {"TRUSTED_PROXY_COUNT": "1", "TRUSTED_CLIENT_IP_HEADER": "X-Real-IP"}
    result = manage("shell", "-v", "0", "-c", code, tmp_path=tmp_path, **environ)
    assert result.stdout.split() == ["1", "X-Real-IP"]


@pytest.fixture
def behind_one_proxy(settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1


def test_behind_one_trusted_proxy_the_right_most_address_is_the_visitors(behind_one_proxy):
    # The visitor wrote the first address; the proxy appended the one it saw.
    header = "192.0.2.10, 198.51.100.7"
    assert address_of(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=header) == "198.51.100.7"
    assert address_of(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="198.51.100.8") == "198.51.100.8"


def test_behind_the_proxy_ipv6_visitors_are_counted_by_their_network(behind_one_proxy):
    first = address_of(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="2001:db8:1:2::1")
    second = address_of(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="2001:db8:1:2:ffff::9")
    assert first == second == "2001:db8:1:2::"


def test_behind_the_proxy_two_people_are_limited_separately(client, behind_one_proxy):
    first = {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": "198.51.100.7"}
    second = {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": "198.51.100.8"}
    fail_to_log_in(client, 10, **first)
    assert not logs_in(client, **first)
    assert logs_in(client, **second)


def test_behind_the_proxy_a_forged_left_part_does_not_escape_the_limit(client, behind_one_proxy):
    for n in range(10):
        client.post(
            reverse("account_login"),
            {"login": UserFactory().email, "password": "no"},
            REMOTE_ADDR=PROXY,
            HTTP_X_FORWARDED_FOR=f"192.0.2.{n}, 198.51.100.7",
        )
    assert not logs_in(client, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="192.0.2.99, 198.51.100.7")


def test_a_proxy_header_naming_the_visitor_is_used_when_configured(settings):
    settings.ALLAUTH_TRUSTED_CLIENT_IP_HEADER = "X-Real-IP"
    meta = {"REMOTE_ADDR": PROXY, "HTTP_X_REAL_IP": "198.51.100.9"}
    assert address_of(**meta, HTTP_X_FORWARDED_FOR="192.0.2.10") == "198.51.100.9"
