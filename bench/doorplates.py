"""Benchmark: digital doorplates at city scale, on SQLite and on PostgreSQL.

Each backend runs in a child process on a throw-away database (SQLite under a temporary
directory; on PostgreSQL a database of its own, created and dropped here, never ``test``). The
child loads ``--addresses`` standard addresses (default 500,000; Huzhou has 2.17M), then times:

- the demo installation (``build_doorplates``: ~24% of the addresses get a plate, COPY on
  PostgreSQL, bulk_create on SQLite) and its second run, which must create nothing;
- a bulk batch over one village of 1,700 addresses (the task body, ``doorplate_batch_run``);
- the counts per region for the city administrator (one GROUP BY over the code prefix);
- ``GET /api/doorplates/`` (first and next page) for city, county, township and village staff;
- the public page ``/d/<token>`` through Django's full request stack, with the 103-service
  catalogue: requests per second on one process.

    python -m bench.doorplates [--addresses 500000] [--backends sqlite,postgresql] [--keep]
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

from bench._util import child_env, child_setup, community, peak_mib, run_child, run_on_backends, staff

PG_DATABASE = "minzheng_bench_doorplates"
ROADS = ("红旗路", "人民路", "衣裳街", "南街", "凤凰路", "碧浪湖小区")
PER_VILLAGE = 1_700  # 2.17M addresses over ~1,300 villages


def _load_addresses(total: int) -> list[str]:
    """``total`` addresses in villages spread over the city's townships; returns the villages."""
    from django.db import transaction

    from minzheng.core.models import Region
    from minzheng.places import codes
    from minzheng.places.models import Address, Road

    townships = list(Region.objects.filter(level="township").order_by("code"))
    villages_needed = max(1, -(-total // PER_VILLAGE))
    villages: list[Region] = []
    for i in range(villages_needed):
        township = townships[i % len(townships)]
        code = f"{township.code[:9]}{i // len(townships) + 1:03d}"
        villages.append(community(code=code, township=township))
    Region.objects.bulk_create(villages, ignore_conflicts=True)
    made = 0
    for village in villages:
        with transaction.atomic():
            roads = Road.objects.bulk_create([
                Road(code=codes.road_code(village.code, n + 1), region_code=village.code, name=name,
                     kind="compound" if name.endswith("小区") else "road")
                for n, name in enumerate(ROADS)])
            rows = []
            for k in range(min(PER_VILLAGE, total - made)):
                road = roads[k % len(roads)]
                number = str(k // len(roads) + 1)
                rows.append(Address(
                    code=codes.address_code(region_code=village.code, road_code=road.code, number=number),
                    region_code=village.code, road=road, number=number,
                    full_text=codes.full_text(region_full_name=village.full_name, road_name=road.name, number=number),
                    lng=round(120.08 + random.random() / 10, 7), lat=round(30.87 + random.random() / 10, 7)))
            Address.objects.bulk_create(rows, batch_size=5000)
            made += len(rows)
    return [v.code for v in villages]


def _timed(fn, repeat: int = 1) -> tuple[float, object]:  # type: ignore[no-untyped-def]
    times, result = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times), result


def child(total: int) -> dict[str, object]:
    """Runs inside the throw-away environment that ``main`` prepared."""
    child_setup()
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client

    from minzheng.core.models import Region
    from minzheng.core.roles import Role
    from minzheng.places.doorplates import selectors, services
    from minzheng.places.doorplates.catalogue import catalogue_seed
    from minzheng.places.doorplates.demo import build_doorplates
    from minzheng.places.models import Address, Doorplate, DoorplateBatch, Road

    catalogue_seed()
    started = time.perf_counter()
    villages = _load_addresses(total)
    load_s = time.perf_counter() - started
    out: dict[str, object] = {"vendor": connection.vendor, "addresses": Address.objects.count(), "load_s": load_s}

    wall, created = _timed(lambda: build_doorplates(scale=total / 2_170_000, seed=1))
    out["build"] = (wall, created)
    wall, again = _timed(lambda: build_doorplates(scale=total / 2_170_000, seed=1))
    out["build_again"] = (wall, again)
    assert again == 0, again

    city = Region.objects.get(code="330500000000")
    admin = staff(username="bench_admin", role=Role.CITY_ADMIN, region=city)
    from django.contrib.auth.models import Permission

    admin.user_permissions.add(Permission.objects.get(codename="manage_doorplates"))
    admin = type(admin).objects.get(pk=admin.pk)  # fresh permission cache

    # A bulk batch over one fresh village.
    village = villages[-1][:9] + "999"
    township = Region.objects.get(code=villages[-1][:9] + "000")
    Region.objects.create(code=village, name="批量社区", level="village", kind="社区", parent=township,
                          full_name=township.full_name + "批量社区")
    road = Road.objects.create(code=village + "0001", region_code=village, name="批量路")
    from minzheng.places import codes

    Address.objects.bulk_create([Address(code=codes.address_code(region_code=village, road_code=road.code,
                                                                  number=str(n)),
                                         region_code=village, road=road, number=str(n),
                                         full_text=f"{township.full_name}批量社区批量路{n}号")
                                 for n in range(1, PER_VILLAGE + 1)])
    batch = DoorplateBatch.objects.create(region_code=village, installed_on="2024-06-01", requested_by=admin)
    wall, _ = _timed(lambda: services.doorplate_batch_run(batch_id=batch.pk))
    batch.refresh_from_db()
    assert batch.created == PER_VILLAGE == Doorplate.objects.filter(region_code=village).count(), batch.created
    again = DoorplateBatch.objects.create(region_code=village, installed_on="2024-06-01", requested_by=admin)
    services.doorplate_batch_run(batch_id=again.pk)
    again.refresh_from_db()
    assert again.created == 0, again.created
    out["batch"] = (wall, batch.created)

    out["counts"] = {}
    for level in ("county", "township", "village"):
        for with_addresses in (False, True):
            # Counted afresh each time (the pages keep the counts until a plate changes).
            wall, (_, rows) = _timed(lambda level=level, w=with_addresses: (cache.clear(), selectors.doorplate_counts(  # type: ignore[misc]
                user=admin, level=level, with_addresses=w))[1], repeat=5)
            out["counts"][f"{level}{' +addresses' if with_addresses else ''}"] = (wall, len(rows))  # type: ignore[index]

    out["api_list"] = _api_list_timings(admin, villages)

    tokens = list(Doorplate.objects.order_by("?").values_list("token", flat=True)[:300])
    client = Client()
    client.get("/d/unknown-token")  # load the URL conf and the templates
    for label in ("public", "public_warm"):
        # First pass: mostly villages not seen yet, so the services section is built (a cache
        # miss); second pass: the same plates again, the section comes from the cache.
        started = time.perf_counter()
        for token in tokens:
            response = client.get(f"/d/{token}")
            assert response.status_code == 200, response.status_code
        out[label] = (time.perf_counter() - started, len(tokens))
    out["plates"] = Doorplate.objects.count()
    out["peak_mib"] = peak_mib()
    return out


def _api_list_timings(admin, villages: list[str]) -> dict[str, tuple[float, float]]:  # type: ignore[no-untyped-def]
    """``GET /api/doorplates/`` (first page, then the next) for one member of staff per level:
    the median of 5 requests through the whole stack, in seconds."""
    from django.test import Client

    from minzheng.core.models import Region
    from minzheng.core.roles import Role

    village = villages[len(villages) // 2]
    members = {
        "city": admin,
        "county": staff(username="bench_county", role=Role.COUNTY_OFFICER, region=Region.objects.get(code=village[:6] + "000000")),
        "township": staff(username="bench_township", role=Role.TOWNSHIP_OFFICER, region=Region.objects.get(code=village[:9] + "000")),
        "village": staff(username="bench_village", role=Role.VILLAGE_WORKER, region=Region.objects.get(code=village)),
    }
    out = {}
    for level, member in members.items():
        client = Client()
        client.force_login(member)
        client.get("/api/doorplates/")  # warm: the URL conf, the session, the statement cache

        def first(client: Client = client) -> str | None:
            response = client.get("/api/doorplates/")
            assert response.status_code == 200, response.status_code
            return response.json()["next"]

        after = first()
        times = {"first": [], "next": []}  # type: ignore[var-annotated]
        for _ in range(5):
            started = time.perf_counter()
            first()
            times["first"].append(time.perf_counter() - started)
            if after:
                started = time.perf_counter()
                assert client.get(after).status_code == 200
                times["next"].append(time.perf_counter() - started)
        out[level] = (statistics.median(times["first"]), statistics.median(times["next"] or [0.0]))
    return out


def report(result: dict[str, object]) -> None:
    vendor, addresses = result["vendor"], int(result["addresses"])  # type: ignore[call-overload]
    print(f"doorplates on {vendor}: {addresses:,} addresses loaded in {result['load_s']:.0f} s, "
          f"{result['plates']:,} plates at the end")
    print(f"{'step':<44}{'wall':>10}{'rate':>30}")
    wall, created = result["build"]  # type: ignore[misc]
    print(f"{'demo install (~24% of addresses)':<44}{wall:>9.1f}s{f'{created:,} plates, {created / wall:,.0f}/s':>30}")
    wall, again = result["build_again"]  # type: ignore[misc]
    print(f"{'demo install again (idempotent)':<44}{wall:>9.1f}s{f'{again} created, {addresses / wall:,.0f} addr/s':>30}")
    wall, made = result["batch"]  # type: ignore[misc]
    print(f"{'bulk batch, one village of 1,700':<44}{wall:>9.2f}s{f'{made:,} plates, {made / wall:,.0f}/s':>30}")
    for label, (wall, rows) in result["counts"].items():  # type: ignore[union-attr]
        print(f"{'counts per ' + label:<44}{wall * 1000:>8.0f}ms{f'{rows} regions':>30}")
    for level, (first, after) in result["api_list"].items():  # type: ignore[union-attr]
        print(f"{'GET /api/doorplates/, ' + level + ' staff':<44}{first * 1000:>8.0f}ms{f'next page {after * 1000:.0f} ms':>30}")
    for key, label in (("public", "public page /d/<token>, services built"),
                       ("public_warm", "public page /d/<token>, services cached")):
        wall, n = result[key]  # type: ignore[misc]
        print(f"{label:<44}{wall / n * 1000:>8.1f}ms{f'{n / wall:,.0f} req/s':>30}")
    print(f"peak memory (max RSS): {result['peak_mib']:.0f} MiB")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.doorplates", description=__doc__.splitlines()[0])
    parser.add_argument("--addresses", type=int, default=500_000)
    parser.add_argument("--backends", default="sqlite,postgresql")
    parser.add_argument("--keep", action="store_true", help="keep the temporary databases")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv if argv is not None else [])
    if args.child:
        print(json.dumps(child(args.addresses)))
        return
    print(f"(Load average now: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores.)", flush=True)

    def run(database_url: str, work: Path) -> None:
        (work / "static").mkdir()  # STATIC_ROOT: without it WhiteNoise warns "No directory at"
        # The child's pages are fetched with Django's test client, which calls itself testserver.
        env = {**child_env(database_url=database_url, var_dir=work), "MINZHENG_ALLOWED_HOSTS": "testserver"}
        report(run_child(module="bench.doorplates", args=["--addresses", str(args.addresses)], env=env))

    run_on_backends(backends=args.backends, label="doorplates", work_prefix="minzheng-bench-doorplates-",
                    keep=args.keep, run=run, pg_database=PG_DATABASE)


if __name__ == "__main__":
    main(sys.argv[1:])
