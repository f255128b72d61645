from members.management.site_url import EmailingCommand
from members.services import record_confirmation_requests_send


class Command(EmailingCommand):
    help = (
        "Email the admins of every active organisation whose record has not been confirmed for "
        "12 months a personal link to confirm it (at most once a month each). The worker does it "
        "every day (no cron needed): run it by hand to do it now."
    )

    def handle(self, *args, base_url, **options):
        sent = record_confirmation_requests_send(base_url=base_url)
        self.stdout.write(f"{sent} confirmation request(s) queued.")
