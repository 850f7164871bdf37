"""Excel downloads of the social-organization pages: the same scoped selector as the page, every row
(not one page), written by ``core.tabular.xlsx_bytes``."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils.http import content_disposition_header

from minzheng.core.tabular import xlsx_bytes

SPREADSHEET = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def wants_xlsx(request: HttpRequest) -> bool:
    return request.GET.get("format") == "xlsx"


def workbook(*, name: str, headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> HttpResponse:
    """``name``.xlsx as an attachment, its one sheet called ``name``."""
    body = xlsx_bytes(headers=headers, rows=rows, sheet_title=name[:31])
    response = HttpResponse(body, content_type=SPREADSHEET)
    response["Content-Disposition"] = content_disposition_header(True, f"{name}.xlsx")
    return response
