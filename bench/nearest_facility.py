"""Benchmark: the public nearest-facility search, on SQLite and on PostgreSQL.

Each backend runs in a child process on a throw-away database (SQLite under a temporary
directory; on PostgreSQL a database of its own, created and dropped here, never ``test``). The
child registers Huzhou's 1,094 meal sites (``--sites``) at random points of the five counties,
with the other kinds around them (83 care homes, 300 community care centres), then asks for the
5 nearest meal sites from ``--points`` random points in Huzhou (a third each given in WGS-84,
GCJ-02 and BD-09) and reports p50, p99 and the worst case of:

- the selector (``facilities_nearest``): the box on the partial index, growing until it holds 5;
- the baseline: every open public meal site read and sorted by distance, per query;
- ``GET /api/public/facilities/nearest/`` through Django's whole request stack (with its rate
  limit counted in the database cache), for a tenth of the points;
- the public finder page ``GET /meal-sites/?lng=&lat=&coord=`` (找助餐点: the same search, the
  list, the links and the map's points rendered), for a tenth of the points.

Every answer of the selector is checked against the baseline's. Target: p99 under 20 ms.

    python -m bench.nearest_facility [--sites 1094] [--points 10000] [--backends sqlite,postgresql] [--keep]
    PG: BENCH_PG_URL=postgres://postgres@127.0.0.1:5432  (the server; the database name is ours)
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import time
from pathlib import Path

from bench._util import child_env, child_setup, peak_mib, run_child, run_on_backends

PG_DATABASE = "minzheng_bench_nearest"
TARGET_P99_MS = 20.0
OTHER_KINDS = {"care_home": 83, "community_care_centre": 300}


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def _random_point(rng: random.Random) -> tuple[str, float, float]:
    """A point in one of Huzhou's counties (its box), and the county."""
    from minzheng.places.data.county_bbox import COUNTY_BBOX

    county = rng.choice(sorted(COUNTY_BBOX))
    min_lng, min_lat, max_lng, max_lat = COUNTY_BBOX[county]
    return county, rng.uniform(min_lng, max_lng), rng.uniform(min_lat, max_lat)


def _load_sites(total: int, rng: random.Random) -> int:
    """``total`` meal sites and the other kinds, in bulk, each in a township of its county."""
    from decimal import Decimal

    from minzheng.core.models import Region
    from minzheng.facilities.models import Facility

    townships: dict[str, list[str]] = {}
    for code in Region.objects.filter(level="township").values_list("code", flat=True):
        townships.setdefault(code[:6], []).append(code)
    rows = []
    for kind, count in (("meal_site", total), *OTHER_KINDS.items()):
        for n in range(count):
            county, lng, lat = _random_point(rng)
            rows.append(Facility(
                name=f"{Facility.Kind(kind).label}{n + 1}", kind=kind, region_code=rng.choice(townships[county]),
                address_text=f"第{n + 1}号", lng=Decimal(f"{lng:.7f}"), lat=Decimal(f"{lat:.7f}"),
                opening_hours="11:00-13:00", status="open",
                # A few closed or internal sites, which the search must pass over.
                public=rng.random() > 0.02))
    Facility.objects.bulk_create(rows, batch_size=1000)
    return len(rows)


