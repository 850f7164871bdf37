"""Benchmark: what /healthz and the request log cost, on SQLite and on PostgreSQL.

/healthz is polled by nginx, systemd and the load test, so it must stay cheap. In a child process on
a throw-away migrated database with one beating worker row, through Django's full request stack
(every middleware, the request log included), it times:

- the first /healthz of a process (the migration check reads every migration file);
- /healthz per second with "migrations applied" kept for a minute (the default), and checked at
  every request (MINZHENG_HEALTH_MIGRATIONS_CACHE_SECONDS=0);
- the same /healthz with the request log on (INFO, the default) and off, i.e. what the log line costs;
- the PII filter and the JSON formatter alone: request-log records per second.

    python -m bench.healthz [--requests 300] [--backends sqlite,postgresql] [--keep]
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
import time
from pathlib import Path

from bench._util import child_env, run_child, run_on_backends

PG_DATABASE = "minzheng_bench_healthz"


def _per_second(fn, n: int) -> float:  # type: ignore[no-untyped-def]
    started = time.perf_counter()
    for _ in range(n):
        fn()
    return n / (time.perf_counter() - started)


def child(requests: int) -> None:
    from bench._util import child_setup

    child_setup(divisions=False)
    from django.conf import settings
    from django.test import Client

    from minzheng.operations.health import checks
    from minzheng.operations.health.services import heartbeat_start
    from minzheng.operations.logs.filters import RedactPii
    from minzheng.operations.logs.formatters import JsonFormatter

    heartbeat_start(worker_id="bench", hostname="bench", pid=1)
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    client = Client()
    # The request log's lines would fill the pipe's buffer; they go nowhere here, through the same
    # filter and formatter as in production.
    sink = open(os.devnull, "w")  # noqa: SIM115 (open for the child's whole life)
    for handler in logging.getLogger().handlers:
        handler.setStream(sink)  # type: ignore[attr-defined]

    def get() -> None:
        response = client.get("/healthz")
        assert response.status_code == 200, response.content

    checks.migrations_cache_clear()
    started = time.perf_counter()
    get()
    first_ms = (time.perf_counter() - started) * 1000
    cached = _per_second(get, requests)
    settings.MINZHENG_HEALTH_MIGRATIONS_CACHE_SECONDS = 0
    uncached = _per_second(get, max(requests // 10, 10))
    settings.MINZHENG_HEALTH_MIGRATIONS_CACHE_SECONDS = 60
    get()
    logging.getLogger("minzheng.request").setLevel(logging.WARNING)
    no_log = _per_second(get, requests)
    logging.getLogger("minzheng.request").setLevel(logging.INFO)

    record = logging.LogRecord("minzheng.request", logging.INFO, __file__, 1, "%s %s %s",
                               ("GET", "/people/42/", 200), None)
    fields = {"method": "GET", "path": "/people/42/", "status": 200, "duration_ms": 12.3, "user_id": 7,
              "client": "10.0.0.1", "view": "people:detail"}
    redact, formatter = RedactPii(), JsonFormatter()

    def format_one() -> None:
        one = logging.makeLogRecord(record.__dict__)
        one.fields = dict(fields)
        redact.filter(one)
        formatter.format(one)

    lines = _per_second(format_one, 20_000)
    print(json.dumps({"first_ms": first_ms, "cached_rps": cached, "uncached_rps": uncached,
                      "no_log_rps": no_log, "lines_per_s": lines}))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.healthz")
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--backends", default="sqlite,postgresql")
    parser.add_argument("--keep", action="store_true")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        child(args.requests)
        return

    rows: list[tuple[str, dict]] = []

    def run(database_url: str, work: Path) -> None:
        env = child_env(database_url=database_url, var_dir=work / "var")
        rows.append((database_url.split(":", 1)[0], run_child(module="bench.healthz",
                                                              args=["--requests", str(args.requests)], env=env)))

    run_on_backends(backends=args.backends, label="healthz", work_prefix="bench-healthz-", keep=args.keep,
                    run=run, pg_database=PG_DATABASE)
    print(f"{'backend':<12}{'first ms':>10}{'req/s':>9}{'req/s no cache':>16}{'req/s no log':>14}{'log lines/s':>13}")
    for backend, r in rows:
        print(f"{backend:<12}{r['first_ms']:>10.0f}{r['cached_rps']:>9.0f}{r['uncached_rps']:>16.1f}"
              f"{r['no_log_rps']:>14.0f}{r['lines_per_s']:>13,.0f}")


if __name__ == "__main__":
    main(sys.argv[1:])
