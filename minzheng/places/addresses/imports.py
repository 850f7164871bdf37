"""Importing standard addresses from a spreadsheet (.xlsx or .csv).

Columns: 区划代码, 街路巷/小区, 门牌号 (required); 类别, 幢, 单元, 室, 经度, 纬度, 状态. An export
(``exports.py``) has the same columns plus 地址编码 and 标准地址, which an import ignores, so an
exported file can be edited and imported back.

An import is a ``core.ImportJob`` of kind ``addresses``, run by a background task:

1. **Validate.** Every cell of every row is checked and every bad row reported (row, column,
   value, Chinese reason). Regions, roads and existing addresses are looked up in bulk: one
   query for the regions, one for the roads, chunks of 5,000 codes for the addresses.
2. **Commit the good rows**, if the uploader asked for "only the good rows" or if there are no
   bad rows; otherwise the job stops at 校验完成 with nothing written, and the uploader can
   commit the good rows later (``address_import_commit``). Roads named in the file that do not
   exist yet are created in the row's village first.

Importing the same file twice changes nothing: a row's address code is computed from its
region, road, number, building, unit and room, ``Address.code`` is unique, and rows are
inserted with ``ON CONFLICT (code) DO NOTHING``: on PostgreSQL through ``COPY`` into a temporary
table, on SQLite with ``executemany``. Roads are found again by name, so they are not
created twice either.
"""

from __future__ import annotations

import io
import logging
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone

from minzheng.core import messages as core_messages
from minzheng.core.audit import audit_record
from minzheng.core.db import tables_analyze
from minzheng.core.dispatch import task_enqueue
from minzheng.core.import_jobs import import_jobs_expire
from minzheng.core.models import ImportJob, Region, User
from minzheng.core.regions import CODE_RE
from minzheng.core.scope import Scope, scope_for
from minzheng.core.tabular import Column, Table, TabularError, check_upload, csv_chunks, read_table
from minzheng.places import codes, messages
from minzheng.places.addresses import signals
from minzheng.places.addresses.models import Address, Road
from minzheng.places.addresses.services import (
    clean_coordinate,
    clean_number,
    clean_part,
    clean_road_name,
    guess_road_kind,
    lock_township,
    next_road_serials,
    road_pinyin,
    township_of,
)

logger = logging.getLogger(__name__)

KIND = "addresses"
PERMISSION = "places.manage_addresses"

COLUMNS: tuple[Column, ...] = (
    Column("region_code", "区划代码", ("村社区代码", "村（社区）代码", "行政区划代码", "区划编码", "所属村社区"), required=True),
    Column("road", "街路巷/小区", ("街路巷", "小区", "道路", "街路巷小区", "道路名称", "街路巷名称", "街路巷（小区）"),
           required=True),
    Column("kind", "类别", ("道路类别", "街路巷类别")),
    Column("number", "门牌号", ("门牌", "门牌号码", "号"), required=True),
    Column("building", "幢", ("楼幢", "幢号", "楼栋", "栋")),
    Column("unit", "单元", ("单元号",)),
    Column("room", "室", ("户室", "室号", "房号", "户室号")),
    Column("lng", "经度", ("lng", "longitude", "经度wgs84")),
    Column("lat", "纬度", ("lat", "latitude", "纬度wgs84")),
    Column("status", "状态", ("地址状态",)),
)
HEADERS = [c.header for c in COLUMNS]
KEYS = tuple(c.key for c in COLUMNS)

KIND_WORDS = {"街路巷": Road.Kind.ROAD, "道路": Road.Kind.ROAD, "road": Road.Kind.ROAD, "小区": Road.Kind.COMPOUND,
              "compound": Road.Kind.COMPOUND}
STATUS_WORDS = {"": Address.Status.ACTIVE, "使用中": Address.Status.ACTIVE, "在用": Address.Status.ACTIVE,
                "正常": Address.Status.ACTIVE, "active": Address.Status.ACTIVE, "已注销": Address.Status.RETIRED,
                "注销": Address.Status.RETIRED, "停用": Address.Status.RETIRED, "retired": Address.Status.RETIRED}

