"""The Redis cache (production's, with MINZHENG_REDIS_URL) against the Redis on this machine."""

from __future__ import annotations

import os
import uuid

import pytest

from minzheng.core.redis_cache import RedisCache

REDIS_URL = os.environ.get("MINZHENG_TEST_REDIS_URL", "redis://127.0.0.1:6379/9")


@pytest.fixture
def redis_cache() -> RedisCache:
    cache = RedisCache(REDIS_URL, {"KEY_PREFIX": f"test-{uuid.uuid4().hex}"})
    try:
        cache.get("ping")
    except Exception as exc:
        pytest.fail(f"no Redis at {REDIS_URL}: {exc}")
    return cache


def test_redis_cache_stores_reads_and_forgets(redis_cache: RedisCache) -> None:
    redis_cache.set("permissions", {"core.view_auditentry"}, 60)
    assert redis_cache.get("permissions") == {"core.view_auditentry"}
    assert redis_cache.get_or_set("generation", "g1", None) == "g1"
    assert redis_cache.get_or_set("generation", "g2", None) == "g1"
    redis_cache.delete("permissions")
    assert redis_cache.get("permissions") is None


def test_redis_cache_keeps_one_client_per_pool(redis_cache: RedisCache) -> None:
    client = redis_cache._cache.get_client()
    redis_cache.set("a", 1, 60)
    redis_cache.get("a")
    assert redis_cache._cache.get_client(write=True) is client
