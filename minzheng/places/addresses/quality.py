"""The data-quality check of standard addresses, one county at a time.

Five kinds of issue, each found by one set-based SQL statement that inserts its rows straight
into ``QualityIssue`` (``INSERT … SELECT``), so no address row passes through Python:

- 缺少坐标: longitude or latitude missing;
- 坐标超出区县范围: outside the county's bounding box (``data/county_bbox.py``, approximate);
- 标准地址重复: the same full text on more than one active address of the county;
- 地址文本不规范: the stored text differs from the standard text rebuilt from its parts
  (region full name + road + number 号 + 幢 + 单元 + 室); only these rows, usually few, are then
  read by Python to say why (``parsing.normalize`` and ``parsing.parse``: full-width digits,
  missing levels, 号 missing, spaces and punctuation);
- 楼幢无对应门牌: an address with a building, unit or room whose doorplate (same road and number,
  nothing below) does not exist.

Only active addresses are checked. A run's score is 100 × (1 − bad / total), where ``bad``
counts addresses with at least one issue. A county keeps the issue rows of its latest run only;
older runs keep their counts and scores, so the trend stays visible.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.db import connection, transaction
from django.db.models import Count
from django.utils import timezone

from minzheng.core.audit import audit_record
from minzheng.core.models import Region, User
from minzheng.places import parsing
from minzheng.places.addresses.models import Address, QualityIssue, QualityRun, Road
from minzheng.places.codes import full_text
from minzheng.places.data.county_bbox import bbox_of

Kind = QualityIssue.Kind
DETAIL_MAX = 200
FULL_WIDTH_DIGITS = set("０１２３４５６７８９")
LEVEL_NAMES = {"city": "市", "county": "区县", "township": "乡镇街道", "village": "村社区"}

OUTSIDE_DETAIL = "应在东经{box[0]}–{box[2]}、北纬{box[1]}–{box[3]}之内（近似范围）"
DUPLICATE_DETAIL = ("同一标准地址共", "条")
ORPHAN_DETAIL = "缺少门牌地址："
NONSTANDARD_DETAILS = {
    "full_width": "含全角数字",
    "mixed_width": "全角、半角数字混用",
    "punctuation": "含空格或标点",
    "missing_levels": "缺少层级：{levels}",
    "missing_hao": "门牌号后缺少“号”",
    "other": "与标准写法不一致，应为：{expected}",
}


def county_code_of(code: str) -> str:
    """330502, 330502003, 330502003001 or 330502000000 → 330502000000."""
    code = (code or "").strip()
    if len(code) < 6 or not code.isdigit():
        raise ValueError(f"not a county code: {code!r}")
    return code[:6] + "000000"


def _range(prefix: str) -> tuple[str, str]:
    return prefix, str(int(prefix) + 1).zfill(len(prefix))


def _tables() -> dict[str, str]:
    return {"address": Address._meta.db_table, "issue": QualityIssue._meta.db_table, "road": Road._meta.db_table,
            "region": Region._meta.db_table}


def _insert(sql_where: str, *, kind: str, run_id: int, prefix: str, extra: list[Any] | None = None,
            joins: str = "", detail: str = "''", detail_params: list[Any] | None = None) -> None:
    """INSERT … SELECT the active addresses of the county that match ``sql_where``."""
    t = _tables()
    low, high = _range(prefix)
    sql = (
        f"INSERT INTO {t['issue']} (run_id, address_id, region_code, kind, detail) "
        f"SELECT %s, a.id, a.region_code, %s, {detail} FROM {t['address']} a {joins} "
        f"WHERE a.region_code >= %s AND a.region_code < %s AND a.status = 'active' AND ({sql_where})"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [run_id, kind, *(detail_params or []), low, high, *(extra or [])])


def standard_text_sql() -> str:
    """The standard text rebuilt from an address's parts, in SQL both databases speak."""
    return (
        "r.full_name || rd.name || a.number || '号'"
        " || CASE WHEN a.building <> '' THEN a.building || '幢' ELSE '' END"
        " || CASE WHEN a.unit <> '' THEN a.unit || '单元' ELSE '' END"
        " || CASE WHEN a.room <> '' THEN a.room || '室' ELSE '' END"
    )


def find_issues(*, run: QualityRun, prefix: str) -> None:
    """Insert the run's issue rows, one statement per kind."""
    t = _tables()
    _insert("a.lng IS NULL OR a.lat IS NULL", kind=Kind.MISSING_COORDINATES, run_id=run.pk, prefix=prefix)
    box = bbox_of(prefix)
    if box is not None:
        min_lng, min_lat, max_lng, max_lat = (Decimal(str(v)) for v in box)
        _insert("a.lng IS NOT NULL AND a.lat IS NOT NULL AND (a.lng < %s OR a.lng > %s OR a.lat < %s OR a.lat > %s)",
                kind=Kind.OUTSIDE_COUNTY, run_id=run.pk, prefix=prefix, extra=[min_lng, max_lng, min_lat, max_lat],
                detail="%s", detail_params=[OUTSIDE_DETAIL.format(box=box)])
    # Duplicates in one pass (a window count over the county's rows, sorted once), rather than
    # "full_text IN (… GROUP BY … HAVING …)": right after a bulk load PostgreSQL's statistics
    # still say the table is empty, and it re-ran that subquery for every row (3 minutes for
    # 11,000 rows), where this plan cannot go wrong.
    low, high = _range(prefix)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {t['issue']} (run_id, address_id, region_code, kind, detail) "
            "SELECT %s, d.id, d.region_code, %s, %s || CAST(d.n AS VARCHAR(12)) || %s FROM ("
            "SELECT a.id, a.region_code, COUNT(*) OVER (PARTITION BY a.full_text) AS n "
            f"FROM {t['address']} a WHERE a.region_code >= %s AND a.region_code < %s AND a.status = 'active'"
            ") d WHERE d.n > 1",
            [run.pk, Kind.DUPLICATE_TEXT, *DUPLICATE_DETAIL, low, high],
        )
    _insert(
        f"a.full_text <> ({standard_text_sql()})",
        kind=Kind.NONSTANDARD_TEXT, run_id=run.pk, prefix=prefix,
        joins=f"JOIN {t['region']} r ON r.code = a.region_code JOIN {t['road']} rd ON rd.id = a.road_id",
    )
    _insert(
        "(a.building <> '' OR a.unit <> '' OR a.room <> '') AND NOT EXISTS ("
        f"SELECT 1 FROM {t['address']} b WHERE b.road_id = a.road_id AND b.number = a.number "
        "AND b.building = '' AND b.unit = '' AND b.room = '' AND b.status = 'active')",
        kind=Kind.ORPHAN_BUILDING, run_id=run.pk, prefix=prefix,
        joins=f"JOIN {t['road']} rd ON rd.id = a.road_id", detail="%s || rd.name || a.number || '号'",
        detail_params=[ORPHAN_DETAIL],
    )


