"""Benchmark: import 100,000 people in households from a CSV file, on SQLite.

It runs the two stages the import worker runs, validate (the dry run) and commit, then the same
file again (which must change nothing), and prints rows per second for each and the process's
peak memory. It works in a throw-away database under a temporary directory, in a child process,
so it never touches var/ and its memory figure is its own.

    python -m bench.people_import [--rows 100000] [--format csv|xlsx] [--keep]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
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

HEADERS = ["身份证号", "姓名", "手机号", "区划代码", "住址", "户主身份证号", "与户主关系"]
TOWNSHIP = "330502003"  # 爱山街道
VILLAGES = [f"{TOWNSHIP}{n:03d}" for n in range(1, 21)]
RELATIONSHIPS = ["配偶", "子女", "子女", "父母", "孙子女", "兄弟姐妹", "其他"]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗沈钱"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰"


def build_rows(count: int, seed: int = 1) -> list[list[str]]:
    """``count`` people in households of 1 to 6, with valid, distinct ID numbers."""
    from minzheng.core.idnumber import make_id_number

    rng = random.Random(seed)
    rows: list[list[str]] = []
    index = 0
    while index < count:
        size = min(rng.choice([1, 2, 2, 3, 3, 3, 4, 4, 5, 6]), count - index)
        village = rng.choice(VILLAGES)
        address = f"红旗路{rng.randint(1, 400)}号{rng.randint(1, 30)}室"
        head_id = ""
        for member in range(size):
            birth = dt.date(1940, 1, 1) + dt.timedelta(days=index // 1000)
            number = make_id_number("330502", birth, index % 1000)
            name = rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(GIVEN)
            phone = f"1{rng.choice('3589')}{rng.randint(0, 999_999_999):09d}"
            if member == 0:
                head_id = number
                rows.append([number, name, phone, village, address, number, "本人"])
            else:
                rows.append([number, name, phone if rng.random() < 0.6 else "", village, address, head_id,
                             rng.choice(RELATIONSHIPS)])
            index += 1
    return rows


def encode(rows: list[list[str]], fmt: str) -> bytes:
    """The file as an officer uploads it: from Excel, or a CSV in UTF-8 with a BOM."""
    from minzheng.core.tabular import csv_chunks, xlsx_bytes

    if fmt == "xlsx":
        return xlsx_bytes(headers=HEADERS, rows=rows)
    return b"".join(csv_chunks(headers=HEADERS, rows=rows))


def child(rows_wanted: int, fmt: str) -> dict[str, object]:
    """Runs inside the throw-away environment that ``main`` prepared."""
    child_setup()
    from django.conf import settings

    from minzheng.core.models import ImportJob, Region
    from minzheng.core.roles import Role
    from minzheng.people import imports
    from minzheng.people.models import Household, Membership, Person

    settings.MINZHENG_IMPORT_MAX_ROWS = max(rows_wanted, imports.max_rows())
    township = Region.objects.get(code=TOWNSHIP + "000")
    Region.objects.bulk_create([community(code=code, township=township) for code in VILLAGES],
                               ignore_conflicts=True)
    actor = staff(username="bench_officer", role=Role.TOWNSHIP_OFFICER, region=township)

    rows = build_rows(rows_wanted)
    data = encode(rows, fmt)
    baseline = peak_mib()
    timings: dict[str, tuple[float, float]] = {}

    def run(label: str) -> ImportJob:
        job = ImportJob(created_by=actor, region_code=actor.region_id, filename=f"bench.{fmt}")
        job.set_file(data)
        job.save()
        _, wall, cpu = timed(lambda: imports.import_job_run_validation(job_id=job.pk))
        timings[f"{label} validate"] = (wall, cpu)
        job.refresh_from_db()
        assert job.status == ImportJob.Status.VALIDATED, job.error_message
        assert job.bad_rows == 0, job.errors[:5]
        ImportJob.objects.filter(pk=job.pk).update(status=ImportJob.Status.COMMITTING)
        _, wall, cpu = timed(lambda: imports.import_job_run_commit(job_id=job.pk))
        timings[f"{label} commit"] = (wall, cpu)
        job.refresh_from_db()
        assert job.status == ImportJob.Status.DONE, job.error_message
        return job

    first = run("first")
    counts = (Person.objects.count(), Household.objects.count(), Membership.objects.count())
    second = run("again")
    assert (Person.objects.count(), Household.objects.count(), Membership.objects.count()) == counts
    assert second.unchanged_count == len(rows) and second.created_count == 0
    return {
        "rows": len(rows),
        "format": fmt,
        "file_mib": len(data) / 1024 / 1024,
        "timings": timings,
        "created": first.created_count,
        "households": counts[1],
        "memberships": counts[2],
        "baseline_mib": baseline,
        "peak_mib": peak_mib(),
    }


def report(result: dict[str, object]) -> None:
    rows = int(result["rows"])  # type: ignore[call-overload]
    timings: dict[str, list[float]] = result["timings"]  # type: ignore[assignment]
    print(f"people import on SQLite: {rows:,} rows ({result['format']}, {result['file_mib']:.1f} MiB), "
          f"{result['households']:,} households, {result['memberships']:,} memberships")
    validate, commit = timings["first validate"], timings["first commit"]
    total = {"first import, end to end": (validate[0] + commit[0], validate[1] + commit[1])}
    # CPU seconds are this process's (SQLite runs in it): the fair figure on a shared machine.
    print_rates(heading="stage", width=28, rows=rows, timings={**timings, **total})
    print("(commit includes validating again against the registry as it is at commit time)")
    print(f"peak memory (max RSS): {result['peak_mib']:.0f} MiB "
          f"(before the import: {result['baseline_mib']:.0f} MiB)")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.people_import", description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--format", choices=["csv", "xlsx"], default="csv")
    parser.add_argument("--keep", action="store_true", help="keep the temporary database and print its path")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv if argv is not None else [])
    if args.child:
        print(json.dumps(child(args.rows, args.format)))
        return

    def run(database_url: str, work: Path) -> None:
        child_args = ["--rows", str(args.rows), "--format", args.format]
        env = child_env(database_url=database_url, var_dir=work)
        report(run_child(module="bench.people_import", args=child_args, env=env))

    run_on_backends(backends="sqlite", label="people import", work_prefix="minzheng-bench-import-",
                    keep=args.keep, run=run)


if __name__ == "__main__":
    main(sys.argv[1:])
