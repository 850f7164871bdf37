"""Benchmark: build the demo city (``minzheng demo --no-serve``) on SQLite and on PostgreSQL.

Each build runs in its own child process against a fresh database (a temporary SQLite file; a
PostgreSQL database made for the run and dropped after it), so its peak memory is its own. The
baseline is PostgreSQL ``COPY`` of the very same rows: the built tables are exported with
``COPY … TO STDOUT`` (not timed), then loaded with ``COPY … FROM STDIN`` (timed) into empty
tables made ``LIKE … INCLUDING ALL`` (same columns, indexes and checks). The headline is the
ratio of the demo's build time to that COPY time.

    python -m bench.demo_build [--scale 0.1] [--backends sqlite,postgresql]
                               [--pg-url postgres://postgres@127.0.0.1:5432/] [--keep]

"Build" is ``demo_build`` itself (plan, standard addresses, generate, house, encrypt, load,
indexes); the command's total also counts Python start-up, migrations, doorplates, place names
and the demo staff. Scale 1.0 is extrapolated linearly from the build time; run ``--scale 1.0``
to measure it. The link rate is the share of households linked to their standard address as
they were written; the rest are the planted ones, counted by kind.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench._util import ROOT, child_env, pg_admin, pg_admin_connect, pg_server_url

BENCH_DB = "bench_demo"
TABLES = ("people_person", "people_household", "people_membership", "places_householdaddress",
          "places_personaddress")
CITY_TARGET_SECONDS = 240  # the city (standard addresses, people, their homes) in under 4 minutes
TARGET_SECONDS = 600  # the whole command, every app's demo included, in under 10 minutes
TARGET_MIB = 2048  # with peak memory under 2 GiB
BASELINES = ("then_index", "indexed")


@dataclass
class Run:
    backend: str
    wall: float  # the whole command, start-up and migrations included
    maxrss_kib: int  # largest single process of the build (wait4 of the child)
    report: dict[str, Any]

    @property
    def build(self) -> float:
        return float(self.report["seconds"]["total"])

    @property
    def rows(self) -> int:
        return int(self.report["rows"])


def pg_available(url: str) -> bool:
    try:
        with pg_admin_connect(url=url):
            return True
    except Exception as exc:
        print(f"PostgreSQL at {url} is not reachable ({exc}); skipping it.", file=sys.stderr)
        return False


def pg_recreate(url: str, name: str) -> None:
    with pg_admin_connect(url=url) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def pg_drop(url: str, name: str) -> None:
    pg_admin(url=url, sql=f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def build(backend: str, database_url: str, *, scale: float, work: Path, extra: list[str]) -> Run:
    report_path = work / f"report-{backend}.json"
    log_path = work / f"build-{backend}.log"
    # minzheng demo refuses to run without DEBUG: demo data belongs in a demo environment only.
    env = child_env(database_url=database_url, var_dir=work / "var", debug=True)
    command = [sys.executable, "-m", "minzheng", "demo", "--no-serve", "--scale", str(scale), "--seed", "1",
               "--report-json", str(report_path), "--verbosity", "0", *extra]
    started = time.perf_counter()
    with log_path.open("wb") as log:
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
        # wait4 gives this child's own resource usage (its largest process, workers included),
        # where getrusage(RUSAGE_CHILDREN) would mix in the earlier runs.
        _, status, usage = os.wait4(process.pid, 0)
        process.returncode = os.waitstatus_to_exitcode(status)
    wall = time.perf_counter() - started
    if process.returncode != 0:
        sys.stderr.write(log_path.read_text(encoding="utf-8", errors="replace")[-4000:])
        raise SystemExit(f"the {backend} build failed with exit code {process.returncode}")
    return Run(backend, wall, usage.ru_maxrss, json.loads(report_path.read_text(encoding="utf-8")))


def copy_baseline(database_url: str, work: Path, kinds: tuple[str, ...] = BASELINES) -> dict[str, dict[str, float]]:
    """Seconds to COPY the built rows into empty tables of the same shape, two ways:

    - ``indexed``: into ``LIKE … INCLUDING ALL`` tables, so every index is maintained row by row
      (what a plain ``COPY`` into the real tables costs);
    - ``then_index``: into bare tables, then the same indexes, unique and foreign keys built
      afterwards (what ``pg_restore`` does, and the floor for loading these rows).
    """
    import psycopg

    dumps: dict[str, Path] = {}
    with psycopg.connect(database_url) as conn, conn.cursor() as cur:
        for table in TABLES:
            path = work / f"{table}.copy"
            with path.open("wb") as fh, cur.copy(f"COPY {table} TO STDOUT") as copy:
                for block in copy:
                    fh.write(block)
            dumps[table] = path
        cur.execute(
            "SELECT tablename, indexname, indexdef FROM pg_indexes WHERE tablename = ANY(%s) ORDER BY 1, 2",
            [list(TABLES)],
        )
        indexes = cur.fetchall()
        cur.execute(
            """SELECT t.relname, c.conname, pg_get_constraintdef(c.oid) FROM pg_constraint c
               JOIN pg_class t ON t.oid = c.conrelid WHERE t.relname = ANY(%s) AND c.contype = 'f'""",
            [list(TABLES)],
        )
        foreign_keys = cur.fetchall()

    def rename(sql: str) -> str:
        for table in TABLES:
            sql = sql.replace(f"public.{table} ", f"public.bench_{table} ").replace(f"{table}(", f"bench_{table}(")
        return sql

    def load(cur: Any, out: dict[str, float]) -> None:
        for table in TABLES:
            started = time.perf_counter()
            with dumps[table].open("rb") as fh, cur.copy(f"COPY bench_{table} FROM STDIN") as copy:
                while block := fh.read(1 << 20):
                    copy.write(block)
            out[table.removeprefix("people_").removeprefix("places_")] = time.perf_counter() - started

    results: dict[str, dict[str, float]] = {}
    with psycopg.connect(database_url) as conn, conn.cursor() as cur:
        if "indexed" in kinds:
            for table in TABLES:
                cur.execute(f"CREATE TABLE bench_{table} (LIKE {table} INCLUDING ALL)")
            conn.commit()
            results["indexed"] = {}
            load(cur, results["indexed"])
            conn.commit()
            for table in TABLES:
                cur.execute(f"DROP TABLE bench_{table} CASCADE")
            conn.commit()
        for table in TABLES:
            cur.execute(f"CREATE TABLE bench_{table} (LIKE {table} INCLUDING DEFAULTS INCLUDING CONSTRAINTS)")
        conn.commit()
        results["then_index"] = out = {}
        cur.execute("SET maintenance_work_mem TO '256MB'")  # as the demo build does
        load(cur, out)
        started = time.perf_counter()
        for _table, name, sql in indexes:
            cur.execute(rename(sql).replace(f"INDEX {name} ", f"INDEX bench_{name} "))
        for table, name, definition in foreign_keys:
            cur.execute(f"ALTER TABLE bench_{table} ADD CONSTRAINT bench_{name} {rename(definition)}")
        out["indexes"] = time.perf_counter() - started
        conn.commit()
        for table in TABLES:
            cur.execute(f"DROP TABLE bench_{table} CASCADE")
        conn.commit()
    for path in dumps.values():
        path.unlink()
    return results


def print_table(runs: list[Run], scale: float, copy_seconds: dict[str, dict[str, float]] | None) -> None:
    first = runs[0].report
    print(f"demo build at scale {scale}: {first['persons']:,} persons, {first['households']:,} households, "
          f"{first['memberships']:,} memberships, {first['villages']:,} villages "
          f"= {first['rows']:,} rows ({first['workers']} generator processes, {os.cpu_count()} cores)")
    head = (f"{'backend':<12}{'build s':>9}{'rows/s':>10}{'load s':>8}{'index s':>9}{'command s':>11}"
            f"{'CPU s':>8}{'peak MiB':>10}{'builder/worker':>16}{'est. 1.0 s':>12}")
    print(head)
    print("-" * len(head))
    for run in runs:
        seconds, r = run.report["seconds"], run.report
        estimate = run.build / scale
        cpu = r["cpu_self_seconds"] + r["cpu_workers_seconds"]
        print(f"{run.backend:<12}{run.build:>9.1f}{run.rows / run.build:>10,.0f}{seconds.get('load', 0):>8.1f}"
              f"{seconds.get('indexes', 0):>9.1f}{run.wall:>11.1f}{cpu:>8.0f}{run.maxrss_kib / 1024:>10.0f}"
              f"{r['maxrss_self_kib'] / 1024:>9.0f} /{r['maxrss_workers_kib'] / 1024:>5.0f}{estimate:>12.0f}")
    if copy_seconds is not None:
        pg = next(r for r in runs if r.backend == "postgresql")
        for key, label in (("indexed", "COPY, indexes in place"), ("then_index", "COPY, then indexes")):
            if key not in copy_seconds:
                continue
            parts = copy_seconds[key]
            total = sum(parts.values())
            detail = ", ".join(f"{k} {v:.1f}" for k, v in parts.items())
            print(f"{'PG ' + label:<34}{total:>8.1f} s{pg.rows / total:>10,.0f} rows/s   ({detail})")
        floor = sum(copy_seconds["then_index"].values())
        plain = (f"; vs COPY into indexed tables: {pg.build / sum(copy_seconds['indexed'].values()):.2f}x"
                 if "indexed" in copy_seconds else "")
        print(f"headline: PostgreSQL demo build / COPY of the same rows = {pg.build / floor:.2f}x "
              f"(vs COPY then indexes: {pg.build:.1f} s / {floor:.1f} s{plain})")
    for run in runs:
        r = run.report
        print(f"registry on {run.backend}: {r['households_linked']:,} of {r['households']:,} households linked to a "
              f"dwelling as written = {100 * r['link_rate']:.2f}% ({r['persons_linked']:,} persons); planted unlinked "
              f"{r['planted_unlinked']:,} (a text of their dwelling) + {r['planted_unknown']:,} (a text naming no "
              f"address); {r['households_sharing']:,} households share a dwelling; "
              f"{r['places'].get('addresses', 0):,} addresses built in {r['seconds'].get('addresses', 0):.1f} s")
        a = r.get("assistance") or {}
        if a:
            print(f"assistance on {run.backend}: {a['enrollments']:,} enrollments ({a['dibao_enrollments']:,} dibao, "
                  f"{a['tekun_enrollments']:,} tekun, {a['dibian_enrollments']:,} dibian, "
                  f"{a['temporary_aid_enrollments']:,} temporary aid), {a['applications']:,} applications in "
                  f"{a['seconds_enroll']} s; {a['payment_runs']} runs of 2024, {a['payment_lines']:,} lines in "
                  f"{a['seconds_pay']} s")
    print(f"machine load average at the end: {', '.join(f'{x:.1f}' for x in os.getloadavg())} "
          f"(other work on the {os.cpu_count()} cores slows every figure but CPU s)")
    for run in runs:
        # Two targets at scale 1.0: the city itself (standard addresses, people and their homes)
        # and the whole command (minzheng demo --scale 1.0 --no-serve, every app's demo and the
        # start-up included). Below scale 1.0 the city is scaled up and the rest taken as is.
        city = run.build / scale
        estimate = run.wall if scale == 1.0 else city + (run.wall - run.build)
        label = "measured" if scale == 1.0 else "extrapolated"
        print(f"target on {run.backend}: the city at scale 1.0 {label} {city:.0f} s "
              f"({_verdict(city < CITY_TARGET_SECONDS)} < {CITY_TARGET_SECONDS} s); the command {estimate:.0f} s "
              f"({_verdict(estimate < TARGET_SECONDS)} < {TARGET_SECONDS} s), peak {run.maxrss_kib / 1024:.0f} MiB "
              f"({_verdict(run.maxrss_kib / 1024 < TARGET_MIB)} < {TARGET_MIB} MiB)")


def _verdict(ok: bool) -> str:
    return "meets" if ok else "MISSES"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.demo_build", description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=0.1)
    parser.add_argument("--backends", default="sqlite,postgresql")
    parser.add_argument("--pg-url", default=pg_server_url())
    parser.add_argument("--keep", action="store_true", help="keep the databases and print where they are")
    parser.add_argument("--demo-args", default="", help="extra arguments for minzheng demo, e.g. '--workers 1'")
    parser.add_argument("--baselines", default=",".join(BASELINES),
                        help="COPY baselines to time: then_index (the floor) and/or indexed (slow at scale 1.0)")
    parser.add_argument("--baseline-only", metavar="DATABASE_URL",
                        help="only time the COPY baselines against an already built (kept) database")
    args = parser.parse_args(argv if argv is not None else [])
    backends = [b.strip() for b in args.backends.split(",") if b.strip()]
    kinds = tuple(k.strip() for k in args.baselines.split(",") if k.strip())
    if "then_index" not in kinds:
        kinds = ("then_index", *kinds)  # the headline needs it
    if args.baseline_only:
        with tempfile.TemporaryDirectory(prefix="minzheng-bench-demo-") as tmp:
            for key, parts in copy_baseline(args.baseline_only, Path(tmp), kinds).items():
                print(f"{key}: {sum(parts.values()):.1f} s ({', '.join(f'{k} {v:.1f}' for k, v in parts.items())})")
        return
    extra = args.demo_args.split()
    work = Path(tempfile.mkdtemp(prefix="minzheng-bench-demo-"))
    runs: list[Run] = []
    copy_seconds = None
    pg_url = args.pg_url.rstrip("/")
    try:
        for backend in backends:
            if backend == "sqlite":
                runs.append(build("sqlite", f"sqlite:///{work / 'bench.sqlite3'}", scale=args.scale, work=work,
                                  extra=extra))
            elif backend == "postgresql":
                if not pg_available(pg_url):
                    continue
                pg_recreate(pg_url, BENCH_DB)
                database_url = f"{pg_url}/{BENCH_DB}"
                runs.append(build("postgresql", database_url, scale=args.scale, work=work, extra=extra))
                copy_seconds = copy_baseline(database_url, work, kinds)
            else:
                raise SystemExit(f"unknown backend {backend!r}: use sqlite and/or postgresql")
            print(f"  {backend}: built in {runs[-1].build:.1f} s", file=sys.stderr, flush=True)
        if runs:
            print_table(runs, args.scale, copy_seconds)
    finally:
        if args.keep:
            print(f"kept: {work} and PostgreSQL database {BENCH_DB}")
        else:
            shutil.rmtree(work, ignore_errors=True)
            if "postgresql" in backends and runs and any(r.backend == "postgresql" for r in runs):
                pg_drop(pg_url, BENCH_DB)


if __name__ == "__main__":
    main(sys.argv[1:])
