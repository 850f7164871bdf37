"""Real processes for the tests of running minzheng (issue 13): a database of their own, the
environment a deployed process gets, the ``minzheng`` command, free ports, waiting for a server.

The test process's own database is pytest-django's (in memory on SQLite, inside a transaction on
both backends), which no other process can see. A test that starts a server, a worker or a backup
gets ``process_database``: a fresh, migrated database on the backend the suite runs on, cloned from a
template migrated once per run and shared by its xdist workers (a file copy on SQLite,
``CREATE DATABASE … TEMPLATE`` on PostgreSQL), and dropped afterwards.
"""

from __future__ import annotations

import contextlib
import fcntl
import itertools
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connections

MINZHENG = str(Path(sys.executable).parent / "minzheng")
_counter = itertools.count(1)


@dataclass(frozen=True)
class ProcessDatabase:
    """A database for real processes: its URL, and for SQLite the file."""

    url: str
    vendor: str
    name: str
    path: Path | None = None


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def process_env(*, database_url: str, var_dir: Path, extra: Mapping[str, str] | None = None) -> dict[str, str]:
    """What a deployed process gets: production settings (no DEBUG), the same keys as this test process
    so that both read the same ciphertexts, and its own var/ directory."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("MINZHENG_", "PYTEST_", "DJANGO_"))}
    env.update(
        DATABASE_URL=database_url,
        MINZHENG_SECRET_KEY=settings.SECRET_KEY,
        MINZHENG_FIELD_KEY=settings.FIELD_KEY,
        MINZHENG_VAR_DIR=str(var_dir),
        MINZHENG_DEBUG="false",
        MINZHENG_ALLOWED_HOSTS="127.0.0.1,localhost",
        # Plain http on loopback: a browser keeps no Secure cookie for http://127.0.0.1 in every version.
        MINZHENG_SECURE_COOKIES="false",
        PYTHONUNBUFFERED="1",
    )
    env.update(extra or {})
    return env


def run_minzheng(*args: str, env: Mapping[str, str], timeout: float = 600, check: bool = True) -> subprocess.CompletedProcess[str]:
    """Run one ``minzheng`` command to its end; on failure the assertion shows what it printed."""
    done = subprocess.run([MINZHENG, *args], env=dict(env), capture_output=True, text=True, timeout=timeout)
    if check and done.returncode != 0:
        raise AssertionError(f"minzheng {' '.join(args)} exited {done.returncode}:\n{done.stdout}\n{done.stderr}")
    return done


def wait_for_http(url: str, *, timeout: float = 60, process: subprocess.Popen | None = None) -> None:
    """Wait until ``url`` answers at all (any status), or fail naming what the process printed."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            out = process.stdout.read() if process.stdout else ""
            raise AssertionError(f"the process ended with {process.returncode} before {url} answered:\n{out}")
        try:
            urllib.request.urlopen(url, timeout=2)
            return
        except urllib.error.HTTPError:
            return
        except OSError:
            time.sleep(0.2)
    raise AssertionError(f"{url} did not answer in {timeout} s")


def stop(process: subprocess.Popen, *, timeout: float = 15) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _admin_connection():  # type: ignore[no-untyped-def]
    """A connection to the server's maintenance database, in autocommit (CREATE/DROP DATABASE)."""
    import psycopg

    params = connections["default"].get_connection_params()
    params = {k: v for k, v in params.items() if k in {"host", "port", "user", "password"}}
    return psycopg.connect(dbname="postgres", autocommit=True, **params)


def _pg_url(name: str) -> str:
    info = connections["default"].settings_dict
    user = info.get("USER") or "postgres"
    password = f":{info['PASSWORD']}" if info.get("PASSWORD") else ""
    host = info.get("HOST") or "127.0.0.1"
    port = info.get("PORT") or 5432
    return f"postgres://{user}{password}@{host}:{port}/{name}"


def _drop_pg(name: str) -> None:
    with _admin_connection() as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _pg_create(name: str, *, template: str = "") -> ProcessDatabase:
    """A new PostgreSQL database (a copy of ``template`` when named). One left behind by a killed run
    under the same name is dropped first."""
    _drop_pg(name)
    with _admin_connection() as conn:
        conn.execute(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else ""))
    return ProcessDatabase(url=_pg_url(name), vendor="postgresql", name=name)


