"""The search text kept beside records that are searched by words but are too few to need the
directory's full-text vectors (news, resources, trainings and events, funding calls).

Business rules: `search_text` is the record's searched fields (`SEARCHED_FIELDS`, the first being
its title) lower-cased without accents (`normalize_text`), recomputed at every save; lists and
the portal-wide search find words in it (`members.search.search_stored`), through a trigram
index on PostgreSQL (`trigram_index`), so that a search reads the matching rows only, not
every row of the table.
"""

from typing import ClassVar

from django.db import migrations, models

from .text import normalize_text


class SearchTextMixin(models.Model):
    SEARCHED_FIELDS: ClassVar[list[str]] = []

    search_text = models.TextField(editable=False, default="")

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self.search_text = self.build_search_text()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and set(update_fields) & set(self.SEARCHED_FIELDS):
            kwargs["update_fields"] = {*update_fields, "search_text"}
        super().save(*args, **kwargs)

    def build_search_text(self) -> str:
        return normalize_text("\n".join(str(getattr(self, f) or "") for f in self.SEARCHED_FIELDS))


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
            row.search_text = normalize_text("\n".join(str(getattr(row, f) or "") for f in fields))
        model._default_manager.bulk_update(rows, ["search_text"], batch_size=1000)

    return migrations.RunPython(fill, migrations.RunPython.noop)
