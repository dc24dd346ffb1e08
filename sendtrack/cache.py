"""The cache on Redis, made forgiving: while Redis cannot be reached, a page is served uncached
rather than failing. The outage is logged once a minute, not on every call."""

from __future__ import annotations

import functools
import logging
import time
from collections.abc import Callable
from typing import Any

from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

OUTAGE_ERRORS = (RedisConnectionError, RedisTimeoutError, OSError)
# After a failure, calls skip Redis for this many seconds instead of waiting on it each time.
RETRY_AFTER = 30.0
LOG_EVERY = 60.0

# What each operation answers while Redis is down ("not cached", "not stored"), given the
# call's arguments.
FALLBACKS: dict[str, Callable[..., Any]] = {
    "get": lambda key, default=None, version=None: default,
    "get_many": lambda keys, version=None: {},
    "has_key": lambda key, version=None: False,
    "add": lambda *args, **kwargs: False,
    "set": lambda *args, **kwargs: None,
    # set_many answers with the keys it failed to store: all of them.
    "set_many": lambda data, timeout=None, version=None: list(data),
    "touch": lambda *args, **kwargs: False,
    "delete": lambda *args, **kwargs: False,
    "delete_many": lambda *args, **kwargs: None,
    "clear": lambda: None,
}


class ForgivingRedisCache(RedisCache):
    """Django's Redis cache, except that a Redis outage reads as a cache miss and is logged.
    ``get_or_set`` then computes the value; ``incr``/``decr`` still fail, as there is no
    honest answer to give."""

    _down_until = 0.0
    _last_logged = 0.0

    def _outage(self, operation: str, error: Exception) -> None:
        now = time.monotonic()
        type(self)._down_until = now + RETRY_AFTER
        if now - type(self)._last_logged >= LOG_EVERY:
            type(self)._last_logged = now
            logger.error(
                "Cache unavailable: Redis did not answer (%s: %s). Pages are served without "
                "the cache; retrying in %d seconds.",
                operation,
                error,
                RETRY_AFTER,
            )


def _forgiving(name: str):
    method = getattr(RedisCache, name)
    fallback = FALLBACKS[name]

    @functools.wraps(method)
    def wrapper(self, *args, **kwargs):
        if time.monotonic() < type(self)._down_until:
            return fallback(*args, **kwargs)
        try:
            return method(self, *args, **kwargs)
        except OUTAGE_ERRORS as error:
            self._outage(name, error)
            return fallback(*args, **kwargs)

    return wrapper


for _name in FALLBACKS:
    setattr(ForgivingRedisCache, _name, _forgiving(_name))
