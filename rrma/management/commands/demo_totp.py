import time

from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from members.demo import DEMO_TOTP_SECRET

PERIOD = 30


class Command(BaseCommand):
    help = "Print the current two-factor code of the privileged demo accounts (DEBUG only)."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("Demo two-factor codes exist only with DEBUG on.")
        now = int(time.time())
        code = format_hotp_value(hotp_value(DEMO_TOTP_SECRET, now // PERIOD))
        self.stdout.write(f"{code}  (valid for {PERIOD - now % PERIOD} more seconds)")
