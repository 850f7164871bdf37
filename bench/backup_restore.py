"""Benchmark: ``minzheng backup`` and ``minzheng restore`` (issue 13), on SQLite and on PostgreSQL.

Two ways to run it:

- On a synthetic registry (default): each backend gets a throw-away database with ``--people``
  residents (default 100,000) and their audit rows; it is backed up, restored into a fresh database,
  and both commands are timed.
- On a built database (``--database-url URL``), e.g. the lead's scale-1.0 ``bench_demo``: the backup
  only reads it (one REPEATABLE READ snapshot, as in production); the restore goes into a NEW
  database next to it (PostgreSQL: ``<name>_restored`` on the same server, dropped first and
  afterwards unless ``--keep``; SQLite: a file in the work directory). The source is never written.

Printed: the archive's size, tables and rows; wall seconds of the backup and of the restore (with
rows per second), the restore's ``--jobs``, the largest tables. Both commands run as the ``minzheng``
command does in production, in child processes.

    python -m bench.backup_restore [--people 100000] [--backends sqlite,postgresql] [--jobs 1] [--keep]
    python -m bench.backup_restore --database-url postgres://postgres@127.0.0.1:5432/bench_demo [--jobs 2]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench._util import ROOT, child_env, pg_admin, run_child, run_on_backends

MINZHENG = str(Path(sys.executable).parent / "minzheng")
PG_DATABASE = "minzheng_bench_backup_restore"
CHUNK = 5000


def _fill(total: int) -> None:
    """``total`` residents in bulk, with one audit row each (the two tables that are largest in a city)."""
    from minzheng.core.idnumber import make_id_number
    from minzheng.core.models import AuditEntry
    from minzheng.demo.batch import BatchSealer
    from minzheng.people.models import Person

    sealer = BatchSealer()
    start = dt.date(1930, 1, 1)
    for first in range(0, total, CHUNK):
        people = []
        for n in range(first, min(total, first + CHUNK)):
            born = start + dt.timedelta(days=n // 1000)
            cipher, digest, masked = sealer.seal("id_number", make_id_number("330502", born, n % 1000))
            people.append(Person(id_number_cipher=cipher, id_number_digest=digest, id_number_masked=masked, name="测试",
                                 gender="M" if n % 2 else "F", birth_date=born, region_code="330502003001"))
        people = Person.objects.bulk_create(people)
        AuditEntry.objects.bulk_create([
            AuditEntry(action="people.person.created", object_type="people.person", object_id=str(p.pk),
                       region_code=p.region_code, after={"name": p.name}) for p in people])


def child(args: argparse.Namespace) -> None:
    from bench._util import child_setup

    child_setup(divisions=False)
    _fill(args.fill)
    print(json.dumps({"filled": args.fill}))


def _minzheng(*args: str, env: dict[str, str]) -> tuple[float, float, str]:
    """Run one command; its wall seconds, its peak memory (MiB, the largest child so far) and output."""
    started = time.perf_counter()
    done = subprocess.run([MINZHENG, *args], cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    wall = time.perf_counter() - started
    if done.returncode != 0:
        sys.stderr.write(done.stdout + done.stderr)
        raise SystemExit(done.returncode)
    return wall, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, done.stdout


def _size(size: float) -> str:
    for unit in ("B", "KiB", "MiB", "GiB"):
        if size < 1024 or unit == "GiB":
            return f"{size:,.1f} {unit}"
        size /= 1024
    return f"{size:,.1f} GiB"


def measure(*, label: str, source_url: str, target_url: str, work: Path, field_key: str | None, jobs: int) -> None:
    archive = work / "archive"
    backup_env = child_env(database_url=source_url, var_dir=work / "var-source", field_key=field_key)
    restore_env = child_env(database_url=target_url, var_dir=work / "var-target", field_key=field_key)
    backup_wall, backup_mib, _ = _minzheng("backup", "--to", str(archive), env=backup_env)
    manifest: dict[str, Any] = json.loads((archive / "manifest.json").read_text(encoding="utf-8"))
    rows = sum(manifest["tables"].values())
    size = sum(f["size"] for f in manifest["files"].values())
    restore_wall, restore_mib, _ = _minzheng("restore", "--from", str(archive), f"--jobs={jobs}", env=restore_env)
    print(f"{label}: {len(manifest['tables'])} tables, {rows:,} rows, archive {_size(size)} "
          f"({manifest['server_version']})")
    print(f"    {'stage':<10}{'wall s':>9}{'rows/s':>12}{'MiB/s':>9}{'peak MiB':>10}")
    for stage, wall, mib in (("backup", backup_wall, backup_mib), (f"restore -j{jobs}", restore_wall, restore_mib)):
        print(f"    {stage:<10}{wall:>9.1f}{rows / wall:>12,.0f}{size / 2**20 / wall:>9.1f}{mib:>10.0f}")
    print("    largest tables:")
    for table, count in sorted(manifest["tables"].items(), key=lambda t: -t[1])[:8]:
        print(f"      {table:<40}{count:>12,}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--fill", type=int, default=0, help=argparse.SUPPRESS)
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--backends", default="sqlite,postgresql")
    parser.add_argument("--jobs", type=int, default=1, help="pg_restore's parallel jobs")
    parser.add_argument("--keep", action="store_true")
    parser.add_argument("--pg-database", default=PG_DATABASE, help="the throw-away PostgreSQL database's name")
    parser.add_argument("--database-url", help="a built database to back up (read only) and restore beside it")
    parser.add_argument("--field-key", help="that database's field key (only to compare the manifest's fingerprint)")
    args = parser.parse_args(sys.argv[1:] if argv is None else argv)
    if args.child:
        child(args)
        return
    if args.database_url:
        _built(args)
        return

    def run(database_url: str, work: Path) -> None:
        key = os.urandom(24).hex()
        run_child(module="bench.backup_restore", args=["--fill", str(args.people)],
                  env=child_env(database_url=database_url, var_dir=work / "var-fill", field_key=key))
        backend = "postgresql" if database_url.startswith("postgres") else "sqlite"
        target = f"sqlite:///{work / 'restored.sqlite3'}"
        if backend == "postgresql":
            target = f"{database_url}_restored"
            pg_admin(url=database_url.rsplit("/", 1)[0], sql=f"DROP DATABASE IF EXISTS {args.pg_database}_restored")
            pg_admin(url=database_url.rsplit("/", 1)[0], sql=f"CREATE DATABASE {args.pg_database}_restored")
        try:
            measure(label=f"backup and restore, {args.people:,} residents on {backend}", source_url=database_url,
                    target_url=target, work=work, field_key=key, jobs=args.jobs)
        finally:
            if backend == "postgresql" and not args.keep:
                pg_admin(url=database_url.rsplit("/", 1)[0],
                         sql=f"DROP DATABASE IF EXISTS {args.pg_database}_restored")

    run_on_backends(backends=args.backends, label="backup and restore", work_prefix="bench-backup-restore-",
                    keep=args.keep, run=run, pg_database=args.pg_database)


def _built(args: argparse.Namespace) -> None:
    url = args.database_url.rstrip("/")
    work = Path(tempfile.mkdtemp(prefix="bench-backup-restore-"))
    postgres = url.startswith("postgres")
    server, name = url.rsplit("/", 1)
    target = f"{url}_restored" if postgres else f"sqlite:///{work / 'restored.sqlite3'}"
    try:
        if postgres:
            pg_admin(url=server, sql=f'DROP DATABASE IF EXISTS "{name}_restored"')
            pg_admin(url=server, sql=f'CREATE DATABASE "{name}_restored"')
        measure(label=f"backup and restore of {name}", source_url=url, target_url=target, work=work,
                field_key=args.field_key, jobs=args.jobs)
    finally:
        if args.keep:
            print(f"kept: {work} and {target}")
        else:
            if postgres:
                pg_admin(url=server, sql=f'DROP DATABASE IF EXISTS "{name}_restored"')
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "minzheng.settings")
    main()
