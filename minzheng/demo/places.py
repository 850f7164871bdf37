"""The places half of the demo city: roads, compounds and standard addresses for every demo
village, the matcher's keys, digital doorplates, the doorplate service catalogue, road naming
and the place-name heritage list. Each builder is idempotent, so a second run adds nothing."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from tqdm import tqdm

from minzheng.core.models import Region
from minzheng.core.regions import Level
from minzheng.demo.regions import villages_at_scale
from minzheng.places.addresses.demo import build_places
from minzheng.places.doorplates.catalogue import catalogue_seed
from minzheng.places.doorplates.demo import build_doorplates
from minzheng.places.names.demo import build_place_names

# Up to this scale the demo households are moved to standard addresses of their village, so that
# matching links them. Beyond it the generated texts stay: rewriting millions of registry rows
# row by row costs several times the whole build (14 minutes at scale 1.0 on PostgreSQL).
HOUSE_REGISTRY_MAX_SCALE = 0.02


def _bar(desc: str, enabled: bool) -> tuple[Callable[[int, int], None], Any]:
    bar = tqdm(desc=desc, unit="行", disable=not enabled, leave=False)

    def progress(done: int, total: int) -> None:
        bar.total = total
        bar.n = done
        bar.refresh()

    return progress, bar


def demo_places_build(*, seed: int, scale: float, progress: bool = True) -> dict[str, int]:
    """Build the places data for the villages of a demo of this (seed, scale)."""
    villages = [
        village
        for township in Region.objects.filter(level=Level.TOWNSHIP).order_by("code")
        for village in villages_at_scale(township.code, township.kind, scale)
    ]
    counts: dict[str, int] = {}
    for desc, build in (
        ("标准地址", lambda p: build_places(villages=villages, scale=scale, seed=seed, progress=p,
                                         house_registry=scale <= HOUSE_REGISTRY_MAX_SCALE)),
        ("地名命名", lambda p: build_place_names(scale=scale, seed=seed, year=2024, progress=p)),
    ):
        report, bar = _bar(desc, progress)
        try:
            counts.update({k: int(v) for k, v in build(report).items()})
        finally:
            bar.close()
    counts.update({f"catalogue_{k}": v for k, v in catalogue_seed().items()})
    report, bar = _bar("数字门牌", progress)
    try:
        counts["doorplates"] = build_doorplates(scale=scale, seed=seed, progress=report)
    finally:
        bar.close()
    return counts
