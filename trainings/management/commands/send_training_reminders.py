from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from trainings.services import reminders_send


class Command(BaseCommand):
    help = (
        "Email the confirmed participants of sessions starting within 48 hours, once each. "
        "Run it daily from cron."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--base-url",
            default=getattr(settings, "SITE_URL", ""),
            help="the portal's public address for links (default: SITE_URL)",
        )

    def handle(self, *args, base_url, **options):
        if not base_url:
            raise CommandError(
                "Set SITE_URL (or pass --base-url): emails need the portal's address."
            )
        sent = reminders_send(base_url=base_url.rstrip("/"))
        self.stdout.write(f"{sent} reminder(s) sent.")
