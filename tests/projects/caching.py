"""A fixture for the query ceilings of pages that cache public data.

Without Redis the shared cache is a database table (rrma/cache.py): its reads and writes
would count among a page's queries, and change with what the caches around the view keep
(whole anonymous pages, rrma/middleware.py). Ceilings count the page's own queries, as in
production with Redis: the cache is kept in memory instead, emptied before and after.
"""

import pytest
from django.core.cache import cache


@pytest.fixture
def memory_cache(settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    cache.clear()
    yield cache
    cache.clear()
