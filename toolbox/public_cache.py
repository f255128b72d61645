"""What anonymous visitors share, computed once for every process and forgotten on change.

Business rules:

- Only **public** data goes through here (counts of active organisations, facet counts of
  the public directory, network pages, whole anonymous pages): the same value is handed to
  every visitor, so nothing that depends on who asks may be cached here.
- Every value is filed under the current **generation** of the public data, a number kept in
  the shared cache (Redis when configured, the database cache otherwise: `rrma/cache.py`),
  under its own alias `public`: visitors choose its keys (every query string is a page), so a
  flood of them culls only its own entries, never the rate-limit counters of the default cache.
  Any save or deletion of a record that public pages show bumps the generation
  (`record_public_change`, connected in `rrma/apps.py`), so the next request computes afresh:
  nobody sees a stale count after a change, whichever process served it. Inside a
  transaction the generation moves on when the change is made (for what the same thread reads
  next) and again once committed (for what other processes read meanwhile: they would
  otherwise have cached the data as they were before the commit). Values of older
  generations are never read again and expire by themselves.
- A value also expires after `timeout` seconds, for what changes without a save (a training
  whose date has passed, "closing soon").
- When the cache does not answer, the value is computed as if nothing were cached: caching
  makes pages faster, never wrong or broken.
- A generation starts from the clock (milliseconds), never from 1: when the counter is lost
  (Redis evicting it, the database cache culling it, a `clear()`), the next one is larger than
  any reached before, so values filed under an old generation are never taken for current.
- Values with many keys, such as whole pages (one per address, `current_public_value`,
  `keep_public_value`), keep one entry per key with the generation it was computed for,
  replaced by the next computation, rather than one entry per key and generation: the database
  cache keeps expired rows until it holds MAX_ENTRIES, so a key per generation would fill it
  with the pages of every past generation.
"""

import logging
import threading
import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.cache import caches
from django.db import transaction

logger = logging.getLogger(__name__)

# The cache alias of what visitors share (rrma/settings.py keeps it apart from the rate
# limits); settings without it (some tests) use the default cache.
ALIAS = "public"


def _cache():
    return caches[ALIAS if ALIAS in settings.CACHES else "default"]


GENERATION_KEY = "public-data:generation"
# The generation itself never expires on its own: losing it would only cost one recomputation
# per key, but keeping it avoids a storm of them.
GENERATION_TIMEOUT = None
DEFAULT_TIMEOUT = 600


def _first_generation() -> int:
    # Milliseconds since the epoch: each change adds one to a generation, and no portal records
    # a change per millisecond for long, so a counter started now is past any earlier one.
    return time.time_ns() // 1_000_000


def public_generation() -> int:
    """The current generation of the public data; 0 when the cache does not answer (nothing is
    then cached)."""
    try:
        generation = _cache().get(GENERATION_KEY)
        if generation is None:
            _cache().add(GENERATION_KEY, _first_generation(), timeout=GENERATION_TIMEOUT)
            generation = _cache().get(GENERATION_KEY)
    except Exception:  # any cache backend's failure: the page must still answer
        logger.warning("The shared cache does not answer: public data computed afresh")
        return 0
    return int(generation or 0)


def public_data_changed(**_signal_arguments) -> None:
    """Forget every cached public value (a signal receiver as well as a plain call)."""
    try:
        try:
            _cache().incr(GENERATION_KEY)
        except ValueError:  # no generation yet: start one past any value cached before
            _cache().set(GENERATION_KEY, _first_generation(), timeout=GENERATION_TIMEOUT)
    except Exception:
        logger.warning("The shared cache does not answer: public data could not be invalidated")


# Whether this thread has read a cached public value since it last moved the generation on:
# if not, moving it on again for the next change of the same transaction would change nothing.
_thread = threading.local()


def record_public_change() -> None:
    """A record that public pages show was saved or deleted: cached values are forgotten, now
    and (inside a transaction) once more when it commits; once per transaction and read."""
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        public_data_changed()
        return
    if getattr(_thread, "read_since_change", True):
        public_data_changed()
        _thread.read_since_change = False
    pending = (callback for _sids, callback, _robust in connection.run_on_commit)
    if public_data_changed not in pending:
        transaction.on_commit(public_data_changed)


def public_cache_key(key: str, generation: int | None = None) -> str:
    if generation is None:
        generation = public_generation()
    return f"public-data:{generation}:{key}"


def public_cached[T](key: str, compute: Callable[[], T], *, timeout: int = DEFAULT_TIMEOUT) -> T:
    """`compute()`'s value for the current generation of the public data, computed at most once
    per generation and `timeout` across processes (two processes may both compute it on a
    miss; both get the same value)."""
    _thread.read_since_change = True
    generation = public_generation()
    if not generation:
        return compute()
    full_key = public_cache_key(key, generation)
    try:
        value = _cache().get(full_key)
    except Exception:
        return compute()
    if value is None:
        value = compute()
        try:
            _cache().set(full_key, value, timeout=timeout)
        except Exception:
            logger.warning("The shared cache does not answer: %s not kept", key)
    return value


def _latest_key(key: str) -> str:
    return f"public-data:latest:{key}"


def current_public_value(key: str) -> tuple[int, Any]:
    """The current generation, and the value `keep_public_value` kept under `key` for it (None
    when there is none, or only one computed for an older generation), in one round trip to the
    cache: what a page served from the cache costs. Generation 0: the cache does not answer,
    nothing may be kept."""
    _thread.read_since_change = True
    full_key = _latest_key(key)
    try:
        found = _cache().get_many([GENERATION_KEY, full_key])
    except Exception:
        logger.warning("The shared cache does not answer: public data computed afresh")
        return 0, None
    generation = found.get(GENERATION_KEY)
    if generation is None:
        return public_generation(), None
    kept = found.get(full_key)
    if kept is not None and kept[0] == generation:
        return int(generation), kept[1]
    return int(generation), None


def keep_public_value(key: str, generation: int, value: Any, *, timeout: int) -> None:
    """Keep `value`, computed for `generation` (read before computing it: a change committed
    meanwhile makes it stale at once, never current), for `timeout` seconds at most."""
    if not generation:
        return
    try:
        _cache().set(_latest_key(key), (generation, value), timeout=timeout)
    except Exception:
        logger.warning("The shared cache does not answer: %s not kept", key)
