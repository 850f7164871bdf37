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
import math
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db import connection, transaction
from django.db.models import (
    Case,
    Exists,
    F,
    FloatField,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce, TruncDate, TruncMinute
from django.utils import timezone

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


def _local(value: dt.datetime | None) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value is not None else ""


def _short_visit(scope: QuerySet[ServiceOrder], table: dict) -> Iterable[Found]:
    rows = (
        scope.filter(status=OrderStatus.DONE, minutes__isnull=False)
        .annotate(minimum=_threshold_case(table, ThresholdKey.SHORT_VISIT, by_kind=True))
        .filter(minutes__lt=F("minimum"))
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


HOME = "person__membership__household__standard_address__address__"


def _far_check_in(scope: QuerySet[ServiceOrder], table: dict) -> Iterable[Found]:
    dx = (Cast("check_in_lng", FloatField()) - Cast(f"{HOME}lng", FloatField())) * Value(
        METRES_PER_DEGREE_LNG
    )
    dy = (Cast("check_in_lat", FloatField()) - Cast(f"{HOME}lat", FloatField())) * Value(
        METRES_PER_DEGREE_LAT
    )
    limit = _threshold_case(table, ThresholdKey.FAR_CHECK_IN, by_kind=False)
    rows = (
        scope.filter(check_in_lng__isnull=False, check_in_lat__isnull=False)
        .filter(**{f"{HOME}lng__isnull": False, f"{HOME}lat__isnull": False})
        .annotate(d2=dx * dx + dy * dy, limit_m=limit)
        .filter(d2__gt=F("limit_m") * F("limit_m"))
        .values_list(
            "id", "d2", "limit_m", "check_in_lng", "check_in_lat", f"{HOME}lng", f"{HOME}lat",
            "provider_id", "region_code", "period",
        )
    )  # fmt: skip
    for pk, d2, limit_m, lng, lat, home_lng, home_lat, provider_id, region_code, period in rows.iterator(
        chunk_size=BATCH
    ):
        distance = round(math.sqrt(d2))
        yield Found(
            pk,
            SupervisionRule.FAR_CHECK_IN,
            None,
            messages.FINDING_FAR_CHECK_IN.format(distance=distance, threshold=limit_m),
            {
                "distance_m": distance,
                "threshold_m": limit_m,
                "check_in": [str(lng), str(lat)],
                "home": [str(home_lng), str(home_lat)],
            },
            provider_id,
            region_code,
            period,
        )


def _overlap(scope: QuerySet[ServiceOrder]) -> Iterable[Found]:
    """A self-join of the scope's orders with every order of the same caregiver (the partner may
    lie outside the scope or the month: a visit across midnight at the month's end)."""
    table = connection.ops.quote_name(ServiceOrder._meta.db_table)
    inner, params = scope.values("id").query.sql_with_params()
    sql = f"""
        SELECT a.id, b.id, a.provider_id, a.region_code, a.period,
               a.checked_in_at, a.checked_out_at, b.checked_in_at, b.checked_out_at, a.caregiver_id
        FROM {table} a JOIN {table} b
          ON b.caregiver_id = a.caregiver_id AND b.id <> a.id
         AND b.checked_in_at < a.checked_out_at AND a.checked_in_at < b.checked_out_at
        WHERE a.id IN ({inner}) AND a.caregiver_id IS NOT NULL
          AND a.checked_out_at IS NOT NULL AND b.checked_out_at IS NOT NULL
          AND a.status <> %s AND b.status <> %s
        ORDER BY a.id, b.id
    """
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, OrderStatus.CANCELLED, OrderStatus.CANCELLED])
        rows = cursor.fetchall()
    if not rows:
        return
    from minzheng.eldercare.caregivers.models import Caregiver

    names = dict(Caregiver.objects.filter(pk__in={row[9] for row in rows}).values_list("pk", "person__name"))
    field = ServiceOrder._meta.get_field("checked_in_at")
    for pk, other, provider_id, region_code, period, a_in, a_out, b_in, b_out, caregiver_id in rows:
        a_in, a_out, b_in, b_out = (_as_datetime(field, v) for v in (a_in, a_out, b_in, b_out))
        yield Found(
            pk,
            SupervisionRule.CAREGIVER_OVERLAP,
            other,
            messages.FINDING_OVERLAP.format(
                caregiver=names.get(caregiver_id, caregiver_id),
                other=other,
                start=_local(b_in),
                end=_local(b_out),
                own_start=_local(a_in),
                own_end=_local(a_out),
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


def _as_datetime(field: Any, value: Any) -> dt.datetime:
    """A raw cursor's datetime as an aware datetime (SQLite hands back text)."""
    if isinstance(value, str):
        value = dt.datetime.fromisoformat(value)
    if timezone.is_naive(value):
        value = value.replace(tzinfo=dt.UTC)
    return value


def _as_date(value: Any) -> dt.date:
    return dt.date.fromisoformat(value) if isinstance(value, str) else value


def _after_death(scope: QuerySet[ServiceOrder]) -> Iterable[Found]:
    rows = (
        scope.filter(person__death_date__isnull=False)
        .annotate(day=TruncDate(Coalesce("checked_in_at", "scheduled_at")))
        .filter(day__gt=F("person__death_date"))
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
    first = (
        ServiceOrder.objects.exclude(status=OrderStatus.CANCELLED)
        .filter(person=OuterRef("person"), kind=OuterRef("kind"))
        .annotate(minute=TruncMinute("scheduled_at"))
        .filter(minute=OuterRef("minute"))
        .order_by("id")
        .values("id")[:1]
    )
    rows = (
        scope.annotate(minute=TruncMinute("scheduled_at"))
        .annotate(first=Subquery(first))
        .filter(first__lt=F("id"))
        .values_list("id", "first", "scheduled_at", "provider_id", "region_code", "period")
    )
    for pk, first_id, scheduled_at, provider_id, region_code, period in rows.iterator(chunk_size=BATCH):
        yield Found(
            pk,
            SupervisionRule.DUPLICATE_ORDER,
            first_id,
            messages.FINDING_DUPLICATE.format(first=first_id, at=_local(scheduled_at)),
            {"first_order": first_id, "scheduled_at": _local(scheduled_at)},
            provider_id,
            region_code,
            period,
        )


def findings_detect(*, scope: QuerySet[ServiceOrder], table: dict) -> list[Found]:
    """Every rule over the orders of ``scope`` (cancelled ones are left out here)."""
    scope = scope.exclude(status=OrderStatus.CANCELLED)
    found: list[Found] = []
    found.extend(_short_visit(scope, table))
    found.extend(_far_check_in(scope, table))
    found.extend(_overlap(scope))
    found.extend(_after_death(scope))
    found.extend(_duplicate(scope))
    return found


def _write(found: Iterable[Found], *, now: dt.datetime) -> list[SupervisionFinding]:
    rows = [
        SupervisionFinding(
            order_id=f.order_id,
            rule=f.rule,
            other_order_id=f.other_order_id,
            message=f.message[:300],
            facts=f.facts,
            provider_id=f.provider_id,
            region_code=f.region_code,
            period=f.period,
            created_at=now,
        )
        for f in found
    ]
    return SupervisionFinding.objects.bulk_create(rows, batch_size=BATCH)


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
        found = findings_detect(scope=scope, table=table)
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
        found = findings_detect(scope=ServiceOrder.objects.filter(pk=order.pk), table=table)
        partners = [f.other_order_id for f in found if f.rule == SupervisionRule.CAREGIVER_OVERLAP]
        if partners:
            # The partner's side of each overlap: judged from the partner, it names this order.
            theirs = _overlap(ServiceOrder.objects.filter(pk__in=partners))
            found.extend(f for f in theirs if f.other_order_id == order.pk)
        written = _write(found, now=now)
    return [f for f in written if f.order_id == order.pk]


def orders_with_findings(*, scope: QuerySet[ServiceOrder]) -> QuerySet[ServiceOrder]:
    """The orders of ``scope`` with at least one finding (for the scores' anomaly rate)."""
    return scope.filter(Exists(SupervisionFinding.objects.filter(order=OuterRef("pk"))))
