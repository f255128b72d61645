"""Commands that send emails from cron need the portal's public address for their links."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError


class EmailingCommand(BaseCommand):
    """A command whose emails hold links: `--base-url`, defaulting to SITE_URL, is required."""

    def add_arguments(self, parser):
        parser.add_argument(
            "--base-url",
            default=getattr(settings, "SITE_URL", ""),
            help="the portal's public address for links (default: SITE_URL)",
        )

    def execute(self, *args, **options):
        if not options.get("base_url"):
            raise CommandError(
                "Set SITE_URL (or pass --base-url): emails need the portal's address."
            )
        options["base_url"] = options["base_url"].rstrip("/")
        return super().execute(*args, **options)
