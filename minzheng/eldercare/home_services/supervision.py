"""Supervision of home services (居家服务监管): five rules over the orders of a month, and the
thresholds they use.

The rules (rule key, Chinese name; only orders not cancelled count):

- ``short_visit`` 服务时长不足: a done order whose ``minutes`` is below the minimum for its kind.
- ``far_check_in`` 签到位置偏离老人住址: the check-in position is further than the threshold
  (500 m) from the elder's home: Person -> Membership -> HouseholdAddress -> Address (lng, lat).
  An elder with no home coordinates is not judged by it.
- ``caregiver_overlap`` 同一护理员服务时间重叠: two orders of one caregiver whose
  [checked_in_at, checked_out_at) overlap; each gets a finding naming the other.
- ``after_death`` 老人去世后仍有服务: checked in (or, never checked in, scheduled) on a day after
  the elder's death.
- ``duplicate_order`` 重复派单: same elder, kind and scheduled minute; every order after the
  first (lowest id) gets a finding naming the first.

Each rule is one set-based query over the scope (both SQLite and PostgreSQL); the thresholds are
folded into the query as a CASE over region prefixes, longest first, so a county with its own
threshold is judged by it within a city-wide run. ``supervision_run`` replaces the month's
findings in its scope in one transaction (running twice gives the same findings) and keeps a
``SupervisionRun``; ``order_findings_compute`` does the same for one order at check-out, and for
the orders it overlaps.

Thresholds (``SupervisionThreshold``) are read like the rate tables: for a month and a region,
the longest prefix with a row for the key (and kind), then its latest ``effective_from`` not
after the month; with no row, ``DEFAULTS``.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import connection, transaction
from django.db.models import (
    Case,
    Count,
    F,
    IntegerField,
    Max,
    Min,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.functions import Coalesce, TruncDate, TruncMinute
from django.utils import timezone

from minzheng.benefits.money import month_add
from minzheng.core.audit import audit_record
from minzheng.core.models import User
from minzheng.core.scope import Scope
from minzheng.eldercare.home_services import messages
from minzheng.eldercare.home_services.models import (
    OrderStatus,
    ServiceKind,
    ServiceOrder,
    SupervisionFinding,
    SupervisionRule,
    SupervisionRun,
    SupervisionThreshold,
    ThresholdKey,
)

# Defaults of the thresholds, used where no SupervisionThreshold row is in force.
SHORT_VISIT_DEFAULTS: dict[str, int] = {
    ServiceKind.MEAL: 10,
    ServiceKind.CLEANING: 30,
    ServiceKind.BATHING: 30,
    ServiceKind.MEDICAL: 20,
    ServiceKind.MOBILITY: 20,
    ServiceKind.EMERGENCY: 10,
}
FAR_CHECK_IN_DEFAULT = 500  # metres
ON_TIME_DEFAULT = 15  # minutes after scheduled_at a check-in is still on time
DEFAULTS: dict[tuple[str, str], int] = {
    **{(ThresholdKey.SHORT_VISIT.value, kind): minutes for kind, minutes in SHORT_VISIT_DEFAULTS.items()},
    (ThresholdKey.FAR_CHECK_IN.value, ""): FAR_CHECK_IN_DEFAULT,
    (ThresholdKey.ON_TIME.value, ""): ON_TIME_DEFAULT,
}

# Distance by arithmetic only (SQLite has no trigonometry): a local flat projection at one
# latitude. Huzhou lies within 30.4–31.2°N, so taking cos(30.9°) for every order errs by under 1%
# at 500 m, far less than a phone's GPS.
HUZHOU_LATITUDE = 30.9
METRES_PER_DEGREE_LNG = math.cos(math.radians(HUZHOU_LATITUDE)) * 111_320
METRES_PER_DEGREE_LAT = 110_574.0

BATCH = 2000
RULES = tuple(SupervisionRule.values)


# ---- thresholds ------------------------------------------------------------------------------------


def thresholds_in_force(
    *, period: dt.date, region_prefix: str
) -> dict[tuple[str, str], list[tuple[str, int]]]:
    """For each (key, kind), the values in force in ``period`` for the region prefixes that bear
    on ``region_prefix`` (its own and shorter ones, and longer ones inside it), longest prefix
    first; the default closes each list with the prefix ""."""
    rows = SupervisionThreshold.objects.filter(effective_from__lte=period).order_by("-effective_from", "-id")
    latest: dict[tuple[str, str, str], int] = {}
    for key, kind, prefix, value in rows.values_list("key", "kind", "region_prefix", "value"):
        if region_prefix.startswith(prefix) or prefix.startswith(region_prefix):
            latest.setdefault((key, kind, prefix), value)
    table: dict[tuple[str, str], list[tuple[str, int]]] = {}
    for (key, kind, prefix), value in latest.items():
        table.setdefault((key, kind), []).append((prefix, value))
    for pair, default in DEFAULTS.items():
        table.setdefault(pair, [])
        table[pair].sort(key=lambda item: -len(item[0]))
        # A prefix shorter than the scope applies to all of it: nothing shorter is ever reached.
        cut = next((i for i, (p, _) in enumerate(table[pair]) if region_prefix.startswith(p)), None)
        table[pair] = table[pair][: cut + 1] if cut is not None else [*table[pair], ("", default)]
    return table


def threshold_value(*, key: str, kind: str = "", region_code: str, period: dt.date) -> int:
    """The one threshold in force for a region (a full code or a prefix) in a month."""
    values = thresholds_in_force(period=period, region_prefix=region_code)[(key, kind)]
    return next(value for prefix, value in values if region_code.startswith(prefix))


def _threshold_case(table: dict[tuple[str, str], list[tuple[str, int]]], key: str, *, by_kind: bool) -> Case:
    """The threshold of each order as SQL: longest prefix first, then the default."""
    whens, default = [], None
    for kind in ServiceKind.values if by_kind else [""]:
        for prefix, value in table[(key, kind)]:
            condition = Q(region_code__startswith=prefix) if prefix else Q()
            if by_kind:
                condition &= Q(kind=kind)
            if condition:
                whens.append(When(condition, then=Value(value)))
            else:
                default = value  # the one key without kinds: its default closes the CASE
    return Case(*whens, default=Value(default), output_field=IntegerField())


# ---- the rules ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Found:
    """One finding before it is written."""

    order_id: int
    rule: str
    other_order_id: int | None
    message: str
    facts: dict[str, Any]
    provider_id: int
    region_code: str
    period: dt.date


def _local(value: dt.datetime, zone: dt.tzinfo) -> str:
    # astimezone with the zone looked up once, not timezone.localtime: this runs for every finding.
    return value.astimezone(zone).strftime("%Y-%m-%d %H:%M")


def _short_visit(scope: QuerySet[ServiceOrder], table: dict) -> Iterable[Found]:
    rows = (
        scope.filter(status=OrderStatus.DONE, minutes__isnull=False)
        .annotate(minimum=_threshold_case(table, ThresholdKey.SHORT_VISIT, by_kind=True))
        .filter(minutes__lt=F("minimum"))
        .order_by()
        .values_list("id", "kind", "minutes", "minimum", "provider_id", "region_code", "period")
    )
    labels = dict(ServiceKind.choices)
    for pk, kind, minutes, minimum, provider_id, region_code, period in rows.iterator(chunk_size=BATCH):
        yield Found(
            pk,
            SupervisionRule.SHORT_VISIT,
            None,
            messages.FINDING_SHORT_VISIT.format(kind=labels[kind], minutes=minutes, minimum=minimum),
            {"kind": kind, "minutes": minutes, "minimum": minimum},
            provider_id,
            region_code,
            period,
        )


def _far_check_in(scope: QuerySet[ServiceOrder], table: dict) -> Iterable[Found]:
    """The orders with their threshold from the ORM, joined to the home in SQL straight from
    ``person_id``: Person -> Membership -> HouseholdAddress -> Address. The ORM's path through the
    relations also joined people_person and people_household, which add nothing (both links are
    one-to-one) but cost a hash of every household per run."""
    from minzheng.people.models import Membership
    from minzheng.places.addresses.models import Address, HouseholdAddress

    quote = connection.ops.quote_name
    orders = (
        scope.filter(check_in_lng__isnull=False, check_in_lat__isnull=False)
        .annotate(limit_m=_threshold_case(table, ThresholdKey.FAR_CHECK_IN, by_kind=False))
        .order_by()
        .values_list("id", "person_id", "check_in_lng", "check_in_lat", "limit_m", "provider_id", "region_code",
                     "period")
    )  # fmt: skip
    inner, params = orders.query.sql_with_params()
    # CAST to float in SQL (the columns are decimals): SQLite has no trigonometry, so the distance
    # is the flat projection described at METRES_PER_DEGREE_*.
    dx = f"(CAST(o.check_in_lng AS {_FLOAT}) - CAST(h.lng AS {_FLOAT})) * {METRES_PER_DEGREE_LNG!r}"
    dy = f"(CAST(o.check_in_lat AS {_FLOAT}) - CAST(h.lat AS {_FLOAT})) * {METRES_PER_DEGREE_LAT!r}"
    sql = f"""
        SELECT o.id, o.limit_m, o.check_in_lng, o.check_in_lat, h.lng, h.lat, o.provider_id, o.region_code,
               o.period, ({dx}) * ({dx}) + ({dy}) * ({dy}) AS d2
        FROM ({inner}) o
        JOIN {quote(Membership._meta.db_table)} m ON m.person_id = o.person_id
        JOIN {quote(HouseholdAddress._meta.db_table)} ha ON ha.household_id = m.household_id
        JOIN {quote(Address._meta.db_table)} h ON h.id = ha.address_id
        WHERE h.lng IS NOT NULL AND h.lat IS NOT NULL
          AND ({dx}) * ({dx}) + ({dy}) * ({dy}) > o.limit_m * o.limit_m
    """
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    to_decimal = Address._meta.get_field("lng")
    for pk, limit_m, lng, lat, home_lng, home_lat, provider_id, region_code, period, d2 in rows:
        distance = round(math.sqrt(d2))
        yield Found(
            pk,
            SupervisionRule.FAR_CHECK_IN,
            None,
            messages.FINDING_FAR_CHECK_IN.format(distance=distance, threshold=limit_m),
            {
                "distance_m": distance,
                "threshold_m": limit_m,
                "check_in": [str(_decimal(lng, to_decimal)), str(_decimal(lat, to_decimal))],
                "home": [str(_decimal(home_lng, to_decimal)), str(_decimal(home_lat, to_decimal))],
            },
            provider_id,
            region_code,
            _as_date(period),
        )


_FLOAT = "DOUBLE PRECISION"


def _overlap(
    starts: QuerySet[ServiceOrder],
    *,
    forward: bool,
    keep: Callable[[str, dt.date], bool],
    months: list[dt.date] | None = None,
) -> Iterable[Found]:
    """Pairs of overlapping visits of one caregiver, as a self-join through the (caregiver,
    checked_in_at) index. With ``forward``, a visit of ``starts`` is paired with the visits that
    begin during it (b.checked_in_at in [a.checked_in_at, a.checked_out_at)): every overlapping
    pair is found once, from the one that began first, with an index range per visit instead of
    all the caregiver's visits. Without it (one order at check-out), both directions. Each pair
    gives a finding to each side, for the sides ``keep(region_code, period)`` accepts."""
    if not forward:
        rows = _overlap_pairs_both(starts)
    elif connection.vendor == "postgresql":
        rows = _overlap_pairs_forward(starts, months=months)
    else:
        rows = _overlap_pairs_both(starts, forward=True)
    sides: dict[tuple[int, int], tuple[Any, ...]] = {}
    for caregiver_id, *row in rows:
        a, b = (caregiver_id, *row[:6]), (caregiver_id, *row[6:])
        sides.setdefault((a[1], b[1]), (*a, *b[1:]))
        sides.setdefault((b[1], a[1]), (*b, *a[1:]))
    wanted = [v for v in sides.values() if keep(v[3], _as_date(v[4]))]
    if not wanted:
        return
    from minzheng.eldercare.caregivers.models import Caregiver

    zone = timezone.get_current_timezone()
    names = dict(Caregiver.objects.filter(pk__in={v[0] for v in wanted}).values_list("pk", "person__name"))
    for (
        caregiver_id,
        pk,
        provider_id,
        region_code,
        period,
        a_in,
        a_out,
        other,
        _,
        _,
        _,
        b_in,
        b_out,
    ) in sorted(wanted, key=lambda v: (v[1], v[7])):
        a_in, a_out, b_in, b_out = (_as_datetime(v) for v in (a_in, a_out, b_in, b_out))
        yield Found(
            pk,
            SupervisionRule.CAREGIVER_OVERLAP,
            other,
            messages.FINDING_OVERLAP.format(
                caregiver=names.get(caregiver_id, caregiver_id),
                other=other,
                start=_local(b_in, zone),
                end=_local(b_out, zone),
                own_start=_local(a_in, zone),
                own_end=_local(a_out, zone),
            ),
            {
                "caregiver": caregiver_id,
                "other_order": other,
                "other_interval": [b_in.isoformat(), b_out.isoformat()],
                "interval": [a_in.isoformat(), a_out.isoformat()],
            },
            provider_id,
            region_code,
            _as_date(period),
        )


_PAIR_COLUMNS = """a.caregiver_id, a.id, a.provider_id, a.region_code, a.period, a.checked_in_at, a.checked_out_at,
               b.id, b.provider_id, b.region_code, b.period, b.checked_in_at, b.checked_out_at"""


def _overlap_pairs_both(orders: QuerySet[ServiceOrder], *, forward: bool = False) -> list[tuple[Any, ...]]:
    """Each visit of ``orders`` (one order at check-out) with every visit of its caregiver it
    overlaps, through the (caregiver, checked_in_at) index. With ``forward``, only the visits that
    begin during it (b.checked_in_at in [a.checked_in_at, a.checked_out_at)): every pair once,
    from the one that began first, an index range per visit. SQLite runs a month of this as a
    nested loop faster than the window of ``_overlap_pairs_forward`` (which sorts the visits
    read from a table of all the year's orders: 6 s against 10 s at scale 1.0)."""
    table = connection.ops.quote_name(ServiceOrder._meta.db_table)
    inner, params = orders.order_by().values("id").query.sql_with_params()
    partner = (
        "b.checked_in_at >= a.checked_in_at AND b.checked_in_at < a.checked_out_at"
        if forward
        else "b.checked_in_at < a.checked_out_at"
    )
    sql = f"""
        SELECT {_PAIR_COLUMNS}
        FROM {table} a JOIN {table} b
          ON b.caregiver_id = a.caregiver_id AND {partner}
         AND a.checked_in_at < b.checked_out_at AND b.id <> a.id
        WHERE a.id IN ({inner}) AND a.caregiver_id IS NOT NULL
          AND a.checked_out_at IS NOT NULL AND b.checked_out_at IS NOT NULL
          AND a.status <> %s AND b.status <> %s
    """
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, OrderStatus.CANCELLED, OrderStatus.CANCELLED])
        return cursor.fetchall()


