"""What the benchmarks share. Each runs its measured part in a child process (``python -m bench.X
--child``) on a throw-away database, so that its timings and peak memory are its own and it never
touches var/; the child prints its figures as JSON on its last line of output."""

from __future__ import annotations

import json
import os
import resource
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    import psycopg

    from minzheng.core.models import Region, User
    from minzheng.core.roles import Role

T = TypeVar("T")

ROOT = Path(__file__).resolve().parent.parent
PG_SERVER = "postgres://postgres@127.0.0.1:5432"


def peak_mib() -> float:
    """This process's peak memory so far (max RSS), in MiB."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux reports KiB


def timed(fn: Callable[[], T], /) -> tuple[T, float, float]:
    """``fn()``, its wall seconds and this process's CPU seconds: the CPU figure is the fair one on
    a shared machine, the wall figure the only one that counts a database server's work."""
    started, cpu = time.perf_counter(), time.process_time()
    result = fn()
    return result, time.perf_counter() - started, time.process_time() - cpu


def print_rates(*, heading: str, width: int, rows: int, timings: Mapping[str, Sequence[float]]) -> None:
    """A table of (wall, CPU) seconds per stage, with rows per second of each."""
    print(f"{heading:<{width}}{'wall s':>9}{'rows/s':>10}{'cpu s':>9}{'rows/cpu-s':>12}")
    for label, (wall, cpu) in timings.items():
        # On PostgreSQL a stage can spend next to no CPU in this process.
        print(f"{label:<{width}}{wall:>9.1f}{rows / wall:>10,.0f}{cpu:>9.1f}{rows / max(cpu, 1e-9):>12,.0f}")


def child_env(*, database_url: str, var_dir: Path | str, debug: bool = False,
              field_key: str | None = None) -> dict[str, str]:
    """The environment for a child run: its own database and var/, fresh keys (nothing it writes is
    meant to be read again), and not the test settings a developer's shell may have set.
    ``field_key``: the key of an already built database's encrypted fields, for a child that reads
    them (a fresh one otherwise)."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "minzheng.settings",
        "DATABASE_URL": database_url,
        "MINZHENG_VAR_DIR": str(var_dir),
        "MINZHENG_SECRET_KEY": secrets.token_urlsafe(50),
        "MINZHENG_FIELD_KEY": field_key or secrets.token_urlsafe(32),
        "MINZHENG_DEBUG": "true" if debug else "false",
    }
    env.pop("MINZHENG_TESTING", None)
    return env


def run_child(*, module: str, args: Sequence[str], env: Mapping[str, str],
              live_stderr: bool = False) -> dict[str, Any]:
    """Run ``python -m <module> --child <args>`` from the repository root and return the JSON it
    prints last. On failure, show what it printed and exit with its code. ``live_stderr`` lets its
    progress notes through as they come, for a child that runs long."""
    command = [sys.executable, "-m", module, "--child", *args]
    done = subprocess.run(command, cwd=ROOT, env=env, stdout=subprocess.PIPE,
                          stderr=None if live_stderr else subprocess.PIPE, text=True, check=False)
    if done.returncode != 0:
        sys.stderr.write(done.stdout + (done.stderr or ""))
        raise SystemExit(done.returncode)
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def child_setup(*, divisions: bool = True) -> None:
    """In the child: set Django up and migrate the empty database, and (most benchmarks need them)
    load the city's counties and townships."""
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    if divisions:
        from minzheng.core.services import regions_load_divisions

        regions_load_divisions()


def community(*, code: str, township: Region) -> Region:
    """An unsaved village-level region ``第NNN社区`` under ``township``, for data that needs a
    village but not a real name."""
    from minzheng.core.models import Region

    return Region(code=code, name=f"第{code[-3:]}社区", level="village", kind="社区", parent=township,
                  full_name=f"{township.full_name}第{code[-3:]}社区")


def staff(*, username: str, role: Role, region: Region) -> User:
    """A member of staff to act as; nobody logs in, so the password is random."""
    from minzheng.core.services import staff_create

    return staff_create(actor=None, username=username, password=secrets.token_urlsafe(16), role=role,
                        region=region)


def pg_server_url() -> str:
    """The PostgreSQL server to use (BENCH_PG_URL), without a database name: the benchmark picks its own."""
    return os.environ.get("BENCH_PG_URL", PG_SERVER)


def pg_admin_connect(*, url: str) -> psycopg.Connection[Any]:
    """A connection to the server's ``postgres`` database in autocommit: CREATE and DROP DATABASE
    run neither inside a transaction nor on the database they name."""
    import psycopg

    return psycopg.connect(f"{url.rstrip('/')}/postgres", autocommit=True)


def pg_admin(*, url: str, sql: str) -> None:
    """Run one administrative statement (CREATE or DROP DATABASE) on the server at ``url``."""
    with pg_admin_connect(url=url) as conn:
        conn.execute(sql)


def run_on_backends(*, backends: str, label: str, work_prefix: str, keep: bool,
                    run: Callable[[str, Path], None], pg_database: str | None = None) -> None:
    """Call ``run(database_url, work)`` for each backend in ``backends`` ("sqlite,postgresql"; any
    other name means SQLite), each on a fresh database, with a temporary directory ``work`` for the
    child's files (the SQLite database among them). Both are removed afterwards unless ``keep``.

    On PostgreSQL the database is ``pg_database`` on the BENCH_PG_URL server (never ``test``),
    dropped first in case an earlier run was cut short. Without a server, that backend is skipped
    with a note and the others still run."""
    pg_url = pg_server_url()
    for backend in [b.strip() for b in backends.split(",") if b.strip()]:
        if backend == "postgresql":
            if not pg_database:
                raise ValueError(f"{label}: no PostgreSQL database name given")
            try:
                pg_admin(url=pg_url, sql=f"DROP DATABASE IF EXISTS {pg_database}")
                pg_admin(url=pg_url, sql=f"CREATE DATABASE {pg_database}")
            except Exception as exc:  # no server: say so and go on with the other backends
                print(f"{label} on postgresql: skipped ({exc.__class__.__name__}: {exc})")
                continue
        work = Path(tempfile.mkdtemp(prefix=work_prefix))
        database_url = (f"{pg_url.rstrip('/')}/{pg_database}" if backend == "postgresql"
                        else f"sqlite:///{work / 'bench.sqlite3'}")
        try:
            run(database_url, work)
            sys.stdout.flush()
        finally:
            if keep:
                print(f"kept: {database_url}")
            else:
                if backend == "postgresql":
                    pg_admin(url=pg_url, sql=f"DROP DATABASE IF EXISTS {pg_database}")
                shutil.rmtree(work)
