"""The search text kept beside records that are searched by words but are too few to need the
directory's full-text vectors (news, resources, trainings and events, funding calls): what it
holds, and the migrations' operations that keep it (`members.search.SearchTextMixin` computes
it at every save).

Business rules: the searched fields lower-cased without accents (`normalize_text`), as their
words only, each preceded by a space (" cooperation sante haiti"), so that a word of a query is
found at the start of a word of the record (" sant" finds "santé", never "art" in
"Martinique"), through a trigram index on PostgreSQL (`trigram_index`): a search reads the
matching rows only, not every row of the table.
"""

import re

from django.db import migrations

from .text import normalize_text

_WORD = re.compile(r"[a-z0-9]+")


def search_words(values) -> str:
    """The words of `values` (texts, or empty), normalised, each after a space."""
    text = normalize_text(" ".join(str(value or "") for value in values))
    return "".join(f" {word}" for word in _WORD.findall(text))


def trigram_index(table: str) -> migrations.RunPython:
    """A migration's operation: the trigram index of `table`'s search_text on PostgreSQL
    (pg_trgm is there since members 0004); nothing on SQLite, where the table is read."""
    name = f"{table}_search_trgm"

    def create(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(
                f"CREATE INDEX IF NOT EXISTS {name} ON {table} USING gin (search_text gin_trgm_ops)"
            )

    def drop(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(f"DROP INDEX IF EXISTS {name}")

    return migrations.RunPython(create, drop)


def fill_search_text(app_label: str, model_name: str) -> migrations.RunPython:
    """A migration's operation: the search text of the rows already there."""

    def fill(apps, schema_editor):
        from django.apps import apps as current

        fields = current.get_model(app_label, model_name).SEARCHED_FIELDS
        model = apps.get_model(app_label, model_name)
        rows = list(model._default_manager.all())
        for row in rows:
            row.search_text = search_words(getattr(row, f) for f in fields)
        model._default_manager.bulk_update(rows, ["search_text"], batch_size=1000)

    return migrations.RunPython(fill, migrations.RunPython.noop)