def _overlap_pairs_forward(
    starts: QuerySet[ServiceOrder], *, months: list[dt.date] | None = None
) -> list[tuple[Any, ...]]:
    """The pairs (a, b): a visit ``a`` of ``starts`` and a visit ``b`` of its caregiver that
    begins during it (b.checked_in_at in [a.checked_in_at, a.checked_out_at)).

    A month has a million visits and a handful of overlaps; on PostgreSQL the self-join (which
    it planned as a hash of every visit of a caregiver against every other) cost most of the
    run. Instead one sorted pass: the caregivers' visits within the time span of ``starts`` in
    order of check-in, each with the latest check-out of the visits before it (a window). Only
    a visit that begins before that check-out overlaps an earlier one; those few are joined back
    to the visits they begin during, and a pair is kept when its ``a`` is in ``starts`` (or, both
    beginning at the same instant, when its ``b`` is: then it is the pair seen from the other
    side)."""
    live = starts.exclude(status=OrderStatus.CANCELLED).filter(
        caregiver_id__isnull=False, checked_in_at__isnull=False, checked_out_at__isnull=False
    )
    # The span of their months (the caregivers left out): it covers every pair of ``starts`` and
    # is read through the (period, region_code) index, not through a semi-join on the caregivers.
    if months is None:
        months = list(starts.order_by().values_list("period", flat=True).distinct())
    span = (
        ServiceOrder.objects.filter(period__in=months)
        .exclude(status=OrderStatus.CANCELLED)
        .aggregate(first=Min("checked_in_at"), last=Max("checked_out_at"))
    )
    if span["first"] is None:
        return []
    table = connection.ops.quote_name(ServiceOrder._meta.db_table)
    adapt = connection.ops.adapt_datetimefield_value
    # Every caregiver's visits within the span, not only the caregivers of ``starts``: for the city
    # that is the same set, and reading it by time beats a semi-join on the caregivers.
    sql = f"""
        WITH v AS (
            SELECT id, caregiver_id, provider_id, region_code, period, checked_in_at, checked_out_at,
                   MAX(checked_out_at) OVER (
                       PARTITION BY caregiver_id ORDER BY checked_in_at, id
                       ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING
                   ) AS before_out
            FROM {table}
            WHERE caregiver_id IS NOT NULL AND status <> %s
              AND checked_out_at IS NOT NULL AND checked_in_at >= %s AND checked_in_at < %s
        )
        SELECT {_PAIR_COLUMNS}
        FROM v b
        JOIN {table} a
          ON a.caregiver_id = b.caregiver_id AND a.checked_in_at <= b.checked_in_at
         AND b.checked_in_at < a.checked_out_at AND a.checked_in_at < b.checked_out_at AND a.id <> b.id
        WHERE b.before_out > b.checked_in_at AND a.status <> %s
    """
    with connection.cursor() as cursor:
        cursor.execute(
            sql, [OrderStatus.CANCELLED, adapt(span["first"]), adapt(span["last"]), OrderStatus.CANCELLED]
        )
        rows = cursor.fetchall()
    involved = {row[1] for row in rows} | {row[7] for row in rows}
    in_starts = set(live.filter(pk__in=involved).values_list("pk", flat=True))
    return [
        row
        for row in rows
        if row[1] in in_starts
        or (row[7] in in_starts and row[5] == row[11] and _as_datetime(row[11]) < _as_datetime(row[12]))
    ]


