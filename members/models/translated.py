"""Records written in French with optional summaries in the Caribbean partners' languages."""

from typing import NamedTuple

from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _

# The networks write in French; what their members type is French unless it is one of the
# translated summaries below.
CONTENT_LANGUAGE = "fr"

# Languages of the translated summaries (the interface's other languages), and their fields.
SUMMARY_LANGUAGES = ("en", "es")


class Passage(NamedTuple):
    """A text and the language it is written in (for the `lang` attribute of its element)."""

    text: str
    lang: str


class TranslatedSummaries(models.Model):
    """An optional summary in English and one in Spanish, written by the record's authors.

    A reader whose interface is in English or Spanish reads the summary of their language when
    there is one, the French summary otherwise (`summary_for_reader`). `SUMMARY_FIELD` names the
    record's French summary.
    """

    SUMMARY_FIELD = "summary"

    summary_en = models.CharField(
        _("summary in English"),
        max_length=500,
        blank=True,
        help_text=_("Optional: shown instead of the French summary to readers in English."),
    )
    summary_es = models.CharField(
        _("summary in Spanish"),
        max_length=500,
        blank=True,
        help_text=_("Optional: shown instead of the French summary to readers in Spanish."),
    )

    class Meta:
        abstract = True

    def summary_in(self, language: str) -> Passage:
        if language in SUMMARY_LANGUAGES:
            translated = getattr(self, f"summary_{language}")
            if translated:
                return Passage(translated, language)
        return Passage(getattr(self, self.SUMMARY_FIELD), CONTENT_LANGUAGE)

    @property
    def summary_for_reader(self) -> Passage:
        """The summary in the active language when written, the French one otherwise."""
        return self.summary_in(translation.get_language() or CONTENT_LANGUAGE)

    @property
    def summary_languages(self) -> list[str]:
        """Languages of the translated summaries written."""
        return [language for language in SUMMARY_LANGUAGES if getattr(self, f"summary_{language}")]
