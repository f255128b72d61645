from django.db import migrations

# PostgreSQL only, as for organisations (members 0004): French full-text and trigram indexes on
# the unaccented search text.
CREATE = [
    "CREATE INDEX IF NOT EXISTS project_search_fts ON projects_project "
    "USING gin (to_tsvector('french'::regconfig, search_text))",
    "CREATE INDEX IF NOT EXISTS project_search_trgm ON projects_project "
    "USING gin (search_text gin_trgm_ops)",
]
DROP = ["DROP INDEX IF EXISTS project_search_fts", "DROP INDEX IF EXISTS project_search_trgm"]


def run(statements):
    def operation(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return operation


class Migration(migrations.Migration):
    dependencies = [("projects", "0001_initial"), ("members", "0004_search_indexes")]

    operations = [migrations.RunPython(run(CREATE), run(DROP))]
