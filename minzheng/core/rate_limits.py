"""An hourly count per client for the public pages and APIs that are rate-limited (doorplate
reports, the nearest search and meal-site finder, the bed page, the dibao self-check).

The count lives in Django's cache, which in production must be shared by every process (Redis,
or the database cache): a per-process count would multiply a limit by the number of workers.
The key is hashed, so the cache holds neither the client's address nor anything else it names
in clear.
"""

from __future__ import annotations

import hashlib

from django.core.cache import cache

WINDOW_SECONDS = 3600


def hourly_hit(*, prefix: str, client: str) -> int:
    """Count one hit by ``client`` under ``prefix`` and return the count in this hour's window
    (``add`` then ``incr``: atomic on Redis and memcached)."""
    key = f"{prefix}:{hashlib.sha256(client.encode()).hexdigest()[:32]}"
    cache.add(key, 0, timeout=WINDOW_SECONDS)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=WINDOW_SECONDS)
        return 1
