from django.db import migrations

TERRITORIES = [
    {
        "slug": "guadeloupe",
        "name": "Guadeloupe",
        "insee_code": "971",
        "timezone": "America/Guadeloupe",
    },
    {
        "slug": "martinique",
        "name": "Martinique",
        "insee_code": "972",
        "timezone": "America/Martinique",
    },
]


def create_territories(apps, schema_editor):
    Territory = apps.get_model("members", "Territory")
    for data in TERRITORIES:
        Territory.objects.update_or_create(slug=data["slug"], defaults=data)


class Migration(migrations.Migration):
    dependencies = [("members", "0001_initial")]

    operations = [migrations.RunPython(create_territories, migrations.RunPython.noop)]