CODE_CHUNK = 5000  # codes per existence query
BATCH_ROWS = 20000  # rows per write transaction
PROGRESS_EVERY = 5000
ANALYZE_AFTER = 50_000  # new rows after which the planner's statistics are refreshed

INSERT_COLUMNS = ("code", "region_code", "road_id", "number", "building", "unit", "room", "full_text", "lng", "lat",
                  "status", "created_at", "updated_at")


def max_rows() -> int:
    return int(getattr(settings, "MINZHENG_ADDRESS_IMPORT_MAX_ROWS", 500_000))


def max_bytes() -> int:
    return int(getattr(settings, "MINZHENG_IMPORT_MAX_BYTES", 50 * 1024 * 1024))


# Validation ----------------------------------------------------------------------------------


@dataclass(slots=True)
class Row:
    number: int  # the row's number as the spreadsheet shows it
    region_code: str = ""
    road_name: str = ""
    kind: str = ""
    kind_given: bool = False
    plate: str = ""
    building: str = ""
    unit: str = ""
    room: str = ""
    lng: Decimal | None = None
    lat: Decimal | None = None
    status: str = Address.Status.ACTIVE
    bad: bool = False
    # Filled in by the bulk checks.
    road_key: tuple[str, str] = ("", "")  # (region of the road, name)
    code: str = ""
    exists: bool = False


@dataclass
class Validation:
    table: Table
    rows: list[Row]
    errors: list[list[Any]]
    regions: dict[str, str]  # village code -> full name
    roads: dict[tuple[str, str], dict[str, Any]]  # (region, name) -> existing road
    new_roads: dict[tuple[str, str], str] = field(default_factory=dict)  # (village, name) -> kind

    @property
    def good(self) -> list[Row]:
        return [r for r in self.rows if not r.bad]

    @property
    def bad_count(self) -> int:
        return sum(1 for r in self.rows if r.bad)


def _nfkc(value: str) -> str:
    return unicodedata.normalize("NFKC", value or "").strip()


@dataclass(frozen=True, slots=True)
class Invalid:
    reason: str


_MISSING = object()


def _call(clean: Callable[[str], Any], raw: str) -> Any:
    """A cleaner that raises ``ValueError(reason)``, as a value or ``Invalid(reason)``."""
    try:
        return clean(raw)
    except ValueError as exc:
        return Invalid(str(exc))


