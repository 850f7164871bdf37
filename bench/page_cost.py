"""Benchmark: what one request of each kind in ``bench.load`` costs the server, in one process with no
network: CPU milliseconds and database queries per request, and (``--profile KIND``) where the time goes.
The load test says how much the machine holds; this says which page to make cheaper.

    python -m bench.page_cost --database-url postgres://postgres@127.0.0.1:5432/bench_demo \\
        [--repeat 50] [--profile "village: person"]
    MINZHENG_FIELD_KEY must be the key the city was built with.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import os
import pstats
import random
import subprocess
import sys
import time
from pathlib import Path

from bench._util import ROOT
from bench.load import city_env


def _kinds(sample: dict) -> dict[str, tuple[str, object]]:  # type: ignore[type-arg]
    """Each kind of request in ``bench/_load_users.py``: who asks, and a maker of its next URL."""
    pick = random.choice
    return {
        "officer: application queue": ("officer", lambda: "/benefits/applications/"),
        "officer: application": ("officer", lambda: f"/benefits/applications/{pick(sample['officer']['applications'])}/"),
        "officer: person": ("officer", lambda: f"/people/{pick(sample['officer']['people'])}/"),
        "officer: reviews due": ("officer", lambda: "/benefits/enrollments/reviews/"),
        "village: people list": ("village", lambda: "/people/"),
        "village: person": ("village", lambda: f"/people/{pick(sample['village']['people'])}/"),
        "village: household": ("village", lambda: f"/people/households/{pick(sample['village']['households'])}/"),
        "care home: homes": ("carehome", lambda: "/eldercare/beds/"),
        "care home: beds": ("carehome", lambda: f"/eldercare/beds/homes/{pick(sample['carehome']['homes'])}/"),
        "registrar: desk": ("registrar", lambda: "/marriage/registrations/"),
        "registrar: marriage record": (
            "registrar", lambda: f"/marriage/registrations/records/{pick(sample['registrar']['marriages'])}/"),
        "auditor: audit log": ("auditor", lambda: f"/audit/?page={random.randint(1, 20)}"),
        "auditor: access log": ("auditor", lambda: f"/audit/access/?page={random.randint(1, 20)}"),
        "resident: doorplate page": ("", lambda: f"/d/{pick(sample['doorplates'])}"),
        "resident: nearest meal sites": (
            "", lambda: "/meal-sites/?lng={}&lat={}&coord=wgs84".format(*pick(sample["points"]))),
        "api: address match": ("api", lambda: f"/api/addresses/match/?q={pick(sample['addresses'])}"),
        "api: person": ("api", lambda: f"/api/people/{pick(sample['api']['people'])}/"),
    }


def child(sample_path: Path, repeat: int, profile: str, show_queries: str) -> None:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "minzheng.settings")
    django.setup()
    from django.db import connection, reset_queries
    from django.test import Client
    from rest_framework.authtoken.models import Token

    from minzheng.core.models import User

    sample = json.loads(sample_path.read_text(encoding="utf-8"))
    random.seed(11)
    clients: dict[str, Client] = {"": Client()}
    for role in ("officer", "village", "carehome", "registrar", "auditor"):
        clients[role] = Client()
        clients[role].force_login(User.objects.get(username=sample[role]["username"]))
    token, _ = Token.objects.get_or_create(user=User.objects.get(username=sample["api"]["username"]))
    clients["api"] = Client(headers={"Authorization": f"Token {token.key}"})
    kinds = _kinds(sample)
    if show_queries:
        role, url = kinds[show_queries]
        clients[role].get(url())  # type: ignore[operator]
        connection.force_debug_cursor = True
        reset_queries()
        clients[role].get(url())  # type: ignore[operator]
        for query in connection.queries:
            print(f"{query['time']:>6} {query['sql'][:400]}")
        return
    if profile:
        role, url = kinds[profile]
        for _ in range(5):
            clients[role].get(url())  # type: ignore[operator]
        profiler = cProfile.Profile()
        profiler.enable()
        for _ in range(repeat):
            clients[role].get(url())  # type: ignore[operator]
        profiler.disable()
        if os.environ.get("PAGE_COST_PROFILE_FILE"):
            profiler.dump_stats(os.environ["PAGE_COST_PROFILE_FILE"])
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(60)
        print(out.getvalue())
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).sort_stats("tottime").print_stats(40)
        print(out.getvalue())
        return
    print(f"{'kind':<32}{'CPU ms':>8}{'wall ms':>9}{'queries':>9}{'bytes':>8}")
    total_cpu = 0.0
    for name, (role, url) in kinds.items():
        client = clients[role]
        for _ in range(3):
            status = client.get(url()).status_code  # type: ignore[operator]
            if status != 200:
                raise SystemExit(f"{name}: {status}")
        connection.force_debug_cursor = True
        reset_queries()
        answer = client.get(url())  # type: ignore[operator]
        queries = len(connection.queries)
        connection.force_debug_cursor = False
        cpu, wall = time.process_time(), time.perf_counter()
        for _ in range(repeat):
            client.get(url())  # type: ignore[operator]
        cpu_ms = (time.process_time() - cpu) * 1000 / repeat
        wall_ms = (time.perf_counter() - wall) * 1000 / repeat
        total_cpu += cpu_ms
        print(f"{name:<32}{cpu_ms:>8.1f}{wall_ms:>9.1f}{queries:>9}{len(answer.content):>8,}")
    print(f"{'mean over kinds':<32}{total_cpu / len(kinds):>8.1f}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.page_cost", description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=os.environ.get("BENCH_LOAD_DATABASE_URL", ""))
    parser.add_argument("--repeat", type=int, default=50)
    parser.add_argument("--profile", default="")
    parser.add_argument("--queries", default="", help="print the SQL of one request of this kind")
    parser.add_argument("--child", default="", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        child(Path(args.child), args.repeat, args.profile, args.queries)
        return
    env = city_env(benchmark="bench.page_cost", database_url=args.database_url, host="testserver")
    if env is None:
        return
    env["MINZHENG_CONN_MAX_AGE"] = "300"  # as minzheng serve keeps its connections
    work = Path(env["MINZHENG_VAR_DIR"]).parent
    sample = work / "sample.json"
    subprocess.run([sys.executable, "-m", "bench.load", "--child-sample", str(sample)], cwd=ROOT, env=env, check=True)
    command = [sys.executable, "-m", "bench.page_cost", "--child", str(sample), "--repeat", str(args.repeat)]
    if args.profile:
        command += ["--profile", args.profile]
    if args.queries:
        command += ["--queries", args.queries]
    subprocess.run(command, cwd=ROOT, env=env, check=True)


if __name__ == "__main__":
    main()
