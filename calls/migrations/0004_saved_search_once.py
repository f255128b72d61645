"""One saved search per address and search: duplicates a race could have written are merged
(the oldest kept, confirmed if any of them was) before the constraint is added."""

import django.db.models.functions.text
from django.db import migrations, models


def merge_duplicates(apps, schema_editor):
    SavedSearch = apps.get_model("calls", "SavedSearch")
    kept = {}
    for search in SavedSearch.objects.order_by("pk"):
        key = (search.email.lower(), search.query)
        first = kept.setdefault(key, search)
        if first.pk != search.pk:
            if first.confirmed_at is None and search.confirmed_at is not None:
                first.confirmed_at = search.confirmed_at
                first.save(update_fields=["confirmed_at"])
            search.delete()


class Migration(migrations.Migration):
    dependencies = [("calls", "0003_document_private_storage")]

    operations = [
        migrations.RunPython(merge_duplicates, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="savedsearch",
            constraint=models.UniqueConstraint(
                django.db.models.functions.text.Lower("email"),
                models.F("query"),
                name="one_search_per_address",
            ),
        ),
    ]
