"""Benchmark: the monthly home-service supervision (居家服务监管) — all five rules over one month
of the demo city's orders — set-based, against a per-row Python loop over the same month.

Each backend runs in a child process. By default the child builds a throw-away demo city at
``--scale`` (default 0.05: about 28,000 orders a month; SQLite under a temporary directory, on
PostgreSQL a database of its own, created and dropped here) with ``minzheng demo --no-serve``. With
``--database-url`` it reads an already built demo instead (the scale-1.0 figures: one month is
about 570,000 orders) and leaves it as it was: everything runs in a transaction that is rolled
back. It times, for ``--month`` (default 2024-06) over the city (``3305``):

- ``supervision_run``: the month's orders judged by the five set-based queries, the month's
  findings replaced and the run recorded;
- the same again (idempotent: the same findings);
- the per-row loop, the baseline: for each order of the month, the five rules for that one order
  (``findings_detect`` over a one-order scope, as the check-out does), over ``--sample`` orders
  (default 2,000) spread over the month, extrapolated to the month's orders — the whole month
  would take hours at scale 1.0.

It checks that the set-based findings of the sampled orders are the loop's, and prints a table with
the ratio of the loop's (extrapolated) time to the set-based run's.

    python -m bench.home_service_supervision [--scale 0.05] [--month 2024-06] [--sample 2000]
        [--backends sqlite,postgresql] [--database-url URL[,URL]] [--keep]
    PG: BENCH_PG_URL=postgres://postgres@127.0.0.1:5432  (the server; the database name is ours)
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from bench._util import ROOT, child_env, peak_mib, run_child, run_on_backends, timed

PG_DATABASE = "minzheng_bench_home_service_supervision"


def _build(scale: float, env: dict[str, str]) -> None:
    """A throw-away demo city at ``scale`` (every part, as ``make demo`` builds it)."""
    done = subprocess.run(
        [sys.executable, "-m", "minzheng", "demo", "--scale", str(scale), "--no-serve", "-v", "0"],
        cwd=ROOT,
        env={**env, "MINZHENG_DEBUG": "true"},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        sys.stderr.write(done.stdout)
        raise SystemExit(done.returncode)


def child(month: dt.date, sample: int) -> dict[str, Any]:
    import django

    django.setup()
    from django.db import connection, transaction

    from minzheng.eldercare.home_services.models import ServiceOrder, SupervisionFinding
    from minzheng.eldercare.home_services.supervision import (
        findings_detect,
        supervision_run,
        thresholds_in_force,
    )

    orders = ServiceOrder.objects.filter(period=month)
    result: dict[str, Any] = {"vendor": connection.vendor}
    with transaction.atomic():
        run, wall, cpu = timed(lambda: supervision_run(period=month, region_prefix="3305"))
        result["run"] = {
            "wall": wall,
            "cpu": cpu,
            "orders": run.orders,
            "findings": run.findings,
            "counts": run.counts,
        }
        again, wall, cpu = timed(lambda: supervision_run(period=month, region_prefix="3305"))
        result["again"] = {
            "wall": wall,
            "cpu": cpu,
            "findings": again.findings,
            "same": again.counts == run.counts,
        }
        judged = orders.exclude(status="cancelled")
        step = max(1, run.orders // sample)
        ids = list(judged.order_by("id").values_list("id", flat=True)[::step][:sample])
        table = thresholds_in_force(period=month, region_prefix="3305")

        def loop() -> set[tuple[str, int]]:
            found: set[tuple[str, int]] = set()
            for pk in ids:
                found.update(
                    (f.rule, f.order_id)
                    for f in findings_detect(scope=ServiceOrder.objects.filter(pk=pk), table=table)
                    if f.order_id == pk
                )
            return found

        found, wall, cpu = timed(loop)
        set_based = set(SupervisionFinding.objects.filter(order_id__in=ids).values_list("rule", "order_id"))
        result["loop"] = {
            "wall": wall,
            "cpu": cpu,
            "orders": len(ids),
            "findings": len(found),
            "agrees": found == set_based,
            "differ": sorted(found ^ set_based)[:5],
        }
        transaction.set_rollback(True)  # an existing demo is left as it was
    result["peak_mib"] = peak_mib()
    return result


def report(label: str, result: dict[str, Any]) -> None:
    run, again, loop = result["run"], result["again"], result["loop"]
    per_order = loop["wall"] / max(loop["orders"], 1)
    extrapolated = per_order * run["orders"]
    print(
        f"\n{label} ({result['vendor']}): {run['orders']:,} orders judged, {run['findings']} findings "
        f"{json.dumps(run['counts'])}"
    )
    print(f"{'step':<52}{'wall s':>10}{'cpu s':>9}{'orders/s':>11}")
    print(
        f"{'supervision_run (set-based, 5 rules, month)':<52}{run['wall']:>10.2f}{run['cpu']:>9.2f}"
        f"{run['orders'] / run['wall']:>11,.0f}"
    )
    print(
        f"{'supervision_run again (same findings: ' + str(again['same']) + ')':<52}{again['wall']:>10.2f}"
        f"{again['cpu']:>9.2f}{run['orders'] / again['wall']:>11,.0f}"
    )
    print(
        f"{'per-row loop, ' + format(loop['orders'], ',') + ' orders sampled':<52}{loop['wall']:>10.2f}"
        f"{loop['cpu']:>9.2f}{loop['orders'] / loop['wall']:>11,.0f}"
    )
    print(
        f"{'per-row loop, extrapolated to the month':<52}{extrapolated:>10.0f}{'':>9}"
        f"{run['orders'] / extrapolated:>11,.0f}"
    )
    print(
        f"ratio loop / set-based: {extrapolated / run['wall']:,.0f}× (wall); the sample's findings agree: "
        f"{loop['agrees']} {loop['differ'] or ''}; peak memory (max RSS) {result['peak_mib']:.0f} MiB; load {os.getloadavg()[0]:.1f}"
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.home_service_supervision")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--scale", type=float, default=0.05)
    parser.add_argument("--month", default="2024-06", help="YYYY-MM")
    parser.add_argument("--sample", type=int, default=2000)
    parser.add_argument("--backends", default="sqlite,postgresql")
    parser.add_argument("--database-url", default="", help="already built demos, comma-separated (read only)")
    parser.add_argument("--keep", action="store_true")
    args = parser.parse_args(argv if argv is not None else sys.argv[1:])
    month = dt.date.fromisoformat(f"{args.month}-01")
    if args.child:
        print(json.dumps(child(month, args.sample)))
        return
    child_args = ["--month", args.month, "--sample", str(args.sample)]
    print(
        f"home-service supervision of {args.month}: set-based run against a per-row loop (sample {args.sample:,})"
    )
    if args.database_url:
        for url in [u.strip() for u in args.database_url.split(",") if u.strip()]:
            var = Path(tempfile.mkdtemp(prefix="bench-hs-"))
            env = child_env(database_url=url, var_dir=var, debug=True)
            report(
                url.rsplit("/", 1)[-1],
                run_child(module="bench.home_service_supervision", args=child_args, env=env),
            )
        return

    def run(database_url: str, work: Path) -> None:
        env = child_env(database_url=database_url, var_dir=work, debug=True)
        _build(args.scale, env)
        report(
            f"demo at scale {args.scale}",
            run_child(module="bench.home_service_supervision", args=child_args, env=env),
        )

    run_on_backends(
        backends=args.backends,
        label="home_service_supervision",
        work_prefix="bench-hs-",
        keep=args.keep,
        run=run,
        pg_database=PG_DATABASE,
    )


if __name__ == "__main__":
    main()
