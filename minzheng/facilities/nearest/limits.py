"""The public nearest search's rate limit, shared by everything that searches for the public:
``GET /api/public/facilities/nearest/`` and the meal-site finder page count against one allowance.

At most ``MINZHENG_NEAREST_SEARCHES_PER_HOUR`` searches per client an hour, counted in the shared
cache under a hashed key (the client's address is not kept in the clear).
"""

from __future__ import annotations

from django.conf import settings

from minzheng.core.rate_limits import hourly_hit


def nearest_rate_limit() -> int:
    return int(getattr(settings, "MINZHENG_NEAREST_SEARCHES_PER_HOUR", 600))


def nearest_search_count(client: str) -> int:
    """Count one search against ``client`` and return the count in this hour's window."""
    return hourly_hit(prefix="facilities:nearest", client=client)


def nearest_search_allowed(client: str) -> bool:
    """Count one search against ``client``; False once the hour's allowance is spent."""
    return nearest_search_count(client) <= nearest_rate_limit()
