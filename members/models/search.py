"""The vocabulary of the searchable text, which lets a search forgive typos on any database."""

import re

from django.db import models

# The words worth correcting towards: at least three letters, at most a field's length.
WORD = re.compile(r"[a-z0-9]{3,40}")


def words_of(text: str) -> set[str]:
    """The words of an already normalised text (`toolbox.text.normalize_text`)."""
    return set(WORD.findall(text))


class SearchWord(models.Model):
    """A word that occurs, or once occurred, in the `search_text` of an organisation or a
    project. Words are only added (a word no record holds any more costs one row and finds
    nothing); `manage.py search_vocabulary_rebuild` starts the list afresh."""

    word = models.CharField(max_length=40, primary_key=True)
    # Typo candidates are words of about the same length (SQLite compares them in Python).
    length = models.PositiveSmallIntegerField(db_index=True)

    class Meta:
        verbose_name = "search word"

    def __str__(self):
        return self.word

    @classmethod
    def learn(cls, text: str) -> None:
        """Add the words of a normalised text (one query, existing words untouched)."""
        words = words_of(text)
        if words:
            SearchWord.objects.bulk_create(
                [SearchWord(word=w, length=len(w)) for w in words], ignore_conflicts=True
            )

    @classmethod
    def learn_all(cls, texts, *, batch: int = 2000) -> int:
        """Add the words of many texts (bulk imports, the rebuild command); how many were read."""
        pending: set[str] = set()
        count = 0
        for text in texts:
            pending |= words_of(text)
            count += 1
            if len(pending) >= batch:
                cls.learn(" ".join(pending))
                pending = set()
        cls.learn(" ".join(pending))
        return count