class Checker:
    """Checks a table against the registry for one scope. Writes nothing."""

    def __init__(self, table: Table, *, scope: Scope, progress: Callable[[int], None] | None = None) -> None:
        self.table = table
        self.scope = scope
        self.progress = progress or (lambda n: None)
        self.errors: list[list[Any]] = []
        self._clean = self._cleaners()
        # Coordinates are nearly all distinct: remembering them would only cost memory.
        self._memo: dict[str, dict[str, Any]] = {key: {} for key in KEYS if key not in ("lng", "lat")}

    def fail(self, row: Row, key: str, value: str, reason: str) -> None:
        row.bad = True
        self.errors.append([row.number, self.table.header(key), value, reason])

    def run(self) -> Validation:
        rows = []
        for index, (number, values) in enumerate(self.table.rows, start=1):
            rows.append(self.check_row(number, values))
            if index % PROGRESS_EVERY == 0:
                self.progress(index)
        regions = self.check_regions(rows)
        roads = self.check_roads(rows)
        self.check_duplicates(rows)
        validation = Validation(table=self.table, rows=rows, errors=self.errors, regions=regions, roads=roads)
        self.plan(validation)
        self.errors.sort(key=lambda e: e[0])
        self.progress(len(rows))
        return validation

    def _cleaners(self) -> dict[str, Callable[[str], Any]]:
        """One cleaner per column: raw cell → clean value, or ``Invalid(reason)``."""

        def region(raw: str) -> Any:
            code = _nfkc(raw)
            if not CODE_RE.match(code):
                return Invalid(messages.IMPORT_REGION_INVALID)
            if not self.scope.contains(code):
                return Invalid(messages.IMPORT_REGION_OUT_OF_SCOPE)
            return code

        def road(raw: str) -> Any:
            return _call(clean_road_name, raw) if raw.strip() else Invalid(messages.IMPORT_ROAD_REQUIRED)

        def kind(raw: str) -> Any:
            word = raw.strip()
            if not word:
                return ""
            found = KIND_WORDS.get(word) or KIND_WORDS.get(word.lower())
            return found if found else Invalid(messages.IMPORT_KIND_INVALID)

        def number(raw: str) -> Any:
            return _call(clean_number, _nfkc(raw)) if raw.strip() else Invalid(messages.ADDRESS_NUMBER_REQUIRED)

        def part(width: int, suffixes: tuple[str, ...], message: str) -> Callable[[str], Any]:
            return lambda raw: _call(lambda v: clean_part(_nfkc(v), width=width, suffixes=suffixes, message=message),
                                     raw)

        def coordinate(low: int, high: int, message: str) -> Callable[[str], Any]:
            return lambda raw: _call(lambda v: clean_coordinate(_nfkc(v), low=low, high=high, message=message), raw)

        def status(raw: str) -> Any:
            word = raw.strip()
            found = STATUS_WORDS.get(word) or STATUS_WORDS.get(word.lower())
            return found if found else Invalid(messages.ADDRESS_STATUS_INVALID)

        return {
            "region_code": region, "road": road, "kind": kind, "number": number,
            "building": part(3, ("号楼", "幢", "栋", "座"), messages.ADDRESS_BUILDING_INVALID),
            "unit": part(2, ("单元",), messages.ADDRESS_UNIT_INVALID),
            "room": part(4, ("室", "房"), messages.ADDRESS_ROOM_INVALID),
            "lng": coordinate(-180, 180, messages.ADDRESS_LNG_INVALID),
            "lat": coordinate(-90, 90, messages.ADDRESS_LAT_INVALID),
            "status": status,
        }

    def check_row(self, number: int, values: tuple[str, ...]) -> Row:
        """Each cell through its column's cleaner. A file repeats its values (the same village,
        road, building and unit on many rows), so each distinct cell is cleaned once."""
        row = Row(number=number)
        clean: dict[str, Any] = {}
        for key, raw in zip(KEYS, values, strict=True):
            memo = self._memo.get(key)
            if memo is None:
                value = self._clean[key](raw)
            else:
                value = memo.get(raw, _MISSING)
                if value is _MISSING:
                    value = memo[raw] = self._clean[key](raw)
            if isinstance(value, Invalid):
                self.fail(row, key, raw, value.reason)
                value = None
            clean[key] = value
        row.region_code = clean["region_code"] or _nfkc(values[0])
        row.road_name = clean["road"] or ""
        if clean["kind"]:
            row.kind, row.kind_given = clean["kind"], True
        elif row.road_name:
            row.kind = guess_road_kind(row.road_name)
        row.plate = clean["number"] or ""
        row.building, row.unit, row.room = clean["building"] or "", clean["unit"] or "", clean["room"] or ""
        row.lng, row.lat = clean["lng"], clean["lat"]
        row.status = clean["status"] or Address.Status.ACTIVE
        if row.unit and not row.building and clean["building"] is not None:
            self.fail(row, "unit", values[KEYS.index("unit")], messages.ADDRESS_UNIT_WITHOUT_BUILDING)
        if not row.bad and (row.lng is None) != (row.lat is None):
            self.fail(row, "lng" if row.lng is None else "lat", "", messages.ADDRESS_COORDINATES_PAIR)
        return row

    def check_regions(self, rows: list[Row]) -> dict[str, str]:
        """Every region is a village or community that exists: one query for the file."""
        wanted = {r.region_code for r in rows if CODE_RE.match(r.region_code)}
        found = dict(
            Region.objects.filter(code__in=wanted, level="village").values_list("code", "full_name")
        ) if wanted else {}
        for row in rows:
            if CODE_RE.match(row.region_code) and self.scope.contains(row.region_code) and row.region_code not in found:
                self.fail(row, "region_code", row.region_code, messages.IMPORT_REGION_UNKNOWN)
        return found

    def check_roads(self, rows: list[Row]) -> dict[tuple[str, str], dict[str, Any]]:
        """Find each row's road in its village, then in its township; one query for the file.
        A road that does not exist will be created in the row's village."""
        villages = {r.region_code for r in rows if not r.bad}
        regions = villages | {township_of(v) for v in villages}
        roads: dict[tuple[str, str], dict[str, Any]] = {}
        if regions:
            for found in Road.objects.filter(region_code__in=regions).values("id", "code", "region_code", "name",
                                                                             "kind", "status"):
                roads[(found["region_code"], found["name"])] = dict(found)
        new_kinds: dict[tuple[str, str], tuple[str, bool]] = {}
        for row in rows:
            if row.bad:
                continue
            road: dict[str, Any] | None = roads.get((row.region_code, row.road_name)) or roads.get(
                (township_of(row.region_code), row.road_name))
            if road is not None:
                row.road_key = (road["region_code"], road["name"])
                if row.kind_given and road["kind"] != row.kind:
                    self.fail(row, "kind", Road.Kind(row.kind).label,
                              messages.IMPORT_KIND_CONFLICT.format(kind=Road.Kind(road["kind"]).label))
                elif road["status"] != Road.Status.ACTIVE:
                    self.fail(row, "road", row.road_name, messages.ROAD_RETIRED)
                continue
            key = (row.region_code, row.road_name)
            row.road_key = key
            first = new_kinds.get(key)
            if first is None:
                new_kinds[key] = (row.kind, row.kind_given)
            elif row.kind != first[0] and (row.kind_given or first[1]):
                self.fail(row, "kind", Road.Kind(row.kind).label,
                          messages.IMPORT_KIND_CONFLICT.format(kind=Road.Kind(first[0]).label))
        self._new_kinds = {key: kind for key, (kind, _) in new_kinds.items()}
        return roads

    def check_duplicates(self, rows: list[Row]) -> None:
        seen: dict[tuple[str, ...], int] = {}
        for row in rows:
            if row.bad:
                continue
            key = (row.region_code, row.road_key[1], row.plate, row.building, row.unit, row.room)
            first = seen.setdefault(key, row.number)
            if first != row.number:
                self.fail(row, "number", row.plate, messages.IMPORT_DUPLICATE_ROW.format(row=first))

    def plan(self, validation: Validation) -> None:
        """Codes for rows on existing roads, and which of them exist already (unchanged)."""
        # Only roads that a good row still needs: a road named only by bad rows is not created.
        used_new = {r.road_key for r in validation.rows if not r.bad and r.road_key not in validation.roads}
        validation.new_roads = {k: v for k, v in self._new_kinds.items() if k in used_new}
        known = [r for r in validation.rows if not r.bad and r.road_key in validation.roads]
        for row in known:
            row.code = _code(row, validation.roads[row.road_key]["code"])
        for start in range(0, len(known), CODE_CHUNK):
            chunk = known[start:start + CODE_CHUNK]
            existing = set(Address.objects.filter(code__in=[r.code for r in chunk]).values_list("code", flat=True))
            for row in chunk:
                row.exists = row.code in existing


