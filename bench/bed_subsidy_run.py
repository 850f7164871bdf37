"""Benchmark: a month's bed subsidy run (床位运营补贴) for the city, on SQLite and on PostgreSQL.

Each backend runs in a child process on a throw-away database (SQLite under a temporary
directory; on PostgreSQL a database of its own, created and dropped here, never ``test``). The
child registers ``--homes`` care homes (default 83, Huzhou's homes with 一床一码, over the city's
townships) with ``--beds`` beds between them (default 12,000), and puts residents aged 60–99 in
``--occupancy`` of the beds (default 0.6) for June 2024: most all month, every 10th checked in
during the month, every 15th checked out during it, every 40th dead in it. Every resident but
every 25th has an ability assessment (all five levels), two for every 8th (the later one counts).
The example rates the migration seeds (1–8 元 per bed-day) apply. Then it times:

- ``bed_subsidy_run_start`` for June 2024 over the city (``3305``): the run, one INSERT … SELECT
  of its lines (each stay's bed-days in the month, its resident's level as of the month's end,
  the rate), its totals and its audit entry;
- the same start again, which must add no line;
- the approval (maker ≠ checker);

and checks that the run's total is the sum of its lines and of bed-days × rate computed in Python
from the stays. The timings include the database's work: the run is one statement.

    python -m bench.bed_subsidy_run [--homes 83] [--beds 12000] [--occupancy 0.6] [--backends sqlite,postgresql] [--keep]
    PG: BENCH_PG_URL=postgres://postgres@127.0.0.1:5432  (the server; the database name is ours)
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

from bench._util import child_env, child_setup, peak_mib, run_child, run_on_backends, staff, timed

PG_DATABASE = "minzheng_bench_bed_subsidy_run"
JUNE, JULY = dt.date(2024, 6, 1), dt.date(2024, 7, 1)
LEVEL_TOTALS = (90, 70, 50, 40, 20)  # one total per ability level, intact to full loss (GB/T 42195)


def _homes(count: int) -> list[Any]:
    from minzheng.core.models import Region
    from minzheng.facilities.sites.models import Facility

    townships = list(Region.objects.filter(level="township").order_by("code").values_list("code", flat=True))
    return Facility.objects.bulk_create(
        [
            Facility(
                name=f"第{n + 1}养老院",
                kind=Facility.Kind.CARE_HOME,
                region_code=f"{townships[n % len(townships)][:9]}001",
                address_text=f"养老路{n + 1}号",
                opened_on=dt.date(2010, 1, 1),
                capacity=0,
                tags=[],
            )
            for n in range(count)
        ]
    )


def _beds(homes: list[Any], total: int) -> list[Any]:
    from minzheng.eldercare.beds.models import Bed
    from minzheng.eldercare.beds.services import new_code

    rows = []
    for n in range(total):
        home = homes[n % len(homes)]
        rows.append(
            Bed(
                facility=home,
                region_code=home.region_code,
                room=f"{n // len(homes) // 2 + 101}",
                number=str(n // len(homes) % 2 + 1),
                kind="nursing" if n % 3 else "ordinary",
                code=new_code(),
            )
        )
    return Bed.objects.bulk_create(rows, batch_size=2000)


def _scores(total: int) -> list[int]:
    """26 allowed scores adding up to ``total``, each item as high as it goes, from the first."""
    from minzheng.eldercare.assessment.scoring import ITEMS

    left, out = total, []
    for item in ITEMS:
        take = min(item.max, left)
        out.append(take)
        left -= take
    return out


def _residents(beds: list[Any], occupancy: float, assessor: Any) -> int:
    """People in ``occupancy`` of the beds for June, with their stays and assessments."""
    from minzheng.eldercare.assessment.models import Assessment
    from minzheng.eldercare.assessment.scoring import INDICATORS, ITEMS, score
    from minzheng.eldercare.beds.models import Occupancy
    from minzheng.people.models import Person

    taken = [bed for n, bed in enumerate(beds) if (n * 7919) % 1000 < occupancy * 1000]
    people = Person.objects.bulk_create(
        [
            Person(
                name=f"住养老人{n}",
                gender="F" if n % 2 else "M",
                birth_date=dt.date(1925 + n % 39, n % 12 + 1, 1),
                region_code=bed.region_code,
                id_number_cipher="bench",
                id_number_digest=f"{n:064d}",
                id_number_masked="33**",
                **(
                    {"status": Person.Status.DECEASED, "death_date": dt.date(2024, 6, 20)}
                    if n % 40 == 39
                    else {}
                ),
            )
            for n, bed in enumerate(taken)
        ],
        batch_size=2000,
    )
    stays = []
    for n, (bed, person) in enumerate(zip(taken, people, strict=True)):
        since = dt.date(2024, 6, 1 + n % 28) if n % 10 == 3 else dt.date(2020 + n % 4, 3, 1)
        until = dt.date(2024, 6, 10 + n % 15) if n % 15 == 7 else None
        stays.append(
            Occupancy(
                bed=bed,
                facility_id=bed.facility_id,
                person=person,
                region_code=bed.region_code,
                checked_in_on=since,
                checked_out_on=until,
                check_out_reason="discharged" if until else "",
            )
        )
    Occupancy.objects.bulk_create(stays, batch_size=2000)
    results = {total: score(_scores(total)) for total in LEVEL_TOTALS}
    rows = []
    for n, person in enumerate(people):
        if n % 25 == 24:
            continue  # never assessed: no level, no line
        dates = [dt.date(2023, 5, 10)] + ([dt.date(2024, 5, 20)] if n % 8 == 0 else [])
        for k, on in enumerate(dates):
            total = LEVEL_TOTALS[(n + k) % len(LEVEL_TOTALS)]
            result = results[total]
            rows.append(
                Assessment(
                    person=person,
                    region_code=person.region_code,
                    **dict(zip((i.key for i in ITEMS), _scores(total), strict=True)),
                    **dict(zip((i.key for i in INDICATORS), result.subtotals, strict=True)),
                    total=result.total,
                    preliminary_level=result.preliminary_level,
                    level=result.level,
                    reason="first" if k == 0 else "routine",
                    assessor=assessor,
                    assessed_on=on,
                )
            )
    Assessment.objects.bulk_create(rows, batch_size=2000)
    return len(people)


def _expected(run: Any) -> tuple[int, Decimal]:
    """Bed-days × rate over the run's lines, recomputed in Python from the stays they name."""
    from minzheng.eldercare.beds.models import BedSubsidyLine

    days = 0
    total = Decimal("0.00")
    for line in (
        BedSubsidyLine.objects.filter(run=run).select_related("occupancy", "person").iterator(chunk_size=5000)
    ):
        stay, person = line.occupancy, line.person
        start = max(stay.checked_in_on, JUNE)
        end = min(stay.checked_out_on or JULY, JULY, person.death_date or JULY)
        assert (end - start).days == line.days, (line.pk, line.days)
        days += line.days
        total += line.days * line.rate
    return days, total