def _as_datetime(value: Any) -> dt.datetime:
    """A raw cursor's datetime as an aware datetime (SQLite hands back text)."""
    if isinstance(value, str):
        value = dt.datetime.fromisoformat(value)
    if timezone.is_naive(value):
        value = value.replace(tzinfo=dt.UTC)
    return value


def _as_date(value: Any) -> dt.date:
    return dt.date.fromisoformat(value) if isinstance(value, str) else value


def _decimal(value: Any, field: Any) -> Decimal:
    """A raw cursor's decimal as the ORM gives it, at the field's places (SQLite hands back a
    float)."""
    return Decimal(str(value)).quantize(Decimal(1).scaleb(-field.decimal_places))


def _after_death(scope: QuerySet[ServiceOrder]) -> Iterable[Found]:
    rows = (
        scope.filter(person__death_date__isnull=False)
        .annotate(day=TruncDate(Coalesce("checked_in_at", "scheduled_at")))
        .filter(day__gt=F("person__death_date"))
        .order_by()
        .values_list(
            "id", "day", "person__death_date", "checked_in_at", "provider_id", "region_code", "period"
        )
    )
    for pk, day, death_date, checked_in_at, provider_id, region_code, period in rows.iterator(
        chunk_size=BATCH
    ):
        what = "签到" if checked_in_at is not None else "预约"
        assert death_date is not None and day is not None  # filtered on both above
        yield Found(
            pk,
            SupervisionRule.AFTER_DEATH,
            None,
            messages.FINDING_AFTER_DEATH.format(
                death_date=death_date.isoformat(), what=what, day=day.isoformat()
            ),
            {
                "death_date": death_date.isoformat(),
                "day": day.isoformat(),
                "checked_in": checked_in_at is not None,
            },
            provider_id,
            region_code,
            period,
        )