def _code(row: Row, road_code: str) -> str:
    """``codes.address_code`` for a row the checker has cleaned (its parts are canonical digits
    within their widths), without re-checking them: this runs once per row of the file."""
    main, _, sub = row.plate.partition("-")
    return (f"{row.region_code}{road_code[-4:]}{int(main):04d}{sub or '0'}{int(row.building or 0):03d}"
            f"{int(row.unit or 0):02d}{int(row.room or 0):04d}")


def read_address_table(data: bytes) -> Table:
    return read_table(data, columns=COLUMNS, max_rows=max_rows())


def validate_table(table: Table, *, scope: Scope, progress: Callable[[int], None] | None = None) -> Validation:
    return Checker(table, scope=scope, progress=progress).run()


# Writing -------------------------------------------------------------------------------------


@dataclass
class Written:
    roads: int = 0
    created: int = 0
    unchanged: int = 0


def _create_roads(validation: Validation, *, actor: User, job: ImportJob) -> int:
    """Create the roads the file names that do not exist yet, in the rows' villages, with
    serials allocated per township under the township lock. Found again by name, so a second
    run creates none."""
    if not validation.new_roads:
        return 0
    by_township: dict[str, list[tuple[str, str]]] = {}
    for key in sorted(validation.new_roads):
        by_township.setdefault(township_of(key[0]), []).append(key)
    created: list[Road] = []
    with transaction.atomic():
        for township, keys in by_township.items():
            lock_township(township)
            # Another import may have created some of them since validation.
            present = {(r.region_code, r.name): r for r in Road.objects.filter(
                region_code__in={k[0] for k in keys}, name__in={k[1] for k in keys})}
            missing = [k for k in keys if k not in present]
            serials = next_road_serials(township, len(missing)) if missing else []
            rows = [Road(code=codes.road_code(region, serial), region_code=region, name=name,
                         kind=validation.new_roads[(region, name)], pinyin=road_pinyin(name))
                    for (region, name), serial in zip(missing, serials, strict=True)]
            Road.objects.bulk_create(rows)
            created.extend(rows)
        if created:
            signals.roads_changed.send(
                sender=Road, road_ids=list(Road.objects.filter(code__in=[r.code for r in created]).values_list("pk", flat=True)))
            audit_record(actor=actor, action="places.road.imported", obj=job, region_code=job.region_code,
                         object_repr=job.filename,
                         after={"count": len(created), "codes": [r.code for r in created[:500]]})
    for road in Road.objects.filter(region_code__in={k[0] for k in validation.new_roads},
                                    name__in={k[1] for k in validation.new_roads}).values(
            "id", "code", "region_code", "name", "kind", "status"):
        validation.roads[(road["region_code"], road["name"])] = dict(road)
    return len(created)


