"""Approximate WGS-84 bounding boxes of Huzhou's five counties and districts.

APPROXIMATE: read off public maps to about 0.05 degrees (5 km) and widened a little, not
surveyed boundaries. The boxes of neighbouring counties overlap, so the data-quality check
"coordinates outside the county" catches gross errors (swapped longitude and latitude, a
point in another city, a GCJ-02 or BD-09 point far off) but not a point that lies just across
a county line. Replace them with boxes computed from the bureau's own boundary layer when it
is available; nothing else depends on the exact values.

Each entry is (min_lng, min_lat, max_lng, max_lat) in degrees.
"""

from __future__ import annotations

from decimal import Decimal

COUNTY_BBOX: dict[str, tuple[float, float, float, float]] = {
    "330502": (119.90, 30.55, 120.45, 31.00),  # 吴兴区 (with 南太湖新区): 妙西 to 织里, 埭溪 to the lake
    "330503": (120.15, 30.65, 120.55, 31.00),  # 南浔区: 和孚 to 南浔古镇, 练市 to 横街
    "330521": (119.75, 30.40, 120.35, 30.75),  # 德清县: 莫干山 to 新市, 雷甸 to 乾元
    "330522": (119.50, 30.75, 120.10, 31.20),  # 长兴县: 煤山 to 洪桥, 泗安 to 太湖
    "330523": (119.20, 30.35, 119.90, 30.85),  # 安吉县: 章村 to 梅溪, 天荒坪 to 天子湖
}


def bbox_of(region_code: str) -> tuple[float, float, float, float] | None:
    """The box of the county a region code lies in, or None for a code outside Huzhou."""
    return COUNTY_BBOX.get((region_code or "")[:6])


def bbox_decimal(region_code: str) -> tuple[Decimal, Decimal, Decimal, Decimal] | None:
    box = bbox_of(region_code)
    return None if box is None else tuple(Decimal(str(v)) for v in box)  # type: ignore[return-value]


def contains(region_code: str, lng: float, lat: float) -> bool:
    box = bbox_of(region_code)
    return box is not None and box[0] <= lng <= box[2] and box[1] <= lat <= box[3]
