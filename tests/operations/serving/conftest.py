"""Starting ``minzheng serve`` as a real process for the serving tests."""

from __future__ import annotations

import subprocess
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.processes import MINZHENG, ProcessDatabase, free_port, process_env, stop, wait_for_http


@dataclass
class Served:
    process: subprocess.Popen[str]
    port: int
    log: Path
    env: dict[str, str]

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def output(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")


def start_serve(*, env: Mapping[str, str], log: Path, args: tuple[str, ...] = ()) -> Served:
    """``minzheng serve`` on a free port, its output in ``log`` (a pipe nobody reads would fill and stall
    it), waited for until the login page answers."""
    port = free_port()
    handle = log.open("w", encoding="utf-8")
    process = subprocess.Popen([MINZHENG, "serve", "--bind", f"127.0.0.1:{port}", *args], env=dict(env),
                               stdout=handle, stderr=subprocess.STDOUT, text=True)
    handle.close()
    served = Served(process=process, port=port, log=log, env=dict(env))
    try:
        wait_for_http(f"{served.url}/login/", process=process, timeout=90)
    except AssertionError as exc:
        stop(process)
        raise AssertionError(f"{exc}\n{served.output()}") from None
    return served


@pytest.fixture
def serve(process_database: ProcessDatabase, tmp_path: Path) -> Iterator[Callable[..., Served]]:
    """Start ``minzheng serve`` on the test's own database: ``serve(extra_env, *args)``; stopped afterwards."""
    started: list[Served] = []

    def start(extra: Mapping[str, str] | None = None, *args: str) -> Served:
        env = process_env(database_url=process_database.url, var_dir=tmp_path / "var", extra=extra)
        served = start_serve(env=env, log=tmp_path / f"serve-{len(started)}.log", args=args)
        started.append(served)
        return served

    yield start
    for served in started:
        stop(served.process)
