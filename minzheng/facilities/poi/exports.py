"""The map POI export (地图标注) of public facilities, as CSV and JSON.

The shape public map platforms take for a batch of points (Amap, Baidu and Tencent all ask for a
name, an address, a category, the coordinates in their own system, a phone and opening hours):
one row per facility, coordinates in GCJ-02 (Amap and Tencent; Baidu converts GCJ-02 on import)
with six decimals (about 0.1 m). The columns are named in README "Facilities (服务设施)".
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from django.utils import timezone

from minzheng.core import geo
from minzheng.core.tabular import csv_chunks
from minzheng.facilities.sites.models import Facility

PERM_EXPORT = "facilities.export_poi"
FILENAME = "服务设施地图标注"
COLUMNS = ("id", "name", "address", "category", "kind", "lng", "lat", "phone", "opening_hours", "region_code")
COORD_TYPE = geo.System.GCJ02.value


def poi_row(facility: Facility) -> dict[str, Any]:
    """One facility as a POI. Its stored WGS-84 point becomes GCJ-02."""
    lng, lat = geo.wgs84_to_gcj02(float(facility.lng), float(facility.lat))  # type: ignore[arg-type]
    return {"id": facility.pk, "name": facility.name, "address": facility.display_address,
            "category": facility.get_kind_display(), "kind": facility.kind,
            "lng": round(lng, 6), "lat": round(lat, 6), "phone": facility.service_phone,
            "opening_hours": facility.opening_hours, "region_code": facility.region_code}


def poi_csv(facilities: Iterable[Facility]) -> Iterator[bytes]:
    """UTF-8 with a BOM (Excel opens it as Chinese), a header row of ``COLUMNS``, streamed."""
    rows = ([row[c] if c not in ("lng", "lat") else f"{row[c]:.6f}" for c in COLUMNS]
            for row in map(poi_row, facilities))
    return csv_chunks(headers=COLUMNS, rows=rows)


def poi_json(facilities: Iterable[Facility]) -> dict[str, Any]:
    pois = [poi_row(f) for f in facilities]
    return {"coord_type": COORD_TYPE, "generated_at": timezone.localtime().isoformat(timespec="seconds"),
            "count": len(pois), "pois": pois}