def _duplicate(scope: QuerySet[ServiceOrder]) -> Iterable[Found]:
    """One grouped pass over the months and elders of the scope finds the groups (elder, kind,
    minute) with more than one order and each group's first; the scope's orders in those groups
    after the first get a finding. The first may lie outside the scope (another provider)."""
    groups = (
        ServiceOrder.objects.exclude(status=OrderStatus.CANCELLED)
        .filter(person_id__in=scope.values("person_id"), period__in=scope.values("period"))
        .annotate(minute=TruncMinute("scheduled_at"))
        .values("person_id", "kind", "minute")
        .annotate(first=Min("id"), n=Count("id"))
        .filter(n__gt=1)
        .values_list("person_id", "kind", "minute", "first")
    )
    firsts = {(person, kind, minute): first for person, kind, minute, first in groups}
    zone = timezone.get_current_timezone()
    people = sorted({person for person, _, _ in firsts})
    for at in range(0, len(people), BATCH):
        rows = (
            scope.filter(person_id__in=people[at : at + BATCH])
            .order_by()
            .annotate(minute=TruncMinute("scheduled_at"))
            .values_list(
                "id", "person_id", "kind", "minute", "scheduled_at", "provider_id", "region_code", "period"
            )
        )
        for pk, person, kind, minute, scheduled_at, provider_id, region_code, period in rows:
            first_id = firsts.get((person, kind, minute))
            if first_id is None or first_id >= pk:
                continue
            yield Found(
                pk,
                SupervisionRule.DUPLICATE_ORDER,
                first_id,
                messages.FINDING_DUPLICATE.format(first=first_id, at=_local(scheduled_at, zone)),
                {"first_order": first_id, "scheduled_at": _local(scheduled_at, zone)},
                provider_id,
                region_code,
                period,
            )


