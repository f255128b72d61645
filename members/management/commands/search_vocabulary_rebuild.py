"""Rebuild the search vocabulary (SearchWord) from the records' searchable text.

Needed only after rows were written without `save()` (bulk inserts, raw SQL imports): saving
an organisation, a project or a record with a search text (news, resources, trainings and
events, calls: `members.search.SearchTextMixin`) adds its words by itself.
"""

from itertools import chain

from django.core.management.base import BaseCommand
from django.db import transaction

from members.models import Organisation, SearchWord
from members.search import SearchTextMixin


class Command(BaseCommand):
    help = "Rebuild the vocabulary that typo-tolerant search corrects towards."

    def handle(self, *args, **options):
        # Projects and the others live floors up: read through the app registry, not imports.
        from django.apps import apps

        searched = [apps.get_model("projects", "Project")] + [
            model for model in apps.get_models() if issubclass(model, SearchTextMixin)
        ]
        texts = chain(
            Organisation.objects.values_list("search_text", flat=True).iterator(2000),
            *(m.objects.values_list("search_text", flat=True).iterator(2000) for m in searched),
        )
        with transaction.atomic():
            SearchWord.objects.all().delete()
            count = SearchWord.learn_all(texts)
        self.stdout.write(f"{SearchWord.objects.count()} words from {count} records.")
