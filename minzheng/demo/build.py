"""Building the demo city: plan, villages, standard addresses, then people in bulk, each
household at a dwelling of its village (``homes.py``), one audit entry.

``demo_build`` is idempotent for a given (seed, scale). Each township's first head of household
is a probe: its ID number depends only on (seed, scale, township), so the blind index of that
ID number says whether the township was already built, without generating it. Townships that
are there are skipped; townships that are missing are built (a top-up, e.g. after a township is
added to the division list). A township that holds people *other* than this (seed, scale)'s
stops the build with a message that suggests ``--reset``: mixing two synthetic populations would
give neither the promised pyramid nor the promised household structure.
"""

from __future__ import annotations

import collections
import dataclasses
import datetime as dt
import multiprocessing
import os
import resource
import sys
import time
from dataclasses import dataclass, field
from typing import Any

from django.db import DatabaseError, IntegrityError, connection, connections, transaction
from django.utils import timezone
from tqdm import tqdm

from minzheng.core import pii
from minzheng.core.audit import audit_record
from minzheng.core.models import AuditEntry, Region, User
from minzheng.core.regions import Level
from minzheng.core.scope import Scope
from minzheng.core.services import regions_load_divisions
from minzheng.core.synthetic.regions import Township, township_weights, villages_at_scale
from minzheng.demo import messages
from minzheng.demo.batch import TownshipRows, TownshipTask, build_township
from minzheng.demo.homes import HomeCounts, township_homes
from minzheng.demo.people import (
    AS_OF,
    CITY_RESIDENTS,
    DECEASED_SHARE,
    TownshipPlan,
    first_people,
    mean_household_size,
    plan_township,
    sequence_slices,
)
from minzheng.demo.places import demo_addresses_build
from minzheng.demo.writer import REBUILD_MIN_ROWS, BulkWriter
from minzheng.people.models import Household, Membership, Person
from minzheng.places.models import HouseholdAddress, PersonAddress

CITY_CODE = "330500000000"
BUILT_ACTION = "demo.city.built"
RESET_ACTION = "demo.city.reset"
# Below this many persons the work is too small to be worth starting processes for.
PARALLEL_MIN_PERSONS = 50_000


class DemoError(Exception):
    """A reason, in Chinese, why the demo cannot be built as asked."""


@dataclass
class BuildReport:
    seed: int
    scale: float
    vendor: str
    villages: int = 0
    villages_created: int = 0
    townships_built: int = 0
    townships_skipped: int = 0
    persons: int = 0
    households: int = 0
    memberships: int = 0
    workers: int = 1
    rebuilt_indexes: bool = False
    homes: HomeCounts = field(default_factory=HomeCounts)
    places: dict[str, int] = field(default_factory=dict)  # what build_places wrote
    seconds: dict[str, float] = field(default_factory=dict)

    @property
    def rows(self) -> int:
        return (self.persons + self.households + self.memberships + self.homes.households_linked
                + self.homes.persons_linked)

    @property
    def link_rate(self) -> float:
        """Share of the households built that are linked to their standard address."""
        return self.homes.households_linked / self.households if self.households else 0.0

    def as_dict(self) -> dict[str, Any]:
        own, workers = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
        return {
            "seed": self.seed, "scale": self.scale, "vendor": self.vendor, "villages": self.villages,
            "villages_created": self.villages_created, "townships_built": self.townships_built,
            "townships_skipped": self.townships_skipped, "persons": self.persons, "households": self.households,
            "memberships": self.memberships, "rows": self.rows, "workers": self.workers,
            "rebuilt_indexes": self.rebuilt_indexes, "seconds": self.seconds,
            **self.homes.__dict__, "link_rate": round(self.link_rate, 6), "places": self.places,
            "maxrss_self_kib": own.ru_maxrss,
            "maxrss_workers_kib": workers.ru_maxrss,
            # CPU time says what the build costs whatever else the machine is doing.
            "cpu_self_seconds": round(own.ru_utime + own.ru_stime, 1),
            "cpu_workers_seconds": round(workers.ru_utime + workers.ru_stime, 1),
        }


def validate_scale(scale: float) -> None:
    if not 0 < scale <= 1.0:
        raise DemoError(messages.SCALE_OUT_OF_RANGE.format(scale=scale))


def _as_of() -> dt.date:
    return min(AS_OF, timezone.localdate())