def _address_rows(validation: Validation, rows: Iterable[Row], now: Any) -> Iterator[tuple[Any, ...]]:
    for row in rows:
        road = validation.roads[row.road_key]
        code = row.code or _code(row, road["code"])
        text = codes.full_text(region_full_name=validation.regions[row.region_code], road_name=road["name"],
                               number=row.plate, building=row.building, unit=row.unit, room=row.room)
        yield (code, row.region_code, road["id"], row.plate, row.building, row.unit, row.room, text, row.lng,
               row.lat, row.status, now, now)


def insert_addresses(rows: list[tuple[Any, ...]]) -> int:
    """Insert address rows (``INSERT_COLUMNS`` order), skipping codes that exist. Returns how
    many were inserted. PostgreSQL: COPY into a temporary table, then one INSERT … SELECT …
    ON CONFLICT; SQLite: executemany of INSERT … ON CONFLICT. Call inside a transaction."""
    if not rows:
        return 0
    table = Address._meta.db_table
    columns = ", ".join(INSERT_COLUMNS)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "CREATE TEMP TABLE IF NOT EXISTS places_address_import ("
                "code varchar(32), region_code varchar(12), road_id bigint, number varchar(10), "
                "building varchar(10), unit varchar(10), room varchar(10), full_text varchar(200), "
                "lng numeric(10,7), lat numeric(10,7), status varchar(16), created_at timestamptz, "
                "updated_at timestamptz) ON COMMIT DELETE ROWS"
            )
            cursor.execute("TRUNCATE places_address_import")
            with cursor.cursor.copy(f"COPY places_address_import ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            cursor.execute(
                f"INSERT INTO {table} ({columns}) SELECT {columns} FROM places_address_import "
                "ON CONFLICT (code) DO NOTHING"
            )
            return max(cursor.rowcount, 0)
        placeholders = ", ".join(["%s"] * len(INSERT_COLUMNS))
        before = _total_changes(cursor)
        cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({placeholders}) ON CONFLICT (code) DO NOTHING",
                           rows)
        return _total_changes(cursor) - before


def _total_changes(cursor: Any) -> int:
    # executemany's rowcount is not reliable across sqlite3 versions; total_changes() is.
    cursor.execute("SELECT total_changes()")
    return int(cursor.fetchone()[0])