def child(sites: int, points: int) -> dict[str, object]:
    """Runs inside the throw-away environment that ``main`` prepared."""
    child_setup()
    from django.db import connection
    from django.test import Client

    from minzheng.core import geo
    from minzheng.facilities.nearest.geometry import haversine_m
    from minzheng.facilities.nearest.selectors import facilities_nearest, public_open

    rng = random.Random(20241231)
    started = time.perf_counter()
    loaded = _load_sites(sites, rng)
    load_s = time.perf_counter() - started

    systems = [geo.System.WGS84, geo.System.GCJ02, geo.System.BD09]
    asks = []
    for i in range(points):
        _, lng, lat = _random_point(rng)
        system = systems[i % 3]
        asks.append((system, *geo.convert(lng, lat, source=geo.System.WGS84, target=system)))

    facilities_nearest(kinds=["meal_site"], lng=120.0868, lat=30.894)  # warm: statements, imports
    selector_ms: list[float] = []
    answers = []
    for system, lng, lat in asks:
        t = time.perf_counter()
        found = facilities_nearest(kinds=["meal_site"], lng=lng, lat=lat, coord=system, limit=5)
        selector_ms.append((time.perf_counter() - t) * 1000)
        answers.append([r.id for r in found])

    baseline_ms: list[float] = []
    for (system, lng, lat), answer in zip(asks, answers, strict=True):
        t = time.perf_counter()
        wlng, wlat = geo.convert(lng, lat, source=system, target=geo.System.WGS84)
        rows = list(public_open().filter(kind="meal_site").values_list("pk", "lng", "lat"))
        best = sorted(rows, key=lambda r: (haversine_m(wlng, wlat, float(r[1]), float(r[2])), r[0]))[:5]
        baseline_ms.append((time.perf_counter() - t) * 1000)
        assert [r[0] for r in best] == answer, (answer, best)

    client = Client(REMOTE_ADDR="198.51.100.1")
    client.get("/api/public/facilities/nearest/", {"kind": "meal_site", "lng": "120.0868", "lat": "30.894"})  # warm
    api_ms: list[float] = []
    for system, lng, lat in asks[: max(1, points // 10)]:
        t = time.perf_counter()
        response = client.get("/api/public/facilities/nearest/",
                              {"kind": "meal_site", "lng": f"{lng:.6f}", "lat": f"{lat:.6f}", "coord": system.value})
        api_ms.append((time.perf_counter() - t) * 1000)
        assert response.status_code == 200, response.content

    client.get("/meal-sites/", {"lng": "120.0868", "lat": "30.894"})  # warm: the templates
    page_ms: list[float] = []
    for system, lng, lat in asks[: max(1, points // 10)]:
        t = time.perf_counter()
        response = client.get("/meal-sites/", {"lng": f"{lng:.6f}", "lat": f"{lat:.6f}", "coord": system.value})
        page_ms.append((time.perf_counter() - t) * 1000)
        assert response.status_code == 200 and b"finder-sites" in response.content, response.content

    def summary(values: list[float]) -> dict[str, float]:
        return {"p50": statistics.median(values), "p99": _percentile(values, 0.99), "max": max(values),
                "n": len(values)}

    return {"vendor": connection.vendor, "sites": sites, "loaded": loaded, "load_s": load_s,
            "selector": summary(selector_ms), "baseline": summary(baseline_ms), "api": summary(api_ms),
            "page": summary(page_ms),
            "peak_mib": peak_mib()}


def report(result: dict[str, object]) -> None:
    print(f"nearest_facility on {result['vendor']}: {result['sites']:,} meal sites "
          f"({result['loaded']:,} facilities in all, loaded in {result['load_s']:.1f} s)")
    print(f"{'5 nearest meal sites':<46}{'queries':>8}{'p50 ms':>9}{'p99 ms':>9}{'max ms':>9}")
    for key, label in (("selector", "selector (box on the partial index)"),
                       ("baseline", "baseline (read all, sort)"),
                       ("api", "GET /api/public/facilities/nearest/"),
                       ("page", "GET /meal-sites/ (the finder page, a point)")):
        s = result[key]
        print(f"{label:<46}{s['n']:>8,}{s['p50']:>9.2f}{s['p99']:>9.2f}{s['max']:>9.2f}")  # type: ignore[index]
    selector, baseline = result["selector"], result["baseline"]
    print(f"selector vs baseline: p50 {baseline['p50'] / selector['p50']:.1f}x faster, "  # type: ignore[index]
          f"p99 {baseline['p99'] / selector['p99']:.1f}x; target p99 < {TARGET_P99_MS:.0f} ms: "  # type: ignore[index]
          f"{'met' if selector['p99'] < TARGET_P99_MS else 'MISSED'}")  # type: ignore[index]
    print(f"peak memory (max RSS): {result['peak_mib']:.0f} MiB")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.nearest_facility", description=__doc__.splitlines()[0])
    parser.add_argument("--sites", type=int, default=1094)
    parser.add_argument("--points", type=int, default=10_000)
    parser.add_argument("--backends", default="sqlite,postgresql")
    parser.add_argument("--keep", action="store_true", help="keep the temporary databases")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv if argv is not None else [])
    if args.child:
        print(json.dumps(child(args.sites, args.points)))
        return
    print(f"(Load average now: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores.)", flush=True)

    def run(database_url: str, work: Path) -> None:
        (work / "static").mkdir()  # STATIC_ROOT: without it WhiteNoise warns "No directory at"
        env = {**child_env(database_url=database_url, var_dir=work), "MINZHENG_ALLOWED_HOSTS": "testserver",
               # The API and the finder page are timed for a tenth of the points each from one client:
               # keep the limit they share out of the way.
               "MINZHENG_NEAREST_SEARCHES_PER_HOUR": str(10 * args.points)}
        report(run_child(module="bench.nearest_facility",
                         args=["--sites", str(args.sites), "--points", str(args.points)], env=env))

    run_on_backends(backends=args.backends, label="nearest_facility", work_prefix="minzheng-bench-nearest-",
                    keep=args.keep, run=run, pg_database=PG_DATABASE)


if __name__ == "__main__":
    main(sys.argv[1:])
