from django.core.management import call_command
from django.db import migrations


def create_cache_tables(apps, schema_editor):
    # The table of what visitors share (rrma_public_cache), next to rrma_cache; createcachetable
    # leaves existing tables alone.
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [("rrma", "0003_prepared_export")]

    operations = [migrations.RunPython(create_cache_tables, migrations.RunPython.noop)]