def townships() -> list[Township]:
    rows = list(Region.objects.filter(level=Level.TOWNSHIP, code__startswith="3305").order_by("code"))
    weights = township_weights([(r.code, r.kind, r.code[:6]) for r in rows])
    return [Township(r.code, r.name, r.kind, r.code[:6], r.full_name, weights[r.code]) for r in rows]


def _split(total: int, weights: dict[str, float]) -> dict[str, int]:
    """``total`` split by weight, rounding by largest remainder so the parts add up exactly."""
    raw = {k: total * w / sum(weights.values()) for k, w in weights.items()}
    out = {k: int(v) for k, v in raw.items()}
    for k in sorted(raw, key=lambda k: (out[k] - raw[k], k))[: total - sum(out.values())]:
        out[k] += 1
    return out


def plan_city(*, seed: int, scale: float, towns: list[Township]) -> list[TownshipPlan]:
    """Households per township and their compositions. Deterministic for (seed, scale)."""
    urban = sum(t.weight for t in towns if t.kind == "街道") / (sum(t.weight for t in towns) or 1)
    households = round(CITY_RESIDENTS * scale * (1 - DECEASED_SHARE) / mean_household_size(urban))
    per_township = _split(households, {t.code: t.weight for t in towns})
    return [
        plan_township(seed=seed, scale=scale, township=t, villages=villages_at_scale(t.code, t.kind, scale),
                      households=per_township[t.code])
        for t in towns
    ]


def villages_upsert(plans: list[TownshipPlan]) -> tuple[int, int]:
    """Create or rename the plan's villages and communities. Returns (total, newly created)."""
    wanted = {v.code: (v, p.township) for p in plans for v in p.villages}
    existing = set(Region.objects.filter(code__in=list(wanted)).values_list("code", flat=True))
    Region.objects.bulk_create(
        [
            Region(code=code, name=v.name, level=Level.VILLAGE, kind=v.kind, parent_id=t.code,
                   full_name=t.full_name + v.name)
            for code, (v, t) in wanted.items()
        ],
        update_conflicts=True,
        unique_fields=["code"],
        update_fields=["name", "level", "kind", "parent", "full_name"],
        batch_size=500,
    )
    return len(wanted), len(wanted) - len(existing)


def _unused_villages_delete(plans: list[TownshipPlan]) -> None:
    """After a reset: villages a previous, larger demo made that this one does not use, unless
    something (a member of staff) still points at them."""
    keep = {v.code for p in plans for v in p.villages}
    stale = (Region.objects.filter(level=Level.VILLAGE, code__startswith="3305").exclude(code__in=keep)
             .exclude(pk__in=User.objects.filter(region__isnull=False).values("region_id")))
    try:
        with transaction.atomic():
            stale.delete()
    except IntegrityError:
        pass  # another app's records use them: harmless to keep


def demo_reset() -> dict[str, int]:
    """Delete every person, household and membership, and their links to standard addresses
    (the demo database is all demo). Refuses, with the reason, if other records still refer to
    them. The addresses stay: they do not depend on the seed's people."""
    tables = [PersonAddress._meta.db_table, HouseholdAddress._meta.db_table, Membership._meta.db_table,
              Household._meta.db_table, Person._meta.db_table]
    counts = {
        "persons": Person.objects.count(),
        "households": Household.objects.count(),
        "memberships": Membership.objects.count(),
    }
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            truncated = False
            if connection.vendor == "postgresql":
                # TRUNCATE is instant, but refuses (without CASCADE, which we never want) whenever
                # another table has a foreign key to these, even an empty one; DELETE then checks
                # row by row and refuses only if a real record still points at a person.
                try:
                    with transaction.atomic():
                        cursor.execute(f"TRUNCATE {', '.join(tables)}")
                    truncated = True
                except DatabaseError:
                    pass
            if not truncated:
                for table in tables:
                    cursor.execute(f"DELETE FROM {table}")
            city = Region.objects.get(code=CITY_CODE)
            audit_record(actor=None, action=RESET_ACTION, obj=city, region_code=CITY_CODE, after=counts)
    except DatabaseError as exc:
        raise DemoError(messages.RESET_BLOCKED.format(error=str(exc).strip().splitlines()[0])) from exc
    return counts


