from members.management.site_url import EmailingCommand
from trainings.services import reminders_send


class Command(EmailingCommand):
    help = (
        "Queue reminders for the confirmed participants of sessions starting within 48 hours, "
        "once each. The worker does it every hour (no cron needed): run it by hand to do it now."
    )

    def handle(self, *args, base_url, **options):
        sent = reminders_send(base_url=base_url)
        self.stdout.write(f"{sent} reminder(s) queued.")
