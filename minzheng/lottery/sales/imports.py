"""The monthly sales import: a .xlsx or .csv file (read by ``core.tabular``) with the columns 月份
(YYYY-MM), 站点 (the terminal number of any of its contracts, or the facility's number), 游戏类型
(its code or name) and 销量 (yuan, to the fen).

It is all or nothing: every row is checked first (an unknown station or one outside the
importer's scope, an unknown game type, a negative or malformed amount, a month not yet ended, the
same month, station and game type twice in the file), and one bad row means nothing is written;
the errors come back by row and column in Chinese. A clean file is written in one transaction.

Re-importing is allowed and replaces: a month, station and game type already stored takes the
file's amount (counted as replaced), so sending a corrected month again is how it is corrected.
One audit entry ``lottery.sales.imported`` per file, with the counts.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from minzheng.core.audit import audit_record
from minzheng.core.models import Region, User
from minzheng.core.regions import scope_prefix
from minzheng.core.scope import scoped
from minzheng.core.tabular import Column, TabularError, check_upload, read_table
from minzheng.facilities.sites.models import Facility
from minzheng.lottery import messages
from minzheng.lottery.fund.compute import parse_amount, parse_month
from minzheng.lottery.fund.models import GameType
from minzheng.lottery.fund.services import PERM_MANAGE, require
from minzheng.lottery.sales.models import MonthlySale
from minzheng.lottery.stations.models import AgencyContract

COLUMNS = (
    Column("month", "月份", ("销售月份", "年月"), required=True),
    Column("station", "站点", ("终端编号", "终端号", "站点编号", "设施编号"), required=True),
    Column("game_type", "游戏类型", ("游戏", "玩法", "游戏代码"), required=True),
    Column("amount", "销量", ("销售额", "金额", "销量（元）", "销售金额"), required=True),
)
MAX_ROWS = 200_000
MAX_BYTES = 20 * 1024 * 1024
TEMPLATE_HEADERS = [c.header for c in COLUMNS]


@dataclass
class ImportResult:
    rows: int = 0
    created: int = 0
    replaced: int = 0
    errors: list[tuple[int, str, str]] = field(default_factory=list)  # (row, column header, message)

    @property
    def ok(self) -> bool:
        return not self.errors


def _games() -> tuple[dict[str, GameType], str]:
    games = list(GameType.objects.all())
    lookup = {g.code.lower(): g for g in games} | {g.name: g for g in games}
    return lookup, "、".join(f"{g.code}（{g.name}）" for g in games)


def _stations(actor: User) -> tuple[dict[str, Facility], dict[str, Facility]]:
    stations = {
        str(f.pk): f for f in scoped(Facility.objects.filter(kind=Facility.Kind.LOTTERY_STATION), user=actor)
    }
    by_terminal = {}
    for terminal, station_id in AgencyContract.objects.filter(
        station_id__in=[int(k) for k in stations]
    ).values_list("terminal_number", "station_id"):
        by_terminal[terminal] = stations[str(station_id)]
    return by_terminal, stations


def sales_import(*, actor: User, data: bytes, filename: str) -> ImportResult:
    """Check the whole file, then write it all or write nothing. A file that cannot be read is a
    ``ValidationError`` on ``file``."""
    require(actor, PERM_MANAGE)
    try:
        check_upload(data, filename=filename, max_bytes=MAX_BYTES)
        table = read_table(data, columns=COLUMNS, max_rows=MAX_ROWS)
    except TabularError as exc:
        raise ValidationError({"file": [str(exc)]}) from exc
    games, choices = _games()
    by_terminal, by_id = _stations(actor)
    this_month = timezone.localdate().replace(day=1)
    result = ImportResult(rows=len(table.rows))
    seen: dict[tuple[int, dt.date, int], int] = {}
    good: list[tuple[Facility, dt.date, GameType, Decimal]] = []
    for number, cells in table.rows:
        raw = dict(zip([c.key for c in COLUMNS], cells, strict=True))
        bad = False

        def error(key: str, message: str, number: int = number) -> None:
            result.errors.append((number, table.header(key), message))

        for key in ("month", "station", "game_type", "amount"):
            if not str(raw[key]).strip():
                error(key, messages.ROW_REQUIRED.format(column=table.header(key)))
                bad = True
        if bad:
            continue
        month = None
        try:
            month = parse_month(
                str(raw["month"]).strip()[:7] if len(str(raw["month"]).strip()) >= 10 else raw["month"]
            )
        except ValueError:
            error("month", messages.ROW_MONTH_INVALID.format(value=raw["month"]))
        if month is not None and month >= this_month:
            error("month", messages.ROW_MONTH_FUTURE.format(value=f"{month:%Y-%m}"))
            month = None
        key = str(raw["station"]).strip()
        station = by_terminal.get(key) or by_id.get(key)
        if station is None:
            error("station", messages.ROW_STATION_UNKNOWN.format(value=key))
        game = games.get(str(raw["game_type"]).strip().lower()) or games.get(str(raw["game_type"]).strip())
        if game is None:
            error("game_type", messages.ROW_GAME_UNKNOWN.format(value=raw["game_type"], choices=choices))
        amount = None
        try:
            amount = parse_amount(raw["amount"])
        except ValueError as exc:
            template = {
                "negative": messages.ROW_AMOUNT_NEGATIVE,
                "fraction": messages.ROW_AMOUNT_FRACTION,
            }.get(str(exc), messages.ROW_AMOUNT_INVALID)
            error("amount", template.format(value=raw["amount"]))
        if month is None or station is None or game is None or amount is None:
            continue
        ident = (station.pk, month, game.pk)
        if ident in seen:
            error("station", messages.ROW_DUPLICATE.format(row=seen[ident]))
            continue
        seen[ident] = number
        good.append((station, month, game, amount))
    if result.errors:
        return result
    _write(actor=actor, rows=good, result=result, filename=filename)
    return result


@transaction.atomic
def _write(
    *,
    actor: User,
    rows: list[tuple[Facility, dt.date, GameType, Decimal]],
    result: ImportResult,
    filename: str,
) -> None:
    months = sorted({month for _, month, _, _ in rows})
    station_ids = {station.pk for station, _, _, _ in rows}
    existing = {
        (s.station_id, s.month, s.game_type_id): s
        for s in MonthlySale.objects.select_for_update().filter(month__in=months, station_id__in=station_ids)
    }
    new, changed = [], []
    now = timezone.now()
    for station, month, game, amount in rows:
        row = existing.get((station.pk, month, game.pk))
        if row is None:
            new.append(
                MonthlySale(
                    station=station,
                    region_code=station.region_code,
                    month=month,
                    game_type=game,
                    amount=amount,
                )
            )
        else:
            row.amount, row.updated_at = amount, now
            changed.append(row)
    MonthlySale.objects.bulk_create(new, batch_size=2000)
    if changed:
        MonthlySale.objects.bulk_update(changed, ["amount", "updated_at"], batch_size=2000)
    result.created, result.replaced = len(new), len(changed)
    region = actor.region_id or "330500000000"
    code = Region.objects.filter(code=region).values_list("code", flat=True).first() or region
    audit_record(
        actor=actor,
        action="lottery.sales.imported",
        obj=Region.objects.get(code=code),
        region_code=code,
        object_repr=filename,
        after={
            "rows": result.rows,
            "created": result.created,
            "replaced": result.replaced,
            "months": [f"{m:%Y-%m}" for m in months],
            "scope": scope_prefix(code),
        },
    )