def nonstandard_reason(text: str, expected: str) -> str:
    """Why a stored text is not the standard one, in words an officer can act on."""
    reasons = []
    has_full = any(ch in FULL_WIDTH_DIGITS for ch in text)
    if has_full:
        has_half = any(ch.isascii() and ch.isdigit() for ch in text)
        reasons.append(NONSTANDARD_DETAILS["mixed_width" if has_half else "full_width"])
    half = unicodedata.normalize("NFKC", text)
    if parsing.normalize(half) != half.upper():
        reasons.append(NONSTANDARD_DETAILS["punctuation"])
    parsed, standard = parsing.parse(text), parsing.parse(expected)
    missing = [LEVEL_NAMES[level] for level in LEVEL_NAMES if getattr(standard, level) and not getattr(parsed, level)]
    if missing:
        reasons.append(NONSTANDARD_DETAILS["missing_levels"].format(levels="、".join(missing)))
    if "号" not in text:
        reasons.append(NONSTANDARD_DETAILS["missing_hao"])
    if not reasons:
        reasons.append(NONSTANDARD_DETAILS["other"].format(expected=expected))
    return "；".join(reasons)[:DETAIL_MAX]


def explain_nonstandard(*, run: QualityRun, chunk: int = 2000) -> None:
    """Fill in the reason of each non-standard row (these rows only)."""
    issues = QualityIssue.objects.filter(run=run, kind=Kind.NONSTANDARD_TEXT).select_related("address",
                                                                                            "address__road")
    regions: dict[str, str] = {}
    batch: list[QualityIssue] = []
    for issue in issues.iterator(chunk_size=chunk):
        address = issue.address
        if address.region_code not in regions:
            regions[address.region_code] = Region.objects.filter(code=address.region_code).values_list(
                "full_name", flat=True).first() or ""
        expected = full_text(region_full_name=regions[address.region_code], road_name=address.road.name,
                             number=address.number, building=address.building, unit=address.unit, room=address.room)
        issue.detail = nonstandard_reason(address.full_text, expected)
        batch.append(issue)
        if len(batch) >= chunk:
            QualityIssue.objects.bulk_update(batch, ["detail"])
            batch = []
    if batch:
        QualityIssue.objects.bulk_update(batch, ["detail"])


def quality_check_county(*, county_code: str, actor: User | None = None) -> QualityRun:
    """Run the check over one county and return its finished run. Idempotent in effect: a
    second run finds the same issues and replaces the first run's issue rows."""
    code = county_code_of(county_code)
    prefix = code[:6]
    with transaction.atomic():
        run = QualityRun.objects.create(region_code=code)
        low, high = _range(prefix)
        run.total = Address.objects.filter(region_code__gte=low, region_code__lt=high,
                                           status=Address.Status.ACTIVE).count()
        find_issues(run=run, prefix=prefix)
        explain_nonstandard(run=run)
        issues = QualityIssue.objects.filter(run=run)
        run.counts = {kind: 0 for kind in Kind.values} | {
            row["kind"]: row["n"] for row in issues.values("kind").annotate(n=Count("id"))}
        run.bad = issues.values("address_id").distinct().count()
        run.score = score(total=run.total, bad=run.bad)
        run.finished_at = timezone.now()
        run.save()
        # Keep the bad rows of the latest run only; older runs keep their counts and score.
        QualityIssue.objects.filter(run__region_code=code).exclude(run=run).delete()
        audit_record(actor=actor, action="places.quality.checked", obj=run, region_code=code,
                     object_repr=f"地址质量检查 {code}",
                     after={"total": run.total, "bad": run.bad, "score": str(run.score), "counts": run.counts})
    return run


def score(*, total: int, bad: int) -> Decimal:
    if not total:
        return Decimal("100.00")
    return (Decimal(100) * (1 - Decimal(bad) / Decimal(total))).quantize(Decimal("0.01"))


def county_codes() -> list[str]:
    return list(Region.objects.filter(level="county").order_by("code").values_list("code", flat=True))


def quality_check_all(*, actor: User | None = None, counties: list[str] | None = None,
                      progress: Callable[[str, QualityRun], None] | None = None) -> list[QualityRun]:
    runs = []
    for code in counties or county_codes():
        run = quality_check_county(county_code=code, actor=actor)
        if progress is not None:
            progress(code, run)
        runs.append(run)
    return runs
