"""The shared cache: Redis, whose failure never turns a page into an error.

What the cache holds is bookkeeping, above all the rate limits (failed logins, emails sent:
toolbox/ratelimit.py, allauth). Business rules:

- **When Redis does not answer, the rate limits fall back to the database cache table**
  (`rrma_cache`, the one `migrate` creates and the portal uses without Redis); they do not fail
  open. Failing open would hand whoever can make Redis stumble (or merely wait for an outage)
  unlimited password guesses and unlimited emails for as long as it lasts, unnoticed. The
  fallback costs a few database writes per login during the outage, and the counts start
  afresh in the table (and again in Redis when it returns): a limit restarts at most twice per
  outage, it is never lifted.
- A request never waits long for a dead server: connecting gives up after
  `CONNECT_TIMEOUT` seconds, a command after `COMMAND_TIMEOUT`; after a failure, Redis is left
  alone for `RETRY_AFTER` seconds (the database serves meanwhile), then one request tries it
  again.
- The failure is logged once, as a warning, when Redis stops answering, and its return once,
  as information; not for every request in between. The state is shared by the threads of a
  process, so each worker process logs an outage once.
- `/healthz` reports the cache (`cache_answers`) without failing: the portal works without it.
"""

import logging
import threading
from time import monotonic

from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache
from django.db import DatabaseError
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

# Seconds. Redis answers in well under a millisecond on the same network: anything slower is
# an outage, and the database cache is the better answer for that request.
CONNECT_TIMEOUT = 0.5
COMMAND_TIMEOUT = 0.5
RETRY_AFTER = 5.0


class _Breaker:
    """Whether one Redis server is left alone, for every thread of the process (Django builds
    a cache backend per thread: state kept on the backend would log once per thread)."""

    def __init__(self, location: str):
        self.location = location
        self._lock = threading.Lock()
        self._down_since: float | None = None
        self._retry_at = 0.0

    def allows_a_try(self) -> bool:
        if self._down_since is None:
            return True
        with self._lock:
            now = monotonic()
            if now < self._retry_at:
                return False
            # This request tries; the others keep using the database until it has answered.
            self._retry_at = now + RETRY_AFTER
            return True

    def failed(self, error: Exception) -> None:
        with self._lock:
            first = self._down_since is None
            now = monotonic()
            if first:
                self._down_since = now
            self._retry_at = now + RETRY_AFTER
        if first:
            logger.warning(
                "The cache server %s does not answer (%s: %s): the database cache takes over "
                "(rate limits stay in force); Redis is tried again every %s seconds",
                self.location,
                type(error).__name__,
                error,
                RETRY_AFTER,
            )

    def succeeded(self) -> None:
        if self._down_since is None:
            return
        with self._lock:
            down_since, self._down_since = self._down_since, None
        if down_since is not None:
            logger.info(
                "The cache server %s answers again, after %.0f seconds on the database cache",
                self.location,
                monotonic() - down_since,
            )


_breakers: dict[str, _Breaker] = {}
_breakers_lock = threading.Lock()


def _breaker_for(location: str) -> _Breaker:
    with _breakers_lock:
        return _breakers.setdefault(location, _Breaker(location))


def forget_failures() -> None:
    """Start again as if Redis had always answered (tests, which break it on purpose)."""
    with _breakers_lock:
        _breakers.clear()


def _falls_back(name: str):
    """The backend's method `name`, on Redis while it answers, on the fallback otherwise."""

    def method(self, *args, **kwargs):
        return self._call(name, *args, **kwargs)

    method.__name__ = name
    method.__doc__ = f"RedisCache.{name}, or the fallback cache's while Redis does not answer."
    return method


class ResilientRedisCache(RedisCache):
    """Django's Redis cache, with short timeouts and a fallback cache while Redis is down.

    OPTIONS: "FALLBACK", the alias of the cache that serves during an outage (required); the
    other options go to redis-py, with `socket_connect_timeout` and `socket_timeout` given
    short defaults.
    """

    def __init__(self, server, params):
        options = dict(params.get("OPTIONS", {}))
        self._fallback_alias = options.pop("FALLBACK")
        options.setdefault("socket_connect_timeout", CONNECT_TIMEOUT)
        options.setdefault("socket_timeout", COMMAND_TIMEOUT)
        super().__init__(server, {**params, "OPTIONS": options})
        self._breaker = _breaker_for(server if isinstance(server, str) else ",".join(server))

    @property
    def fallback(self):
        return caches[self._fallback_alias]

    def _call(self, name: str, *args, **kwargs):
        if self._breaker.allows_a_try():
            try:
                result = getattr(super(), name)(*args, **kwargs)
            except RedisError as error:
                self._breaker.failed(error)
            else:
                self._breaker.succeeded()
                return result
        return getattr(self.fallback, name)(*args, **kwargs)

    # Every operation of Django's cache API; the others (get_or_set, decr, the async ones) are
    # written on these.
    add = _falls_back("add")
    get = _falls_back("get")
    set = _falls_back("set")
    touch = _falls_back("touch")
    delete = _falls_back("delete")
    get_many = _falls_back("get_many")
    has_key = _falls_back("has_key")
    incr = _falls_back("incr")
    set_many = _falls_back("set_many")
    delete_many = _falls_back("delete_many")
    clear = _falls_back("clear")

    def answers(self) -> bool:
        """Whether Redis answers now (a PING), without waiting on it during an outage."""
        if not self._breaker.allows_a_try():
            return False
        try:
            self._cache.get_client(write=True).ping()
        except RedisError as error:
            self._breaker.failed(error)
            return False
        self._breaker.succeeded()
        return True


def cache_answers(alias: str = "default") -> bool:
    """Whether the shared cache works as configured: Redis answering, or the database cache
    table readable when there is no Redis."""
    backend = caches[alias]
    if isinstance(backend, ResilientRedisCache):
        return backend.answers()
    try:
        backend.get("rrma:healthz")
    except (DatabaseError, RedisError):
        logger.exception("Health check: the cache does not answer")
        return False
    return True
