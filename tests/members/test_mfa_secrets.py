"""Two-factor secrets are stored encrypted with a key kept outside the database
(members/mfa.py), and the Django admin never shows them."""

import importlib
import io
import time

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, hotp_value
from allauth.usersessions.models import UserSession
from cryptography.fernet import Fernet
from django.apps import apps as global_apps
from django.core.management import call_command
from django.db import connection
from django.urls import reverse

from members import mfa
from members.demo import DEMO_TOTP_SECRET
from members.models import User
from tests.members import factories

pytestmark = pytest.mark.django_db

migration = importlib.import_module("members.migrations.0010_encrypt_two_factor_secrets")


def current_code(secret: str) -> str:
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def stored_row(authenticator) -> str:
    """The row as the database holds it (what a stolen backup shows)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT data FROM mfa_authenticator WHERE id = %s", [authenticator.pk])
        return str(cursor.fetchone()[0])


@pytest.fixture
def enrolled(db):
    return factories.UserFactory(two_factor=True)


def test_the_totp_secret_is_stored_encrypted_and_still_gives_the_right_codes(enrolled):
    totp = Authenticator.objects.get(user=enrolled, type=Authenticator.Type.TOTP)
    assert factories.TOTP_SECRET not in stored_row(totp)
    assert totp.data["secret"] != factories.TOTP_SECRET
    assert mfa.decrypt(totp.data["secret"]) == factories.TOTP_SECRET
    assert TOTP(totp).validate_code(current_code(factories.TOTP_SECRET))
    assert not TOTP(totp).validate_code("000000")


def test_the_recovery_seed_is_stored_encrypted_and_the_codes_still_work(enrolled):
    recovery = Authenticator.objects.get(user=enrolled, type=Authenticator.Type.RECOVERY_CODES)
    seed = mfa.decrypt(recovery.data["seed"])
    assert seed not in stored_row(recovery)
    recovery_codes = RecoveryCodes(recovery)
    codes = recovery_codes.get_unused_codes()
    assert recovery_codes.validate_code(codes[0])
    assert codes[0] not in recovery_codes.get_unused_codes()


def test_a_secret_in_clear_or_from_another_key_is_never_accepted(settings):
    with pytest.raises(ValueError, match="could not be decrypted"):
        mfa.decrypt(factories.TOTP_SECRET)
    foreign = Fernet(Fernet.generate_key()).encrypt(b"JBSWY3DPEHPK3PXP").decode()
    with pytest.raises(ValueError, match="could not be decrypted"):
        mfa.decrypt(foreign)


def test_the_key_rotates_old_secrets_stay_readable_then_are_re_encrypted(settings, enrolled):
    old_key = settings.MFA_ENCRYPTION_KEYS[0]
    new_key = Fernet.generate_key().decode()
    settings.MFA_ENCRYPTION_KEYS = [new_key, old_key]
    totp = Authenticator.objects.get(user=enrolled, type=Authenticator.Type.TOTP)
    assert TOTP(totp).validate_code(current_code(factories.TOTP_SECRET))

    output = io.StringIO()
    call_command("reencrypt_mfa_secrets", stdout=output)
    assert output.getvalue().startswith("2 authenticator(s)")
    settings.MFA_ENCRYPTION_KEYS = [new_key]
    totp.refresh_from_db()
    assert mfa.decrypt(totp.data["secret"]) == factories.TOTP_SECRET
    recovery = Authenticator.objects.get(user=enrolled, type=Authenticator.Type.RECOVERY_CODES)
    assert RecoveryCodes(recovery).get_unused_codes()


def test_the_migration_encrypts_secrets_stored_in_clear_and_can_be_reversed(db):
    person = factories.UserFactory()
    totp = Authenticator.objects.create(
        user=person, type=Authenticator.Type.TOTP, data={"secret": factories.TOTP_SECRET}
    )
    recovery = Authenticator.objects.create(
        user=person,
        type=Authenticator.Type.RECOVERY_CODES,
        data={"seed": "ab" * 40, "used_mask": 0, "migrated_codes": ["12345678"]},
    )

    migration.encrypt_secrets(global_apps, None)
    totp.refresh_from_db()
    recovery.refresh_from_db()
    assert factories.TOTP_SECRET not in stored_row(totp)
    assert "ab" * 40 not in stored_row(recovery)
    assert "12345678" not in stored_row(recovery)
    assert recovery.data["used_mask"] == 0
    assert TOTP(totp).validate_code(current_code(factories.TOTP_SECRET))
    assert RecoveryCodes(recovery).get_unused_codes() == ["12345678"]

    migration.decrypt_secrets(global_apps, None)
    totp.refresh_from_db()
    assert totp.data == {"secret": factories.TOTP_SECRET}


def test_the_demo_accounts_log_in_with_the_published_demo_secret(demo):
    coordinator = User.objects.get(email="coordination.guadeloupe@rrma.example")
    totp = Authenticator.objects.get(user=coordinator, type=Authenticator.Type.TOTP)
    assert DEMO_TOTP_SECRET not in stored_row(totp)
    assert TOTP(totp).validate_code(current_code(DEMO_TOTP_SECRET))


def test_the_admin_never_shows_a_secret_nor_a_recovery_seed(client, site_admin_user, enrolled):
    client.force_login(site_admin_user)
    listing = client.get(reverse("admin:mfa_authenticator_changelist"))
    assert listing.status_code == 200
    for authenticator in Authenticator.objects.filter(user=enrolled):
        page = client.get(reverse("admin:mfa_authenticator_change", args=[authenticator.pk]))
        assert page.status_code == 200
        assert str(enrolled) in page.text
        assert 'name="data"' not in page.text
        for value in authenticator.data.values():
            if isinstance(value, str):
                assert value not in page.text
        assert factories.TOTP_SECRET not in page.text


def test_the_admin_finds_sessions_by_email_without_showing_their_keys(client, site_admin_user):
    client.force_login(site_admin_user)
    key = client.session.session_key
    UserSession.objects.create(
        user=site_admin_user, session_key=key, ip="192.0.2.7", user_agent="Firefox"
    )
    response = client.get(
        reverse("admin:usersessions_usersession_changelist"), {"q": site_admin_user.email}
    )
    assert response.status_code == 200
    assert "192.0.2.7" in response.text
    assert key not in response.text
