"""Benchmark: the load minzheng holds on this machine, through ``minzheng serve`` and, as the baseline,
``runserver``, both on loopback against a built city (scale 1.0 on PostgreSQL for the figures in the README).

locust (headless, ``bench/_load_users.py``) plays the six kinds of users at once: a dibao officer at the
queue, a village worker among the village's households, a care home's operator at its beds, a marriage
registrar, the auditor reading the logs, residents scanning doorplates and looking for the nearest meal
site, and another department's system on the API (address matching, a person). Their targets are drawn at
random across the whole city before the run. The figures: requests/s, and p50/p95/p99 per kind, with the
errors, and where the two cores went (CPU milliseconds per request of the server, PostgreSQL and locust);
then the same for runserver, and the ratio. Last, the floor (``bench/_floor_users.py``), through serve: a
static file, and a signed-in page that does nothing of its own. What those cost per request on the machine
of the run bounds what any page can cost less than, so the mix's figures can be read against the machine.

    python -m bench.load --database-url postgres://postgres@127.0.0.1:5432/bench_demo \\
        [--users 60] [--seconds 60] [--servers serve,runserver] [--workers N] [--floor-seconds 30]
    MINZHENG_FIELD_KEY must be the key the city was built with.

Every simulated resident comes from 127.0.0.1, so the public pages' per-client hourly limits are raised
for the run (they are per client, and this is one client playing thousands); nothing else is changed.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import resource
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from bench._util import ROOT

MINZHENG = str(Path(sys.executable).parent / "minzheng")
LOCUST = str(Path(sys.executable).parent / "locust")
USERS = ROOT / "bench" / "_load_users.py"
FLOOR_USERS = ROOT / "bench" / "_floor_users.py"
FLOOR_CLASSES = ("StaticFile", "SignedInNothing")
# The issue's target.
TARGET_RPS = 300
SAMPLE_SIZE = 400
SESSIONS_PER_ROLE = 50
# Plates are many (2.1 million at scale 1.0) and each is seldom scanned twice in a short while: a small
# sample would let whatever the page keeps in the cache look warmer than a city's residents make it.
PLATE_SAMPLE_SIZE = 20_000
# The roles' demo logins (minzheng/demo/staff.py).
LOGINS = {"officer": "wuxing_officer", "village": "village_worker", "carehome": "carehome_operator",
          "registrar": "marriage_registrar", "auditor": "auditor", "api": "wuxing_officer"}
RAISED_LIMITS = {name: "100000000" for name in (
    "MINZHENG_PLATE_REPORTS_PER_HOUR", "MINZHENG_NEAREST_SEARCHES_PER_HOUR", "MINZHENG_BED_PAGES_PER_HOUR",
    "MINZHENG_SELF_CHECKS_PER_HOUR", "MINZHENG_PLOT_PAGES_PER_HOUR", "MINZHENG_FAMILY_PAGES_PER_HOUR")}


def _ids(queryset, n: int) -> list[int]:  # type: ignore[no-untyped-def]
    """``n`` ids drawn at random from the whole of ``queryset`` (not its first rows)."""
    from django.db.models import Max, Min

    bounds = queryset.aggregate(lo=Min("pk"), hi=Max("pk"))
    if bounds["lo"] is None:
        return []
    rng = random.Random(13)
    found: set[int] = set()
    for _ in range(20):
        probe = [rng.randint(bounds["lo"], bounds["hi"]) for _ in range(n * 3)]
        found.update(queryset.filter(pk__in=probe).values_list("pk", flat=True))
        if len(found) >= n:
            break
    return sorted(found)[: n] if len(found) <= n else rng.sample(sorted(found), n)


def _signed_in(username: str, n: int) -> list[str]:
    """``n`` sessions of the user, as a sign-in leaves them (the keys the session cookie carries)."""
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY

    from minzheng.core.models import User

    user = User.objects.get(username=username)
    store = import_module(settings.SESSION_ENGINE).SessionStore
    keys = []
    for _ in range(n):
        session = store()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = "minzheng.core.permission_cache.CachedPermissionBackend"
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.create()
        keys.append(session.session_key)
    return keys


def child_sample(out: Path) -> None:
    """In a child with the city's database: the targets of every simulated user, across the city."""
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "minzheng.settings")
    django.setup()
    from django.conf import settings

    from minzheng.benefits.applications.models import Application
    from minzheng.core.db import database_analyze
    from minzheng.core.models import User
    from minzheng.core.services import api_token_issue
    from minzheng.eldercare.beds.selectors import home_list
    from minzheng.marriage.registrations.models import Marriage
    from minzheng.people.models import Household, Person
    from minzheng.places.models import Address, Doorplate

    # As autovacuum would on a production server (it is off on these machines): the last runs' access-log
    # rows counted, so the auditor's pages are planned for the table as it is.
    database_analyze()

    def region(username: str) -> str:
        return User.objects.get(username=username).region_id

    village, county = region(LOGINS["village"]), region(LOGINS["officer"])
    county_prefix = county.rstrip("0")[:6]
    village_people = Person.objects.filter(region_code=village, status=Person.Status.ALIVE)
    rng = random.Random(7)
    addresses = _ids(Address.objects.all(), SAMPLE_SIZE)
    texts = list(Address.objects.filter(pk__in=addresses).values_list("full_text", flat=True))
    # Residents type addresses their own way: without the city and county, some without the district.
    texts = [t.split("区", 1)[-1] if rng.random() < 0.5 else t.removeprefix("湖州市") for t in texts]
    carehome = User.objects.get(username=LOGINS["carehome"])
    sample = {
        "session_cookie": settings.SESSION_COOKIE_NAME,
        "sessions": {role: _signed_in(username, SESSIONS_PER_ROLE) for role, username in LOGINS.items() if role != "api"},
        "token": api_token_issue(user=User.objects.get(username=LOGINS["api"])).key,
        "officer": {"username": LOGINS["officer"],
                    "applications": _ids(Application.objects.filter(region_code__startswith=county_prefix), SAMPLE_SIZE),
                    "people": _ids(Person.objects.filter(region_code__startswith=county_prefix), SAMPLE_SIZE)},
        "village": {"username": LOGINS["village"], "people": _ids(village_people, SAMPLE_SIZE),
                    "households": _ids(Household.objects.filter(region_code=village), SAMPLE_SIZE)},
        "carehome": {"username": LOGINS["carehome"], "homes": [h.pk for h in home_list(user=carehome)][:50]},
        "registrar": {"username": LOGINS["registrar"],
                      "marriages": _ids(Marriage.objects.filter(region_code__startswith=county_prefix), SAMPLE_SIZE)},
        "auditor": {"username": LOGINS["auditor"]},
        "api": {"username": LOGINS["api"],
                "people": _ids(Person.objects.filter(region_code__startswith=county_prefix), SAMPLE_SIZE)},
        "doorplates": list(Doorplate.objects.filter(pk__in=_ids(Doorplate.objects.all(), PLATE_SAMPLE_SIZE))
                           .values_list("token", flat=True)),
        "addresses": texts,
        # Points across Huzhou's land (WGS-84), where residents stand when they ask.
        "points": [(round(rng.uniform(119.6, 120.4), 5), round(rng.uniform(30.4, 31.0), 5)) for _ in range(SAMPLE_SIZE)],
    }
    empty = [k for k, v in sample.items() if isinstance(v, dict) and any(isinstance(x, list) and not x for x in v.values())]
    if empty:
        raise SystemExit(f"no targets for {empty}: is this a built demo city?")
    out.write_text(json.dumps(sample, ensure_ascii=False), encoding="utf-8")


