import django.contrib.postgres.search
from django.db import migrations

# PostgreSQL only, as for organisations (members 0012): a stored French vector of search_text,
# kept by members 0012's trigger function and GIN-indexed, instead of 0002's expression and trigram indexes.
CREATE = [
    "CREATE TRIGGER project_search_vectors BEFORE INSERT OR UPDATE OF search_text "
    "ON projects_project FOR EACH ROW EXECUTE FUNCTION rrma_search_vectors()",
    "ALTER TABLE projects_project ALTER COLUMN search_vector SET STORAGE MAIN",
    # Fires the trigger on every row.
    "UPDATE projects_project SET search_text = search_text",
    "CREATE INDEX project_search_vector ON projects_project USING gin (search_vector)",
    "CREATE INDEX project_title_vector ON projects_project USING gin (title_vector)",
    "DROP INDEX IF EXISTS project_search_fts",
    "DROP INDEX IF EXISTS project_search_trgm",
]
DROP = [
    "DROP TRIGGER IF EXISTS project_search_vectors ON projects_project",
    "DROP INDEX IF EXISTS project_search_vector",
    "DROP INDEX IF EXISTS project_title_vector",
    "CREATE INDEX IF NOT EXISTS project_search_fts ON projects_project "
    "USING gin (to_tsvector('french'::regconfig, search_text))",
    "CREATE INDEX IF NOT EXISTS project_search_trgm ON projects_project "
    "USING gin (search_text gin_trgm_ops)",
]


def run(statements):
    def operation(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return operation


def learn_vocabulary(apps, schema_editor):
    from members.models.search import words_of

    SearchWord = apps.get_model("members", "SearchWord")
    Project = apps.get_model("projects", "Project")
    words = set()
    for text in Project.objects.values_list("search_text", flat=True).iterator(2000):
        words |= words_of(text)
    SearchWord.objects.bulk_create(
        [SearchWord(word=w, length=len(w)) for w in words], ignore_conflicts=True, batch_size=2000
    )


class Migration(migrations.Migration):
    dependencies = [("projects", "0003_dates_in_range"), ("members", "0012_search_vector")]

    operations = [
        migrations.AddField(
            model_name="project",
            name="search_vector",
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
        ),
        migrations.AddField(
            model_name="project",
            name="title_vector",
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
        ),
        migrations.RunPython(run(CREATE), run(DROP)),
        migrations.RunPython(learn_vocabulary, migrations.RunPython.noop),
    ]
