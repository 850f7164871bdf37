"""Building import files in memory, and running them through the real job path."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from typing import Any

from openpyxl import Workbook

from minzheng.core.models import ImportJob, User
from minzheng.people import imports
from tests.factories import id_number_for
from tests.personas import MY_VILLAGE

HEADERS = ["身份证号", "姓名", "手机号", "区划代码", "住址", "户主身份证号", "与户主关系"]
NAMES = "甲乙丙丁戊己庚辛壬癸"


def pid(n: int) -> str:
    """A valid ID number; distinct from the factories' sequence, which starts at 0."""
    return id_number_for(5000 + n, county="330502")


def phone(n: int) -> str:
    return f"139{n:08d}"


def name(n: int) -> str:
    return f"王{NAMES[n % 10]}{NAMES[n // 10 % 10]}"


def person_row(n: int, *, head: int | None = None, rel: str = "", region: str = MY_VILLAGE,
               address: str = "红旗路1号") -> list[Any]:
    """A row for person ``n``; ``head`` is the head's ``n`` (their own ``n`` for a head)."""
    if head is not None and head == n and not rel:
        rel = "本人"
    return [pid(n), name(n), phone(n), region, address, pid(head) if head is not None else "", rel]


def household(head: int, *members: tuple[int, str], region: str = MY_VILLAGE) -> list[list[Any]]:
    return [person_row(head, head=head, region=region),
            *(person_row(n, head=head, rel=rel, region=region) for n, rel in members)]


def xlsx_bytes(rows: Sequence[Sequence[Any]], headers: Sequence[Any] = HEADERS, *, title: str | None = None) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    if title:
        sheet.append([title])
    sheet.append(list(headers))
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def csv_bytes(rows: Sequence[Sequence[Any]], headers: Sequence[Any] = HEADERS, *, encoding: str = "utf-8-sig") -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(headers)
    writer.writerows(rows)
    return buffer.getvalue().encode(encoding)


def run_import(actor: User, data: bytes, filename: str = "people.xlsx") -> ImportJob:
    """Upload and validate (the immediate task backend runs the real task inline)."""
    job = imports.import_job_create(actor=actor, data=data, filename=filename)
    job.refresh_from_db()
    return job


def commit(actor: User, job: ImportJob) -> ImportJob:
    imports.import_job_commit_start(actor=actor, job=job)
    job.refresh_from_db()
    return job


def errors_by_row(job: ImportJob) -> dict[int, list[tuple[str, str, str]]]:
    out: dict[int, list[tuple[str, str, str]]] = {}
    for number, column, value, reason in job.errors:
        out.setdefault(number, []).append((column, value, reason))
    return out


def reasons(job: ImportJob, row: int) -> list[str]:
    return [reason for _, _, reason in errors_by_row(job).get(row, [])]
