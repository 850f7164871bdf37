"""nginx in front of ``minzheng serve``: the public pages' rate limit counts the client nginx saw, and a forged
X-Forwarded-For counts for nothing, whether sent through nginx or straight to serve from outside the proxy.

nginx runs with deploy/nginx/minzheng-proxy.conf (the headers of the deployed site) and a configuration of its
own in tmp_path. All of 127/8 is loopback, so a client socket bound to 127.0.0.2 is a second machine to nginx.
"""

from __future__ import annotations

import http.client
import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.processes import free_port, stop, wait_for_http

pytestmark = pytest.mark.django_db

REPO = Path(__file__).resolve().parents[3]
PROXY_HEADERS = REPO / "deploy" / "nginx" / "minzheng-proxy.conf"
# The public bed page counts the hit before it looks the code up: an unknown code answers 404 until the limit,
# then 429, with no data needed.
BED_PAGE = "/b/" + "x" * 22
LIMIT = 3

CONF = """
master_process off;
daemon off;
pid {tmp}/nginx.pid;
error_log {tmp}/nginx-error.log warn;
events {{ worker_connections 64; }}
http {{
    access_log off;
    client_body_temp_path {tmp}/client_body;
    proxy_temp_path {tmp}/proxy;
    fastcgi_temp_path {tmp}/fastcgi;
    uwsgi_temp_path {tmp}/uwsgi;
    scgi_temp_path {tmp}/scgi;
    server {{
        listen 127.0.0.1:{port};
        location / {{
            proxy_pass http://127.0.0.1:{upstream};
            include {headers};
        }}
    }}
}}
"""


def nginx_binary() -> str:
    found = shutil.which("nginx") or ("/usr/sbin/nginx" if os.path.exists("/usr/sbin/nginx") else None)
    if found is None:
        if os.environ.get("CI", "").lower() in {"1", "true", "yes"}:
            pytest.fail("nginx is not installed; on CI (CI=true) this test must run: apt-get install nginx")
        pytest.skip("nginx is not installed (apt-get install nginx); on CI (CI=true) this test must run")
    return found


@pytest.fixture
def nginx(tmp_path: Path) -> Iterator[callable]:  # type: ignore[valid-type]
    """Start nginx in front of a given upstream port: ``nginx(upstream) -> port``; stopped afterwards."""
    binary = nginx_binary()
    started: list[subprocess.Popen[bytes]] = []

    def start(upstream: int) -> int:
        work = tmp_path / "nginx"
        work.mkdir()
        port = free_port()
        conf = work / "nginx.conf"
        conf.write_text(CONF.format(tmp=work, port=port, upstream=upstream, headers=PROXY_HEADERS), encoding="utf-8")
        process = subprocess.Popen([binary, "-p", str(work), "-e", str(work / "nginx-error.log"), "-c", str(conf)],
                                   stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
        started.append(process)
        wait_for_http(f"http://127.0.0.1:{port}/login/", process=process, timeout=30)
        return port

    yield start
    for process in started:
        stop(process)


def get(port: int, path: str, *, source: str, forwarded_for: str | None = None) -> int:
    """GET from a client whose address is ``source``; its status."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30, source_address=(source, 0))
    headers = {"X-Forwarded-For": forwarded_for} if forwarded_for else {}
    try:
        connection.request("GET", path, headers=headers)
        return connection.getresponse().status
    finally:
        connection.close()


def test_behind_nginx_the_rate_limit_counts_the_real_client_and_never_a_forged_one(serve, nginx) -> None:  # type: ignore[no-untyped-def]
    served = serve({"MINZHENG_TRUSTED_PROXIES": "127.0.0.1", "MINZHENG_BED_PAGES_PER_HOUR": str(LIMIT)},
                   "--workers", "2")
    port = nginx(served.port)

    # Client A, through nginx, says it is somebody else each time: still one client, limited after LIMIT pages.
    statuses = [get(port, BED_PAGE, source="127.0.0.2", forwarded_for=f"198.51.100.{n}") for n in range(LIMIT + 1)]
    assert statuses == [404] * LIMIT + [429]
    # Client B through the same nginx has a limit of its own.
    assert get(port, BED_PAGE, source="127.0.0.3") == 404

    # Straight to serve from outside the proxies: claiming to be client A (limited by now) does not make it A,
    # and claiming to be a stranger each time does not make it anybody new; it is counted as itself.
    assert get(served.port, BED_PAGE, source="127.0.0.4", forwarded_for="127.0.0.2") == 404
    statuses = [get(served.port, BED_PAGE, source="127.0.0.4", forwarded_for=f"203.0.113.{n}") for n in range(LIMIT)]
    assert statuses == [404] * (LIMIT - 1) + [429]
