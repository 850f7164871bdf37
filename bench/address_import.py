"""Benchmark: import 200,000 standard addresses from a CSV file, on SQLite and on PostgreSQL.

Each backend runs in a child process on a throw-away database (SQLite under a temporary
directory; on PostgreSQL a database of its own, created and dropped here, never ``test``). The
child runs the real job path (``imports.address_import_run``: read, validate every row, create
the roads, write the addresses with COPY on PostgreSQL or executemany on SQLite), then the same
file again, which must change nothing. It prints rows per second, wall and CPU.

    python -m bench.address_import [--rows 200000] [--backends sqlite,postgresql] [--keep]
    python -m bench.address_import --demo-scale 1.0   # time places.addresses.demo.build_places instead
    PG: BENCH_PG_URL=postgres://postgres@127.0.0.1:5432  (the server; the database name is ours)

With ``--demo-scale`` it times the demo builder (``places.addresses.demo.build_places``) for every
village of the demo region layout at that scale (1.0 is about 2.17M addresses), then runs the
data-quality check over all five counties, and prints how many road and compound names repeat
(inside a township by kind, and roads across a county's 街道: only the planted legacy records
may) and the planted issues beside those the quality report found.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from bench._util import (
    child_env,
    child_setup,
    community,
    peak_mib,
    print_rates,
    run_child,
    run_on_backends,
    staff,
    timed,
)

HEADERS = ["区划代码", "街路巷/小区", "类别", "门牌号", "幢", "单元", "室", "经度", "纬度", "状态"]
TOWNSHIP = "330502003"  # 爱山街道
ROADS = ["红旗路", "人民路", "衣裳街", "南街"]
COMPOUNDS = ["碧浪花园", "凤凰家园", "仪凤新村"]
PG_DATABASE = "minzheng_bench_address_import"


def build_rows(count: int) -> list[list[str]]:
    """``count`` distinct addresses in villages of 爱山街道: doorplates on streets, rooms in
    compounds (gate 1号, buildings, 2 units, 2 rooms a floor)."""
    rows: list[list[str]] = []
    village = 0
    while len(rows) < count:
        village += 1
        code = f"{TOWNSHIP}{village:03d}"
        lng, lat = 120.08 + village * 0.001, 30.88 + village * 0.0005
        for road in ROADS:
            for number in range(1, 251):
                rows.append([code, road, "街路巷", str(number), "", "", "", f"{lng + number * 1e-5:.7f}",
                             f"{lat:.7f}", "使用中"])
        for compound in COMPOUNDS:
            rows.append([code, compound, "小区", "1", "", "", "", f"{lng:.7f}", f"{lat:.7f}", ""])
            for building in range(1, 26):
                for unit in (1, 2):
                    for floor in range(1, 31):
                        for k in (1, 2):
                            rows.append([code, compound, "小区", "1", str(building), str(unit),
                                         str(floor * 100 + k), f"{lng + building * 1e-5:.7f}",
                                         f"{lat + floor * 1e-6:.7f}", ""])
    return rows[:count]


def child(rows_wanted: int) -> dict[str, object]:
    """Runs inside the throw-away environment that ``main`` prepared."""
    child_setup()
    from django.db import connection

    from minzheng.core.models import ImportJob, Region
    from minzheng.core.roles import Role
    from minzheng.core.tabular import csv_chunks
    from minzheng.places.addresses import imports
    from minzheng.places.models import Address, Road

    rows = build_rows(rows_wanted)
    township = Region.objects.get(code=TOWNSHIP + "000")
    villages = sorted({row[0] for row in rows})
    Region.objects.bulk_create([community(code=code, township=township) for code in villages],
                               ignore_conflicts=True)
    actor = staff(username="bench_officer", role=Role.TOWNSHIP_OFFICER, region=township)
    data = b"".join(csv_chunks(headers=HEADERS, rows=rows))  # as Excel saves it: UTF-8 with a BOM
    total = len(rows)
    del rows  # the peak memory figure should be the import's, not this generator's
    timings: dict[str, tuple[float, float]] = {}

    def run(label: str) -> ImportJob:
        # The job row as the upload makes it; the task body is what a worker would run.
        job = ImportJob(kind=imports.KIND, created_by=actor, region_code=actor.region_id, filename="bench.csv",
                        summary={"only_good": True})
        job.set_file(data)
        job.save()
        _, wall, cpu = timed(lambda: imports.address_import_run(job_id=job.pk))
        timings[label] = (wall, cpu)
        job.refresh_from_db()
        assert job.status == ImportJob.Status.DONE, (job.status, job.error_message, (job.errors or [])[:5])
        assert job.bad_rows == 0
        return job

    first = run("first import")
    count = Address.objects.count()
    second = run("same file again")
    assert Address.objects.count() == count == total
    assert second.created_count == 0 and second.unchanged_count == total
    return {
        "vendor": connection.vendor,
        "rows": total,
        "file_mib": len(data) / 1024 / 1024,
        "roads": Road.objects.count(),
        "created": first.created_count,
        "timings": timings,
        "peak_mib": peak_mib(),
    }


def demo_child(scale: float) -> dict[str, object]:
    """Build the demo's addresses at ``scale`` and check their quality, timed; then count the
    road and compound names that repeat, and compare the quality report with what was planted."""
    child_setup()
    from collections import Counter

    from django.db import connection

    from minzheng.core.models import Region
    from minzheng.core.synthetic.regions import villages_at_scale
    from minzheng.places.addresses import demo, quality
    from minzheng.places.models import QualityIssue, Road

    villages = []
    for township in Region.objects.filter(level="township").order_by("code"):
        for v in villages_at_scale(township.code, township.kind, scale):
            villages.append((v, Region(code=v.code, name=v.name, level="village", kind=v.kind, parent=township,
                                       full_name=township.full_name + v.name)))
    Region.objects.bulk_create([r for _, r in villages], ignore_conflicts=True)
    timings: dict[str, tuple[float, float]] = {}
    plan = [v for v, _ in villages]
    planted: dict[str, set[str]] = {}
    counts, wall, cpu = timed(lambda: demo.build_places(villages=plan, scale=scale, seed=1, planted=planted))
    timings["build_places"] = (wall, cpu)
    runs, wall, cpu = timed(quality.quality_check_all)
    timings["quality check (5 counties)"] = (wall, cpu)
    found: dict[str, set[str]] = {kind: set() for kind in QualityIssue.Kind.values}
    for kind, code in QualityIssue.objects.filter(run__in=runs).values_list("kind", "address__code").iterator():
        found[kind].add(code)
    issues = {kind: {"planted": len(planted.get(kind, ())), "found": len(found[kind]),
                     "not planted": len(found[kind] - planted.get(kind, set())),
                     "not found": len(planted.get(kind, set()) - found[kind])} for kind in QualityIssue.Kind.values}
    roads = list(Road.objects.values_list("region_code", "kind", "name"))
    in_township = Counter((region[:9], kind, name) for region, kind, name in roads)
    in_village = Counter(roads)
    streets = Counter((region[:6], name) for region, kind, name in set(roads)
                      if kind == Road.Kind.ROAD and region[6] == "0")
    names = {
        "roads": sum(1 for _, kind, _ in roads if kind == Road.Kind.ROAD),
        "compounds": sum(1 for _, kind, _ in roads if kind == Road.Kind.COMPOUND),
        "distinct names": len({name for _, _, name in roads}),
        "repeats in a township, roads": sum(n - 1 for (_, kind, _), n in in_township.items()
                                            if n > 1 and kind == Road.Kind.ROAD),
        "repeats in a township, compounds": sum(n - 1 for (_, kind, _), n in in_township.items()
                                                if n > 1 and kind == Road.Kind.COMPOUND),
        "of which planted legacy records": sum(n - 1 for n in in_village.values()),
        "roads repeated across a county's 街道 (other villages)": sum(n - 1 for n in streets.values()),
    }
    return {"vendor": connection.vendor, "scale": scale, "villages": len(villages), "counts": counts,
            "timings": timings, "scores": {r.region_code[:6]: str(r.score) for r in runs}, "issues": issues,
            "names": names, "peak_mib": peak_mib()}


def demo_report(result: dict[str, object]) -> None:
    counts: dict[str, int] = result["counts"]  # type: ignore[assignment]
    timings: dict[str, list[float]] = result["timings"]  # type: ignore[assignment]
    rows = counts["addresses"]
    print(f"demo places on {result['vendor']} at scale {result['scale']}: {result['villages']} villages, "
          f"{counts['roads']:,} roads, {counts['compounds']:,} compounds, {rows:,} addresses")
    print_rates(heading="stage", width=28, rows=rows, timings=timings)
    print("names: " + ", ".join(f"{k} {v:,}" for k, v in result["names"].items()))  # type: ignore[attr-defined]
    print(f"{'planted issue':<22}{'planted':>10}{'found':>10}{'not planted':>13}{'not found':>11}")
    for kind, row in result["issues"].items():  # type: ignore[attr-defined]
        print(f"{kind:<22}{row['planted']:>10,}{row['found']:>10,}{row['not planted']:>13,}{row['not found']:>11,}")
    print(f"quality scores: {result['scores']}; peak memory (max RSS): {result['peak_mib']:.0f} MiB")


def report(result: dict[str, object]) -> None:
    rows = int(result["rows"])  # type: ignore[call-overload]
    timings: dict[str, list[float]] = result["timings"]  # type: ignore[assignment]
    print(f"address import on {result['vendor']}: {rows:,} rows (csv, {result['file_mib']:.1f} MiB), "
          f"{result['roads']} roads created, {result['created']:,} addresses created")
    print_rates(heading="run", width=22, rows=rows, timings=timings)
    print(f"peak memory (max RSS): {result['peak_mib']:.0f} MiB")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.address_import", description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--backends", default="sqlite,postgresql")
    parser.add_argument("--keep", action="store_true", help="keep the temporary databases")
    parser.add_argument("--demo-scale", type=float, default=None, help="time the demo builder instead")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv if argv is not None else [])
    if args.demo_scale is not None and not 0 < args.demo_scale <= 1.0:
        from minzheng.demo.messages import SCALE_OUT_OF_RANGE

        parser.error(SCALE_OUT_OF_RANGE.format(scale=args.demo_scale))
    if args.child:
        print(json.dumps(child(args.rows) if args.demo_scale is None else demo_child(args.demo_scale)))
        return
    print("(CPU seconds are this process's; on PostgreSQL the server's work is in wall time only. "
          f"Load average now: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores.)", flush=True)
    child_args = ["--rows", str(args.rows)]
    if args.demo_scale is not None:
        child_args += ["--demo-scale", str(args.demo_scale)]

    def run(database_url: str, work: Path) -> None:
        result = run_child(module="bench.address_import", args=child_args,
                           env=child_env(database_url=database_url, var_dir=work))
        (report if args.demo_scale is None else demo_report)(result)

    run_on_backends(backends=args.backends, label="address import", work_prefix="minzheng-bench-address-",
                    keep=args.keep, run=run, pg_database=PG_DATABASE)


if __name__ == "__main__":
    main(sys.argv[1:])
