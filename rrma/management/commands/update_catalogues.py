from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from rrma.i18n import SOURCE_LANGUAGE, fill_source_language, untranslated_entries


class Command(BaseCommand):
    help = (
        "Extract the interface's strings into the catalogues, copy the English source text "
        "into the English catalogue, and list what French and Spanish still lack."
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
        gaps = 0
        for language, name in settings.LANGUAGES:
            if language == SOURCE_LANGUAGE:
                continue
            missing = untranslated_entries(language)
            for entry in missing:
                self.stdout.write(f"  untranslated in {name}: {entry.msgid!r}")
            gaps += len(missing)
        if gaps:
            raise CommandError(f"{gaps} entries to translate in locale/.")
