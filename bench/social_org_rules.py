"""Benchmark: the rules over the demo city's social organizations (社会组织) — dormancy detection
(僵尸型社会组织, the four 2021 criteria) set-based against a per-organization loop, and the credit
lists' run (信用名录) — and, for information, the children's "end at 18" job and the 2024 figures of
the four new apps.

Each backend runs in a child process. By default the child builds a throw-away demo city at
``--scale`` (default 0.05: 375 organizations; SQLite under a temporary directory, on PostgreSQL a
database of its own, created and dropped here) with ``minzheng demo --no-serve``. With
``--database-url`` it reads an already built demo instead (scale 1.0: 7,500 organizations) and
leaves it as it was: everything runs in a transaction that is rolled back. The child then needs
the demo's key of encrypted fields: it is given this shell's ``MINZHENG_FIELD_KEY``. As the city
administrator (``city_admin``), for ``--day`` (default 2024-12-31), it times:

- the 2024 figures (``--year``) of children, disability (rehab), social organizations and charity,
  and the lottery, read first, before anything below writes;
- ``candidate_ids``: the four dormancy criteria, each one set-based query over the city's
  organizations (read only and short: the median of three runs);
- the per-organization loop, the baseline: for each organization, the same four criteria for that
  one organization (``candidate_ids`` over a one-organization ``base``), over ``--sample``
  organizations (default 1,000) spread over the city, extrapolated to all of them; it checks that
  the set-based candidates of the sampled organizations are the loop's;
- ``credit_lists_apply`` as of the day (the command's run, everywhere), and the same again
  (idempotent: nothing more to do);
- ``profiles_end_at_18`` as of the day (the children's daily job).

It prints a table with the ratio of the loop's (extrapolated) time to the set-based run's.

    python -m bench.social_org_rules [--scale 0.05] [--day 2024-12-31] [--year 2024] [--sample 1000]
        [--backends sqlite,postgresql] [--database-url URL[,URL]] [--keep] [--pg-database NAME]
    PG: BENCH_PG_URL=postgres://postgres@127.0.0.1:5432  (the server; the database name is ours)
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from bench._util import ROOT, child_env, peak_mib, run_child, run_on_backends, timed

PG_DATABASE = "minzheng_bench_social_org_rules"
MODULE = "bench.social_org_rules"


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


def _figures(actor: Any, year: int) -> dict[str, Any]:
    from minzheng.children.figures.selectors import children_figures
    from minzheng.civil_society.figures.selectors import civil_society_figures
    from minzheng.disability.figures.selectors import disability_figures
    from minzheng.lottery.figures.selectors import lottery_figures

    out: dict[str, Any] = {}
    for name, selector in (
        ("children_figures", children_figures),
        ("disability_figures", disability_figures),
        ("civil_society_figures", civil_society_figures),
        ("lottery_figures", lottery_figures),
    ):
        values, wall, cpu = timed(lambda selector=selector: selector(actor=actor, year=year))
        shown = {k: v for k, v in values.items() if k not in ("year", "as_of")}
        out[name] = {"wall": wall, "cpu": cpu, "values": {k: str(v) for k, v in shown.items()}}
    return out


def child(day: dt.date, year: int, sample: int) -> dict[str, Any]:
    import django

    django.setup()
    from django.db import connection, transaction

    from minzheng.children.profiles.services import profiles_end_at_18
    from minzheng.civil_society.credit.services import credit_lists_apply
    from minzheng.civil_society.dormancy.rules import RULES, candidate_ids
    from minzheng.civil_society.registry.models import Organization
    from minzheng.civil_society.registry.selectors import LIVE, organizations_visible
    from minzheng.core.models import User

    actor = User.objects.get(username="city_admin")
    result: dict[str, Any] = {"vendor": connection.vendor}
    with transaction.atomic():
        # The figures first: the writes below (the lists, the profiles ended at 18) would change them.
        result["figures"] = _figures(actor, year)

        base = organizations_visible(user=actor)
        orgs = base.count()
        # Read only and short: the median of three runs (the first also warms the caches).
        runs = [timed(lambda: candidate_ids(day=day, base=base)) for _ in range(3)]
        found, wall, cpu = sorted(runs, key=lambda r: r[1])[1]
        result["detect"] = {
            "wall": wall,
            "cpu": cpu,
            "walls": [r[1] for r in runs],
            "orgs": orgs,
            "live": base.filter(status__in=LIVE).count(),
            "candidates": len(found),
            "counts": {rule: sum(rule in rules for rules in found.values()) for rule in RULES},
        }
        step = max(1, orgs // sample)
        ids = list(base.order_by("id").values_list("id", flat=True)[::step][:sample])

        def loop() -> dict[int, list[str]]:
            out: dict[int, list[str]] = {}
            for pk in ids:
                out.update(candidate_ids(day=day, base=Organization.objects.filter(pk=pk)))
            return out

        looped, wall, cpu = timed(loop)
        expected = {pk: found[pk] for pk in ids if pk in found}
        result["loop"] = {
            "wall": wall,
            "cpu": cpu,
            "orgs": len(ids),
            "candidates": len(looped),
            "agrees": looped == expected,
            "differ": sorted(
                {(pk, tuple(r)) for pk, r in looped.items()} ^ {(pk, tuple(r)) for pk, r in expected.items()}
            )[:5],
        }

        counts, wall, cpu = timed(lambda: credit_lists_apply(actor=None, as_of=day))
        result["credit"] = {"wall": wall, "cpu": cpu, "counts": counts}
        again, wall, cpu = timed(lambda: credit_lists_apply(actor=None, as_of=day))
        result["credit_again"] = {
            "wall": wall,
            "cpu": cpu,
            "counts": again,
            "nothing": not any(again.values()),
        }

        ended, wall, cpu = timed(lambda: profiles_end_at_18(as_of=day))
        result["end_at_18"] = {
            "wall": wall,
            "cpu": cpu,
            "profiles": ended.profiles,
            "allowances_stopped": ended.allowances_stopped,
        }
        transaction.set_rollback(True)  # an existing demo is left as it was
    result["peak_mib"] = peak_mib()
    return result


def _row(label: str, wall: float, cpu: float, rate: str = "") -> str:
    return f"{label:<62}{wall:>10.3f}{cpu:>9.3f}{rate:>10}"


def report(label: str, result: dict[str, Any], day: dt.date, year: int) -> None:
    detect, loop = result["detect"], result["loop"]
    per_org = loop["wall"] / max(loop["orgs"], 1)
    extrapolated = per_org * detect["orgs"]
    print(
        f"\n{label} ({result['vendor']}): {detect['orgs']:,} organizations ({detect['live']:,} live); "
        f"on {day}: {detect['candidates']} dormancy candidates {json.dumps(detect['counts'])}"
    )
    print(f"{'step':<62}{'wall s':>10}{'cpu s':>9}{'orgs/s':>10}")
    print(
        _row(
            "candidate_ids (set-based, 4 criteria, the city; median of 3)",
            detect["wall"],
            detect["cpu"],
            f"{detect['orgs'] / detect['wall']:,.0f}",
        )
    )
    print(
        _row(
            f"per-organization loop, {loop['orgs']:,} sampled",
            loop["wall"],
            loop["cpu"],
            f"{loop['orgs'] / loop['wall']:,.0f}",
        )
    )
    print(
        f"{'per-organization loop, extrapolated to the city':<62}{extrapolated:>10.3f}{'':>9}"
        f"{detect['orgs'] / extrapolated:>10,.0f}"
    )
    credit, again = result["credit"], result["credit_again"]
    print(_row(f"credit_lists_apply as of {day}", credit["wall"], credit["cpu"]))
    print(
        _row(
            f"credit_lists_apply again (nothing to do: {again['nothing']})",
            again["wall"],
            again["cpu"],
        )
    )
    ended = result["end_at_18"]
    print(
        _row(
            f"profiles_end_at_18 ({ended['profiles']} profiles, {ended['allowances_stopped']} allowances)",
            ended["wall"],
            ended["cpu"],
        )
    )
    for name, fig in result["figures"].items():
        print(_row(f"{name}(year={year})", fig["wall"], fig["cpu"]))
    print(
        f"ratio loop / set-based: {extrapolated / detect['wall']:,.0f}× (wall; the set-based runs in turn "
        f"{' / '.join(f'{w:.3f}' for w in detect['walls'])} s); the sample's candidates "
        f"agree: {loop['agrees']} ({loop['candidates']} in the sample{'; ' + str(loop['differ']) if loop['differ'] else ''}); "
        f"peak memory (max RSS) {result['peak_mib']:.0f} MiB; load {os.getloadavg()[0]:.1f}"
    )
    print(f"  credit_lists_apply: {json.dumps(credit['counts'])}; again: {json.dumps(again['counts'])}")
    for name, fig in result["figures"].items():
        print(f"  {name}: " + ", ".join(f"{k} {v}" for k, v in fig["values"].items()))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.social_org_rules")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--scale", type=float, default=0.05)
    parser.add_argument("--day", default="2024-12-31", help="YYYY-MM-DD")
    parser.add_argument("--year", type=int, default=2024, help="the figures' year")
    parser.add_argument("--sample", type=int, default=1000)
    parser.add_argument("--backends", default="sqlite,postgresql")
    parser.add_argument(
        "--database-url",
        default="",
        help="already built demos, comma-separated (left unchanged; MINZHENG_FIELD_KEY must be theirs)",
    )
    parser.add_argument("--keep", action="store_true")
    parser.add_argument(
        "--pg-database", default=PG_DATABASE, help="the PostgreSQL database to create and drop"
    )
    args = parser.parse_args(argv if argv is not None else sys.argv[1:])
    day = dt.date.fromisoformat(args.day)
    if args.child:
        print(json.dumps(child(day, args.year, args.sample)))
        return
    child_args = ["--day", args.day, "--year", str(args.year), "--sample", str(args.sample)]
    print(
        f"social organizations' rules on {args.day}: dormancy detection set-based against a "
        f"per-organization loop (sample {args.sample:,}), the credit lists, end at 18, figures of {args.year}"
    )
    if args.database_url:
        field_key = os.environ.get("MINZHENG_FIELD_KEY")
        if not field_key:
            print(
                "note: MINZHENG_FIELD_KEY is not set; the demo's encrypted fields will not read",
                file=sys.stderr,
            )
        for url in [u.strip() for u in args.database_url.split(",") if u.strip()]:
            var = Path(tempfile.mkdtemp(prefix="bench-so-"))
            env = child_env(database_url=url, var_dir=var, debug=True, field_key=field_key)
            try:
                result = run_child(module=MODULE, args=child_args, env=env)
            finally:
                shutil.rmtree(var, ignore_errors=True)
            report(url.rsplit("/", 1)[-1], result, day, args.year)
        return

    def run(database_url: str, work: Path) -> None:
        env = child_env(database_url=database_url, var_dir=work, debug=True)
        _build(args.scale, env)
        report(
            f"demo at scale {args.scale}", run_child(module=MODULE, args=child_args, env=env), day, args.year
        )

    run_on_backends(
        backends=args.backends,
        label="social_org_rules",
        work_prefix="bench-so-",
        keep=args.keep,
        run=run,
        pg_database=args.pg_database,
    )


if __name__ == "__main__":
    main()
