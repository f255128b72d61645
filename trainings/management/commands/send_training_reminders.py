from members.management.site_url import EmailingCommand
from trainings.services import reminders_send


class Command(EmailingCommand):
    help = (
        "Email the confirmed participants of sessions starting within 48 hours, once each. "
        "Run it daily from cron."
    )

    def handle(self, *args, base_url, **options):
        sent = reminders_send(base_url=base_url)
        self.stdout.write(f"{sent} reminder(s) sent.")