def commit_rows(validation: Validation, *, actor: User, job: ImportJob,
                progress: Callable[[int], None] | None = None) -> Written:
    """Write the good rows: new roads first, then addresses in batches. Each batch is one
    transaction with its audit entry, so a failure leaves whole batches; importing the same
    file again writes only what is missing."""
    progress = progress or (lambda n: None)
    written = Written()
    written.roads = _create_roads(validation, actor=actor, job=job)
    good = [r for r in validation.good if not r.exists]
    written.unchanged = len(validation.good) - len(good)
    # Adapted once for the backend, not once per row by the driver.
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    done = written.unchanged
    progress(done)
    for number, start in enumerate(range(0, len(good), BATCH_ROWS), start=1):
        batch = list(_address_rows(validation, good[start:start + BATCH_ROWS], now))
        with transaction.atomic():
            inserted = insert_addresses(batch)
            audit_record(actor=actor, action="places.address.imported", obj=job, region_code=job.region_code,
                         object_repr=job.filename,
                         after={"batch": number, "rows": len(batch), "created": inserted,
                                "first_code": batch[0][0], "last_code": batch[-1][0]})
        written.created += inserted
        written.unchanged += len(batch) - inserted
        done += len(batch)
        progress(done)
    if written.created >= ANALYZE_AFTER:
        tables_analyze(Address, Road)
    return written


# The job -------------------------------------------------------------------------------------


def address_import_start(*, actor: User, data: bytes, filename: str, only_good: bool = True) -> ImportJob:
    """Accept an upload and queue it. Cheap checks happen now (size, type); the rows are
    checked by the task. ``only_good``: write the good rows even if some rows are bad."""
    if not actor.has_perm(PERMISSION):
        raise PermissionDenied(core_messages.PERMISSION_DENIED)
    if not actor.region_id:
        raise ValidationError({"file": [messages.IMPORT_NO_REGION]})
    try:
        check_upload(data, filename=filename, max_bytes=max_bytes())
    except TabularError as exc:
        raise ValidationError({"file": [exc.message]}) from exc
    import_jobs_expire()  # uploads are when old ones are looked at; no scheduler needed
    with transaction.atomic():
        job = ImportJob(kind=KIND, created_by=actor, region_code=actor.region_id, filename=filename[-255:],
                        summary={"only_good": bool(only_good)})
        job.set_file(data)
        job.save(force_insert=True)
        audit_record(actor=actor, action="places.address_import.uploaded", obj=job, region_code=job.region_code,
                     object_repr=job.filename,
                     after={"filename": job.filename, "file_size": job.file_size, "only_good": bool(only_good)})
        # The database task backend writes the task in this same transaction, so a worker never
        # sees the task without its job (see core.dispatch).
        task_enqueue("minzheng.places.addresses.tasks.import_addresses", str(job.pk))
    job.refresh_from_db()
    return job


def address_import_commit(*, actor: User, job: ImportJob) -> ImportJob:
    """Write the good rows of a job that stopped at 校验完成 because some rows were bad."""
    if job.created_by_id != actor.pk:
        raise ValidationError({"job": [messages.IMPORT_ONLY_CREATOR]})
    with transaction.atomic():
        claimed = ImportJob.objects.filter(pk=job.pk, kind=KIND, status=ImportJob.Status.VALIDATED,
                                           good_rows__gt=0).update(status=ImportJob.Status.COMMITTING,
                                                                   committed_at=timezone.now(), finished_at=None,
                                                                   processed_rows=0)
        if not claimed:
            raise ValidationError({"job": [messages.IMPORT_NOT_COMMITTABLE]})
        audit_record(actor=actor, action="places.address_import.commit_requested", obj=job,
                     region_code=job.region_code, object_repr=job.filename, after={"good_rows": job.good_rows})
        task_enqueue("minzheng.places.addresses.tasks.commit_address_import", str(job.pk))
    job.refresh_from_db()
    return job


def _update(job_id: Any, **values: Any) -> None:
    ImportJob.objects.filter(pk=job_id).update(**values)


def _progress(job_id: Any) -> Callable[[int], None]:
    return lambda n: _update(job_id, processed_rows=n)


