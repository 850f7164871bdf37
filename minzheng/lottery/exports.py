"""The Excel download every lottery list offers (``?format=xlsx``), through ``core.tabular``."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.http import HttpResponse
from django.utils.http import content_disposition_header

from minzheng.core.tabular import xlsx_bytes

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MAX_ROWS = 200_000


def xlsx_response(*, name: str, headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> HttpResponse:
    response = HttpResponse(xlsx_bytes(headers=headers, rows=rows, sheet_title=name[:31]), content_type=XLSX)
    response["Content-Disposition"] = content_disposition_header(True, f"{name}.xlsx") or ""
    return response


def wants_xlsx(request: Any) -> bool:
    return request.GET.get("format") == "xlsx"
