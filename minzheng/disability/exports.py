"""An Excel download of a rehab page's rows (``core.tabular.xlsx_bytes``)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.http import HttpResponse
from django.utils.http import content_disposition_header

from minzheng.core.tabular import xlsx_bytes

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def xlsx_response(
    *, filename: str, sheet: str, headers: Sequence[str], rows: Iterable[Sequence[Any]]
) -> HttpResponse:
    response = HttpResponse(xlsx_bytes(headers=headers, rows=rows, sheet_title=sheet), content_type=XLSX)
    response["Content-Disposition"] = content_disposition_header(True, filename) or ""
    return response
