from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from rrma.i18n import fill_source_language, untranslated_entries


class Command(BaseCommand):
    help = (
        "Extract the interface's strings into the French and English catalogues, copy the "
        "English source text into the English catalogue, and list what French still lacks."
    )

    def handle(self, *args, **options):
        call_command(
            "makemessages",
            locale=[code for code, _name in settings.LANGUAGES],
            ignore_patterns=[".venv/*", "tests/*", "staticfiles/*", "node_modules/*"],
            no_obsolete=True,
            verbosity=0,
        )
        filled = fill_source_language()
        self.stdout.write(f"English catalogue: {filled} new entries copied from the source text.")
        missing = untranslated_entries("fr")
        for entry in missing:
            self.stdout.write(f"  untranslated in French: {entry.msgid!r}")
        if missing:
            raise CommandError(f"{len(missing)} French entries to translate in locale/fr.")
