"""The tile server's host, as the page's Content-Security-Policy names it: only it may send images."""

from __future__ import annotations

import pytest

from minzheng.core import geo
from minzheng.facilities.finder.map import Tiles, tiles_origin


@pytest.mark.parametrize(
    ("url", "origin"),
    [
        ("", None),
        ("/tiles/{z}/{x}/{y}.png", None),  # this site: 'self' already allows it
        ("https://tiles.example.org/{z}/{x}/{y}.png", "https://tiles.example.org"),
        ("https://{s}.tiles.example.org/{z}/{x}/{y}.png", "https://*.tiles.example.org"),
        ("https://webrd0{s}.is.autonavi.com/appmaptile?x={x}&y={y}&z={z}", "https://*.is.autonavi.com"),
        ("http://tile.intranet:8080/{z}/{x}/{y}.png", "http://tile.intranet:8080"),
        ("https://t.{s}.example.org/{z}/{x}/{y}.png", "https:"),
    ],
)
def test_the_tiles_host_is_what_the_policy_allows(url: str, origin: str | None) -> None:
    assert tiles_origin(Tiles(url=url, attribution="", coord=geo.System.GCJ02)) == origin
