"""The production server: gunicorn, run inside the ``minzheng serve`` process.

gunicorn's master process is the command's own process (no second program to install or configure);
it forks the workers, restarts one that dies or hangs past the timeout, and stops them all gracefully
on SIGTERM (what systemd and container runtimes send).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from gunicorn.app.base import BaseApplication

# Each worker holds its own database connection; PostgreSQL's default max_connections is 100, and the
# task worker, the daily commands and psql need some too. More than this belongs on a second machine.
MAX_DEFAULT_WORKERS = 16
# How long a worker keeps its database connection between requests, unless MINZHENG_CONN_MAX_AGE says.
PERSISTENT_CONNECTION_SECONDS = 300


def default_workers(*, configured: int, cores: int | None) -> int:
    """``MINZHENG_WEB_WORKERS`` when set, else cores + 1, capped at MAX_DEFAULT_WORKERS. A page is
    mostly CPU (templates and the ORM; a query answers in a fraction of a millisecond), so gunicorn's
    usual 2 × cores + 1 only makes workers take the cores from each other: measured with bench.load on
    two cores, 3 workers held 159 requests/s at p99 330 ms, 5 workers 135/s at p99 1.1 s. With the
    database on another machine, a worker waits longer and more of them may pay."""
    if configured > 0:
        return configured
    return min((cores or 1) + 1, MAX_DEFAULT_WORKERS)


def keep_connections(*, settings_dicts: Iterable[dict[str, Any]], environ: Mapping[str, str]) -> None:
    """Let each worker keep its database connections between requests, unless MINZHENG_CONN_MAX_AGE
    says otherwise. A sync worker serves one request at a time, so it can keep its connection; opening
    one per request costs a PostgreSQL backend start each time (the server forks a process for it)."""
    if "MINZHENG_CONN_MAX_AGE" in environ:
        return
    for settings_dict in settings_dicts:
        settings_dict.update(CONN_MAX_AGE=PERSISTENT_CONNECTION_SECONDS, CONN_HEALTH_CHECKS=True)


@dataclass(frozen=True)
class ServeOptions:
    bind: str = "127.0.0.1:8000"
    workers: int = 1
    threads: int = 1
    timeout: int = 60
    graceful_timeout: int = 30
    keepalive: int = 5
    # A guard against a slow leak, not a routine: each new worker compiles its templates and opens its
    # connections again (at 1,000 it cost a tenth of the server's CPU under load).
    max_requests: int = 10_000
    max_requests_jitter: int = 1_000
    trusted_proxies: tuple[str, ...] = ()
    access_logfile: str | None = None
    log_level: str = "warning"


def gunicorn_settings(options: ServeOptions) -> dict[str, Any]:
    """The gunicorn settings ``minzheng serve`` runs with."""
    settings: dict[str, Any] = {
        "bind": [options.bind],
        "workers": options.workers,
        "threads": options.threads,
        "timeout": options.timeout,
        "graceful_timeout": options.graceful_timeout,
        "keepalive": options.keepalive,
        # A worker is replaced after this many requests (± the jitter, so they do not all restart at
        # once): whatever a long-running process accumulates is handed back.
        "max_requests": options.max_requests,
        "max_requests_jitter": options.max_requests_jitter,
        # gunicorn believes X-Forwarded-Proto (https) only from these; its own default trusts 127.0.0.1,
        # which on a shared machine is anybody.
        "forwarded_allow_ips": ",".join(options.trusted_proxies),
        # Django is loaded once, before the fork: a broken setting stops the start instead of every
        # worker, and the workers share the loaded code's memory.
        "preload_app": True,
        # The request log is the app's own (JSON, logger minzheng.request); gunicorn's only when asked.
        "accesslog": options.access_logfile,
        "errorlog": "-",
        "loglevel": options.log_level,
        "proc_name": "minzheng",
    }
    if os.path.isdir("/dev/shm"):
        # The workers' heartbeat files: in memory, so a slow disk never makes the master think a worker hung.
        settings["worker_tmp_dir"] = "/dev/shm"
    return settings


class MinzhengServer(BaseApplication):  # type: ignore[misc]
    """gunicorn with minzheng's WSGI application, configured from ``ServeOptions`` only (no config file,
    no GUNICORN_CMD_ARGS: what runs is what ``minzheng serve`` says)."""

    def __init__(self, *, options: ServeOptions, when_ready: Callable[[], None] | None = None) -> None:
        self.options = options
        self._when_ready = when_ready
        super().__init__()

    def load_config(self) -> None:
        for key, value in gunicorn_settings(self.options).items():
            self.cfg.set(key, value)
        if self._when_ready is not None:
            callback = self._when_ready
            self.cfg.set("when_ready", lambda _server: callback())

    def load(self) -> Any:
        from django.core.wsgi import get_wsgi_application
        from django.db import connections

        application = get_wsgi_application()
        # Nothing opened while loading may be shared by the forked workers: each opens its own.
        connections.close_all()
        keep_connections(settings_dicts=[connections[alias].settings_dict for alias in connections],
                         environ=os.environ)
        return application