def city_env(*, benchmark: str, database_url: str, host: str) -> dict[str, str] | None:
    """The environment of a server (or a child) on the built city at ``database_url``: production
    settings, a throw-away var directory, the public pages' limits raised. None, having said so, when
    no city was named; it stops with a message when the city's key is not set."""
    if not database_url:
        print(f"{benchmark} needs a built city: --database-url (or BENCH_LOAD_DATABASE_URL); skipped")
        return None
    if not os.environ.get("MINZHENG_FIELD_KEY"):
        raise SystemExit("set MINZHENG_FIELD_KEY to the key the city was built with")
    work = Path(tempfile.mkdtemp(prefix=f"minzheng-{benchmark.rpartition('.')[2]}-"))
    env = {**os.environ, "DATABASE_URL": database_url, "MINZHENG_VAR_DIR": str(work / "var"),
           "MINZHENG_DEBUG": "false", "MINZHENG_ALLOWED_HOSTS": host, "MINZHENG_SECURE_COOKIES": "false",
           "MINZHENG_SECRET_KEY": os.environ.get("MINZHENG_SECRET_KEY", "load-test-secret-key-" + "x" * 40),
           **RAISED_LIMITS}
    env.pop("MINZHENG_TESTING", None)
    return env


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait(url: str, process: subprocess.Popen, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"the server ended with {process.returncode} before answering")
        try:
            urllib.request.urlopen(url, timeout=5)
            return
        except urllib.error.HTTPError:
            return
        except OSError:
            time.sleep(0.5)
    raise SystemExit(f"{url} did not answer in {timeout} s")


