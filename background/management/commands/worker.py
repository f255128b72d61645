"""`manage.py worker`: the background worker (emails, periodic jobs), django-tasks-db's
`db_worker` with the portal's scheduler started."""

from django_tasks_db.management.commands.db_worker import Command as DatabaseWorkerCommand

from background.tasks import tick_ensure


class Command(DatabaseWorkerCommand):
    help = (
        "Run the background worker: delivers emails and starts the periodic jobs (reminders, "
        "confirmation requests, purges). Run one or more next to the web server; "
        "`--batch` processes what is due, then exits."
    )

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument(
            "--no-scheduler",
            action="store_false",
            dest="scheduler",
            help="Only run queued tasks; start no periodic job (another worker schedules them).",
        )

    def handle(self, *args, scheduler=True, **options):
        if scheduler:
            tick_ensure()
        super().handle(*args, **options)