def findings_detect(
    *,
    scope: QuerySet[ServiceOrder],
    table: dict,
    overlap_starts: QuerySet[ServiceOrder] | None = None,
    keep: Callable[[str, dt.date], bool] | None = None,
    overlap_months: list[dt.date] | None = None,
) -> list[Found]:
    """Every rule over the orders of ``scope`` (cancelled ones are left out here). For a month,
    ``overlap_starts`` are the visits whose overlaps are looked for forward and ``keep`` says
    which sides are in the scope; without them (one order), overlaps are looked for both ways
    and both sides kept."""
    scope = scope.exclude(status=OrderStatus.CANCELLED)
    found: list[Found] = []
    found.extend(_short_visit(scope, table))
    found.extend(_far_check_in(scope, table))
    if overlap_starts is None:
        found.extend(_overlap(scope, forward=False, keep=lambda region_code, period: True))
    else:
        assert keep is not None
        found.extend(_overlap(overlap_starts, forward=True, keep=keep, months=overlap_months))
    found.extend(_after_death(scope))
    found.extend(_duplicate(scope))
    return found


def _write(found: list[Found], *, now: dt.datetime) -> int:
    """Insert the findings with one prepared statement run over batches of rows: the ORM's
    bulk_create spent most of a month's run preparing values row by row (and SQLite's limit on
    variables cut it into batches of a hundred)."""
    columns = ["order_id", "rule", "other_order_id", "message", "facts", "provider_id", "region_code", "period",
               "created_at"]  # fmt: skip
    quote = connection.ops.quote_name
    facts = SupervisionFinding._meta.get_field("facts")
    # PostgreSQL takes the JSON as text and casts it; SQLite stores the text as it is.
    facts_param = "CAST(%s AS jsonb)" if connection.vendor == "postgresql" else "%s"
    params = ", ".join(facts_param if c == "facts" else "%s" for c in columns)
    sql = (
        f"INSERT INTO {quote(SupervisionFinding._meta.db_table)} ({', '.join(quote(c) for c in columns)}) "
        f"VALUES ({params})"
    )
    created = connection.ops.adapt_datetimefield_value(now)
    rows = [
        (f.order_id, f.rule, f.other_order_id, f.message[:300], json.dumps(f.facts, ensure_ascii=False, cls=facts.encoder),
         f.provider_id, f.region_code, connection.ops.adapt_datefield_value(f.period), created)
        for f in found
    ]  # fmt: skip
    with connection.cursor() as cursor:
        for at in range(0, len(rows), BATCH):
            cursor.executemany(sql, rows[at : at + BATCH])
    return len(rows)


