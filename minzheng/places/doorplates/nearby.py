"""What is near an address, for the public doorplate page: a hook that higher apps fill.

places sits below facilities and must not import it, yet the page a plate opens lists the
nearest meal sites and community care centres. So the page asks whoever registered here: each
provider takes a WGS-84 point and returns ``NearbyPlace`` rows, which hold only what anybody may
see. ``minzheng.facilities`` registers its nearest search in its ``AppConfig.ready()``.

A provider is registered once per ``key`` (a second registration under the same key replaces
the first, as ``dispatch_uid`` does for signals), so a reloaded app never lists a place twice.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field


@dataclass(frozen=True)
class NearbyPlace:
    """One place near an address, as the public page shows it: no personal data."""

    name: str
    kind: str  # the kind's Chinese name: 老年助餐点
    distance_m: int
    address: str = ""
    opening_hours: str = ""
    links: Mapping[str, str] = field(default_factory=dict)  # amap, baidu, tencent

    @property
    def distance_text(self) -> str:
        """约 850 米 / 约 1.2 公里: what a resident reads on a phone."""
        if self.distance_m < 1000:
            return f"约 {self.distance_m} 米"
        return f"约 {self.distance_m / 1000:.1f} 公里"


@dataclass(frozen=True)
class NearbyGroup:
    """Places of one kind, nearest first; ``more_url`` a page of the provider's that shows more
    of them (a public one: the plate page links to it for anybody), with ``more_label`` its words."""

    title: str
    places: Sequence[NearbyPlace]
    more_url: str = ""
    more_label: str = ""


Provider = Callable[[float, float], Sequence[NearbyGroup]]

# Filled at start-up by the apps' ready(), read by the page; nothing else changes it.
_providers: dict[str, Provider] = {}


def nearby_provider_register(provider: Provider, *, key: str) -> None:
    _providers[key] = provider


def nearby_provider_unregister(*, key: str) -> None:
    _providers.pop(key, None)


def nearby_groups(*, lng: float, lat: float) -> list[NearbyGroup]:
    """Every registered provider's groups for the WGS-84 point, empty groups left out."""
    out: list[NearbyGroup] = []
    for key in sorted(_providers):
        out.extend(group for group in _providers[key](lng, lat) if group.places)
    return out
