"""The hourly count behind every rate-limited public page: per client and per prefix, under a key
that names neither in clear."""

from __future__ import annotations

from django.core.cache import cache

from minzheng.core.rate_limits import hourly_hit


def test_hits_count_per_client_and_prefix_apart() -> None:
    cache.clear()
    assert [hourly_hit(prefix="t:a", client="10.0.0.1") for _ in range(3)] == [1, 2, 3]
    assert hourly_hit(prefix="t:a", client="10.0.0.2") == 1
    assert hourly_hit(prefix="t:b", client="10.0.0.1") == 1


def test_the_key_keeps_no_client_address_in_clear() -> None:
    cache.clear()
    hourly_hit(prefix="t:c", client="192.168.7.9")
    assert cache.get("t:c:192.168.7.9") is None
