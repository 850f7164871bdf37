"""Exporting the standard addresses in the user's scope (.csv streamed, or .xlsx).

The columns are the import's (``imports.COLUMNS``) plus 地址编码 and 标准地址, which an import
ignores: an exported file can be corrected and imported back, and unchanged rows stay unchanged.
Rows stream from the database in chunks, so memory stays flat for a county of half a million
addresses. An .xlsx file is built whole, so it is capped (``XLSX_MAX_ROWS``); beyond that the
page offers CSV.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.db.models import QuerySet

from minzheng.core.tabular import csv_chunks, xlsx_bytes
from minzheng.places.addresses.models import Address, Road

HEADERS = ["地址编码", "区划代码", "街路巷/小区", "类别", "门牌号", "幢", "单元", "室", "标准地址", "经度", "纬度", "状态"]
WIDTHS = [34, 14, 16, 8, 8, 6, 6, 6, 50, 13, 13, 8]
XLSX_MAX_ROWS = 200_000
CHUNK = 5000

KIND_LABELS = dict(Road.Kind.choices)
STATUS_LABELS = dict(Address.Status.choices)


def rows(addresses: QuerySet[Address]) -> Iterator[list[Any]]:
    fields = ("code", "region_code", "road__name", "road__kind", "number", "building", "unit", "room", "full_text",
              "lng", "lat", "status")
    for (code, region, road, kind, number, building, unit, room, text, lng, lat,
         status) in addresses.values_list(*fields).iterator(chunk_size=CHUNK):
        yield [code, region, road, KIND_LABELS.get(kind, kind), number, building, unit, room, text,
               "" if lng is None else str(lng), "" if lat is None else str(lat), STATUS_LABELS.get(status, status)]


def csv_stream(addresses: QuerySet[Address]) -> Iterator[bytes]:
    return csv_chunks(headers=HEADERS, rows=rows(addresses), rows_per_chunk=1000)


def too_big_for_xlsx(addresses: QuerySet[Address]) -> bool:
    return addresses[XLSX_MAX_ROWS:XLSX_MAX_ROWS + 1].exists()


def xlsx(addresses: QuerySet[Address]) -> bytes:
    return xlsx_bytes(headers=HEADERS, rows=rows(addresses), sheet_title="标准地址", widths=WIDTHS)
