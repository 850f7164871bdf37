"""Benchmark: the access log's hash chain (core.chain) on SQLite and on PostgreSQL — what chaining
costs a writer, and how fast ``minzheng audit verify`` and migration 0008's back-fill walk a chain.

Each backend runs in a child process on a throw-away database (SQLite under a temporary directory;
on PostgreSQL ``--pg-database``, created and dropped here). The child writes ``--rows`` access-log
rows (default 200,000) and times:

- bulk writes through ``AccessLog.objects.bulk_create`` in pages of 5,000 (chained: lock, last hash,
  ids, hashes, insert), against the same rows through the base manager (no chain) into a copy;
- single writes through ``core.audit.access_record`` (what a page view costs: its own transaction
  for the lock), ``--sample`` of them (default 2,000), against a plain unchained INSERT each;
- the walk of ``audit_chain_verify`` over the whole chain, and the back-fill of the same rows.

    python -m bench.audit_chain [--rows 200000] [--sample 2000] [--backends sqlite,postgresql] [--keep]
                                [--pg-database minzheng_bench_audit_chain]
    PG: BENCH_PG_URL=postgres://postgres@127.0.0.1:5432  (the server; the database name is ours)
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from bench._util import child_env, child_setup, peak_mib, run_child, run_on_backends, staff, timed

PAGE = 5_000


def _rows(count: int, actor: Any, start: int = 0) -> list[Any]:
    from minzheng.core.models import AccessLog

    return [AccessLog(actor=actor, actor_name=actor.username, kind=AccessLog.Kind.VIEW, subject_type="people.person",
                      subject_id=str(start + i), subject_repr=f"张{start + i}", region_code="330502001001",
                      channel="web") for i in range(count)]


def child(args: argparse.Namespace) -> None:
    child_setup()
    from django.db import connection

    from minzheng.core import chain
    from minzheng.core.audit import access_record
    from minzheng.core.audit_verify import audit_chain_verify
    from minzheng.core.models import AccessLog, Region
    from minzheng.core.roles import Role

    actor = staff(username="bench_auditor", role=Role.AUDITOR, region=Region.objects.get(code="330500000000"))
    city = Region.objects.get(code="330500000000")
    out: dict[str, Any] = {"rows": args.rows, "sample": args.sample, "vendor": connection.vendor}

    def bulk_chained() -> None:
        for start in range(0, args.rows, PAGE):
            AccessLog.objects.bulk_create(_rows(min(PAGE, args.rows - start), actor, start))

    def bulk_plain() -> None:
        for start in range(0, args.rows, PAGE):
            AccessLog._base_manager.bulk_create(_rows(min(PAGE, args.rows - start), actor, start))

    def singles_chained() -> None:
        for _ in range(args.sample):
            access_record(actor=actor, kind=AccessLog.Kind.VIEW, subject=city)

    def singles_plain() -> None:
        for row in _rows(args.sample, actor):
            AccessLog._base_manager.bulk_create([row])

    _, out["bulk_chained_wall"], out["bulk_chained_cpu"] = timed(bulk_chained)
    _, out["singles_chained_wall"], out["singles_chained_cpu"] = timed(singles_chained)
    verification, out["verify_wall"], out["verify_cpu"] = timed(lambda: audit_chain_verify(actor=None, table="access"))
    out["verify_ok"], out["verify_rows"] = verification.ok, verification.rows_checked

    def backfill() -> int:
        table = AccessLog._meta.db_table
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute(f"ALTER TABLE {table} DISABLE TRIGGER {table}_append_only")
            else:
                cursor.execute(f"DROP TRIGGER {table}_append_only")
        from django.db import transaction

        with transaction.atomic():
            return chain.backfill(AccessLog, using="default")

    done, out["backfill_wall"], out["backfill_cpu"] = timed(backfill)
    out["backfill_rows"] = done
    # The unchained baselines last, on the rows' copy: they break the chain they append to.
    _, out["bulk_plain_wall"], out["bulk_plain_cpu"] = timed(bulk_plain)
    _, out["singles_plain_wall"], out["singles_plain_cpu"] = timed(singles_plain)
    out["peak_mib"] = peak_mib()
    print(json.dumps(out))


def report(result: dict[str, Any]) -> None:
    rows, sample = result["rows"], result["sample"]
    print(f"{result['vendor']}: {rows:,} access-log rows, {sample:,} single writes")
    print(f"{'stage':<34}{'wall s':>9}{'rows/s':>11}{'cpu s':>9}")
    for label, key, count in [
        ("bulk_create, chained", "bulk_chained", rows), ("bulk_create, no chain (baseline)", "bulk_plain", rows),
        ("access_record, chained", "singles_chained", sample), ("one INSERT each, no chain (baseline)", "singles_plain", sample),
        ("verify (walk the chain)", "verify", result["verify_rows"]), ("back-fill (migration 0008)", "backfill", rows),
    ]:
        wall = result[f"{key}_wall"]
        print(f"{label:<34}{wall:>9.2f}{count / wall:>11,.0f}{result[f'{key}_cpu']:>9.2f}")
    per_single = result["singles_chained_wall"] / sample * 1000
    base_single = result["singles_plain_wall"] / sample * 1000
    print(f"single write: {per_single:.2f} ms chained vs {base_single:.2f} ms plain; "
          f"bulk: ×{result['bulk_chained_wall'] / result['bulk_plain_wall']:.2f} of plain; "
          f"verify found the chain {'intact' if result['verify_ok'] else 'BROKEN'}; peak {result['peak_mib']:.0f} MiB")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.audit_chain")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--sample", type=int, default=2_000)
    parser.add_argument("--backends", default="sqlite,postgresql")
    parser.add_argument("--pg-database", default="minzheng_bench_audit_chain")
    parser.add_argument("--keep", action="store_true")
    args = parser.parse_args(argv if argv is not None else sys.argv[1:])
    if args.child:
        child(args)
        return

    def run(database_url: str, work: Path) -> None:
        report(run_child(module="bench.audit_chain", args=["--rows", str(args.rows), "--sample", str(args.sample)],
                         env=child_env(database_url=database_url, var_dir=work)))

    run_on_backends(backends=args.backends, label="audit_chain", work_prefix="bench_audit_chain_", keep=args.keep,
                    run=run, pg_database=args.pg_database)


if __name__ == "__main__":
    main()
