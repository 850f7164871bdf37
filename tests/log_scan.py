"""The log scan of a whole test session (issue 13): no ID number or phone in any log line.

Every test process (the one process, or each pytest-xdist worker) writes every log record from INFO
up, the request log included, as JSON lines through the same PII filter as production, to
``<tmp>/minzheng-test-logs/<session>/<worker or "main">.jsonl``. At the end of the session the
controller reads every file of the session and fails it, naming file:line with the match masked,
if a line holds an ID number or a phone: something logged past the filter (a handler without it,
a new pattern of leak). A whole-suite run that produced no request lines fails too, since then
the scan looked at nothing.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import tempfile
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pytest

from minzheng.operations.logs.filters import RedactPii
from minzheng.operations.logs.formatters import JsonFormatter
from minzheng.operations.logs.redact import SCAN_PATTERNS

LOG_DIR_ENV = "MINZHENG_TEST_LOG_DIR"
KEEP_SESSIONS_SECONDS = 3 * 24 * 3600

_handler_key = pytest.StashKey[logging.Handler]()
_report_key = pytest.StashKey[list[str]]()


@dataclass(frozen=True)
class Finding:
    path: Path
    line_no: int
    kind: str
    excerpt: str  # the line around the match, the match itself masked

    def __str__(self) -> str:
        return f"{self.path}:{self.line_no}: {self.kind}: {self.excerpt}"


@dataclass(frozen=True)
class ScanResult:
    files: int
    lines: int
    request_lines: int
    findings: list[Finding]


def _mask(line: str, start: int, end: int) -> str:
    masked = line[:start] + "*" * (end - start) + line[end:]
    left, right = max(0, start - 60), min(len(masked), end + 60)
    return ("…" if left else "") + masked[left:right] + ("…" if right < len(masked) else "")


def scan_files(paths: Iterable[Path]) -> ScanResult:
    """Read log files line by line; every ID-number or phone match is a finding."""
    files = lines = request_lines = 0
    findings: list[Finding] = []
    for path in paths:
        files += 1
        with path.open(encoding="utf-8", errors="replace") as handle:
            for line_no, line in enumerate(handle, start=1):
                lines += 1
                if '"logger": "minzheng.request"' in line:
                    request_lines += 1
                for kind, pattern in SCAN_PATTERNS.items():
                    for match in pattern.finditer(line):
                        findings.append(Finding(path, line_no, kind, _mask(line.rstrip("\n"), *match.span())))
    return ScanResult(files=files, lines=lines, request_lines=request_lines, findings=findings)


def _session_dir() -> Path:
    """The controller chooses the directory and passes it on to xdist's workers in the environment
    (they inherit it when they start); a plain run is its own controller."""
    existing = os.environ.get(LOG_DIR_ENV)
    if existing:
        return Path(existing)
    base = Path(tempfile.gettempdir()) / "minzheng-test-logs"
    base.mkdir(exist_ok=True)
    now = time.time()
    for old in base.iterdir():
        try:
            if now - old.stat().st_mtime > KEEP_SESSIONS_SECONDS:
                shutil.rmtree(old, ignore_errors=True)
        except OSError:
            pass
    session = Path(tempfile.mkdtemp(prefix=time.strftime("%Y%m%d-%H%M%S-"), dir=base))
    os.environ[LOG_DIR_ENV] = str(session)
    return session


def _is_worker(config: pytest.Config) -> bool:
    return hasattr(config, "workerinput")


def session_log_file(config: pytest.Config) -> Path:
    name = config.workerinput["workerid"] if _is_worker(config) else "main"  # type: ignore[attr-defined]
    return _session_dir() / f"{name}.jsonl"


def pytest_configure(config: pytest.Config) -> None:
    path = session_log_file(config)
    handler = logging.FileHandler(path, encoding="utf-8")
    handler.setFormatter(JsonFormatter())
    handler.addFilter(RedactPii())
    handler.setLevel(logging.INFO)
    logging.getLogger().addHandler(handler)
    config.stash[_handler_key] = handler


def pytest_unconfigure(config: pytest.Config) -> None:
    handler = config.stash.get(_handler_key, None)
    if handler is not None:
        logging.getLogger().removeHandler(handler)
        handler.close()


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    config = session.config
    handler = config.stash.get(_handler_key, None)
    if handler is not None:
        handler.flush()
    if _is_worker(config):
        return  # the controller scans every worker's file once they are all done
    directory = _session_dir()
    result = scan_files(sorted(directory.glob("*.jsonl")))
    report = [f"log scan: {result.lines} log lines ({result.request_lines} request lines) in {result.files} "
              f"file(s) under {directory}"]
    if result.findings:
        report.append(f"log scan FAILED: {len(result.findings)} ID number(s) or phone(s) in the logs:")
        report += [f"  {finding}" for finding in result.findings[:50]]
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
    elif result.request_lines == 0 and config.args_source == pytest.Config.ArgsSource.TESTPATHS and exitstatus == 0:
        # The whole suite makes hundreds of requests; none logged means the log went somewhere else.
        report.append("log scan FAILED: the whole suite ran but no request was logged")
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
    else:
        report.append("log scan: no ID number or phone in any line")
    config.stash[_report_key] = report


def pytest_terminal_summary(terminalreporter, exitstatus: int, config: pytest.Config) -> None:  # type: ignore[no-untyped-def]
    report = config.stash.get(_report_key, None)
    if not report:
        return
    failed = any("FAILED" in line for line in report)
    for line in report:
        terminalreporter.write_line(line, red=failed, green=not failed)


def request_lines(path: Path) -> list[dict]:
    """The request log's lines in ``path``, parsed (for the tests of the log itself)."""
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if '"logger": "minzheng.request"' in line:
            out.append(json.loads(line))
    return out
