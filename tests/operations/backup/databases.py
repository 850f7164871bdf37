"""Reading a process database from the test process (the real processes' databases, not pytest-django's)."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tests.processes import ProcessDatabase

ROOT = Path(__file__).resolve().parents[3]


def query(db: ProcessDatabase, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
    """Rows of ``sql`` (written with ``%s`` placeholders) run against ``db``."""
    if db.vendor == "sqlite":
        assert db.path is not None
        conn = sqlite3.connect(db.path)
        try:
            return conn.execute(sql.replace("%s", "?"), tuple(params)).fetchall()
        finally:
            conn.close()
    import psycopg

    with psycopg.connect(db.url) as conn:
        return conn.execute(sql, tuple(params)).fetchall()


def table_counts(db: ProcessDatabase) -> dict[str, int]:
    if db.vendor == "sqlite":
        names = [n for (n,) in query(db, "SELECT name FROM sqlite_master WHERE type = 'table' "
                                         "AND name NOT LIKE 'sqlite%%'")]
    else:
        names = [n for (n,) in query(db, "SELECT tablename FROM pg_tables WHERE schemaname = 'public'")]
    return {name: int(query(db, f'SELECT count(*) FROM "{name}"')[0][0]) for name in names}


@dataclass
class Writer:
    """The drill's writer process and what it has reported: (person id, monotonic time of commit)."""

    process: subprocess.Popen[str]
    written: list[tuple[int, float]] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    readers: list[threading.Thread] = field(default_factory=list)

    def wait_for(self, count: int, *, timeout: float = 120) -> None:
        deadline = time.monotonic() + timeout
        while len(self.written) < count:
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise AssertionError(f"the writer wrote {len(self.written)} of {count}:\n{''.join(self.errors)}")
            time.sleep(0.05)

    def finish(self, *, timeout: float = 120) -> int:
        """Wait for the writer to end (killing it if it does not) and close its pipes."""
        try:
            return self.process.wait(timeout=timeout)
        finally:
            if self.process.poll() is None:
                self.process.kill()
                self.process.wait()
            for reader in self.readers:
                reader.join(timeout=10)
            for pipe in (self.process.stdout, self.process.stderr):
                if pipe is not None:
                    pipe.close()

    def stop(self) -> int:
        """SIGTERM: the writer finishes the registration under way and ends."""
        if self.process.poll() is None:
            self.process.terminate()
        return self.finish(timeout=30)


def writer_start(*, env: dict[str, str], count: int = 0, start: int = 0) -> Writer:
    process = subprocess.Popen(
        [sys.executable, "-m", "tests.operations.backup.writer", f"--count={count}", f"--start={start}"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    writer = Writer(process=process)

    def read_out() -> None:
        assert process.stdout is not None
        for line in process.stdout:
            pk, at = line.split()
            writer.written.append((int(pk), float(at)))

    def read_err() -> None:
        assert process.stderr is not None
        writer.errors.extend(process.stderr)

    writer.readers = [threading.Thread(target=read_out, daemon=True), threading.Thread(target=read_err, daemon=True)]
    for reader in writer.readers:
        reader.start()
    return writer
