"""/healthz of a real server (``minzheng serve``) beside a real ``minzheng worker``: 200 while the worker
beats, 503 naming the worker once it is stopped (SIGTERM) or killed (SIGKILL: its beat goes stale),
503 naming the migrations on a database migrated back or never migrated, 503 naming the database
when it does not answer."""

from __future__ import annotations

import json
import signal
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest
from django.db import connections

from minzheng.operations.health import checks
from tests.processes import (
    MINZHENG,
    ProcessDatabase,
    free_port,
    process_env,
    run_minzheng,
    stop,
    wait_for_http,
)

# Fast beats, so that a killed worker goes stale within seconds.
BEATS = {"MINZHENG_WORKER_HEARTBEAT_SECONDS": "0.3", "MINZHENG_HEALTH_WORKER_STALE_SECONDS": "2",
         "MINZHENG_HEALTH_MIGRATIONS_CACHE_SECONDS": "0"}


def healthz(url: str) -> tuple[int, dict[str, Any]]:
    try:
        with urllib.request.urlopen(f"{url}/healthz", timeout=10) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


def healthz_until(url: str, predicate: Callable[[int, dict[str, Any]], bool], *, timeout: float = 60) -> tuple[int, dict]:
    """Poll until ``predicate(status, body)`` holds; fail showing the last answer."""
    deadline = time.monotonic() + timeout
    while True:
        status, body = healthz(url)
        if predicate(status, body):
            return status, body
        if time.monotonic() > deadline:
            raise AssertionError(f"/healthz still answers {status} {body}")
        time.sleep(0.2)


class Processes:
    def __init__(self, tmp_path: Path) -> None:
        self.tmp_path = tmp_path
        self.started: list[subprocess.Popen[str]] = []

    def start(self, *args: str, env: Mapping[str, str]) -> subprocess.Popen[str]:
        log = (self.tmp_path / f"{args[0]}-{len(self.started)}.log").open("w", encoding="utf-8")
        process = subprocess.Popen([MINZHENG, *args], env=dict(env), stdout=log, stderr=subprocess.STDOUT, text=True)
        log.close()
        self.started.append(process)
        return process

    def serve(self, env: Mapping[str, str]) -> str:
        port = free_port()
        process = self.start("serve", "--bind", f"127.0.0.1:{port}", "--workers", "1", env=env)
        url = f"http://127.0.0.1:{port}"
        wait_for_http(f"{url}/healthz", process=process, timeout=90)
        return url

    def worker(self, env: Mapping[str, str]) -> subprocess.Popen[str]:
        return self.start("worker", "--no-reload", "--no-startup-delay", "--interval", "0.2", env=env)


@pytest.fixture
def processes(tmp_path: Path) -> Iterator[Processes]:
    running = Processes(tmp_path)
    yield running
    for process in running.started:
        stop(process)


def test_healthz_follows_the_worker_started_stopped_and_killed(process_database: ProcessDatabase, tmp_path: Path,
                                                               processes: Processes) -> None:
    env = process_env(database_url=process_database.url, var_dir=tmp_path / "var", extra=BEATS)
    url = processes.serve(env)
    status, body = healthz(url)
    assert status == 503 and body["checks"]["worker"]["reason"] == checks.WORKER_NEVER
    assert body["checks"]["database"]["status"] == body["checks"]["migrations"]["status"] == "ok"

    worker = processes.worker(env)
    status, body = healthz_until(url, lambda status, body: status == 200)
    assert body["status"] == "ok" and body["checks"]["worker"]["alive"] == 1

    worker.send_signal(signal.SIGTERM)
    assert worker.wait(timeout=30) == 0
    status, body = healthz(url)  # a clean exit is seen at once, without waiting for staleness
    assert status == 503 and body["status"] == "fail"
    assert body["checks"]["worker"]["reason"] == checks.WORKER_STOPPED
    assert body["checks"]["database"]["status"] == "ok"

    killed = processes.worker(env)
    healthz_until(url, lambda status, body: status == 200)
    killed.send_signal(signal.SIGKILL)
    killed.wait(timeout=30)
    status, body = healthz_until(url, lambda status, body: status == 503)
    assert body["checks"]["worker"]["reason"] == checks.WORKER_STALE.format(seconds=2)
    assert body["checks"]["worker"]["last_beat_seconds_ago"] >= 2


@pytest.mark.parametrize("database", ["migrated_back", "never_migrated"])
def test_healthz_names_migrations_not_applied(database: str, request: pytest.FixtureRequest, tmp_path: Path,
                                              processes: Processes) -> None:
    if database == "migrated_back":
        db: ProcessDatabase = request.getfixturevalue("process_database")
        env = process_env(database_url=db.url, var_dir=tmp_path / "var", extra=BEATS)
        run_minzheng("migrate", "operations", "zero", "--no-input", env=env)
    else:
        db = request.getfixturevalue("empty_process_database")
        env = process_env(database_url=db.url, var_dir=tmp_path / "var", extra=BEATS)
    url = processes.serve(env)

    status, body = healthz(url)

    assert status == 503 and body["status"] == "fail"
    assert body["checks"]["database"] == {"status": "ok"}
    migrations = body["checks"]["migrations"]
    assert migrations["status"] == "fail" and migrations["pending"] >= 1
    assert migrations["reason"] == checks.MIGRATIONS_PENDING.format(count=migrations["pending"])
    assert body["checks"]["worker"] == {"status": "fail", "reason": checks.WORKER_UNREADABLE}


def test_healthz_names_the_database_when_it_does_not_answer(tmp_path: Path, processes: Processes) -> None:
    if connections["default"].vendor == "sqlite":
        url = f"sqlite:///{tmp_path / 'no-such-directory' / 'db.sqlite3'}"
    else:
        url = f"postgres://postgres@127.0.0.1:{free_port()}/nothing"  # nothing listens there
    env = process_env(database_url=url, var_dir=tmp_path / "var", extra=BEATS)
    server = processes.serve(env)

    status, body = healthz(server)

    assert status == 503
    assert body == {"status": "fail", "checks": {
        "database": {"status": "fail", "reason": checks.DATABASE_DOWN},
        "migrations": {"status": "fail", "reason": checks.NOT_CHECKED},
        "worker": {"status": "fail", "reason": checks.NOT_CHECKED},
    }}
