"""The public nearest search's rate limit, shared by everything that searches for the public:
``GET /api/public/facilities/nearest/`` and the meal-site finder page count against one allowance.

At most ``MINZHENG_NEAREST_SEARCHES_PER_HOUR`` searches per client an hour, counted in the shared
cache under a hashed key (the client's address is not kept in the clear).
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core.cache import cache

RATE_WINDOW_SECONDS = 3600


def nearest_rate_limit() -> int:
    return int(getattr(settings, "MINZHENG_NEAREST_SEARCHES_PER_HOUR", 600))


def nearest_search_count(client: str) -> int:
    """Count one search against ``client`` and return the count in this window (``add`` then
    ``incr``: atomic on Redis and memcached, shared by every process on the database cache)."""
    key = "facilities:nearest:" + hashlib.sha256(client.encode()).hexdigest()[:32]
    cache.add(key, 0, timeout=RATE_WINDOW_SECONDS)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=RATE_WINDOW_SECONDS)
        return 1


def nearest_search_allowed(client: str) -> bool:
    """Count one search against ``client``; False once the hour's allowance is spent."""
    return nearest_search_count(client) <= nearest_rate_limit()
