"""The demo city's home eldercare beds (家庭养老床位): the summary's 1,763 beds built in 2024 ×
scale, with their service plans and devices, written set-based.

- **Who.** Living elders (60 or over by 1 January 2024) of a low-income household or person — a
  dibao, dibian or tekun enrollment that covers every month of 2024 and is not suspended — who
  hold no care-home bed in 2024 and have no ability assessment (the demo assesses care-home
  residents only), so each qualifies by the service's own rule as low income
  (``home_beds.selectors.eligibility_of``) on any day of the year. Chosen in a fixed
  pseudo-random order of their ids (``demo.eldercare.shuffled``), one contract each.
- **Provider.** An open care home or community care centre of the elder's county, opened by
  2024, picked by the elder's id among the county's; an elder whose county has none is passed
  over.
- **When.** The start days are spread over 2024, so the year's 建成家庭养老床位 is the count of
  the contracts; about one in 25 ended later in the year (withdrawn), and its devices were
  removed that day.
- **Plan.** 助洁 2–4 and 助医 1–2 visits a month for everyone; 助餐 8 for one in three, 助浴 2 for
  one in four, 助行 1 for one in five.
- **Devices.** An emergency call button and a fall alarm in every home; a smoke alarm in one in
  two, a gas alarm in one in three, a bed sensor in one in five; each with its serial (kind and
  contract number) and installed within a week of the start.

Every row comes from an ``INSERT … SELECT`` (or one ``UPDATE`` for the ended ones); nothing is
read into Python. Idempotent: a second
call finds the marker audit entry and writes nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from minzheng.benefits.models import Enrollment, Program
from minzheng.core.db import tables_analyze
from minzheng.demo.eldercare import scaled, shuffled
from minzheng.demo.marker import part_built, part_mark
from minzheng.eldercare.assessment.models import Assessment
from minzheng.eldercare.beds.models import Occupancy
from minzheng.eldercare.home_beds.models import (
    DeviceKind,
    Eligibility,
    EndReason,
    HomeBed,
    HomeBedDevice,
    HomeBedPlanItem,
    HomeBedStatus,
)
from minzheng.eldercare.home_beds.selectors import LOW_INCOME_PROGRAMS, PROVIDER_KINDS
from minzheng.eldercare.home_services.models import ServiceKind
from minzheng.facilities.sites.models import Facility
from minzheng.people.models import Membership, Person

YEAR = 2024
BUILT = 1_763  # eldercare.home_beds_built
BUILT_ACTION = "demo.home_beds.built"
ELDERS_BORN_BY = dt.date(YEAR - 60, 1, 1)  # 60 by the first day of the year
ENDED_ONE_IN = 25
PROVIDERS, COUNTIES, POOR = "demo_home_bed_providers", "demo_home_bed_counties", "demo_home_bed_poor"
# (kind, visits a month, the condition): hh.h is a fixed hash of the contract's id
PLAN: tuple[tuple[str, str, str], ...] = (
    (ServiceKind.CLEANING.value, "2 + hh.h %% 3", "1 = 1"),
    (ServiceKind.MEDICAL.value, "1 + hh.h %% 2", "1 = 1"),
    (ServiceKind.MEAL.value, "8", "hh.h %% 3 = 0"),
    (ServiceKind.BATHING.value, "2", "hh.h %% 4 = 1"),
    (ServiceKind.MOBILITY.value, "1", "hh.h %% 5 = 2"),
)
# (kind, serial prefix, the condition on hh.h)
DEVICES: tuple[tuple[str, str, str], ...] = (
    (DeviceKind.EMERGENCY_BUTTON.value, "EB", "1 = 1"),
    (DeviceKind.FALL_ALARM.value, "FA", "1 = 1"),
    (DeviceKind.SMOKE.value, "SM", "hh.h %% 2 = 0"),
    (DeviceKind.GAS.value, "GS", "hh.h %% 3 = 0"),
    (DeviceKind.BED_SENSOR.value, "BS", "hh.h %% 5 = 0"),
)


def _t(model: Any) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def _date(value: dt.date) -> str:
    """A date as a SQL literal (dates of the plan, never user text)."""
    return f"DATE '{value.isoformat()}'" if connection.vendor == "postgresql" else f"'{value.isoformat()}'"


def _plus_days(day: str, days: str) -> str:
    """``day`` (a date expression) plus ``days`` (an integer expression)."""
    if connection.vendor == "postgresql":
        return f"({day} + CAST({days} AS INTEGER))"
    return f"date({day}, '+' || ({days}) || ' days')"


def _at_nine(day: str) -> str:
    """09:00 in Huzhou on ``day`` (01:00 UTC, as datetimes are stored)."""
    if connection.vendor == "postgresql":
        return f"(({day} + TIME '01:00') AT TIME ZONE 'UTC')"
    return f"datetime({day}, '+1 hours')"


def _hash(column: str) -> str:
    return f"(({column} * 40503 + 7) %% 1000003)"


def providers_stage() -> None:
    """The open care homes and community care centres opened by the year, numbered within their
    county (``PROVIDERS``), and each county's count (``COUNTIES``): an elder takes the provider
    whose number is their id modulo their county's count (SQLite cannot order a correlated
    subquery by the outer row, so the pick is a join)."""
    f = _t(Facility)
    kinds = ", ".join(f"'{kind}'" for kind in PROVIDER_KINDS)
    with connection.cursor() as cursor:
        for table in (PROVIDERS, COUNTIES):
            cursor.execute(f"DROP TABLE IF EXISTS {table}")
        cursor.execute(
            f"CREATE TEMPORARY TABLE {PROVIDERS} AS SELECT f.id, substr(f.region_code, 1, 6) AS county, "
            f"ROW_NUMBER() OVER (PARTITION BY substr(f.region_code, 1, 6) ORDER BY f.id) - 1 AS n FROM {f} f "
            f"WHERE f.kind IN ({kinds}) AND f.status = '{Facility.Status.OPEN.value}' "
            f"AND (f.opened_on IS NULL OR f.opened_on <= {_date(dt.date(YEAR, 1, 1))})"
        )
        cursor.execute(
            f"CREATE TEMPORARY TABLE {COUNTIES} AS SELECT county, COUNT(*) AS k FROM {PROVIDERS} GROUP BY county"
        )


def poor_stage() -> None:
    """The ids of the persons under a low-income enrollment over all of the year (``POOR``): the
    enrolled persons and the members of the enrolled households, read from the enrollments (a
    few percent of the registry) rather than looked up for every elder."""
    e, pr, m = _t(Enrollment), _t(Program), _t(Membership)
    codes = ", ".join(f"'{code}'" for code in LOW_INCOME_PROGRAMS)
    covering = (
        f"pr.code IN ({codes}) AND e.status <> '{Enrollment.Status.SUSPENDED.value}' "
        f"AND e.start_month <= {_date(dt.date(YEAR, 1, 1))} "
        f"AND (e.stop_month IS NULL OR e.stop_month > {_date(dt.date(YEAR, 12, 1))})"
    )
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {POOR}")
        cursor.execute(
            f"CREATE TEMPORARY TABLE {POOR} AS "
            f"SELECT e.person_id AS id FROM {e} e JOIN {pr} pr ON pr.id = e.program_id "
            f"WHERE e.person_id IS NOT NULL AND {covering} "
            f"UNION SELECT m.person_id FROM {e} e JOIN {pr} pr ON pr.id = e.program_id "
            f"JOIN {m} m ON m.household_id = e.household_id WHERE {covering}"
        )


def beds_sign(*, seed: int, scale: float) -> int:
    """One contract for each of ``BUILT`` × scale eligible elders, in one statement."""
    p, o, a, hb = _t(Person), _t(Occupancy), _t(Assessment), _t(HomeBed)
    year_start = dt.date(YEAR, 1, 1)
    start = _plus_days(_date(year_start), f"{shuffled('p.id', seed * 13 + 1)} %% 366")
    sql = (
        f"INSERT INTO {hb} (person_id, provider_id, region_code, started_on, ended_on, status, eligibility, "
        f"ability_level, end_reason, end_note, signed_by_id, signed_at, ended_by_id) "
        f"SELECT p.id, pv.id, p.region_code, {start}, NULL, '{HomeBedStatus.ACTIVE.value}', "
        f"'{Eligibility.LOW_INCOME.value}', '', '', '', NULL, {_at_nine(start)}, NULL "
        f"FROM {POOR} q JOIN {p} p ON p.id = q.id "
        f"JOIN {COUNTIES} c ON c.county = substr(p.region_code, 1, 6) "
        f"JOIN {PROVIDERS} pv ON pv.county = c.county AND pv.n = p.id %% c.k "
        f"WHERE p.status = %s AND p.birth_date <= %s "
        f"AND NOT EXISTS (SELECT 1 FROM {o} o WHERE o.person_id = p.id "
        f"AND (o.checked_out_on IS NULL OR o.checked_out_on > {_date(year_start)})) "
        f"AND NOT EXISTS (SELECT 1 FROM {a} a WHERE a.person_id = p.id AND a.voided_at IS NULL) "
        f"AND NOT EXISTS (SELECT 1 FROM {hb} x WHERE x.person_id = p.id) "
        f"ORDER BY {shuffled('p.id', seed * 13 + 2)}, p.id LIMIT %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(
            sql,
            [
                Person.Status.ALIVE.value,
                connection.ops.adapt_datefield_value(ELDERS_BORN_BY),
                scaled(BUILT, scale),
            ],
        )
        return cursor.rowcount


def beds_end() -> int:
    """About one contract in ``ENDED_ONE_IN`` ended 30–89 days after its start, within the year."""
    hb = _t(HomeBed)
    end = _plus_days("started_on", "30 + id %% 60")
    sql = (
        f"UPDATE {hb} SET ended_on = {end}, status = '{HomeBedStatus.ENDED.value}', "
        f"end_reason = '{EndReason.WITHDRAWN.value}' "
        f"WHERE (id * 7) %% {ENDED_ONE_IN} = 3 AND started_on <= {_date(dt.date(YEAR, 10, 1))}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [])
        return cursor.rowcount


def plans_write() -> int:
    hb, item = _t(HomeBed), _t(HomeBedPlanItem)
    rows = " UNION ALL ".join(
        f"SELECT hh.home_bed_id, '{kind}', {visits} "
        f"FROM (SELECT {_hash('b.id')} AS h, b.id AS home_bed_id FROM {hb} b) hh WHERE {condition}"
        for kind, visits, condition in PLAN
    )
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {item} (home_bed_id, kind, visits_per_month) {rows}", [])
        return cursor.rowcount


def devices_write() -> int:
    hb, device = _t(HomeBed), _t(HomeBedDevice)
    installed = _plus_days("hh.started_on", "hh.h %% 7")
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    rows = " UNION ALL ".join(
        f"SELECT hh.id, '{kind}', '{prefix}-' || CAST(hh.id AS VARCHAR(20)), {installed}, hh.ended_on, CAST(NULL AS BIGINT), %s "
        f"FROM (SELECT b.id, b.started_on, b.ended_on, {_hash('b.id')} AS h FROM {hb} b) hh "
        f"WHERE {condition}"
        for kind, prefix, condition in DEVICES
    )
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {device} (home_bed_id, kind, serial, installed_on, removed_on, installed_by_id, created_at) "
            f"{rows}",
            [now] * len(DEVICES),
        )
        return cursor.rowcount


def demo_home_beds_build(
    *, seed: int, scale: float, say: Callable[[str], None] = lambda text: None
) -> dict[str, Any]:
    """The year's home beds (see the module's docstring). Does nothing (returns {}) when already
    built, or when there are no people."""
    if part_built(BUILT_ACTION) or not Person.objects.exists():
        return {}
    with transaction.atomic():
        providers_stage()
        poor_stage()
        built = beds_sign(seed=seed, scale=scale)
        ended = beds_end()
        plan_lines = plans_write()
        devices = devices_write()
        with connection.cursor() as cursor:
            for table in (PROVIDERS, COUNTIES, POOR):
                cursor.execute(f"DROP TABLE IF EXISTS {table}")
        tables_analyze(HomeBed, HomeBedPlanItem, HomeBedDevice)
        counts = {"home_beds": built, "home_beds_ended": ended, "plan_lines": plan_lines, "devices": devices}
        part_mark(action=BUILT_ACTION, seed=seed, scale=scale, counts=counts, text="湖州市演示家庭养老床位")
    say(
        f"家庭养老床位：{built} 张（{YEAR}年签约，其中 {ended} 张年内终止），服务计划 {plan_lines} 项，设备 {devices} 台"
    )
    return counts
