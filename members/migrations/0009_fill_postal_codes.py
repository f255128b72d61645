"""Records registered before the postal code existed get their commune's, when it has only one
(64 of the 66 communes; Les Abymes and Fort-de-France have two and are left for their editors)."""

from django.db import migrations


def fill(apps, schema_editor):
    Organisation = apps.get_model("members", "Organisation")
    Commune = apps.get_model("members", "Commune")
    for commune in Commune.objects.all():
        codes = commune.postal_codes.split()
        if len(codes) == 1:
            Organisation.objects.filter(commune=commune, postal_code="").update(
                postal_code=codes[0]
            )


class Migration(migrations.Migration):
    dependencies = [("members", "0008_data_quality_rules")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
