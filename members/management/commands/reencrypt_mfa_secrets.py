from allauth.mfa.models import Authenticator
from django.core.management.base import BaseCommand
from django.db import transaction

from members.mfa import reencrypt_all


class Command(BaseCommand):
    help = (
        "Re-encrypt every two-factor secret with the first key of MFA_ENCRYPTION_KEY "
        "(key rotation: put the new key first, run this, then remove the old key)."
    )

    def handle(self, *args, **options):
        with transaction.atomic():
            changed = reencrypt_all(Authenticator.objects.select_for_update())
        self.stdout.write(f"{changed} authenticator(s) re-encrypted.")