def _server(kind: str, port: int, env: dict[str, str], workers: int | None, extra: str) -> subprocess.Popen:
    if kind == "serve":
        command = [MINZHENG, "serve", "--bind", f"127.0.0.1:{port}", *extra.split()]
        if workers:
            command += ["--workers", str(workers)]
    else:
        command = [MINZHENG, "runserver", "--noreload", f"127.0.0.1:{port}"]
    return subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)


def _run_locust(*, host: str, sample: Path, users: int, seconds: int, work: Path, label: str, locustfile: Path,
                only: list[str]) -> list[dict[str, str]]:
    prefix = work / label
    command = [LOCUST, "-f", str(locustfile), *only, "--headless", "--only-summary",
               "-u", str(users), "-r", str(max(1, users // 5)), "--run-time", f"{seconds}s",
               "--host", host, "--csv", str(prefix), "--stop-timeout", "5", "--loglevel", "ERROR"]
    env = {**os.environ, "LOAD_SAMPLE": str(sample)}
    subprocess.run(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    with open(f"{prefix}_stats.csv", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def _measure(kind: str, *, env: dict[str, str], args: argparse.Namespace, sample: Path, work: Path, label: str,
             locustfile: Path, only: list[str], seconds: int) -> tuple[list[dict[str, str]], dict[str, float]]:
    """Start a server of ``kind``, play ``locustfile``'s users at it, stop it: locust's rows, and the CPU
    seconds the server, PostgreSQL, locust and everything else used meanwhile."""
    port = _free_port()
    server = _server(kind, port, env, args.workers, args.serve_args)
    try:
        _wait(f"http://127.0.0.1:{port}/login/", server)
        before, children = _cpu_seconds(), resource.getrusage(resource.RUSAGE_CHILDREN)
        rows = _run_locust(host=f"http://127.0.0.1:{port}", sample=sample, users=args.users, seconds=seconds,
                           work=work, label=label, locustfile=locustfile, only=only)
        after, done = _cpu_seconds(), resource.getrusage(resource.RUSAGE_CHILDREN)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
    used = {name: after[name] - before[name] for name in after}
    used["locust"] = (done.ru_utime + done.ru_stime) - (children.ru_utime + children.ru_stime)
    used["other"] = max(0.0, used["other"] - used["locust"])
    return rows, used


def _print_cpu(used: dict[str, float], requests: int) -> None:
    print("CPU seconds over the run: " + ", ".join(
        f"{label} {used[name]:.1f} ({used[name] * 1000 / requests:.1f} ms per request)"
        for name, label in (("server", "server"), ("postgresql", "PostgreSQL"), ("locust", "locust"),
                            ("other", "other"))))


def _cpu_seconds() -> dict[str, float]:
    """CPU seconds used so far by the server's processes, PostgreSQL's, and everything else on the
    machine (from /proc): where the two cores went during a run."""
    tick = os.sysconf("SC_CLK_TCK")
    out = {"server": 0.0, "postgresql": 0.0, "other": 0.0}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        fields = stat.rpartition(")")[2].split()
        # Its own time and that of its children that ended (a worker replaced after --max-requests, a
        # database backend whose connection closed): counted in the parent once reaped.
        used = sum(int(f) for f in fields[11:15]) / tick
        if "postgres" in stat.partition(")")[0]:
            out["postgresql"] += used
        elif "minzheng serve" in cmdline or "minzheng runserver" in cmdline:
            out["server"] += used
        else:
            out["other"] += used
    return out


def _print(label: str, rows: list[dict[str, str]], seconds: int) -> dict[str, float]:
    print(f"\n{label}")
    print(f"{'kind':<34}{'requests':>9}{'errors':>8}{'req/s':>9}{'p50 ms':>8}{'p95 ms':>8}{'p99 ms':>8}")
    total: dict[str, float] = {}
    for row in rows:
        name = row["Name"]
        line = (f"{name:<34}{int(row['Request Count']):>9,}{int(row['Failure Count']):>8,}"
                f"{float(row['Requests/s']):>9.1f}{row['50%']:>8}{row['95%']:>8}{row['99%']:>8}")
        print(line)
        if name == "Aggregated":
            total = {"rps": float(row["Requests/s"]), "p50": float(row["50%"]), "p95": float(row["95%"]),
                     "p99": float(row["99%"]), "errors": int(row["Failure Count"]),
                     "requests": int(row["Request Count"])}
    return total


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.load", description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=os.environ.get("BENCH_LOAD_DATABASE_URL", ""))
    parser.add_argument("--users", type=int, default=60)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--servers", default="serve,runserver")
    parser.add_argument("--workers", type=int, default=None, help="minzheng serve --workers (its default otherwise)")
    parser.add_argument("--serve-args", default="", help="more options for minzheng serve, e.g. '--max-requests 0'")
    parser.add_argument("--only", default="", help="only these user classes of bench/_load_users.py, "
                        "comma-separated (Resident, ApiClient, DibaoOfficer, ...): what one kind of user costs")
    parser.add_argument("--floor-seconds", type=int, default=30,
                        help="seconds for each floor run after serve's (bench/_floor_users.py); 0 skips them")
    parser.add_argument("--child-sample", default="", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child_sample:
        child_sample(Path(args.child_sample))
        return
    env = city_env(benchmark="bench.load", database_url=args.database_url, host="127.0.0.1")
    if env is None:
        return
    work = Path(env["MINZHENG_VAR_DIR"]).parent
    sample = work / "sample.json"
    subprocess.run([sys.executable, "-m", "bench.load", "--child-sample", str(sample)], cwd=ROOT, env=env, check=True)
    print(f"bench.load: {args.users} users for {args.seconds} s per server, targets drawn across the city "
          f"({args.database_url.rsplit('/', 1)[-1]}); load average before: {os.getloadavg()[0]:.1f}")
    results: dict[str, dict[str, float]] = {}
    for kind in [s.strip() for s in args.servers.split(",") if s.strip()]:
        rows, used = _measure(kind, env=env, args=args, sample=sample, work=work, label=kind,
                              locustfile=USERS, only=[c.strip() for c in args.only.split(",") if c.strip()],
                              seconds=args.seconds)
        results[kind] = _print(f"{kind} (load average after: {os.getloadavg()[0]:.1f})", rows, args.seconds)
        _print_cpu(used, results[kind].get("requests") or 1)
    if "serve" in results and args.floor_seconds:
        print(f"\nThe floor: requests that do nothing of their own (bench/_floor_users.py), through serve, "
              f"{args.floor_seconds} s each")
        for user_class in FLOOR_CLASSES:
            rows, used = _measure("serve", env=env, args=args, sample=sample, work=work, label=user_class,
                                  locustfile=FLOOR_USERS, only=[user_class], seconds=args.floor_seconds)
            floor = _print(f"{user_class} (load average after: {os.getloadavg()[0]:.1f})", rows, args.floor_seconds)
            _print_cpu(used, floor.get("requests") or 1)
        cores = os.cpu_count() or 1
        print(f"At {TARGET_RPS} requests/s the {cores} cores give {cores * 1000 / TARGET_RPS:.1f} ms of CPU per "
              "request, to every process on the machine together.")
    if "serve" in results and "runserver" in results and results["runserver"].get("rps"):
        ratio = results["serve"]["rps"] / results["runserver"]["rps"]
        print(f"\nserve / runserver: {ratio:.2f}× the requests per second; p99 {results['serve']['p99']:.0f} ms "
              f"against {results['runserver']['p99']:.0f} ms")
    if "serve" in results:
        met = results["serve"]["rps"] >= TARGET_RPS and results["serve"]["p99"] <= 300 and results["serve"]["errors"] == 0
        print(f"target (≥ 300 req/s, p99 ≤ 300 ms, 0 errors): {'met' if met else 'NOT met'}")


if __name__ == "__main__":
    main()
