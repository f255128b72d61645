"""Every URL of the portal x every role: the expected answer, from shared/PERMISSIONS.md.

A URL pattern missing from MATRIX fails `test_every_url_pattern_is_in_the_matrix`, so a new
view cannot ship without its access rule. GET requests; privileged users have enrolled
two-factor authentication (the unenrolled case is in tests/members/test_two_factor_enrolment.py).
"""

from dataclasses import dataclass, field

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.members import factories

ROLES = ["anon", "member", "coordinator", "other_coordinator", "state", "site_admin"]
LOGIN = "login"  # 302 to the login page
# Admin pages are many (one set per model); these stand for them all.
ADMIN_SAMPLES = {"admin:index": {}, "admin:members_user_changelist": {}}


@dataclass(frozen=True)
class Row:
    """Expected status per role; `LOGIN` means a redirect to the login page."""

    anon: object
    member: object
    coordinator: object
    other_coordinator: object
    state: object
    site_admin: object
    kwargs: dict = field(default_factory=dict)


def everyone(status, **kwargs):
    return Row(status, status, status, status, status, status, kwargs)


def logged_in(status, anon=LOGIN, **kwargs):
    return Row(anon, status, status, status, status, status, kwargs)


def site_admin_only(**kwargs):
    return Row(LOGIN, 403, 403, 403, 403, 200, kwargs)


# allauth answers a logged-in visitor of its "entrance" pages (log in, sign up, reset) with a
# redirect to the account page.
ENTRANCE = Row(200, 302, 302, 302, 302, 302)

MATRIX = {
    "home": everyone(200),
    "healthz": everyone(200),
    "set_language": everyone(302),
    "members:account": logged_in(200),
    # allauth
    "account_login": ENTRANCE,
    "account_signup": ENTRANCE,
    "account_logout": logged_in(200, anon=302),
    "account_inactive": everyone(200),
    "account_reauthenticate": logged_in(200),
    "account_email": logged_in(200),
    "account_email_verification_sent": everyone(200),
    "account_change_password": logged_in(200),
    "account_set_password": logged_in(302),  # everyone here has a password: back to change it
    "account_reset_password": everyone(200),
    "account_reset_password_done": everyone(200),
    "account_reset_password_from_key": everyone(200, uidb36="0", key="bad-key"),
    "account_reset_password_from_key_done": everyone(200),
    "account_confirm_login_code": Row(302, 302, 302, 302, 302, 302),  # no pending login
    "account_confirm_email": everyone(200, key="no-such-key"),  # "invalid link" page
    "mfa_index": logged_in(200),
    "mfa_authenticate": Row(302, 302, 302, 302, 302, 302),  # no pending login
    "mfa_reauthenticate": Row(LOGIN, 302, 200, 200, 200, 200),  # members have no 2FA
    # Members are asked to re-authenticate before enrolling; the enrolled go to deactivation.
    "mfa_activate_totp": Row(LOGIN, 302, 302, 302, 302, 302),
    "mfa_deactivate_totp": Row(LOGIN, 404, 302, 302, 302, 302),
    "mfa_view_recovery_codes": Row(LOGIN, 404, 302, 302, 302, 302),
    "mfa_generate_recovery_codes": Row(LOGIN, 302, 302, 302, 302, 302),
    "mfa_download_recovery_codes": Row(LOGIN, 404, 302, 302, 302, 302),
    # Django admin: site admins only.
    **{name: site_admin_only(**kwargs) for name, kwargs in ADMIN_SAMPLES.items()},
}


def url_names(patterns=None, namespace=None):
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            ns = pattern.namespace or None
            full = ":".join(filter(None, [namespace, ns]))
            yield from url_names(pattern.url_patterns, full or None)
        elif isinstance(pattern, URLPattern):
            yield f"{namespace}:{pattern.name}" if namespace else pattern.name


def test_every_url_pattern_is_in_the_matrix():
    names = set(url_names())
    assert None not in names, "every URL pattern needs a name"
    missing = {n for n in names if not n.startswith("admin:")} - MATRIX.keys()
    assert not missing, f"add these URLs to the permission matrix: {sorted(missing)}"
    assert not MATRIX.keys() - names, "the matrix names URLs that no longer exist"


@pytest.fixture
def users(territories):
    return {
        "anon": None,
        "member": factories.UserFactory(),
        "coordinator": factories.coordinator(territories["guadeloupe"]),
        "other_coordinator": factories.coordinator(territories["martinique"]),
        "state": factories.state_services(),
        "site_admin": factories.site_admin(),
    }


CASES = [(name, role) for name in MATRIX for role in ROLES]


@pytest.mark.parametrize(("name", "role"), CASES, ids=[f"{n}-{r}" for n, r in CASES])
def test_each_role_gets_the_expected_answer(client, users, name, role):
    row = MATRIX[name]
    if users[role] is not None:
        client.force_login(users[role])
    url = reverse(name, kwargs=row.kwargs)
    response = client.get(url)
    expected = getattr(row, role)
    if expected == LOGIN:
        assert response.status_code == 302, f"{url} as {role}"
        assert response["Location"].startswith(reverse("account_login")), f"{url} as {role}"
    else:
        assert response.status_code == expected, f"{url} as {role}"
