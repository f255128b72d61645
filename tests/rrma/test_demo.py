import io

import pytest
from allauth.mfa.models import Authenticator
from django.core.management import CommandError, call_command

from members import permissions
from members.demo import DEMO_ACCOUNTS, DEMO_PASSWORD
from members.models import User

pytestmark = pytest.mark.django_db


def demo(settings, debug=True) -> str:
    settings.DEBUG = debug
    out = io.StringIO()
    call_command("demo", "--no-serve", stdout=out)
    return out.getvalue()


def test_the_demo_loads_one_account_per_role_with_the_published_password(settings, territories):
    output = demo(settings)
    assert "Demo data loaded" in output
    assert User.objects.count() == len(DEMO_ACCOUNTS)
    coordinator = User.objects.get(email="coordination.guadeloupe@rrma.example")
    assert coordinator.check_password(DEMO_PASSWORD)
    assert permissions.can_coordinate(coordinator, territories["guadeloupe"])
    assert not permissions.can_coordinate(coordinator, territories["martinique"])
    assert permissions.is_state_services(User.objects.get(email="etat@rrma.example"))
    assert permissions.can_use_admin(User.objects.get(email="admin@rrma.example"))
    assert permissions.is_verified_member(User.objects.get(email="membre@rrma.example"))


def test_privileged_demo_accounts_are_enrolled_so_they_are_not_blocked(settings, territories):
    demo(settings)
    for email in [
        "coordination.martinique@rrma.example",
        "etat@rrma.example",
        "admin@rrma.example",
    ]:
        assert not permissions.must_enrol_two_factor(User.objects.get(email=email))
    assert not Authenticator.objects.filter(user__email="membre@rrma.example").exists()


def test_the_demo_leaves_a_database_with_data_as_it_is(settings, territories):
    demo(settings)
    output = demo(settings)
    assert "demo data left as it is" in output
    assert User.objects.count() == len(DEMO_ACCOUNTS)


def test_the_demo_refuses_to_run_with_debug_off(settings, territories):
    with pytest.raises(CommandError, match="only runs with DEBUG on"):
        demo(settings, debug=False)
    assert not User.objects.exists()


def test_demo_accounts_can_never_be_created_with_debug_off(settings, territories):
    from django.core.exceptions import ImproperlyConfigured

    from members.demo import load_demo_accounts

    settings.DEBUG = False
    with pytest.raises(ImproperlyConfigured):
        load_demo_accounts()
    assert not User.objects.exists()


def test_demo_totp_prints_a_code_that_the_demo_accounts_accept(settings, territories):
    from allauth.mfa.totp.internal.auth import TOTP

    demo(settings)
    out = io.StringIO()
    call_command("demo_totp", stdout=out)
    code = out.getvalue().split()[0]
    authenticator = Authenticator.objects.get(user__email="etat@rrma.example", type="totp")
    assert TOTP(authenticator).validate_code(code)
