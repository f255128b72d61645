from django.db import migrations

from toolbox.search import fill_search_text


class Migration(migrations.Migration):
    """The search text as its words, each after a space, so that a search finds words at their
    start (toolbox.search.search_words)."""

    dependencies = [("calls", "0005_search_text")]

    operations = [fill_search_text("calls", "Call")]