def _probes(plans: list[TownshipPlan], *, seed: int, scale: float,
            slices: dict[str, dict[str, tuple[int, int]]], as_of: dt.date) -> dict[str, set[tuple[str, str]]]:
    """Per township, the (blind index, name) of its first residents."""
    return {
        p.township.code: {
            (pii.digest("id_number", id_number), name)
            for id_number, name in first_people(seed=seed, scale=scale, plan=p, slices=slices[p.township.code],
                                                as_of=as_of)
        }
        for p in plans
    }


def _pending(plans: list[TownshipPlan], *, seed: int, scale: float,
             slices: dict[str, dict[str, tuple[int, int]]], as_of: dt.date) -> list[TownshipPlan]:
    """The townships still to build; raises DemoError if one holds somebody else's people."""
    probes = _probes(plans, seed=seed, scale=scale, slices=slices, as_of=as_of)
    digests = [digest for probe in probes.values() for digest, _ in probe]
    present = set(Person.objects.filter(id_number_digest__in=digests).values_list("id_number_digest", "name"))
    pending, foreign = [], []
    for plan in plans:
        if probes[plan.township.code] <= present:
            continue
        if Scope(plan.township.code[:9]).filter(Person.objects.all()).exists():
            foreign.append(plan.township)
        else:
            pending.append(plan)
    if foreign:
        last = AuditEntry.objects.filter(action=BUILT_ACTION).order_by("-at", "-id").first()
        last_args = (last.after.get("seed"), last.after.get("scale")) if last is not None and last.after else None
        names = "、".join(t.name for t in foreign[:3])
        if last_args == (seed, scale):
            raise DemoError(messages.CHANGED_GENERATOR.format(seed=seed, scale=scale, townships=names,
                                                              count=len(foreign)))
        last_text = messages.LAST_BUILD.format(seed=last_args[0], scale=last_args[1]) if last_args else ""
        raise DemoError(messages.OTHER_DEMO_PRESENT.format(townships=names, count=len(foreign), last=last_text,
                                                           seed=seed, scale=scale))
    return pending


def _next_ids() -> tuple[int, int, int]:
    with connection.cursor() as cursor:
        out = []
        for model in (Person, Household, Membership):
            cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {model._meta.db_table}")
            out.append(int(cursor.fetchone()[0]) + 1)
    return out[0], out[1], out[2]


def _tasks(pending: list[TownshipPlan], *, seed: int, scale: float, slices: dict[str, dict[str, tuple[int, int]]],
           as_of: dt.date, writer: BulkWriter) -> list[TownshipTask]:
    """The townships' tasks, without their dwellings yet (``_housed`` adds them one at a time)."""
    person, household, membership = _next_ids()
    tails = {key: layout.tail for key, layout in writer.layouts.items()}
    tasks = []
    for plan in pending:
        tasks.append(TownshipTask(plan=plan, seed=seed, scale=scale, slices=slices[plan.township.code],
                                  as_of=as_of, person_base=person, household_base=household,
                                  membership_base=membership, copy_text=writer.copy_text, tails=tails))
        person += plan.persons
        household += plan.households
        membership += plan.living
    return tasks


def default_workers(persons: int) -> int:
    if persons < PARALLEL_MIN_PERSONS:
        return 1
    return max(1, min(4, os.cpu_count() or 1))


def _housed(task: TownshipTask) -> TownshipTask:
    """The task with its township's dwellings, read just before it is handed out."""
    return dataclasses.replace(task, homes=township_homes(task.plan.township.code))


def _results(tasks: list[TownshipTask], pool: Any, workers: int) -> Any:
    """Township rows in order. With a pool, at most ``workers + 1`` townships are in flight, so
    generated rows (and the dwellings read for them) never pile up in memory when the database
    is the slower side."""
    if pool is None:
        for task in tasks:
            yield build_township(_housed(task))
        return
    queue: collections.deque[Any] = collections.deque()
    todo = iter(tasks)
    for task in todo:
        queue.append(pool.apply_async(build_township, (_housed(task),)))
        if len(queue) > workers:
            break
    while queue:
        rows = queue.popleft().get()
        nxt = next(todo, None)
        if nxt is not None:
            queue.append(pool.apply_async(build_township, (_housed(nxt),)))
        yield rows


