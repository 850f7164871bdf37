"""Coordinates and map links.

We store WGS-84. China's public map apps want GCJ-02 (Amap, Tencent) or BD-09 (Baidu), so we
convert on output. The forward transforms are the published formulas (DOMAIN.md); the inverses
have no closed form and are solved by fixed-point iteration until the error is below 1e-7°,
where the usual one-step inverse is off by up to 0.2 m.
"""

from __future__ import annotations

import math
from enum import StrEnum
from urllib.parse import quote, urlencode

A = 6378245.0  # Krasovsky 1940 semi-major axis
EE = 0.00669342162296594323  # its first eccentricity squared
X_PI = math.pi * 3000.0 / 180.0
TOLERANCE = 1e-7
MAX_ITERATIONS = 50


class System(StrEnum):
    WGS84 = "wgs84"
    GCJ02 = "gcj02"
    BD09 = "bd09"


def outside_china(lng: float, lat: float) -> bool:
    return not (72.004 <= lng <= 137.8347 and 0.8293 <= lat <= 55.8271)


def _transform_lat(x: float, y: float) -> float:
    ret = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * math.sqrt(abs(x))
    ret += (20.0 * math.sin(6.0 * x * math.pi) + 20.0 * math.sin(2.0 * x * math.pi)) * 2.0 / 3.0
    ret += (20.0 * math.sin(y * math.pi) + 40.0 * math.sin(y / 3.0 * math.pi)) * 2.0 / 3.0
    ret += (160.0 * math.sin(y / 12.0 * math.pi) + 320 * math.sin(y * math.pi / 30.0)) * 2.0 / 3.0
    return ret


def _transform_lng(x: float, y: float) -> float:
    ret = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * math.sqrt(abs(x))
    ret += (20.0 * math.sin(6.0 * x * math.pi) + 20.0 * math.sin(2.0 * x * math.pi)) * 2.0 / 3.0
    ret += (20.0 * math.sin(x * math.pi) + 40.0 * math.sin(x / 3.0 * math.pi)) * 2.0 / 3.0
    ret += (150.0 * math.sin(x / 12.0 * math.pi) + 300.0 * math.sin(x / 30.0 * math.pi)) * 2.0 / 3.0
    return ret


def wgs84_to_gcj02(lng: float, lat: float) -> tuple[float, float]:
    if outside_china(lng, lat):
        return lng, lat
    dlat = _transform_lat(lng - 105.0, lat - 35.0)
    dlng = _transform_lng(lng - 105.0, lat - 35.0)
    radlat = lat / 180.0 * math.pi
    magic = 1 - EE * math.sin(radlat) ** 2
    sqrtmagic = math.sqrt(magic)
    dlat = (dlat * 180.0) / ((A * (1 - EE)) / (magic * sqrtmagic) * math.pi)
    dlng = (dlng * 180.0) / (A / sqrtmagic * math.cos(radlat) * math.pi)
    return lng + dlng, lat + dlat


def gcj02_to_bd09(lng: float, lat: float) -> tuple[float, float]:
    z = math.sqrt(lng * lng + lat * lat) + 0.00002 * math.sin(lat * X_PI)
    theta = math.atan2(lat, lng) + 0.000003 * math.cos(lng * X_PI)
    return z * math.cos(theta) + 0.0065, z * math.sin(theta) + 0.006


def _invert(forward, lng: float, lat: float, guess: tuple[float, float]) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    """Find p with forward(p) == (lng, lat) by fixed-point iteration: the transforms are small
    smooth offsets, so subtracting the residual converges in a handful of steps."""
    x, y = guess
    for _ in range(MAX_ITERATIONS):
        fx, fy = forward(x, y)
        dx, dy = fx - lng, fy - lat
        if abs(dx) < TOLERANCE / 10 and abs(dy) < TOLERANCE / 10:
            break
        x, y = x - dx, y - dy
    return x, y


def gcj02_to_wgs84(lng: float, lat: float) -> tuple[float, float]:
    if outside_china(lng, lat):
        return lng, lat
    return _invert(wgs84_to_gcj02, lng, lat, (lng, lat))


def bd09_to_gcj02(lng: float, lat: float) -> tuple[float, float]:
    return _invert(gcj02_to_bd09, lng, lat, (lng - 0.0065, lat - 0.006))


def convert(lng: float, lat: float, *, source: System, target: System) -> tuple[float, float]:
    """Convert between any two of WGS-84, GCJ-02 and BD-09 (through GCJ-02)."""
    if source == target:
        return lng, lat
    if source == System.WGS84:
        gcj = wgs84_to_gcj02(lng, lat)
    elif source == System.BD09:
        gcj = bd09_to_gcj02(lng, lat)
    else:
        gcj = (lng, lat)
    if target == System.GCJ02:
        return gcj
    if target == System.BD09:
        return gcj02_to_bd09(*gcj)
    return gcj02_to_wgs84(*gcj)


def amap_link(lng: float, lat: float, name: str, *, mode: str = "car", app: str = "minzheng") -> str:
    """Amap web navigation to a WGS-84 point (Amap wants GCJ-02)."""
    glng, glat = wgs84_to_gcj02(lng, lat)
    to = f"{glng:.6f},{glat:.6f},{name}"
    return "https://uri.amap.com/navigation?" + urlencode(
        {"to": to, "mode": mode, "src": app, "callnative": 1}, quote_via=quote, safe=","
    )


def baidu_link(lng: float, lat: float, name: str, *, mode: str = "driving", app: str = "minzheng") -> str:
    """Baidu direction page to a WGS-84 point (Baidu wants BD-09, latitude first; src is required)."""
    blng, blat = convert(lng, lat, source=System.WGS84, target=System.BD09)
    destination = f"latlng:{blat:.6f},{blng:.6f}|name:{name}"
    return "http://api.map.baidu.com/direction?" + urlencode(
        {"origin": "我的位置", "destination": destination, "mode": mode, "coord_type": "bd09ll",
         "output": "html", "src": app},
        quote_via=quote, safe=",:|",
    )


def tencent_link(lng: float, lat: float, name: str, *, mode: str = "drive", app: str = "minzheng") -> str:
    """Tencent map route to a WGS-84 point (Tencent wants GCJ-02, latitude first)."""
    glng, glat = wgs84_to_gcj02(lng, lat)
    return "https://apis.map.qq.com/uri/v1/routeplan?" + urlencode(
        {"type": mode, "to": name, "tocoord": f"{glat:.6f},{glng:.6f}", "referer": app},
        quote_via=quote, safe=",",
    )


def map_links(lng: float, lat: float, name: str) -> dict[str, str]:
    return {"amap": amap_link(lng, lat, name), "baidu": baidu_link(lng, lat, name),
            "tencent": tencent_link(lng, lat, name)}