@contextlib.contextmanager
def _pg_database(name: str, *, template: str = "") -> Iterator[ProcessDatabase]:
    """``_pg_create``, dropped afterwards."""
    database = _pg_create(name, template=template)
    try:
        yield database
    finally:
        _drop_pg(name)


@contextlib.contextmanager
def _locked(path: Path) -> Iterator[None]:
    """Held by one test process at a time (the xdist workers of a run share the file)."""
    with path.open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


@pytest.fixture(scope="session")
def process_database_template(tmp_path_factory: pytest.TempPathFactory, worker_id: str, django_db_setup,  # type: ignore[no-untyped-def]
                              django_db_blocker) -> Iterator[ProcessDatabase]:
    """One migrated database per test run, the template of every ``process_database``. The xdist workers
    of a run share it (migrating it costs about a minute on PostgreSQL): the first to need it makes it,
    and the last to finish drops it."""
    shared = tmp_path_factory.getbasetemp() if worker_id == "master" else tmp_path_factory.getbasetemp().parent
    lock, state = shared / "process-template.lock", shared / "process-template.json"
    with _locked(lock):
        if state.exists():
            found = json.loads(state.read_text(encoding="utf-8"))
            template = ProcessDatabase(url=found["url"], vendor=found["vendor"], name=found["name"],
                                       path=Path(found["path"]) if found["path"] else None)
            users = found["users"] + 1
        else:
            template = _template_new(shared)
            users = 1
        _template_state_write(state, template, users)
    try:
        yield template
    finally:
        with _locked(lock):
            users = json.loads(state.read_text(encoding="utf-8"))["users"] - 1
            if users:
                _template_state_write(state, template, users)
            else:
                state.unlink()
                if template.vendor == "postgresql":
                    _drop_pg(template.name)


def _template_new(shared: Path) -> ProcessDatabase:
    vendor = connections["default"].vendor
    var_dir = shared / "process-template-var"
    if vendor == "sqlite":
        path = shared / "process-template.sqlite3"
        path.unlink(missing_ok=True)
        template = ProcessDatabase(url=f"sqlite:///{path}", vendor=vendor, name=path.name, path=path)
    else:
        # The run's name, not a worker's (pytest-django gives each xdist worker test_<name>_gw<n>).
        base = re.sub(r"_gw\d+$", "", connections["default"].settings_dict["NAME"])
        template = _pg_create(f"{base}_tmpl"[:60])
    try:
        run_minzheng("migrate", "--no-input", env=process_env(database_url=template.url, var_dir=var_dir))
    except BaseException:
        if vendor == "postgresql":
            _drop_pg(template.name)
        raise
    return template


def _template_state_write(state: Path, template: ProcessDatabase, users: int) -> None:
    state.write_text(json.dumps({"url": template.url, "vendor": template.vendor, "name": template.name,
                                 "path": str(template.path) if template.path else "", "users": users}),
                     encoding="utf-8")


@pytest.fixture
def process_database(process_database_template: ProcessDatabase, tmp_path: Path) -> Iterator[ProcessDatabase]:
    """A fresh, migrated, empty database for the real processes of one test; dropped afterwards."""
    template = process_database_template
    if template.vendor == "sqlite":
        assert template.path is not None
        path = tmp_path / "db.sqlite3"
        shutil.copyfile(template.path, path)
        yield ProcessDatabase(url=f"sqlite:///{path}", vendor="sqlite", name=path.name, path=path)
        return
    with _pg_database(f"{template.name.removesuffix('_tmpl')}_p{os.getpid()}_{next(_counter)}"[:60],
                      template=template.name) as database:
        yield database


@pytest.fixture
def empty_process_database(process_database_template: ProcessDatabase, tmp_path: Path) -> Iterator[ProcessDatabase]:
    """A database with nothing in it, not even tables: what ``minzheng restore`` restores into."""
    template = process_database_template
    if template.vendor == "sqlite":
        path = tmp_path / "empty.sqlite3"
        yield ProcessDatabase(url=f"sqlite:///{path}", vendor="sqlite", name=path.name, path=path)
        return
    with _pg_database(f"{template.name.removesuffix('_tmpl')}_e{os.getpid()}_{next(_counter)}"[:60]) as database:
        yield database
