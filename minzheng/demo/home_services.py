"""The demo city's home services (居家养老服务, 六助): a year of service orders of the community
care centres the facilities demo placed, written set-based (``INSERT … SELECT`` from temporary
tables of clients and days, nothing per row in Python), to Huzhou's proportions: about 6.8
million orders at scale 1.0, proportionally fewer at smaller scales.

- **Clients.** ``CLIENTS_PER_MILLE`` of the elders 60 or over (at the start of the year, alive
  then) whose household has a standard address with coordinates and who live by an open
  community care centre (of their village, else of their township: the first by id), chosen by a
  fixed hash of their ids and the seed. A client is visited on fixed weekdays (1 to 4 days of 7,
  by the hash), from the day the centre opened (77 opened in 2024) until the day before their
  death.
- **Orders.** The kind by the hash in plausible shares (``KIND_SHARES``: cleaning the most,
  emergencies the fewest); the length above the kind's minimum of the supervision rules and below
  its usual most (``MINUTES``); check-in and check-out within about 45 m of the home (the
  household's standard address); ratings mostly 4–5 (some left unrated); ``CANCELLED_PERCENT`` %
  cancelled (no visit); the price by kind; paid mostly by the subsidy, some by the elder, and
  ``LOVE_CARD_PERCENT`` % by the love card when the client has an active card activated by then.
- **Love card.** Those orders are debited through ``love_cards.bulk.love_card_entries_post`` with
  the keys ``order:<id>`` (the order ids are given in the staging table, so each month the debits
  are posted first and the orders written after with their entries, no UPDATE of millions of rows);
  a card whose balance runs short pays what it can, and the rest of its orders are paid by the
  elder (``self``), as a card that cannot pay at the door is.
- **Caregivers.** Every order names a caregiver of its centre: uncertified care workers (blank
  level: the certified registry is ``demo.caregivers``'), persons of working age who live in the
  centre's township, as many as the busiest weekday needs at ``SLOTS`` visits a day each. A
  caregiver's day is ``SLOTS`` slots of ``SLOT_MINUTES`` minutes from 8:00; a visit starts within
  the first 10 minutes of its slot and lasts at most ``SLOT_MINUTES`` − 10, so no two visits of
  one caregiver overlap.
- **Home beds.** Every home-bed holder (``demo.home_beds``, built before this part) gets the
  visits of their contract's plan with the contract's provider, every covered month of 2024 (the
  plan pro rata to the covered days, rounded up, as ``home_beds.selectors.compliance`` counts),
  all done and paid by the subsidy, by the provider's own uncertified home-bed care workers
  (hired as the centres' are, in the provider's township) in the same daily slots, starting in
  minutes 6–9 of a slot (the rounds start in 0–5, so never the same minute as an elder's regular
  visit): every demo contract meets its plan.
- **Planted defects.** In each of ``PLANT_MONTHS`` (or the next month with orders to break, when
  the small demo's centre had not opened yet), one order breaks each of four supervision rules
  (short_visit; far_check_in; caregiver_overlap — a visit run on into the caregiver's next, so
  both orders are found —; duplicate_order — the same elder, kind and time booked again, never
  assigned); and as many orders in ``AFTER_DEATH_MONTH`` (2025: the registry's deaths are all
  after 2024) break after_death. Nothing else breaks any rule. The ids are in the marker audit
  entry's ``after["planted"]`` (rule -> list of the ids each planted defect is found on), so
  supervision can be checked against them.

Each month is staged in a temporary table, its debits posted, then inserted in one statement;
the order table's indexes (and on PostgreSQL its foreign keys and unique constraints) are dropped
for the load and rebuilt after it when the load is large. Idempotent: a second call finds the
marker audit entry and writes nothing.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.core.management.color import no_style
from django.db import connection, transaction

from minzheng.benefits.money import month_add
from minzheng.core.db import indexes_drop, tables_analyze
from minzheng.core.models import Region
from minzheng.demo.marker import CITY_CODE, part_built, part_mark
from minzheng.demo.meals import DAYS, days_fill
from minzheng.eldercare.caregivers.models import Caregiver
from minzheng.eldercare.home_beds.models import HomeBed, HomeBedPlanItem
from minzheng.eldercare.home_services.models import ServiceOrder
from minzheng.eldercare.love_cards.bulk import love_card_entries_post
from minzheng.eldercare.love_cards.models import LoveCard, LoveCardEntry
from minzheng.facilities.sites.models import Facility, Kind
from minzheng.people.models import Membership, Person
from minzheng.places.addresses.models import Address, HouseholdAddress

BUILT_ACTION = "demo.home_services.built"
YEAR = 2024
# Of the eligible elders (60+, a home with coordinates, a centre nearby: 747,000 at scale 1.0): about 59,000 clients
# visited 2.5 days a week on average, some 6.8 million orders a year at scale 1.0 (Huzhou's).
CLIENTS_PER_MILLE = 79
SLOTS = 7  # visits a caregiver can make a day (the brief's ~10 at most)
SLOT_MINUTES = 75
FIRST_SLOT_UTC_MINUTES = 0  # 8:00 in Asia/Shanghai: every visit falls on the same calendar day in UTC
# Kind: (share %, shortest the demo writes, longest, price yuan). The shortest is one minute above
# the supervision rules' default minimum (meal 10, cleaning 30, bathing 30, medical 20,
# mobility 20, emergency 10), so only the planted short visits break it.
KINDS: dict[str, tuple[int, int, int, str]] = {
    "cleaning": (32, 31, 65, "40.00"),
    "meal": (22, 11, 25, "15.00"),
    "medical": (14, 21, 45, "40.00"),
    "mobility": (13, 21, 45, "30.00"),
    "bathing": (14, 31, 60, "60.00"),
    "emergency": (5, 11, 40, "30.00"),
}
RULE_MINIMUM = {"meal": 10, "cleaning": 30, "bathing": 30, "medical": 20, "mobility": 20, "emergency": 10}
CANCELLED_PERCENT = 2
LOVE_CARD_PERCENT = 20
SELF_PERCENT = 10  # the rest is the subsidy's
NEAR = 30  # check-in offset from home: up to ±NEAR × 0.00001° in each axis (≈ 29 m × 33 m)
FAR_DEGREES = "0.0100000"  # a planted far check-in: 0.01° of latitude north, about 1.1 km
PLANT_MONTHS = (3, 6, 11)
AFTER_DEATH_MONTH = dt.date(YEAR + 1, 12, 1)  # see after_death_plant
RULES = ("short_visit", "far_check_in", "caregiver_overlap", "after_death", "duplicate_order")
KEY_PREFIX = "order:"
SOURCE_TYPE = "eldercare.serviceorder"
# Dropping the order table's indexes pays off for a load this big (see demo/writer.py).
REBUILD_MIN_ROWS = 100_000
WORKER_SAMPLE_PER_MILLE = 50  # see caregivers_hire
# SQLite, for this part's connection while it loads (restored after): temporary tables and index
# sorts in memory, not in temporary files; two sort threads; and no CHECK constraints on the
# generated rows (the region code's is a regular expression, a Python call per row; the rows are
# the plan's, as demo/writer.py's are).
SQLITE_LOAD_PRAGMAS = {"temp_store": 2, "threads": 2, "cache_size": -262_144, "ignore_check_constraints": 1}

CENTRES = "demo_hs_centres"
CLIENTS = "demo_hs_clients"
NEEDS = "demo_hs_needs"
CARERS = "demo_hs_carers"
STAGING = "demo_hs_rows"
DEBITS = "demo_hs_debits"
PLANTED = "demo_hs_planted"
BED_VISITS = "demo_hs_bed_visits"
BED_CARERS = "demo_hs_bed_carers"
BED_NEEDS = "demo_hs_bed_needs"
BED_WORKERS = "demo_hs_bed_workers"
COLUMNS = (
    "id, person_id, provider_id, caregiver_id, region_code, kind, scheduled_at, period, status, "
    "checked_in_at, check_in_lng, check_in_lat, checked_out_at, check_out_lng, check_out_lat, minutes, "
    "price, payer, love_card_entry_id, rating, created_at"
)


def _q(model: Any) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def _pg() -> bool:
    return connection.vendor == "postgresql"


def _date(value: dt.date) -> str:
    return f"DATE '{value.isoformat()}'" if _pg() else f"'{value.isoformat()}'"


def _h(column: str, salt: int) -> str:
    """A fixed pseudo-random non-negative integer from an integer column (an LCG step, the same on
    both backends; as demo/meals.py's)."""
    return f"((({column}) * 1103515245 + {salt}) % 2147483648)"


def _at(day: str, minutes: str) -> str:
    """The UTC time ``minutes`` after midnight (UTC) of ``day`` (a date column)."""
    if _pg():
        return f"(CAST({day} AS TIMESTAMP) + ({minutes}) * INTERVAL '1 minute')"
    return f"datetime({day}, ({minutes}) || ' minutes')"


def _plus(at: str, minutes: str) -> str:
    """A time column plus ``minutes``."""
    if _pg():
        return f"({at} + ({minutes}) * INTERVAL '1 minute')"
    return f"datetime({at}, ({minutes}) || ' minutes')"


def _case(values: dict[str, Any], column: str) -> str:
    return "CASE " + " ".join(f"WHEN {column} = '{k}' THEN {v}" for k, v in values.items()) + " END"


def _exec(sql: str, params: list[Any] | None = None) -> int:
    """Run one statement. Without ``params`` the SQL is not formatted, so its ``%`` (the hashes'
    modulo) is written as is; statements with parameters have no ``%`` of their own."""
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.rowcount


def _one(sql: str, params: list[Any] | None = None) -> Any:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
        return row[0] if row else None


def _pragmas(values: dict[str, int]) -> dict[str, int]:
    """Set SQLite pragmas on this connection, returning their values before (nothing on PostgreSQL)."""
    if _pg():
        return {}
    if connection.in_atomic_block:
        # Inside a caller's transaction (the tests') SQLite refuses to move the temporary storage.
        values = {name: value for name, value in values.items() if name != "temp_store"}
    before = {name: int(_one(f"PRAGMA {name}")) for name in values}
    for name, value in values.items():
        _exec(f"PRAGMA {name} = {int(value)}")
    return before


def _temp(name: str, select: str, params: list[Any] | None = None) -> int:
    _exec(f"DROP TABLE IF EXISTS {name}")
    _exec(f"CREATE TEMPORARY TABLE {name} AS {select}", params)
    if _pg():
        _exec(f"ANALYZE {name}")  # nothing analyzes a temporary table on its own
    return int(_one(f"SELECT COUNT(*) FROM {name}"))


def centres_choose() -> int:
    """The open community care centres, with the first day they serve in the year."""
    opened = f"CASE WHEN opened_on > {_date(dt.date(YEAR, 1, 1))} THEN opened_on ELSE {_date(dt.date(YEAR, 1, 1))} END"
    return _temp(
        CENTRES,
        f"SELECT id AS provider_id, region_code, substr(region_code, 1, 9) AS township, {opened} AS serves_from "
        f"FROM {_q(Facility)} WHERE kind = %s AND status = %s",
        [Kind.COMMUNITY_CARE_CENTRE.value, Facility.Status.OPEN.value],
    )


def clients_choose(*, seed: int) -> int:
    """The clients (see the module's docstring), with their centre, home coordinates, last day
    (the day before their death, else the year's last), love card and weekly days."""
    village = (
        f"SELECT region_code AS code, MIN(provider_id) AS provider_id FROM {CENTRES} GROUP BY region_code"
    )
    township = f"SELECT township AS code, MIN(provider_id) AS provider_id FROM {CENTRES} GROUP BY township"
    h = _h("p.id", seed * 11 + 5)
    activated = "CAST(c.activated_at AS DATE)" if _pg() else "date(c.activated_at)"
    lng, lat = (
        ("CAST(a.lng AS DOUBLE PRECISION)", "CAST(a.lat AS DOUBLE PRECISION)")
        if _pg()
        else ("a.lng", "a.lat")
    )
    last = f"{_date(dt.date(YEAR, 12, 31))}"
    return _temp(
        CLIENTS,
        f"SELECT p.id AS person_id, COALESCE(v.provider_id, t.provider_id) AS provider_id, {lng} AS lng, {lat} AS lat, "
        f"CASE WHEN p.death_date IS NOT NULL AND p.death_date <= {last} THEN p.death_date ELSE {_date(dt.date(YEAR + 1, 1, 1))} END AS ends, "
        f"c.id AS card_id, {activated} AS card_from, 1 + ({h} / 1000) % 4 AS days_a_week "
        f"FROM {_q(Person)} p JOIN {_q(Membership)} m ON m.person_id = p.id "
        f"JOIN {_q(HouseholdAddress)} ha ON ha.household_id = m.household_id "
        f"JOIN {_q(Address)} a ON a.id = ha.address_id "
        f"LEFT JOIN ({village}) v ON v.code = p.region_code "
        f"LEFT JOIN ({township}) t ON t.code = substr(p.region_code, 1, 9) "
        f"LEFT JOIN {_q(LoveCard)} c ON c.person_id = p.id AND c.status = 'active' "
        f"WHERE p.birth_date <= {_date(dt.date(YEAR - 60, 1, 1))} "
        f"AND (p.death_date IS NULL OR p.death_date > {_date(dt.date(YEAR, 1, 1))}) "
        f"AND a.lng IS NOT NULL AND a.lat IS NOT NULL "
        f"AND (v.provider_id IS NOT NULL OR t.provider_id IS NOT NULL) AND {h} % 1000 < {CLIENTS_PER_MILLE}",
    )


def _visits(seed: int) -> str:
    """The condition that client ``k`` is visited on day ``y`` (the weekly pattern)."""
    return f"(k.person_id * 37 + y.day_no + {seed}) % 7 < k.days_a_week"


def caregivers_hire(*, seed: int, scale: float) -> dict[str, int]:
    """Enough uncertified care workers for each centre's busiest weekday at ``SLOTS`` visits each,
    persons of working age (18–59 all year, alive) of the centre's township who are not caregivers
    already; then number every uncertified active caregiver of each centre (0, 1, …). From
    scale 0.1 up only ``WORKER_SAMPLE_PER_MILLE`` of the residents are candidates: a township has
    thousands of working age for its few dozen care workers, and ranking them all took 20 s."""
    weekday = f"(k.person_id * 37 + r.n + {seed}) % 7 < k.days_a_week"
    residues = " UNION ALL ".join(f"SELECT {n} AS n" for n in range(7))
    _temp(
        NEEDS,
        f"SELECT n.provider_id, n.township, n.need, "
        f"SUM(n.need) OVER (PARTITION BY n.township ORDER BY n.provider_id ROWS UNBOUNDED PRECEDING) - n.need AS first "
        f"FROM (SELECT b.provider_id, c.township, (MAX(b.visits) + {SLOTS - 1}) / {SLOTS} AS need "
        f"FROM (SELECT k.provider_id, r.n, COUNT(*) AS visits FROM {CLIENTS} k CROSS JOIN ({residues}) r "
        f"WHERE {weekday} GROUP BY k.provider_id, r.n) b JOIN {CENTRES} c ON c.provider_id = b.provider_id "
        f"GROUP BY b.provider_id, c.township) n",
    )
    needed = int(_one(f"SELECT COALESCE(SUM(need), 0) FROM {NEEDS}"))
    h = _h("p.id", seed * 13 + 7)
    workers = (
        f"SELECT p.id AS person_id, substr(p.region_code, 1, 9) AS township, "
        f"ROW_NUMBER() OVER (PARTITION BY substr(p.region_code, 1, 9) ORDER BY {h}, p.id) - 1 AS rank "
        f"FROM {_q(Person)} p WHERE p.birth_date > {_date(dt.date(YEAR - 60, 12, 31))} "
        f"AND p.birth_date <= {_date(dt.date(YEAR - 18, 1, 1))} AND p.death_date IS NULL "
        f"AND substr(p.region_code, 1, 9) IN (SELECT township FROM {NEEDS}) "
        f"AND NOT EXISTS (SELECT 1 FROM {_q(Caregiver)} g WHERE g.person_id = p.id AND g.left_on IS NULL) "
        f"AND {h} % 1000 < {WORKER_SAMPLE_PER_MILLE if scale >= 0.1 else 1000}"
    )
    start_day = (
        f"CAST({_date(dt.date(2015, 1, 1))} + CAST(w.person_id % 3000 AS INTEGER) AS DATE)"
        if _pg()
        else f"date({_date(dt.date(2015, 1, 1))}, (w.person_id % 3000) || ' days')"
    )
    hired = _exec(
        f"INSERT INTO {_q(Caregiver)} (person_id, employer_id, region_code, level, certificate_number, certified_on, "
        f"started_on, left_on, created_at, updated_at) "
        f"SELECT w.person_id, n.provider_id, c.region_code, '', '', NULL, {start_day}, NULL, "
        f"CURRENT_TIMESTAMP, CURRENT_TIMESTAMP "
        f"FROM ({workers}) w JOIN {NEEDS} n ON n.township = w.township AND w.rank >= n.first "
        f"AND w.rank < n.first + n.need JOIN {CENTRES} c ON c.provider_id = n.provider_id",
    )
    _temp(
        CARERS,
        f"SELECT g.id AS caregiver_id, g.employer_id AS provider_id, "
        f"ROW_NUMBER() OVER (PARTITION BY g.employer_id ORDER BY g.id) - 1 AS rank "
        f"FROM {_q(Caregiver)} g JOIN {CENTRES} c ON c.provider_id = g.employer_id "
        f"WHERE g.level = '' AND g.left_on IS NULL",
    )
    return {"caregivers_needed": needed, "caregivers_hired": max(hired, 0)}


def bed_visits_choose() -> int:
    """The year's visits of the home-bed holders (``demo.home_beds``, built before this part): for
    each contract, planned kind and month of 2024 the contract covers, as many visits as
    ``home_beds.selectors.expected_visits`` asks (the plan pro rata to the covered days, rounded
    up), on covered days spread evenly over them (turned by a hash of the contract and kind, so a
    contract's kinds fall on different days), with the contract's provider. The home is the
    household's standard address, else the provider's place (an elder without home coordinates is
    not judged by the distance rule)."""
    hb, item, f = _q(HomeBed), _q(HomeBedPlanItem), _q(Facility)
    far = _date(dt.date(YEAR + 1, 1, 1))
    lng, lat = (
        (
            "CAST(COALESCE(a.lng, f.lng) AS DOUBLE PRECISION)",
            "CAST(COALESCE(a.lat, f.lat) AS DOUBLE PRECISION)",
        )
        if _pg()
        else ("COALESCE(a.lng, f.lng)", "COALESCE(a.lat, f.lat)")
    )
    # A contract's covered days of each month: [its first day's number, count), and the month's days.
    covered = (
        f"SELECT b.id AS bed_id, y.period, MIN(y.day_no) AS first_no, COUNT(*) AS days FROM {hb} b "
        f"JOIN {_q(Person)} p ON p.id = b.person_id JOIN {DAYS} y ON y.day >= b.started_on "
        f"AND y.day < COALESCE(b.ended_on, {far}) AND (p.death_date IS NULL OR y.day < p.death_date) "
        f"GROUP BY b.id, y.period"
    )
    months = f"SELECT period, COUNT(*) AS days FROM {DAYS} GROUP BY period"
    # Visit k of n covered days when floor((k'+1)e/n) > floor(k'e/n), k' = k turned: exactly e days.
    expected = "((i.visits_per_month * c.days + m.days - 1) / m.days)"
    turned = f"((y.day_no - c.first_no + {_h('b.id * 8 + i.id', 29)}) % c.days)"
    return _temp(
        BED_VISITS,
        f"SELECT b.person_id, b.provider_id, f.region_code, i.kind, y.day, y.period, y.day_no, {lng} AS lng, {lat} AS lat "
        f"FROM {hb} b JOIN {item} i ON i.home_bed_id = b.id JOIN ({covered}) c ON c.bed_id = b.id "
        f"JOIN ({months}) m ON m.period = c.period JOIN {DAYS} y ON y.period = c.period "
        f"AND y.day_no >= c.first_no AND y.day_no < c.first_no + c.days "
        f"JOIN {f} f ON f.id = b.provider_id "
        f"LEFT JOIN {_q(Membership)} ms ON ms.person_id = b.person_id "
        f"LEFT JOIN {_q(HouseholdAddress)} ha ON ha.household_id = ms.household_id "
        f"LEFT JOIN {_q(Address)} a ON a.id = ha.address_id "
        f"WHERE (({turned} + 1) * {expected}) / c.days > ({turned} * {expected}) / c.days",
    )


def bed_carers_hire(*, seed: int) -> int:
    """The home-bed visits' own care workers: for each provider, as many uncertified care workers
    as its busiest day of home-bed visits needs at ``SLOTS`` a day, of working age in the
    provider's township and not caregivers already (as ``caregivers_hire``'s), numbered per
    provider in ``BED_CARERS``. Their own workers keep them off the centres' regular rounds, so no
    caregiver is in two homes at once."""
    f = _q(Facility)
    need = (
        f"SELECT v.provider_id, (MAX(v.n) + {SLOTS - 1}) / {SLOTS} AS need FROM "
        f"(SELECT provider_id, day, COUNT(*) AS n FROM {BED_VISITS} GROUP BY provider_id, day) v GROUP BY v.provider_id"
    )
    _temp(
        BED_NEEDS,
        f"SELECT n.provider_id, n.need, f.region_code, substr(f.region_code, 1, 9) AS township, "
        f"SUM(n.need) OVER (PARTITION BY substr(f.region_code, 1, 9) ORDER BY n.provider_id "
        f"ROWS UNBOUNDED PRECEDING) - n.need AS first FROM ({need}) n JOIN {f} f ON f.id = n.provider_id",
    )
    h = _h("p.id", seed * 23 + 9)
    # The candidates in one pass over the registry (filtered by township first: joining the
    # registry to the providers on the township made SQLite scan it once per provider, 5 minutes).
    _temp(
        BED_WORKERS,
        f"SELECT p.id AS person_id, substr(p.region_code, 1, 9) AS township, {h} AS h FROM {_q(Person)} p "
        f"WHERE p.birth_date > {_date(dt.date(YEAR - 60, 12, 31))} AND p.birth_date <= {_date(dt.date(YEAR - 18, 1, 1))} "
        f"AND p.death_date IS NULL AND {h} % 1000 < 20 "
        f"AND substr(p.region_code, 1, 9) IN (SELECT township FROM {BED_NEEDS}) "
        f"AND NOT EXISTS (SELECT 1 FROM {_q(Caregiver)} g WHERE g.person_id = p.id AND g.left_on IS NULL)",
    )
    _exec(f"CREATE INDEX {BED_WORKERS}_township ON {BED_WORKERS} (township)")
    # Ranked within the township; each provider takes its own run of ranks [first, first + need).
    workers = (
        f"SELECT person_id, township, ROW_NUMBER() OVER (PARTITION BY township ORDER BY h, person_id) - 1 AS rank "
        f"FROM {BED_WORKERS}"
    )
    before = int(_one(f"SELECT COALESCE(MAX(id), 0) FROM {_q(Caregiver)}"))
    hired = _exec(
        f"INSERT INTO {_q(Caregiver)} (person_id, employer_id, region_code, level, certificate_number, certified_on, "
        f"started_on, left_on, created_at, updated_at) "
        f"SELECT w.person_id, x.provider_id, x.region_code, '', '', NULL, {_date(dt.date(YEAR - 1, 12, 1))}, NULL, "
        f"CURRENT_TIMESTAMP, CURRENT_TIMESTAMP FROM ({workers}) w JOIN {BED_NEEDS} x ON x.township = w.township "
        f"AND w.rank >= x.first AND w.rank < x.first + x.need",
    )
    _temp(
        BED_CARERS,
        f"SELECT g.id AS caregiver_id, g.employer_id AS provider_id, "
        f"ROW_NUMBER() OVER (PARTITION BY g.employer_id ORDER BY g.id) - 1 AS rank "
        f"FROM {_q(Caregiver)} g WHERE g.id > {before}",
    )
    return max(hired, 0)


def bed_month_stage(*, seed: int, month: dt.date, first_id: int) -> int:
    """Add the month's home-bed visits to the staging table, ids from ``first_id`` on: each done
    (a planned visit is not cancelled), paid by the subsidy, the n-th of a provider's day in slot
    ``n % SLOTS`` of its home-bed worker ``n / SLOTS``, in the kind's usual length."""
    h = _h("v.person_id * 400 + v.day_no", seed * 31 + 1)
    low = _case({k: v[1] for k, v in KINDS.items()}, "v.kind")
    span = _case({k: v[2] - v[1] + 1 for k, v in KINDS.items()}, "v.kind")
    price = _case({k: v[3] for k, v in KINDS.items()}, "v.kind")
    # Minutes 6–9 of the slot (the centres' rounds start in 0–5): never the same minute as a
    # regular visit of the same elder and kind, which would be a duplicate order.
    start = f"{FIRST_SLOT_UTC_MINUTES} + (v.rn % {SLOTS}) * {SLOT_MINUTES} + 6 + ({h} / 100) % 4"
    check_in = f"{start} + ({h} / 1000) % 5"
    minutes = f"{low} + ({h} / 10000) % ({span})"
    stars = f"({h} / 7) % 100"
    rating = f"CASE WHEN {stars} < 6 THEN NULL WHEN {stars} < 10 THEN 3 WHEN {stars} < 40 THEN 4 ELSE 5 END"

    def near(column: str, divisor: int) -> str:
        return f"v.{column} + (({h} / {divisor}) % {2 * NEAR + 1} - {NEAR}) * 0.00001"

    visits = (
        f"SELECT b.*, ROW_NUMBER() OVER (PARTITION BY b.provider_id, b.day ORDER BY b.person_id, b.kind) - 1 AS rn "
        f"FROM {BED_VISITS} b WHERE b.period = {_date(month)}"
    )
    return _exec(
        f"INSERT INTO {STAGING} (id, person_id, provider_id, caregiver_id, region_code, kind, day, slot, scheduled_at, "
        f"period, status, checked_in_at, check_in_lng, check_in_lat, checked_out_at, check_out_lng, check_out_lat, "
        f"minutes, price, payer, card_id, rating, created_at) "
        f"SELECT {first_id} + ROW_NUMBER() OVER (ORDER BY v.provider_id, v.day, v.rn) - 1, v.person_id, v.provider_id, "
        f"g.caregiver_id, v.region_code, v.kind, v.day, v.rn % {SLOTS}, {_at('v.day', start)}, v.period, 'done', "
        f"{_at('v.day', check_in)}, {near('lng', 11)}, {near('lat', 613)}, {_at('v.day', f'{check_in} + {minutes}')}, "
        f"{near('lng', 31_000)}, {near('lat', 1_900_000)}, {minutes}, {price}, 'subsidy', NULL, {rating}, "
        f"{_at('v.day', f'{start} - 1440')} "
        f"FROM ({visits}) v LEFT JOIN {BED_CARERS} g ON g.provider_id = v.provider_id AND g.rank = v.rn / {SLOTS}",
    )


def month_stage(*, seed: int, month: dt.date, first_id: int) -> int:
    """The month's orders of every client into the staging table, ids from ``first_id`` on, in
    (centre, day, client) order (the order of ``rn``'s window: one sort serves both). A centre's clients of a day are numbered (``rn``): the n-th takes
    slot ``rn % SLOTS`` of the centre's caregiver ``rn / SLOTS``."""
    hk, h2 = (
        _h("k.person_id * 400 + y.day_no", seed * 17 + 3),
        _h("k.person_id * 400 + y.day_no", seed * 19 + 11),
    )
    shares, bound = [], 0
    for kind, (share, *_rest) in KINDS.items():
        bound += share
        shares.append(f"WHEN {hk} % 100 < {bound} THEN '{kind}'")
    visits = (
        f"SELECT k.person_id, k.provider_id, c.region_code, k.lng, k.lat, k.card_id, k.card_from, "
        f"y.day, y.period, CASE {' '.join(shares)} END AS kind, {hk} AS hk, {h2} AS h2, "
        f"ROW_NUMBER() OVER (PARTITION BY k.provider_id, y.day ORDER BY k.person_id) - 1 AS rn "
        f"FROM {CLIENTS} k JOIN {CENTRES} c ON c.provider_id = k.provider_id "
        f"JOIN {DAYS} y ON y.period = {_date(month)} AND y.day >= c.serves_from AND y.day < k.ends "
        f"AND {_visits(seed)}"
    )
    low = _case({k: v[1] for k, v in KINDS.items()}, "v.kind")
    span = _case({k: v[2] - v[1] + 1 for k, v in KINDS.items()}, "v.kind")
    price = _case({k: v[3] for k, v in KINDS.items()}, "v.kind")
    cancelled = f"v.h2 % 100 < {CANCELLED_PERCENT}"
    pay = "(v.h2 / 100) % 100"
    payer = (
        f"CASE WHEN {cancelled} THEN 'subsidy' WHEN {pay} < {LOVE_CARD_PERCENT} AND v.card_id IS NOT NULL "
        f"AND v.card_from <= v.day THEN 'love_card' WHEN {pay} >= {LOVE_CARD_PERCENT} "
        f"AND {pay} < {LOVE_CARD_PERCENT + SELF_PERCENT} THEN 'self' ELSE 'subsidy' END"
    )
    stars = "(v.h2 / 10000) % 100"
    rating = (
        f"CASE WHEN {cancelled} OR {stars} < 6 THEN NULL WHEN {stars} < 7 THEN 2 WHEN {stars} < 10 THEN 3 "
        f"WHEN {stars} < 40 THEN 4 ELSE 5 END"
    )
    start = f"{FIRST_SLOT_UTC_MINUTES} + (v.rn % {SLOTS}) * {SLOT_MINUTES} + (v.hk / 100) % 6"
    check_in = f"{start} + (v.hk / 1000) % 5"
    minutes = f"{low} + (v.hk / 10000) % ({span})"

    def near(column: str, divisor: int) -> str:
        # In floating point (the column rounds it to its 7 places): numeric arithmetic costs more.
        return f"v.{column} + ((v.h2 / {divisor}) % {2 * NEAR + 1} - {NEAR}) * 0.00001"

    done = f"CASE WHEN {cancelled} THEN NULL ELSE"
    return _temp(
        STAGING,
        f"SELECT {first_id} + ROW_NUMBER() OVER (ORDER BY v.provider_id, v.day, v.person_id) - 1 AS id, "
        f"v.person_id, v.provider_id, g.caregiver_id, v.region_code, v.kind, v.day, v.rn % {SLOTS} AS slot, "
        f"{_at('v.day', start)} AS scheduled_at, v.period, "
        f"CASE WHEN {cancelled} THEN 'cancelled' ELSE 'done' END AS status, "
        f"{done} {_at('v.day', check_in)} END AS checked_in_at, "
        f"{done} {near('lng', 7)} END AS check_in_lng, {done} {near('lat', 449)} END AS check_in_lat, "
        f"{done} {_at('v.day', f'{check_in} + {minutes}')} END AS checked_out_at, "
        f"{done} {near('lng', 27_000)} END AS check_out_lng, {done} {near('lat', 1_700_000)} END AS check_out_lat, "
        f"{done} {minutes} END AS minutes, {price} AS price, {payer} AS payer, v.card_id, {rating} AS rating, "
        f"{_at('v.day', f'{start} - 1440 - (v.hk / 100000) % 600')} AS created_at "
        f"FROM ({visits}) v LEFT JOIN {CARERS} g ON g.provider_id = v.provider_id AND g.rank = v.rn / {SLOTS}",
    )


def _pick(sql: str, params: list[Any] | None = None) -> tuple[Any, ...] | None:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()


def month_plant(*, rules: set[str]) -> dict[str, list[int]]:
    """Break each of ``rules`` once in the month's staged orders (see the module's docstring):
    returns the rule's order ids (caregiver_overlap: the pair; duplicate_order: the copy, then the
    first), for the rules it found an order to break."""
    free = (
        f"s.status = 'done' AND s.payer <> 'love_card' AND s.caregiver_id IS NOT NULL "
        f"AND s.id NOT IN (SELECT order_id FROM {PLANTED}) AND s.id NOT IN (SELECT other_id FROM {PLANTED})"
    )
    out: dict[str, list[int]] = {}

    def mark(rule: str, order_id: int, other_id: int) -> None:
        _exec(
            f"INSERT INTO {PLANTED} (order_id, rule, other_id) VALUES (%s, %s, %s)",
            [order_id, rule, other_id],
        )
        out[rule] = [order_id] if other_id == order_id else [order_id, other_id]

    def first(residue: int) -> str:
        """The first free order whose id is ``residue`` modulo 97 (spread over the month), else the first."""
        return f"SELECT s.id FROM {STAGING} s WHERE {free} ORDER BY CASE WHEN s.id % 97 = {residue} THEN 0 ELSE 1 END, s.id"

    def last(order_id: int, minutes: str) -> None:
        """The visit lasts ``minutes`` (SQL) from its check-in."""
        _exec(
            f"UPDATE {STAGING} SET minutes = {minutes}, checked_out_at = {_plus('checked_in_at', minutes)} "
            f"WHERE id = %s",
            [order_id],
        )

    if "short_visit" in rules and (row := _pick(first(1))):
        last(row[0], _case({k: v - 1 for k, v in RULE_MINIMUM.items()}, "kind"))
        mark("short_visit", row[0], row[0])
    if "far_check_in" in rules and (row := _pick(first(2))):
        _exec(f"UPDATE {STAGING} SET check_in_lat = check_in_lat + {FAR_DEGREES} WHERE id = %s", [row[0]])
        mark("far_check_in", row[0], row[0])
    # A visit run on into the caregiver's next one: both orders are found, each naming the other.
    if "caregiver_overlap" in rules and (
        row := _pick(
            f"SELECT s.id, n.id FROM {STAGING} s JOIN {STAGING} n ON n.caregiver_id = s.caregiver_id "
            f"AND n.day = s.day AND n.slot = s.slot + 1 AND n.status = 'done' "
            f"AND n.id NOT IN (SELECT order_id FROM {PLANTED}) AND n.id NOT IN (SELECT other_id FROM {PLANTED}) "
            f"WHERE {free} ORDER BY s.id"
        )
    ):
        last(row[0], str(SLOT_MINUTES + 15))
        mark("caregiver_overlap", row[0], row[1])
    # The same elder, kind and time booked again: a copy never assigned or served.
    if "duplicate_order" in rules and (row := _pick(first(5))):
        copy = int(_one(f"SELECT MAX(id) FROM {STAGING}")) + 1
        _exec(
            f"INSERT INTO {STAGING} (id, person_id, provider_id, caregiver_id, region_code, kind, day, slot, "
            f"scheduled_at, period, status, checked_in_at, check_in_lng, check_in_lat, checked_out_at, check_out_lng, "
            f"check_out_lat, minutes, price, payer, card_id, rating, created_at) "
            f"SELECT %s, person_id, provider_id, NULL, region_code, kind, day, slot, scheduled_at, period, 'scheduled', "
            f"NULL, NULL, NULL, NULL, NULL, NULL, NULL, price, 'subsidy', NULL, NULL, {_plus('created_at', '60')} "
            f"FROM {STAGING} WHERE id = %s",
            [copy, row[0]],
        )
        mark("duplicate_order", copy, row[0])
    return out


def after_death_plant(*, first_id: int) -> list[int]:
    """Orders booked, served and paid by the subsidy in ``AFTER_DEATH_MONTH`` for up to
    ``len(PLANT_MONTHS)`` elders who had died before it (the demo registry's deaths are all later
    than the year of orders, so these few are the only orders outside it). The elder's centre is
    the first of their township (else the city's first), the caregiver its first uncertified one,
    who has no other order that month; dead persons have no household, so no check-in distance is
    judged."""
    month = AFTER_DEATH_MONTH
    dead = list(
        Person.objects.filter(death_date__lt=month, birth_date__lte=dt.date(YEAR - 60, 1, 1))
        .order_by("id")
        .values_list("id", "region_code")[: len(PLANT_MONTHS)]
    )
    centres = list(
        Facility.objects.filter(kind=Kind.COMMUNITY_CARE_CENTRE, status=Facility.Status.OPEN)
        .order_by("id")
        .values_list("id", "region_code", "lng", "lat")
    )
    orders = []
    for n, (person_id, region_code) in enumerate(dead):
        centre = next((c for c in centres if c[1][:9] == region_code[:9]), centres[0])
        caregiver = (
            Caregiver.objects.filter(employer_id=centre[0], level="", left_on=None).order_by("id").first()
        )
        scheduled = dt.datetime.combine(month + dt.timedelta(days=n), dt.time(1, 0), tzinfo=dt.UTC)
        orders.append(
            ServiceOrder(
                id=first_id + n,
                person_id=person_id,
                provider_id=centre[0],
                caregiver=caregiver,
                region_code=centre[1],
                kind=ServiceOrder.Kind.CLEANING,
                scheduled_at=scheduled,
                period=month,
                status=ServiceOrder.Status.DONE,
                checked_in_at=scheduled,
                check_in_lng=centre[2],
                check_in_lat=centre[3],
                checked_out_at=scheduled + dt.timedelta(minutes=45),
                check_out_lng=centre[2],
                check_out_lat=centre[3],
                minutes=45,
                price=Decimal(KINDS["cleaning"][3]),
                payer=ServiceOrder.Payer.SUBSIDY,
                rating=None,
                created_at=scheduled - dt.timedelta(days=1),
            )
        )
    ServiceOrder.objects.bulk_create(orders)
    return [o.id for o in orders]


def month_write(*, city: Region) -> dict[str, int]:
    """Post the month's love-card debits, then write the staged orders with their entries: an
    order the card could not pay is paid by the elder."""
    entry, order = _q(LoveCardEntry), _q(ServiceOrder)
    before = int(_one(f"SELECT COALESCE(MAX(id), 0) FROM {entry}"))
    asked = _temp(
        DEBITS,
        f"SELECT id AS source_id, card_id, price AS amount, period FROM {STAGING} "
        f"WHERE payer = 'love_card' AND status = 'done'",
    )
    posted = love_card_entries_post(
        region=city,
        table=DEBITS,
        kind=LoveCardEntry.Kind.HOME_SERVICE,
        source_type=SOURCE_TYPE,
        key_prefix=KEY_PREFIX,
    )
    _temp(
        DEBITS,
        f"SELECT source_id, id AS entry_id FROM {entry} WHERE id > %s AND source_type = %s",
        [before, SOURCE_TYPE],
    )
    _exec(f"CREATE INDEX {DEBITS}_source ON {DEBITS} (source_id)")
    written = _exec(
        f"INSERT INTO {order} ({COLUMNS}) SELECT s.id, s.person_id, s.provider_id, s.caregiver_id, s.region_code, "
        f"s.kind, s.scheduled_at, s.period, s.status, s.checked_in_at, s.check_in_lng, s.check_in_lat, "
        f"s.checked_out_at, s.check_out_lng, s.check_out_lat, s.minutes, s.price, "
        f"CASE WHEN d.entry_id IS NOT NULL THEN 'love_card' WHEN s.payer = 'love_card' THEN 'self' ELSE s.payer END, "
        f"d.entry_id, s.rating, s.created_at FROM {STAGING} s LEFT JOIN {DEBITS} d ON d.source_id = s.id"
    )
    if written != int(_one(f"SELECT COUNT(*) FROM {STAGING}")):
        raise RuntimeError("demo home services: staged and written orders differ")
    return {
        "orders": written,
        "love_card_debits": posted.posted,
        "card_short_paid_by_self": asked - posted.posted,
    }


def demo_home_services_build(
    *,
    scale: float,
    seed: int,
    rebuild_indexes: bool | None = None,
    say: Callable[[str], None] = lambda text: None,
) -> dict[str, Any]:
    """A year of home-service orders for the demo city (see the module's docstring). ``scale`` is
    the demo's: the centres, people and cards it reads were built at it, so the orders follow.
    ``rebuild_indexes`` None decides by the load's size. Does nothing (returns {}) when already
    done or when there is no open community care centre."""
    if part_built(BUILT_ACTION):
        return {}
    if not Facility.objects.filter(kind=Kind.COMMUNITY_CARE_CENTRE, status=Facility.Status.OPEN).exists():
        return {}
    started = time.perf_counter()
    city = Region.objects.get(code=CITY_CODE)
    counts: dict[str, Any] = {"orders": 0, "love_card_debits": 0, "card_short_paid_by_self": 0}
    planted: dict[str, list[list[int]]] = {rule: [] for rule in RULES}
    saved = _pragmas(SQLITE_LOAD_PRAGMAS)
    try:
        with transaction.atomic():
            if _pg():
                _exec("SET LOCAL synchronous_commit TO OFF")
                _exec("SET LOCAL maintenance_work_mem TO '256MB'")
                # A month's numbering sorts some 570,000 rows: in memory, not spilled to disk.
                _exec("SET LOCAL work_mem TO '256MB'")
            centres_choose()
            counts["clients"] = clients_choose(seed=seed)
            counts |= caregivers_hire(seed=seed, scale=scale)
            days_fill(year=YEAR)
            counts["home_bed_visits"] = bed_visits_choose()
            counts["home_bed_caregivers_hired"] = bed_carers_hire(seed=seed)
            counts["plan_seconds"] = round(time.perf_counter() - started, 1)
            _exec(f"DROP TABLE IF EXISTS {PLANTED}")
            _exec(
                f"CREATE TEMPORARY TABLE {PLANTED} (order_id BIGINT NOT NULL, rule VARCHAR(20) NOT NULL, "
                f"other_id BIGINT NOT NULL)"
            )
            existing = ServiceOrder.objects.count()
            expected = counts["clients"] * 130  # 2.5 visits a week
            rebuild = (
                (expected >= REBUILD_MIN_ROWS and expected > existing)
                if rebuild_indexes is None
                else rebuild_indexes
            )
            put_back = indexes_drop(ServiceOrder) if rebuild else []
            next_id = int(_one(f"SELECT COALESCE(MAX(id), 0) FROM {_q(ServiceOrder)}")) + 1
            month = dt.date(YEAR, 1, 1)
            while month.year == YEAR:
                staged = month_stage(seed=seed, month=month, first_id=next_id)
                bed_month_stage(seed=seed, month=month, first_id=next_id + staged)
                # A plant month with no order to break (a centre not open yet) passes its defects on.
                due = sum(m <= month.month for m in PLANT_MONTHS)
                if owed := {rule for rule in RULES if rule != "after_death" and len(planted[rule]) < due}:
                    for rule, ids in month_plant(rules=owed).items():
                        planted[rule].append(ids)
                for key, value in month_write(city=city).items():
                    counts[key] += value
                next_id = int(_one(f"SELECT COALESCE(MAX(id), {next_id - 1}) FROM {STAGING}")) + 1
                month = month_add(month, 1)
            planted["after_death"] = [[pk] for pk in after_death_plant(first_id=next_id)]
            counts["orders"] += len(planted["after_death"])
            index_started = time.perf_counter()
            counts["months_seconds"] = round(index_started - started - counts["plan_seconds"], 1)
            with connection.cursor() as cursor:
                for sql in put_back:
                    cursor.execute(sql)
                if _pg():
                    for sql in connection.ops.sequence_reset_sql(no_style(), [ServiceOrder]):
                        cursor.execute(sql)
                for table in (
                    STAGING,
                    DEBITS,
                    PLANTED,
                    CARERS,
                    NEEDS,
                    CLIENTS,
                    CENTRES,
                    DAYS,
                    BED_VISITS,
                    BED_CARERS,
                ):
                    cursor.execute(f"DROP TABLE IF EXISTS {table}")
            counts["index_seconds"] = round(time.perf_counter() - index_started, 1)
            tables_analyze(ServiceOrder, Caregiver, LoveCard, LoveCardEntry)
            counts |= {
                "planted": planted,
                # the findings supervision makes of them: both orders of an overlap, one of the others
                "planted_findings": sum(
                    len(ids) if rule == "caregiver_overlap" else 1
                    for rule, group in planted.items()
                    for ids in group
                ),
                "seconds": round(time.perf_counter() - started, 1),
            }
            part_mark(
                action=BUILT_ACTION,
                seed=seed,
                scale=scale,
                counts={"year": YEAR, **counts},
                text="湖州市演示居家养老服务",
            )
    finally:
        _pragmas(saved)
    say(
        f"  居家养老服务 {YEAR}年 {counts['orders']:,} 单（{counts['clients']:,} 位老人，"
        f"护理员 {counts['caregivers_hired']:,} 名未持证），爱心卡扣款 {counts['love_card_debits']:,} 笔，"
        f"埋设违规 {counts['planted_findings']} 条，用时 {counts['seconds']} 秒"
    )
    return counts
