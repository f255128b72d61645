"""Record bounces of the newsletter: the portal receives no mail, so the addresses a bounce
report names (the mail server's, or the sending service's) are given here, one per argument or
one per line on standard input."""

import sys

from django.core.management.base import BaseCommand, CommandError

from newsletter.models import Issue
from newsletter.services import delivery_bounced


class Command(BaseCommand):
    help = (
        "Mark the latest newsletter delivery to each address as bounced (addresses as arguments, "
        "or one per line on standard input); after 3 bounces the address is unsubscribed."
    )

    def add_arguments(self, parser):
        parser.add_argument("addresses", nargs="*")
        parser.add_argument("--issue", type=int, help="only the deliveries of this issue (its id)")

    def handle(self, *args, addresses, issue, **options):
        chosen = None
        if issue is not None:
            chosen = Issue.objects.filter(pk=issue).first()
            if chosen is None:
                raise CommandError(f"No issue {issue}.")
        if not addresses:
            addresses = [line.strip() for line in sys.stdin if line.strip()]
        marked = sum(delivery_bounced(email=address, issue=chosen) for address in addresses)
        unknown = len(addresses) - marked
        self.stdout.write(f"{marked} marked as bounced, {unknown} without a delivery.")
