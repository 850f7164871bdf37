"""The places half of the demo city, in two steps around the people.

- ``demo_addresses_build``, before the people: roads, compounds and standard addresses (with
  the matcher's keys) for every demo village, so that each household is given a dwelling as it
  is generated (``homes.py``).
- ``demo_places_build``, after them: digital doorplates, the doorplate service catalogue, road
  naming and the place-name heritage list.

Each builder is idempotent, so a second run adds nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from tqdm import tqdm

from minzheng.core.synthetic.regions import Village
from minzheng.places.addresses.demo import build_places
from minzheng.places.doorplates.catalogue import catalogue_seed
from minzheng.places.doorplates.demo import build_doorplates
from minzheng.places.names.demo import build_place_names


def _bar(desc: str, enabled: bool) -> tuple[Callable[[int, int], None], Any]:
    bar = tqdm(desc=desc, unit="行", disable=not enabled, leave=False)

    def progress(done: int, total: int) -> None:
        bar.total = total
        bar.n = done
        bar.refresh()

    return progress, bar


def demo_addresses_build(*, seed: int, scale: float, villages: Iterable[Village],
                         progress: bool = True) -> dict[str, int]:
    """Roads, compounds and standard addresses for the demo's villages (this seed and scale)."""
    report, bar = _bar("标准地址", progress)
    try:
        return {k: int(v) for k, v in build_places(villages=list(villages), scale=scale, seed=seed,
                                                   progress=report).items()}
    finally:
        bar.close()


def demo_places_build(*, seed: int, scale: float, progress: bool = True) -> dict[str, int]:
    """Place names, the doorplate catalogue and doorplates, on the addresses already built."""
    counts: dict[str, int] = {}
    report, bar = _bar("地名命名", progress)
    try:
        counts.update({k: int(v) for k, v in build_place_names(scale=scale, seed=seed, year=2024,
                                                               progress=report).items()})
    finally:
        bar.close()
    counts.update({f"catalogue_{k}": v for k, v in catalogue_seed().items()})
    report, bar = _bar("数字门牌", progress)
    try:
        counts["doorplates"] = build_doorplates(scale=scale, seed=seed, progress=report)
    finally:
        bar.close()
    return counts