# ---- runs ---------------------------------------------------------------------------------------------


def supervision_run(
    *, period: dt.date, region_prefix: str = "3305", actor: User | None = None
) -> SupervisionRun:
    """Judge every order of ``period`` (any day of the month) whose region starts with
    ``region_prefix``, and replace that month's findings in that scope, in one transaction.
    Returns the run: ``counts`` maps each rule key to its findings, ``findings`` is their sum,
    ``orders`` the orders judged (cancelled ones left out). Callers check the actor's power and
    scope (``services.supervision_run_request``); the monthly task runs it with no actor."""
    period = period.replace(day=1)
    region_prefix = region_prefix.strip()
    started = timezone.now()
    in_scope = Scope(prefix=region_prefix)
    scope = in_scope.filter(ServiceOrder.objects.filter(period=period))
    table = thresholds_in_force(period=period, region_prefix=region_prefix)
    with transaction.atomic():
        in_scope.filter(SupervisionFinding.objects.filter(period=period)).delete()
        # A visit of the scope may overlap one that began before it: the month before, or at
        # another site of the same caregiver. Those are searched forward from too.
        months = [month_add(period, -1), period]
        starts = ServiceOrder.objects.filter(caregiver_id__in=scope.values("caregiver_id"), period__in=months)
        found = findings_detect(
            scope=scope,
            table=table,
            overlap_starts=starts,
            overlap_months=months,
            keep=lambda region_code, month: month == period and in_scope.contains(region_code),
        )
        _write(found, now=started)
        counts = Counter(f.rule for f in found)
        run = SupervisionRun.objects.create(
            period=period,
            region_prefix=region_prefix,
            region_code=region_prefix.ljust(12, "0"),
            orders=scope.exclude(status=OrderStatus.CANCELLED).count(),
            findings=len(found),
            counts={rule: counts.get(rule, 0) for rule in RULES},
            created_by=actor if actor is not None and actor.pk else None,
            started_at=started,
            finished_at=timezone.now(),
        )
        audit_record(
            actor=actor,
            action="eldercare.home_service_supervision.run",
            obj=run,
            after={"period": period.isoformat(), "region_prefix": region_prefix, **run.counts},
        )
    return run


def order_findings_compute(*, order: ServiceOrder) -> list[SupervisionFinding]:
    """Judge one order (at its check-out) and replace its findings; an overlapping order of the
    same caregiver also gets (or keeps) its finding naming this one. Returns this order's
    findings. Runs inside the caller's transaction when there is one."""
    now = timezone.now()
    table = thresholds_in_force(period=order.period, region_prefix=order.region_code)
    with transaction.atomic():
        SupervisionFinding.objects.filter(order=order).delete()
        SupervisionFinding.objects.filter(other_order=order, rule=SupervisionRule.CAREGIVER_OVERLAP).delete()
        if order.status == OrderStatus.CANCELLED:
            return []
        # Both sides of each overlap: the partner's finding names this order.
        _write(findings_detect(scope=ServiceOrder.objects.filter(pk=order.pk), table=table), now=now)
    return list(SupervisionFinding.objects.filter(order=order).order_by("rule", "id"))
