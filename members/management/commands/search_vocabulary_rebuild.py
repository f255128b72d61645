"""Rebuild the search vocabulary (SearchWord) from the records' searchable text.

Needed only after rows were written without `save()` (bulk inserts, raw SQL imports): saving
an organisation or a project adds its words by itself.
"""

from itertools import chain

from django.core.management.base import BaseCommand
from django.db import transaction

from members.models import Organisation, SearchWord


class Command(BaseCommand):
    help = "Rebuild the vocabulary that typo-tolerant search corrects towards."

    def handle(self, *args, **options):
        # Projects live one floor up: read through the app registry, not an import.
        from django.apps import apps

        Project = apps.get_model("projects", "Project")
        texts = chain(
            Organisation.objects.values_list("search_text", flat=True).iterator(2000),
            Project.objects.values_list("search_text", flat=True).iterator(2000),
        )
        with transaction.atomic():
            SearchWord.objects.all().delete()
            count = SearchWord.learn_all(texts)
        self.stdout.write(f"{SearchWord.objects.count()} words from {count} records.")
