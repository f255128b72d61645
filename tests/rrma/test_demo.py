import io
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from allauth.mfa.models import Authenticator
from django.core.management import CommandError, call_command

from members import acting, permissions
from members.demo import DEMO_ACCOUNTS, DEMO_PASSWORD
from members.models import User

pytestmark = pytest.mark.django_db


def demo(settings, debug=True) -> str:
    settings.DEBUG = debug
    out = io.StringIO()
    call_command("demo", "--no-serve", stdout=out)
    return out.getvalue()


def test_the_demo_loads_accounts_organisations_and_projects(settings, territories):
    """One load (it takes seconds) checked for everything the README promises."""
    from allauth.mfa.totp.internal.auth import TOTP

    from members.models import Organisation
    from projects.models import Project

    output = demo(settings)
    assert "Demo data loaded" in output
    emails = set(User.objects.values_list("email", flat=True))
    assert {account[0] for account in DEMO_ACCOUNTS} <= emails
    # The other accounts are training participants, who cannot log in.
    assert not any(
        u.has_usable_password()
        for u in User.objects.exclude(email__in=[a[0] for a in DEMO_ACCOUNTS])
    )
    coordinator = User.objects.get(email="coordination.guadeloupe@rrma.example")
    assert coordinator.check_password(DEMO_PASSWORD)
    assert permissions.can_coordinate(coordinator, territories["guadeloupe"])
    assert not permissions.can_coordinate(coordinator, territories["martinique"])
    assert acting.holds_state_role(User.objects.get(email="etat@rrma.example"))
    assert permissions.can_use_admin(User.objects.get(email="admin@rrma.example"))
    assert acting.is_verified_member(User.objects.get(email="membre@rrma.example"))
    # Privileged accounts are enrolled, so the demo never blocks on two-factor enrolment.
    privileged = ["coordination.martinique@rrma.example", "etat@rrma.example", "admin@rrma.example"]
    for email in privileged:
        assert not acting.must_enrol_two_factor(User.objects.get(email=email))
    assert not Authenticator.objects.filter(user__email="membre@rrma.example").exists()
    out = io.StringIO()
    call_command("demo_totp", stdout=out)
    authenticator = Authenticator.objects.get(user__email="etat@rrma.example", type="totp")
    assert TOTP(authenticator).validate_code(out.getvalue().split()[0])
    # Organisations in both territories, a few awaiting validation; projects with funding.
    assert Organisation.objects.count() >= 55
    assert Organisation.objects.filter(status="pending").count() >= 3
    assert set(Organisation.objects.values_list("territory__slug", flat=True)) == {
        "guadeloupe",
        "martinique",
    }
    assert Project.objects.public().count() >= 30
    countries = Project.objects.public().values_list("countries", flat=True).distinct()
    assert len(set(countries)) >= 10
    assert all(p.funding_lines.exists() for p in Project.objects.exclude(total_budget=None))
    # Trainings in both territories, past and coming, some full with a waiting list.
    from trainings.models import Registration, Session

    assert Session.objects.public().upcoming().exists()
    assert Session.objects.public().past().exists()
    assert Registration.objects.filter(status="waitlisted").exists()


def test_the_demo_leaves_a_database_with_data_as_it_is(settings, territories):
    demo(settings)
    users = User.objects.count()
    output = demo(settings)
    assert "demo data left as it is" in output
    assert User.objects.count() == users


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


def test_a_fresh_clone_serves_the_demo_in_french_without_compiled_catalogues(tmp_path):
    """The quick start on a machine with only uv: no .mo files, no gettext, one process."""
    root = Path(__file__).resolve().parents[2]
    copy = tmp_path / "clone"
    shutil.copytree(
        root,
        copy,
        ignore=shutil.ignore_patterns(
            ".venv", ".git", "*.mo", "*.sqlite3*", "staticfiles", "media"
        ),
    )
    script = (
        "import django, os; os.environ['DJANGO_SETTINGS_MODULE'] = 'rrma.settings'; "
        "django.setup(); from django.core.management import call_command; "
        "call_command('demo', '--no-serve', verbosity=0); "
        "from django.test import Client; from django.test.utils import setup_test_environment; "
        "setup_test_environment(); print(Client().get('/').content.decode())"
    )
    env = {
        "PATH": os.environ["PATH"],
        "HOME": str(tmp_path),
        "RRMA_DEMO": "1",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'demo.sqlite3'}",
    }
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", script],
        cwd=copy,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert '<html lang="fr">' in result.stdout
    assert "Deux réseaux, un portail" in result.stdout
