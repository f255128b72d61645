from django.contrib.postgres.operations import UnaccentExtension
from django.db import migrations


class Migration(migrations.Migration):
    """`unaccent`, with which the portal-wide search lowers texts on PostgreSQL
    (members.search.Normalized); nothing on SQLite."""

    dependencies = [("members", "0015_working_groups")]

    operations = [UnaccentExtension()]
