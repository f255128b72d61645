from calls.services.alerts import call_alerts_send, digests_send
from members.management.site_url import EmailingCommand


class Command(EmailingCommand):
    help = (
        "Queue the funding-call alerts due now (opening, 14 and 3 days before the deadline), "
        "each once; with --digests, the weekly digests and saved searches' results too. The "
        "worker does it every hour and every week (no cron needed): run it by hand to do it now."
    )

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument(
            "--digests",
            action="store_true",
            help="also send the weekly digests and the saved searches' new results",
        )

    def handle(self, *args, base_url, digests, **options):
        sent = call_alerts_send(base_url=base_url)
        self.stdout.write(f"{sent} call alert(s) queued.")
        if digests:
            sent = digests_send(base_url=base_url)
            self.stdout.write(f"{sent} digest(s) queued.")
