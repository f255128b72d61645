from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

# PostgreSQL only: a French full-text index and a trigram index on the unaccented search text.
# search_text is already lower case without accents (Organisation.build_search_text), so the
# plain "french" configuration stems it and typo tolerance comes from pg_trgm.
CREATE = [
    "CREATE INDEX IF NOT EXISTS organisation_search_fts ON members_organisation "
    "USING gin (to_tsvector('french'::regconfig, search_text))",
    "CREATE INDEX IF NOT EXISTS organisation_search_trgm ON members_organisation "
    "USING gin (search_text gin_trgm_ops)",
]
DROP = [
    "DROP INDEX IF EXISTS organisation_search_fts",
    "DROP INDEX IF EXISTS organisation_search_trgm",
]


def run(statements):
    def operation(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return operation


class Migration(migrations.Migration):
    dependencies = [("members", "0003_organisations")]

    operations = [
        TrigramExtension(),
        migrations.RunPython(run(CREATE), run(DROP)),
    ]
