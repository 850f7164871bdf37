"""Benchmark: ``minzheng keys rotate`` (re-seal every encrypted column and blind index under a new
field key), on SQLite and on PostgreSQL.

Two ways to run it:

- On a synthetic registry (default): each backend gets a throw-away database with ``--people``
  residents (default 200,000; every other one with a phone) sealed under an old key, and the
  rotation to a new key is timed in a child process holding the new key and the old one, as a
  deployment would during a rotation.
- On a built demo (``--database URL --field-key KEY``): a COPY of a built city (for the full city,
  ``CREATE DATABASE h_keys_city TEMPLATE bench_demo`` or a copy of the SQLite file), whose sealed
  columns are under ``KEY``. The child rotates it to a fresh random key, so the copy is left
  unreadable to anyone but this run: never point it at a database that anyone uses (it refuses
  ``bench_demo`` by name).

Printed: the rows re-sealed, the tables, the batches, wall and CPU seconds, rows per second, and
the rows per table; a second run right after it (nothing left to do) shows the cost of the scan.

    python -m bench.key_rotation [--people 200000] [--batch-size 2000] [--backends sqlite,postgresql] [--keep]
    python -m bench.key_rotation --database postgres://postgres@127.0.0.1:5432/h_keys_city --field-key KEY
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import secrets
import sys
import tempfile
from pathlib import Path
from typing import Any

from bench._util import child_env, peak_mib, run_child, run_on_backends, timed

PG_DATABASE = "minzheng_bench_key_rotation"
CHUNK = 5000
PROTECTED = {"bench_demo"}  # the lead's scale-1.0 database: rotate only copies of it


def _fill(total: int) -> None:
    """``total`` residents sealed under this process's key (the old one), in bulk."""
    from minzheng.core.idnumber import make_id_number
    from minzheng.demo.batch import BatchSealer
    from minzheng.people.models import Person

    sealer = BatchSealer()
    start = dt.date(1930, 1, 1)
    rows = []
    for n in range(total):
        number = make_id_number("330502", start + dt.timedelta(days=n // 1000), n % 1000)
        born = start + dt.timedelta(days=n // 1000)
        i_cipher, i_digest, i_masked = sealer.seal("id_number", number)
        p_cipher, p_digest, p_masked = sealer.seal("phone", f"139{n:08d}" if n % 2 else "")
        rows.append(Person(id_number_cipher=i_cipher, id_number_digest=i_digest, id_number_masked=i_masked,
                           phone_cipher=p_cipher, phone_digest=p_digest, phone_masked=p_masked, name="测试",
                           gender="M" if n % 2 else "F", birth_date=born, region_code="330502003001"))
        if len(rows) >= CHUNK:
            Person.objects.bulk_create(rows)
            rows = []
    Person.objects.bulk_create(rows)


def child(args: argparse.Namespace) -> None:
    import django

    django.setup()
    from django.core.management import call_command

    if args.fill:
        call_command("migrate", verbosity=0)
        _fill(args.fill)
        print(json.dumps({"filled": args.fill}))
        return
    from minzheng.core.keys.rotation import rotate, status

    before, status_wall, _ = timed(status)
    result, wall, cpu = timed(lambda: rotate(batch_size=args.batch_size))
    again, again_wall, _ = timed(lambda: rotate(batch_size=args.batch_size))
    print(json.dumps({
        "stale_before": before.stale, "status_s": status_wall, "rows": result.rows, "batches": result.batches,
        "tables": result.tables, "complete": result.complete, "wall": wall, "cpu": cpu,
        "per_table": result.per_table, "again_rows": again.rows, "again_wall": again_wall, "peak_mib": peak_mib(),
    }))


def _report(label: str, out: dict[str, Any]) -> None:
    rate = out["rows"] / out["wall"] if out["wall"] else 0.0
    print(f"{label}: {out['rows']:,} rows re-sealed in {out['tables']} tables, {out['batches']:,} batches: "
          f"{out['wall']:.1f} s wall ({rate:,.0f} rows/s), {out['cpu']:.1f} s CPU, peak {out['peak_mib']:.0f} MiB; "
          f"complete: {out['complete']}")
    for table, rows in sorted(out["per_table"].items()):
        print(f"    {table:<36}{rows:>12,}")
    print(f"    status before (count of rows under an old key): {out['status_s']:.1f} s; "
          f"a second run with nothing left: {out['again_rows']} rows, {out['again_wall']:.1f} s")


def _rotate(*, database_url: str, var_dir: Path, old_key: str, batch_size: int) -> dict[str, Any]:
    env = child_env(database_url=database_url, var_dir=var_dir, field_key=secrets.token_urlsafe(32))
    env["MINZHENG_FIELD_KEY_PREVIOUS"] = old_key
    return run_child(module="bench.key_rotation", args=["--batch-size", str(batch_size)], env=env)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--fill", type=int, default=0, help=argparse.SUPPRESS)
    parser.add_argument("--people", type=int, default=200_000)
    parser.add_argument("--batch-size", type=int, default=2000)
    parser.add_argument("--backends", default="sqlite,postgresql")
    parser.add_argument("--keep", action="store_true")
    parser.add_argument("--pg-database", default=PG_DATABASE, help="the throw-away PostgreSQL database's name")
    parser.add_argument("--database", help="a COPY of a built demo to rotate in place (never one in use)")
    parser.add_argument("--field-key", help="the key that copy's sealed columns are under")
    args = parser.parse_args(sys.argv[1:] if argv is None else argv)
    if args.child:
        child(args)
        return
    if args.database:
        if not args.field_key:
            parser.error("--database needs --field-key (the key its sealed columns are under)")
        name = args.database.rstrip("/").rsplit("/", 1)[-1]
        if name in PROTECTED:
            parser.error(f"{name} is in use: rotate a copy (CREATE DATABASE h_keys_city TEMPLATE {name})")
        with tempfile.TemporaryDirectory(prefix="bench-key-rotation-") as work:
            out = _rotate(database_url=args.database, var_dir=Path(work), old_key=args.field_key,
                          batch_size=args.batch_size)
        _report(f"key rotation of {name}", out)
        return

    def run(database_url: str, work: Path) -> None:
        old_key = secrets.token_urlsafe(32)
        filled = run_child(module="bench.key_rotation", args=["--fill", str(args.people)],
                           env=child_env(database_url=database_url, var_dir=work, field_key=old_key))
        assert filled["filled"] == args.people
        backend = "postgresql" if database_url.startswith("postgres") else "sqlite"
        _report(f"key rotation, {args.people:,} residents on {backend}",
                _rotate(database_url=database_url, var_dir=work, old_key=old_key, batch_size=args.batch_size))

    run_on_backends(backends=args.backends, label="key rotation", work_prefix="bench-key-rotation-",
                    keep=args.keep, run=run, pg_database=args.pg_database)


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "minzheng.settings")
    main()
