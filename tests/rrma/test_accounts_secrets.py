"""The key that encrypts two-factor secrets: required in production, checked at start-up."""

from tests.rrma.test_settings import PRODUCTION, manage


def test_with_debug_off_a_missing_mfa_encryption_key_stops_start_up(tmp_path):
    environ = {k: v for k, v in PRODUCTION.items() if k != "MFA_ENCRYPTION_KEY"}
    result = manage("check", tmp_path=tmp_path, **environ)
    assert result.returncode != 0
    assert "MFA_ENCRYPTION_KEY is not set" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_malformed_mfa_encryption_key_stops_start_up(tmp_path):
    environ = PRODUCTION | {"MFA_ENCRYPTION_KEY": "not-a-fernet-key"}
    result = manage("check", tmp_path=tmp_path, **environ)
    assert result.returncode != 0
    assert "MFA_ENCRYPTION_KEY must hold Fernet keys" in result.stderr


def test_several_keys_rotate_the_first_one_encrypts(tmp_path):
    second = "Lh2lVbJ3mZ4b1Wd0sR5PjWq2bP9o8oC4Ue0rJx6a1Qk="
    first = "hSWzu66FsPVUycXcF7oCyed46SuaUdCf40MZR9qqPEA="
    code = (
        "from cryptography.fernet import Fernet; from members import mfa; "
        f"token = mfa.encrypt('JBSWY3DPEHPK3PXP'); print(Fernet('{first}').decrypt(token).decode())"
    )
    environ = PRODUCTION | {"MFA_ENCRYPTION_KEY": f"{first},{second}"}
    result = manage("shell", "-v", "0", "-c", code, tmp_path=tmp_path, **environ)
    assert result.stdout.strip() == "JBSWY3DPEHPK3PXP", result.stderr


def test_in_development_the_key_is_derived_from_the_secret_key(tmp_path):
    code = "from django.conf import settings; print(len(settings.MFA_ENCRYPTION_KEYS[0]))"
    result = manage("shell", "-v", "0", "-c", code, tmp_path=tmp_path, DEBUG="true")
    assert result.stdout.strip() == "44", result.stderr