def demo_build(
    *,
    seed: int = 1,
    scale: float = 0.01,
    reset: bool = False,
    workers: int | None = None,
    rebuild_indexes: bool | None = None,
    progress: bool = True,
    log: Any = None,
) -> BuildReport:
    """Build (or top up) the synthetic Huzhou for (seed, scale): villages, their standard
    addresses, then the people, every household at a dwelling of its village and linked to it
    (but the planted few, see homes.py). Running it again with the same arguments changes
    nothing. ``rebuild_indexes=None`` decides by size (see writer.py)."""
    validate_scale(scale)
    say = log or (lambda text: None)
    report = BuildReport(seed=seed, scale=scale, vendor=connection.vendor)
    clock = time.perf_counter()
    regions_load_divisions()
    towns = townships()
    as_of = _as_of()
    plans = plan_city(seed=seed, scale=scale, towns=towns)
    slices = sequence_slices(towns)
    report.seconds["plan"] = round(time.perf_counter() - clock, 2)

    if reset:
        counts = demo_reset()
        say(f"已清空：人员 {counts['persons']:,}，家庭户 {counts['households']:,}，家庭成员 {counts['memberships']:,}")
        _unused_villages_delete(plans)
    report.villages, report.villages_created = villages_upsert(plans)
    places_start = time.perf_counter()
    report.places = demo_addresses_build(seed=seed, scale=scale, villages=[v for p in plans for v in p.villages],
                                         progress=progress)
    report.seconds["addresses"] = round(time.perf_counter() - places_start, 2)
    pending = _pending(plans, seed=seed, scale=scale, slices=slices, as_of=as_of)
    report.townships_skipped = len(plans) - len(pending)
    if not pending:
        report.seconds["total"] = round(time.perf_counter() - clock, 2)
        return report

    persons = sum(p.persons for p in pending)
    if rebuild_indexes is None:
        rebuild_indexes = persons >= REBUILD_MIN_ROWS and persons >= Person.objects.count()
    report.rebuilt_indexes = rebuild_indexes
    workers = default_workers(persons) if workers is None else max(1, workers)
    # Worker processes are forked; they only generate and never touch the database. Forking
    # needs a clean slate: no open connection to share, no transaction to be inside, and not an
    # in-memory SQLite database, which closing the connection would destroy (tests use one).
    in_memory = connection.vendor == "sqlite" and connection.is_in_memory_db()
    if workers > 1 and (connection.in_atomic_block or in_memory):
        workers = 1
    report.workers = workers
    pool = None
    if workers > 1:
        connections.close_all()
        pool = multiprocessing.get_context("fork").Pool(workers)

    writer = BulkWriter.for_connection(connection, now=timezone.now())
    tasks = _tasks(pending, seed=seed, scale=scale, slices=slices, as_of=as_of, writer=writer)
    writer.session_begin()
    try:
        with transaction.atomic():
            writer.begin(rebuild_indexes=rebuild_indexes)
            load_start = time.perf_counter()
            bar = tqdm(total=persons, unit="人", unit_scale=True, desc="生成人口", file=sys.stderr,
                       disable=not progress, mininterval=0.5, smoothing=0.1)
            with bar:
                for rows in _results(tasks, pool, workers):
                    writer.write(rows)
                    _count(report, rows)
                    bar.update(rows.n_persons)
            report.seconds["load"] = round(time.perf_counter() - load_start, 2)
            index_start = time.perf_counter()
            if rebuild_indexes:
                say("正在重建索引和约束……")
            writer.finish()
            report.seconds["indexes"] = round(time.perf_counter() - index_start, 2)
            report.townships_built = len(pending)
            # One summary entry for the whole load, not one per row: millions of synthetic rows
            # written by no one are one event ("the demo city was built"), and per-row entries
            # would double the load time and bury real audit history under fake people.
            audit_record(
                actor=None,
                action=BUILT_ACTION,
                obj=Region.objects.get(code=CITY_CODE),
                region_code=CITY_CODE,
                after={
                    "seed": seed, "scale": scale, "townships": len(pending), "villages": report.villages,
                    "persons": report.persons, "households": report.households,
                    "memberships": report.memberships, "households_linked": report.homes.households_linked,
                    "persons_linked": report.homes.persons_linked,
                    "planted_unlinked": report.homes.planted_unlinked,
                    "planted_unknown": report.homes.planted_unknown,
                },
                object_repr="湖州市演示数据",
            )
    finally:
        if pool is not None:
            pool.terminate()
            pool.join()
        writer.session_end()
    report.seconds["total"] = round(time.perf_counter() - clock, 2)
    return report


def _count(report: BuildReport, rows: TownshipRows) -> None:
    report.persons += rows.n_persons
    report.households += rows.n_households
    report.memberships += rows.n_memberships
    report.homes.add(rows.homes)
