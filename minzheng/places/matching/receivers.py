"""What the matcher does when roads or regions change: its key table follows them, in the
sender's transaction, so that a new road, alias or region name can be matched as soon as it is
committed."""

from __future__ import annotations

from typing import Any

from minzheng.places.matching.keys import region_names_rebuild, road_names_rebuild


def match_keys_follow_roads(sender: Any, *, road_ids: list[int], **kwargs: Any) -> None:
    """``places.addresses.signals.roads_changed``: rewrite the keys of these roads."""
    road_names_rebuild(road_ids=road_ids)


def match_keys_follow_region_rename(sender: Any, **kwargs: Any) -> None:
    """``core.events.region_renamed``: the matcher knows the region by its new name."""
    region_names_rebuild()
