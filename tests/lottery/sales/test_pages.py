"""The sales pages: the import through its form, a bad file answered with its reasons."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from minzheng.lottery.sales.models import MonthlySale
from minzheng.lottery.stations.models import StationUpgrade

pytestmark = pytest.mark.django_db


def test_the_centre_records_an_upgrade_and_imports_sales(personas, sites, login) -> None:
    a, _ = sites
    client = login(personas.city_admin)
    response = client.post(
        f"/lottery/stations/{a.pk}/upgrades/", {"upgraded_on": "2024-05-01", "kind": "image"}
    )
    assert response.status_code == 302 and StationUpgrade.objects.count() == 1
    upload = SimpleUploadedFile("s.csv", f"月份,站点,游戏类型,销量\n2024-05,{a.pk},ggl,10\n".encode())
    assert client.post("/lottery/sales/import/", {"file": upload}).status_code == 302
    bad = SimpleUploadedFile("s.csv", f"月份,站点,游戏类型,销量\n2024-05,{a.pk},ggl,-10\n".encode())
    response = client.post("/lottery/sales/import/", {"file": bad})
    assert response.status_code == 400 and "不能为负数" in response.content.decode()
    assert MonthlySale.objects.count() == 2
