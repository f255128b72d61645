import os
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from django.conf import settings

from rrma.i18n import catalogue_path, untranslated_entries


@pytest.mark.parametrize("language", [code for code, _name in settings.LANGUAGES])
def test_every_interface_string_is_translated_and_none_is_fuzzy(language):
    missing = [entry.msgid for entry in untranslated_entries(language)]
    assert not missing, f"untranslated or fuzzy in {language}: {missing}"


def test_the_english_catalogue_is_the_source_text():
    for entry in polib.pofile(str(catalogue_path("en"))):
        if entry.msgid_plural:
            assert entry.msgstr_plural[0] == entry.msgid, entry.msgid
            assert entry.msgstr_plural[1] == entry.msgid_plural, entry.msgid
        else:
            assert entry.msgstr == entry.msgid, entry.msgid


def test_the_three_catalogues_hold_the_same_strings():
    ids = {
        language: {e.msgid for e in polib.pofile(str(catalogue_path(language))) if not e.obsolete}
        for language, _name in settings.LANGUAGES
    }
    assert set(ids) == {"fr", "en", "es"}
    assert ids["fr"] == ids["en"] == ids["es"]


@pytest.mark.parametrize("language", [code for code, _name in settings.LANGUAGES])
def test_placeholders_survive_translation(language):
    for entry in polib.pofile(str(catalogue_path(language))):
        translations = list(entry.msgstr_plural.values()) if entry.msgid_plural else [entry.msgstr]
        for placeholder in ("%(name)s", "%(territory)s", "%(code)s", "%(count)s"):
            if placeholder in entry.msgid:
                for translation in translations:
                    assert placeholder in translation, (language, entry.msgid)


@pytest.mark.skipif(
    shutil.which("xgettext") is None and os.environ.get("CI") != "true",
    reason="GNU gettext (xgettext) is not installed; CI installs it",
)
def test_the_catalogues_hold_every_string_of_the_source(tmp_path):
    """A string marked for translation but never extracted would show in English to all."""
    root = Path(__file__).resolve().parents[2]
    copy = tmp_path / "src"
    shutil.copytree(
        root,
        copy,
        ignore=shutil.ignore_patterns(".venv", ".git", "node_modules", "staticfiles", "*.sqlite3*"),
    )
    env = {**os.environ, "DEBUG": "true", "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}"}
    subprocess.run(
        [sys.executable, "manage.py", "update_catalogues"],
        cwd=copy,
        env=env,
        check=False,
        capture_output=True,
    )
    for language, _name in settings.LANGUAGES:
        fresh = {
            e.msgid
            for e in polib.pofile(str(copy / "locale" / language / "LC_MESSAGES" / "django.po"))
        }
        committed = {e.msgid for e in polib.pofile(str(catalogue_path(language)))}
        assert fresh - committed == set(), f"run `manage.py update_catalogues` ({language})"
