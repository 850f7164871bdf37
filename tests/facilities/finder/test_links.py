"""Residents reach the finder from the public pages they already use: the doorplate page's
nearby meal sites link to it from the plate's point, and the sign-in page names it."""

from __future__ import annotations

import re
from html import unescape

import pytest
from django.test import Client

from tests.facilities.finder.conftest import FINDER, Town
from tests.places.factories import DoorplateFactory

pytestmark = pytest.mark.django_db


def test_the_doorplate_page_links_to_the_finder_from_the_plate_s_point(town: Town) -> None:
    plate = DoorplateFactory(address=town.home)
    html = unescape(Client().get(f"/d/{plate.token}").content.decode())
    link = re.search(r'<a href="([^"]+)">在地图上查看附近的助餐点</a>', html)
    assert link and link.group(1) == f"{FINDER}?lng=120.0868000&lat=30.8940000&coord=wgs84"
    found = unescape(Client().get(link.group(1)).content.decode())
    assert re.findall(r'<span class="finder-rank">\d+</span>([^<]+)</span>', found) == [
        "南门老年食堂",
        "东门老年食堂",
        "北门老年食堂",
    ]


def test_the_sign_in_page_names_the_finder(db) -> None:  # type: ignore[no-untyped-def]
    html = Client().get("/login/").content.decode()
    assert f'<a href="{FINDER}">找助餐点</a>' in html
