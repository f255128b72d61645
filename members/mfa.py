"""Two-factor secrets encrypted at rest.

Business rules:

- the TOTP secret of an authenticator app and the seed of the recovery codes are stored only
  encrypted (Fernet: AES-128-CBC with an HMAC-SHA256, from the `cryptography` package), with a
  key kept outside the database: MFA_ENCRYPTION_KEY (rrma/settings.py). A copy of the database
  alone gives no one a second factor;
- the key can be rotated: MFA_ENCRYPTION_KEY lists several keys, comma-separated; the first
  encrypts, every one decrypts (MultiFernet). Put the new key first, run
  `manage.py reencrypt_mfa_secrets` (every secret re-encrypted with it), then drop the old key;
- a value that no key decrypts is an error, never read as a clear secret: after the migration,
  nothing in the table is in clear.

allauth reads and writes those values through its MFA adapter's `encrypt()` and `decrypt()`
(settings.MFA_ADAPTER), so enrolment, login, recovery codes and the demo accounts all go
through this module.
"""

from functools import cache

from allauth.mfa.adapter import DefaultMFAAdapter
from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

# Where allauth keeps its secrets in Authenticator.data, by authenticator type.
SECRET_FIELDS = {"totp": ("secret",), "recovery_codes": ("seed",)}
# Recovery codes imported from another system are kept as a list of encrypted codes.
SECRET_LISTS = {"recovery_codes": ("migrated_codes",)}


@cache
def _cipher(keys: tuple[str, ...]) -> MultiFernet:
    return MultiFernet([Fernet(key) for key in keys])


def cipher() -> MultiFernet:
    """The keys of settings.MFA_ENCRYPTION_KEYS (checked at start-up by rrma/settings.py)."""
    keys = tuple(settings.MFA_ENCRYPTION_KEYS)
    if not keys:
        raise ImproperlyConfigured("MFA_ENCRYPTION_KEY is not set (see .env.example).")
    return _cipher(keys)


def encrypt(text: str) -> str:
    return cipher().encrypt(text.encode()).decode("ascii")


def decrypt(token: str) -> str:
    try:
        return cipher().decrypt(token.encode()).decode()
    except InvalidToken as error:
        # A clear or foreign value, or a key that was removed from MFA_ENCRYPTION_KEY.
        raise ValueError(
            "A two-factor secret could not be decrypted with MFA_ENCRYPTION_KEY."
        ) from error


def is_encrypted(value: str) -> bool:
    try:
        cipher().decrypt(value.encode())
    except InvalidToken:
        return False
    return True


def transform_secrets(data: dict, kind: str, change) -> dict:
    """Authenticator.data with each secret passed through `change` (a copy)."""
    data = dict(data)
    for name in SECRET_FIELDS.get(kind, ()):
        if isinstance(data.get(name), str):
            data[name] = change(data[name])
    for name in SECRET_LISTS.get(kind, ()):
        if isinstance(data.get(name), list):
            data[name] = [change(value) for value in data[name]]
    return data


def encrypt_clear_value(value: str) -> str:
    """Encrypt a value stored in clear; re-encrypt an encrypted one with the first key."""
    if is_encrypted(value):
        return cipher().rotate(value.encode()).decode("ascii")
    return encrypt(value)


def reencrypt_all(authenticators) -> int:
    """Encrypt the secrets still in clear and re-encrypt the others with the first key.

    `authenticators` is a queryset of allauth's Authenticator (or of its historical model, in a
    migration). Returns how many rows changed."""
    changed = 0
    for authenticator in authenticators.filter(type__in=list(SECRET_FIELDS)):
        data = transform_secrets(authenticator.data, authenticator.type, encrypt_clear_value)
        if data != authenticator.data:
            authenticator.data = data
            authenticator.save(update_fields=["data"])
            changed += 1
    return changed


class MFAAdapter(DefaultMFAAdapter):
    """allauth's MFA adapter, with the secrets encrypted in the database (see the module)."""

    def encrypt(self, text: str) -> str:
        return encrypt(text)

    def decrypt(self, encrypted_text: str) -> str:
        return decrypt(encrypted_text)
