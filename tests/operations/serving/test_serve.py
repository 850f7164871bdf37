"""``minzheng serve`` as a real process: pages and static files through its workers, and its stop."""

from __future__ import annotations

import signal
import time
import urllib.request
from pathlib import Path

import pytest

pytestmark = pytest.mark.django_db


def children_of(pid: int) -> set[int]:
    """The processes whose parent is ``pid`` (Linux /proc)."""
    found = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue  # ended while we looked
        if int(fields[1]) == pid:
            found.add(int(stat.parent.name))
    return found


def get(url: str) -> tuple[int, str, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.headers.get("Content-Type", ""), response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers.get("Content-Type", ""), exc.read()


def test_serve_answers_pages_and_static_files_through_the_workers_asked_for(serve) -> None:  # type: ignore[no-untyped-def]
    served = serve(None, "--workers", "3")

    status, content_type, body = get(f"{served.url}/login/")
    assert status == 200 and content_type.startswith("text/html")
    page = body.decode()
    assert "/static/css/minzheng.css" in page and "/static/js/minzheng.js" in page

    status, content_type, body = get(f"{served.url}/static/css/minzheng.css")
    assert (status, content_type.split(";")[0]) == (200, "text/css")
    assert b"--brand" in body
    status, content_type, _ = get(f"{served.url}/static/js/minzheng.js")
    assert status == 200 and content_type.split(";")[0] in {"text/javascript", "application/javascript"}
    status, _, _ = get(f"{served.url}/static/vendor/htmx/htmx.min.js")
    assert status == 200
    assert get(f"{served.url}/static/css/no-such-file.css")[0] == 404

    # gunicorn's master is the command's own process; the workers are its children.
    deadline = time.monotonic() + 20
    while len(children_of(served.process.pid)) != 3 and time.monotonic() < deadline:
        time.sleep(0.2)
    assert len(children_of(served.process.pid)) == 3
    assert "3 个工作进程" in served.output()


def test_serve_stops_with_its_workers_on_sigterm(serve) -> None:  # type: ignore[no-untyped-def]
    served = serve(None, "--workers", "2")
    deadline = time.monotonic() + 20
    while len(children_of(served.process.pid)) != 2 and time.monotonic() < deadline:
        time.sleep(0.2)
    workers = children_of(served.process.pid)
    assert len(workers) == 2

    served.process.send_signal(signal.SIGTERM)
    assert served.process.wait(timeout=40) == 0, served.output()
    assert not any(Path(f"/proc/{pid}").exists() for pid in workers)
    with pytest.raises(OSError):
        urllib.request.urlopen(f"{served.url}/login/", timeout=2)
