"""Exporting the people a user can see, masked, as .xlsx or .csv.

The rows come from ``selectors.person_list``, so an export is exactly what the person search
shows: the same scope, the same filters (``q``, ``region_code``, ``status``). ID numbers and
phones are the stored masked forms; clear values never leave through an export.

Each export writes one access-log row (kind ``export``): who, when, how many rows, and the
filter (an ID number typed as the search is masked there too). An export changes no record, so
it writes no audit entry; the access log is the PIPL record of who took which personal data.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.utils import timezone

from minzheng.core import messages as core_messages
from minzheng.core.masking import mask_id_number
from minzheng.core.models import AccessLog, User
from minzheng.core.scope import scope_for
from minzheng.core.selectors import region_list
from minzheng.core.tabular import csv_chunks, write_xlsx
from minzheng.people.models import Membership, Person
from minzheng.people.selectors import person_list

XLSX_MAX_ROWS = 1_000_000  # Excel's sheet holds 1,048,576 rows; CSV has no limit
TOO_MANY_FOR_XLSX = "共 {count} 条，超过 Excel 的上限（{limit} 条）：请缩小范围，或导出为 CSV"
FORMATS = {"xlsx": "Excel（.xlsx）", "csv": "CSV（.csv，Excel 可直接打开）"}
FORMAT_INVALID = "导出格式只能是 xlsx 或 csv"

HEADERS = ("姓名", "性别", "出生日期", "身份证号", "手机号", "区划代码", "村（社区）", "住址", "状态", "户主", "与户主关系")
WIDTHS = (12, 6, 12, 22, 15, 15, 16, 36, 8, 12, 12)
_VALUES = ("name", "gender", "birth_date", "id_number_masked", "phone_masked", "region_code", "address_text",
           "status", "membership__household__head__name", "membership__relationship")
_GENDERS = dict(Person.Gender.choices)
_STATUSES = dict(Person.Status.choices)
_RELATIONSHIPS = dict(Membership.Relationship.choices)


@dataclass
class Export:
    filename: str
    content_type: str
    count: int
    stream: Iterator[bytes] | None = None  # csv
    file: IO[bytes] | None = None  # xlsx, a temporary file positioned at its start


def _rows(queryset: QuerySet[Person], *, village_names: dict[str, str]) -> Iterator[tuple[Any, ...]]:
    for (name, gender, birth, id_masked, phone_masked, region, address, status, head_name,
         rel) in queryset.values_list(*_VALUES).iterator(chunk_size=2000):
        yield (name, _GENDERS.get(gender, gender), birth.isoformat() if birth else "", id_masked, phone_masked,
               region, village_names.get(region, ""), address, _STATUSES.get(status, status), head_name or "",
               _RELATIONSHIPS.get(rel, "") if rel else "")


def _describe(q: str, region_code: str, status: str) -> str:
    parts = []
    if q:
        shown = mask_id_number(q) if len(q) >= 15 and q[:6].isdigit() else q
        parts.append(f"关键词“{shown}”")
    if region_code:
        parts.append(f"区划{region_code}")
    if status:
        parts.append(f"状态{_STATUSES.get(status, status)}")
    return "；".join(parts) or "全部"


def people_export(
    *, actor: User, fmt: str, q: str = "", region_code: str = "", status: str = "", channel: str = "web"
) -> Export:
    """Prepare an export of the people ``actor`` can see, matching the filters, and log it.

    Requires ``people.export_people``. For xlsx the workbook is written (write-only mode, flat
    memory) to a temporary file; for csv the rows stream as UTF-8 with a BOM.
    """
    if not actor.has_perm("people.export_people"):
        raise PermissionDenied(core_messages.PERMISSION_DENIED)
    if fmt not in FORMATS:
        raise ValidationError({"format": [FORMAT_INVALID]})
    q, region_code = (q or "").strip(), (region_code or "").strip()
    queryset = person_list(user=actor, q=q, region_code=region_code, status=status)
    count = queryset.count()
    if fmt == "xlsx" and count > XLSX_MAX_ROWS:
        raise ValidationError({"format": [TOO_MANY_FOR_XLSX.format(count=count, limit=XLSX_MAX_ROWS)]})
    village_names = dict(region_list(user=actor, level="village").values_list("code", "name"))
    scope = scope_for(actor)
    log_region = region_code.ljust(12, "0") if region_code.isdigit() and scope.contains(region_code) else ""
    AccessLog.objects.create(
        actor=actor,
        actor_name=actor.get_username(),
        kind=AccessLog.Kind.EXPORT,
        subject_type="people.person",
        subject_id="*",
        subject_repr=f"导出人员名单 {count} 条（{_describe(q, region_code, status)}）"[:200],
        field=fmt,
        region_code=log_region[:12] or (actor.region_id or ""),
        channel=channel,
    )
    stamp = timezone.localtime().strftime("%Y%m%d_%H%M")
    filename = f"人员名单_{stamp}.{fmt}"
    rows = _rows(queryset, village_names=village_names)
    if fmt == "csv":
        return Export(filename=filename, content_type="text/csv; charset=utf-8", count=count,
                      stream=csv_chunks(headers=HEADERS, rows=rows))
    # The response closes it once sent; the file vanishes on close.
    out = tempfile.TemporaryFile()  # noqa: SIM115
    try:
        write_xlsx(out, headers=HEADERS, rows=rows, sheet_title="人员名单", widths=WIDTHS)
    except BaseException:
        out.close()
        raise
    out.seek(0)
    return Export(filename=filename,
                  content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                  count=count, file=out)