def child(homes: int, beds: int, occupancy: float) -> dict[str, object]:
    child_setup()
    from django.db import connection

    from minzheng.core.db import tables_analyze
    from minzheng.core.models import Region
    from minzheng.core.roles import Role
    from minzheng.eldercare.assessment.models import Assessment
    from minzheng.eldercare.beds.models import Bed, BedSubsidyLine, Occupancy
    from minzheng.eldercare.beds.services import bed_subsidy_run_approve, bed_subsidy_run_start
    from minzheng.people.models import Person

    city = Region.objects.get(code="330500000000")
    maker = staff(username="bench_maker", role=Role.CITY_ADMIN, region=city)
    checker = staff(username="bench_checker", role=Role.CITY_ADMIN, region=city)

    def load() -> int:
        made = _beds(_homes(homes), beds)
        residents = _residents(made, occupancy, maker)
        tables_analyze(Bed, Occupancy, Person, Assessment)
        return residents

    residents, load_s, _ = timed(load)
    out: dict[str, object] = {
        "vendor": connection.vendor,
        "homes": homes,
        "beds": beds,
        "residents": residents,
        "load_s": load_s,
    }
    run, wall, cpu = timed(lambda: bed_subsidy_run_start(actor=maker, period=JUNE, region_prefix="3305"))
    out["run"] = {
        "wall": wall,
        "cpu": cpu,
        "lines": run.line_count,
        "homes": run.home_count,
        "days": run.bed_days,
        "total": str(run.total_amount),
    }
    again, wall, cpu = timed(lambda: bed_subsidy_run_start(actor=maker, period=JUNE, region_prefix="3305"))
    added = BedSubsidyLine.objects.filter(run=run).count() - run.line_count
    out["again"] = {"wall": wall, "cpu": cpu, "added": added, "lines": again.line_count}
    assert added == 0 and again.total_amount == run.total_amount
    approved, wall, cpu = timed(lambda: bed_subsidy_run_approve(actor=checker, run=run))
    out["approve"] = {"wall": wall, "cpu": cpu, "status": approved.status}
    days, total = _expected(run)
    assert (days, total) == (run.bed_days, run.total_amount), (days, total, run.bed_days, run.total_amount)
    out["checked"] = {"days": days, "total": str(total)}
    out["peak_mib"] = peak_mib()
    return out


