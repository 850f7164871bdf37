"""What the finder's map draws, and in which coordinate system.

Leaflet places a marker where its tiles draw that latitude and longitude, so every point on the
map must be in the system the tiles were cut in: ``MINZHENG_MAP_TILES_COORD``, GCJ-02 by default
(the tiles of Chinese map servers such as Amap's and Tencent's), WGS-84 for Tianditu (CGCS2000) or
OpenStreetMap tiles. We store WGS-84 and convert here, once, the origin and the sites alike. With
no tiles the markers only have to agree with each other and the scale bar; they are still drawn
in the configured system, so adding a tile server later changes nothing else.

The navigation links are another matter: each carries its own map's system (Amap and Tencent
GCJ-02, Baidu BD-09), made by ``core.geo.map_links`` whatever the page's map uses.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings

from minzheng.core import geo
from minzheng.facilities.finder.selectors import Finding


@dataclass(frozen=True)
class Tiles:
    url: str  # a template with {z}, {x}, {y}; "" for none
    attribution: str
    coord: geo.System


def map_tiles() -> Tiles:
    return Tiles(
        url=settings.MINZHENG_MAP_TILES_URL,
        attribution=settings.MINZHENG_MAP_TILES_ATTRIBUTION,
        coord=geo.System(settings.MINZHENG_MAP_TILES_COORD),
    )


def tiles_origin(tiles: Tiles) -> str | None:
    """The host the tiles come from, for the page's Content-Security-Policy (img-src); None when
    there are no tiles or they come from this site."""
    parts = urlsplit(tiles.url)
    if not parts.scheme or not parts.netloc:
        return None
    first, _, rest = parts.netloc.partition(".")
    if "{" in rest:
        return f"{parts.scheme}:"  # a placeholder deeper in the host: no narrower source can say it
    # A placeholder in the first label ({s}.tile.example.org, webrd0{s}.is.autonavi.com) is a
    # wildcard: a policy allows one only as a whole leftmost label.
    return f"{parts.scheme}://{'*.' + rest if '{' in first else parts.netloc}"


def map_data(finding: Finding, tiles: Tiles) -> dict[str, Any] | None:
    """The map's points and tiles, for ``json_script``; None when there is nothing to draw."""
    if finding.origin is None:
        return None

    def point(lng: float, lat: float) -> dict[str, float]:
        x, y = geo.convert(lng, lat, source=geo.System.WGS84, target=tiles.coord)
        return {"lng": round(x, 6), "lat": round(y, 6)}

    return {
        "coord": tiles.coord.value,
        "tiles": {"url": tiles.url, "attribution": tiles.attribution} if tiles.url else None,
        "origin": {"label": finding.origin.label, **point(finding.origin.lng, finding.origin.lat)},
        "sites": [
            {"rank": rank, "name": site.name, "distance_m": site.distance_m, **point(site.lng, site.lat)}
            for rank, site in enumerate(finding.sites, start=1)
        ],
    }
