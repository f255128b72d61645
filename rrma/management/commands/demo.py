from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from background.worker import worker_start_in_thread
from members.demo import DEMO_ACCOUNTS, DEMO_PASSWORD, DEMO_TOTP_SECRET
from rrma.demo import demo_is_loaded, load_demo_data
from rrma.i18n import compile_catalogues


def served_url(addrport: str) -> str:
    """The address people open for runserver's `addrport` ("8080", "0.0.0.0:8080", …)."""
    host, _sep, port = addrport.rpartition(":")
    if not host:
        host = "127.0.0.1"
    # Listening on every interface: this machine answers at its loopback address.
    if host in ("0.0.0.0", "[::]", "0"):  # noqa: S104
        host = "127.0.0.1"
    return f"http://{host}:{port}"


class Command(BaseCommand):
    help = (
        "Try the portal locally: migrate, load demo data into an empty database, and serve it "
        "(default 127.0.0.1:8000) with console mail and an in-process background worker. "
        "Refused with DEBUG off."
    )
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("addrport", nargs="?", default="127.0.0.1:8000")
        parser.add_argument(
            "--no-serve", action="store_true", help="prepare the data, do not serve"
        )

    def handle(self, *args, addrport, no_serve, **options):
        if not settings.DEBUG:
            raise CommandError(
                "The demo creates accounts with a published password: it only runs with DEBUG on "
                "(unset DEBUG, or set DEBUG=true, on a development machine)."
            )
        # Emails link to the address the demo is served at.
        settings.SITE_URL = served_url(addrport)
        compile_catalogues()
        call_command("migrate", interactive=False, verbosity=0)
        if demo_is_loaded():
            self.stdout.write("The database already holds data: demo data left as it is.")
        else:
            load_demo_data()
            self.stdout.write(self.style.SUCCESS("Demo data loaded."))
        self.print_accounts()
        if not no_serve:
            # Emails and periodic jobs run in this process: the demo needs no second command.
            worker_start_in_thread()
            self.stdout.write("Background worker started in this process (emails print below).")
            call_command("runserver", addrport, use_reloader=False)

    def print_accounts(self):
        self.stdout.write(f"\nDemo accounts (password: {DEMO_PASSWORD}):")
        for email, _first, _last, role, territory, superuser in DEMO_ACCOUNTS:
            label = (
                "site admin" if superuser else " ".join(filter(None, [role, territory])) or "member"
            )
            self.stdout.write(f"  {email:42} {label}")
        self.stdout.write(
            f"Privileged accounts ask for a two-factor code: TOTP secret {DEMO_TOTP_SECRET}, "
            "or run `uv run manage.py demo_totp` for the current code.\n"
        )