def report(result: dict[str, Any]) -> None:
    run, again, approve = result["run"], result["again"], result["approve"]
    print(
        f"bed subsidy run on {result['vendor']}: {result['homes']} care homes, {result['beds']:,} beds, "
        f"{result['residents']:,} residents with stays and assessments, loaded in {result['load_s']:.1f} s"
    )
    print(f"{'step':<56}{'wall s':>8}{'cpu s':>8}{'lines':>9}{'lines/s':>10}")
    print(
        f"{'start June 2024 for the city (one INSERT … SELECT)':<56}{run['wall']:>8.2f}{run['cpu']:>8.2f}"
        f"{run['lines']:>9,}{run['lines'] / run['wall']:>10,.0f}"
    )
    print(
        f"{'the same start again (must add 0)':<56}{again['wall']:>8.2f}{again['cpu']:>8.2f}{again['added']:>9,}"
    )
    print(f"{'approve (maker ≠ checker)':<56}{approve['wall']:>8.2f}{approve['cpu']:>8.2f}")
    print(
        f"run: {run['homes']} homes, {run['days']:,} bed-days, {Decimal(run['total']):,.2f} 元 = the sum of its "
        f"lines = bed-days × rate recomputed from the stays ({Decimal(result['checked']['total']):,.2f} 元)"
    )
    print(f"peak memory (max RSS): {result['peak_mib']:.0f} MiB")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        prog="python -m bench.bed_subsidy_run", description=__doc__.splitlines()[0]
    )
    parser.add_argument("--homes", type=int, default=83)
    parser.add_argument("--beds", type=int, default=12_000)
    parser.add_argument("--occupancy", type=float, default=0.6, help="share of beds occupied (0–1)")
    parser.add_argument("--backends", default="sqlite,postgresql")
    parser.add_argument("--keep", action="store_true", help="keep the temporary databases")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv if argv is not None else [])
    if not 0 < args.occupancy <= 1 or args.homes < 1 or args.beds < args.homes:
        parser.error("--occupancy must be in (0, 1], --homes at least 1, --beds at least --homes")
    if args.child:
        print(json.dumps(child(args.homes, args.beds, args.occupancy)))
        return
    print(f"(Load average now: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores.)", flush=True)

    def run(database_url: str, work: Path) -> None:
        report(
            run_child(
                module="bench.bed_subsidy_run",
                args=[
                    "--homes",
                    str(args.homes),
                    "--beds",
                    str(args.beds),
                    "--occupancy",
                    str(args.occupancy),
                ],
                env=child_env(database_url=database_url, var_dir=work),
            )
        )

    run_on_backends(
        backends=args.backends,
        label="bed_subsidy_run",
        work_prefix="minzheng-bench-bed-subsidy-",
        keep=args.keep,
        run=run,
        pg_database=PG_DATABASE,
    )


if __name__ == "__main__":
    main(sys.argv[1:])
