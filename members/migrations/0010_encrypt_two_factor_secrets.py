"""Two-factor secrets (TOTP secrets, recovery-code seeds) were stored in clear: encrypt them
with MFA_ENCRYPTION_KEY (members/mfa.py). Reversible: going back decrypts them."""

from django.db import migrations

from members import mfa


def encrypt_secrets(apps, schema_editor):
    mfa.reencrypt_all(apps.get_model("mfa", "Authenticator").objects.all())


def decrypt_secrets(apps, schema_editor):
    Authenticator = apps.get_model("mfa", "Authenticator")
    for authenticator in Authenticator.objects.filter(type__in=list(mfa.SECRET_FIELDS)):
        authenticator.data = mfa.transform_secrets(
            authenticator.data,
            authenticator.type,
            lambda value: mfa.decrypt(value) if mfa.is_encrypted(value) else value,
        )
        authenticator.save(update_fields=["data"])


class Migration(migrations.Migration):
    dependencies = [
        ("members", "0009_fill_postal_codes"),
        ("mfa", "0003_authenticator_type_uniq"),
    ]

    operations = [migrations.RunPython(encrypt_secrets, decrypt_secrets, elidable=False)]
