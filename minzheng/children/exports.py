"""An .xlsx download of a page's list (``core.tabular.xlsx_bytes``), for every children's page
that has an Excel export. The rows come from the page's own scoped selector."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.http import HttpResponse
from django.utils.http import content_disposition_header

from minzheng.core.tabular import xlsx_bytes

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MAX_ROWS = 200_000


def xlsx_response(*, filename: str, headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> HttpResponse:
    response = HttpResponse(
        xlsx_bytes(headers=headers, rows=rows, sheet_title=filename[:31]), content_type=XLSX
    )
    response["Content-Disposition"] = content_disposition_header(True, f"{filename}.xlsx")
    return response
