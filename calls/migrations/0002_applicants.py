"""The kinds of applicant calls name: the organisation kinds, then the finer audiences."""

from django.db import migrations

CODES = [
    "local-authority",
    "association",
    "public-institution",
    "school",
    "higher-education",
    "vocational-training",
    "company",
    "other",
    "lycee",
    "bts",
    "apprentice-centre",
]


def create(apps, schema_editor):
    Applicant = apps.get_model("calls", "Applicant")
    for position, code in enumerate(CODES):
        Applicant.objects.update_or_create(code=code, defaults={"position": position})


class Migration(migrations.Migration):
    dependencies = [("calls", "0001_initial")]

    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
