"""The portal's own gettext catalogues (locale/fr, locale/en, locale/es).

Source strings are written in English, so the English catalogue is the source text itself;
it is kept complete anyway so that a missing or fuzzy entry shows up in tests, like in French.
"""

import re
from pathlib import Path

import polib
from django.conf import settings
from django.utils.translation import trans_real

SOURCE_LANGUAGE = "en"


def catalogue_path(language: str) -> Path:
    return Path(settings.LOCALE_PATHS[0]) / language / "LC_MESSAGES" / "django.po"


def fill_source_language() -> int:
    """Copy every untranslated msgid of the English catalogue into its msgstr."""
    po = polib.pofile(str(catalogue_path(SOURCE_LANGUAGE)))
    filled = 0
    for entry in po:
        if entry.obsolete:
            continue
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
            entry.previous_msgid = entry.previous_msgid_plural = None
            entry.msgstr = ""
            entry.msgstr_plural = dict.fromkeys(entry.msgstr_plural, "")
        if entry.msgid_plural:
            if not all(entry.msgstr_plural.values()):
                entry.msgstr_plural = {0: entry.msgid, 1: entry.msgid_plural}
                filled += 1
        elif not entry.msgstr:
            entry.msgstr = entry.msgid
            filled += 1
    po.save()
    return filled


def untranslated_entries(language: str) -> list[polib.POEntry]:
    """Entries of a catalogue that are untranslated, fuzzy, or lack one of the language's plural
    forms (French and Spanish have three: one, many — millions — and other)."""
    po = polib.pofile(str(catalogue_path(language)))
    plurals = re.search(r"nplurals=(\d+)", po.metadata.get("Plural-Forms", ""))
    forms = int(plurals.group(1)) if plurals else 2

    def incomplete(entry: polib.POEntry) -> bool:
        if not entry.msgid_plural:
            return False
        return any(not entry.msgstr_plural.get(index) for index in range(forms))

    return [
        e
        for e in po
        if not e.obsolete and (not e.translated() or "fuzzy" in e.flags or incomplete(e))
    ]


def compile_catalogues() -> None:
    """Compile the portal's .po catalogues into .mo files (a few milliseconds each).

    Does what `compilemessages` does for the project's own catalogues, in pure Python, so the
    demo runs on a machine without GNU gettext. Deployments run `compilemessages` itself.

    Safe while other processes read or compile the same catalogues (parallel test workers, a
    running server): an up-to-date .mo file is left untouched, and a new one is written to a
    temporary file beside it, then renamed over it, so a reader never sees a half-written file.
    """
    import os
    import tempfile

    for locale_dir in settings.LOCALE_PATHS:
        for po_path in Path(locale_dir).glob("*/LC_MESSAGES/*.po"):
            mo_path = po_path.with_suffix(".mo")
            compiled = polib.pofile(str(po_path)).to_binary()
            if mo_path.is_file() and mo_path.read_bytes() == compiled:
                continue
            # Named *.mo so that whatever skips compiled catalogues skips it too.
            fd, temporary = tempfile.mkstemp(
                dir=mo_path.parent, prefix=f".{mo_path.stem}-", suffix=".mo"
            )
            try:
                with os.fdopen(fd, "wb") as file:
                    file.write(compiled)
                os.chmod(temporary, 0o644)  # mkstemp's 0600 would hide it from a web server
                os.replace(temporary, mo_path)
            except BaseException:
                Path(temporary).unlink(missing_ok=True)
                raise
    # Django caches catalogues per process; forget any loaded before these files existed.
    trans_real._translations.clear()
    trans_real._default = None