def _validate(job: ImportJob) -> Validation:
    table = read_address_table(job.read_file())
    _update(job.pk, total_rows=len(table.rows))
    return validate_table(table, scope=scope_for(job.created_by), progress=_progress(job.pk))


def _summary(job: ImportJob, validation: Validation, **extra: Any) -> dict[str, Any]:
    return {**(job.summary or {}), "format": validation.table.format, "ignored_columns": validation.table.ignored,
            "new_roads": len(validation.new_roads), **extra}


def _write(job: ImportJob, validation: Validation) -> str:
    _update(job.pk, status=ImportJob.Status.COMMITTING, processed_rows=0, committed_at=timezone.now())
    written = commit_rows(validation, actor=job.created_by, job=job, progress=_progress(job.pk))
    _update(job.pk, status=ImportJob.Status.DONE, finished_at=timezone.now(), file_cipher=b"",
            created_count=written.created, unchanged_count=written.unchanged,
            processed_rows=F("total_rows"), summary=_summary(job, validation, roads_created=written.roads))
    return ImportJob.Status.DONE


def _fail(job_id: Any, exc: Exception) -> str:
    message = exc.message if isinstance(exc, TabularError) else messages.IMPORT_FAILED
    if not isinstance(exc, TabularError):
        logger.exception("address import %s failed", job_id)
    _update(job_id, status=ImportJob.Status.FAILED, error_message=message, finished_at=timezone.now(),
            file_cipher=b"")
    return ImportJob.Status.FAILED


def address_import_run(*, job_id: Any) -> str:
    """The task body: validate, then write the good rows when the uploader asked for that or
    when every row is good. Returns the job's final status."""
    claimed = ImportJob.objects.filter(pk=job_id, kind=KIND, status=ImportJob.Status.PENDING).update(
        status=ImportJob.Status.VALIDATING, started_at=timezone.now())
    job = ImportJob.objects.select_related("created_by").get(pk=job_id)
    if not claimed:
        return job.status
    try:
        validation = _validate(job)
        _update(job.pk, good_rows=len(validation.good), bad_rows=validation.bad_count, errors=validation.errors,
                summary=_summary(job, validation))
        job.refresh_from_db(fields=["summary"])
        only_good = bool((job.summary or {}).get("only_good", True))
        if validation.bad_count and (not only_good or not validation.good):
            _update(job.pk, status=ImportJob.Status.VALIDATED, finished_at=timezone.now(),
                    processed_rows=len(validation.rows),
                    error_message=messages.IMPORT_NOT_COMMITTED if validation.good else messages.IMPORT_NOTHING_GOOD)
            return ImportJob.Status.VALIDATED
        return _write(job, validation)
    except Exception as exc:  # the job must end in a state the page can show, whatever broke
        return _fail(job_id, exc)


def address_import_run_commit(*, job_id: Any) -> str:
    """The task body after ``address_import_commit``: validate again (the registry may have
    changed since) and write the good rows."""
    job = ImportJob.objects.select_related("created_by").get(pk=job_id)
    if job.status != ImportJob.Status.COMMITTING:
        return job.status
    try:
        validation = _validate(job)
        _update(job.pk, good_rows=len(validation.good), bad_rows=validation.bad_count, errors=validation.errors,
                error_message="")
        return _write(job, validation)
    except Exception as exc:
        return _fail(job_id, exc)


def errors_csv(job: ImportJob) -> Iterator[bytes]:
    """Every bad row of a job, for download."""
    return csv_chunks(headers=["行号", "列", "值", "原因"], rows=job.errors or [])


def template_csv() -> bytes:
    example = ["330502003001", "红旗路", "街路巷", "18", "3", "2", "501", "120.0868", "30.8940", "使用中"]
    return b"".join(csv_chunks(headers=HEADERS, rows=[example]))


def sample_bytes(rows: Iterable[Sequence[Any]]) -> bytes:
    """A CSV file with the import's headers (tests and the benchmark build files with it)."""
    buffer = io.BytesIO()
    for chunk in csv_chunks(headers=HEADERS, rows=rows, rows_per_chunk=5000):
        buffer.write(chunk)
    return buffer.getvalue()

