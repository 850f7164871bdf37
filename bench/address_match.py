"""Benchmark: address matching against a city of ~2.18 million standard addresses, and the
region part of the same inputs against ``cpca``.

It builds (once; later runs reuse it) the synthetic city of ``tests/places/matching/world.py``
(1,313 villages and communities, 7,600 roads and estates, 2.18M addresses, names recurring across
the city as in the demo) in a database of its own: an SQLite file under /tmp and a PostgreSQL
database named ``minzheng_bench_match``. Then it makes a few thousand messy inputs from random
addresses (upper levels left out, 18-3-2-501, full-width digits, Chinese numerals, aliases,
short names, noise, one-character typos) plus inputs that must not match, and times
``match_address`` on them in one process (one core). Each input is labelled with its address
only if its words identify it alone (checked in SQL, untimed).

``cpca`` extracts province, city and district from text; it is compared on the region part
(省/市/区县) of the same inputs: its answer, against ours read off the matched address.

    python -m bench.address_match [--inputs 3000] [--backends sqlite,postgresql] [--rebuild]
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

from bench._util import PG_SERVER, child_env, child_setup, pg_admin_connect, run_child

SQLITE_PATH = Path("/tmp/minzheng_bench_match.sqlite3")
PG_NAME = "minzheng_bench_match"
PG_URL = f"{PG_SERVER}/{PG_NAME}"
SEED = 7
CHUNK = 20_000
BATCH = 500
WARM_UP = 1000


def child(inputs: int, rebuild: bool) -> dict[str, object]:
    child_setup(divisions=False)  # load() loads the divisions when it builds the city
    from django.db import connection

    from minzheng.places.matching import road_names_rebuild
    from minzheng.places.models import Address, MatchKey
    from tests.places.matching import world as synthetic

    world = synthetic.describe(synthetic.CITY)
    count = Address.objects.count()
    built = None
    if rebuild or count < 2_000_000:
        started = time.perf_counter()
        count = load(world)
        built = time.perf_counter() - started
    elif not MatchKey.objects.exists():
        road_names_rebuild()  # a run stopped halfway: the addresses are there, the keys are not
    with connection.cursor() as cursor:
        # Fresh statistics, and on PostgreSQL the visibility map that index-only scans need.
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    made = make_inputs(world, inputs + WARM_UP)
    cases, warm_up = made[:inputs], made[inputs:]
    timing = run_matcher(cases, warm_up)
    region = run_cpca(cases, timing.pop("regions"))  # type: ignore[arg-type]
    return {"backend": connection.vendor, "addresses": count, "built_s": built, "inputs": len(cases),
            "positives": sum(1 for c in cases if c["expect"]), **timing, **region}


def load(world) -> int:  # type: ignore[no-untyped-def]
    """Write the city: regions and roads through the ORM, addresses in bulk (COPY on
    PostgreSQL), then the matcher's keys."""
    from django.db import connection, transaction
    from django.utils import timezone

    from minzheng.core.models import Region
    from minzheng.core.services import regions_load_divisions
    from minzheng.places.matching import road_names_rebuild
    from minzheng.places.models import Address, MatchKey, Road
    from tests.places.matching import world as synthetic

    with transaction.atomic():
        MatchKey.objects.all().delete()
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {Address._meta.db_table}")
        Road.objects.all().delete()
        regions_load_divisions()
        Region.objects.filter(level="village").delete()
        Region.objects.bulk_create([
            Region(code=v.code, name=v.name, level="village", kind=v.kind, parent_id=v.parent,
                   full_name=v.full_name) for v in world.villages], batch_size=2000)
        Road.objects.bulk_create([
            Road(code=r.code, region_code=r.region_code, name=r.name, kind=r.kind, aliases=list(r.aliases))
            for r in world.roads], batch_size=2000)
    ids = dict(Road.objects.values_list("code", "id"))
    now = timezone.now()
    columns = ("code", "region_code", "road_id", "number", "building", "unit", "room", "full_text", "status",
               "created_at", "updated_at")
    table = Address._meta.db_table
    count = 0
    print("loading addresses …", file=sys.stderr, flush=True)
    with transaction.atomic(), connection.cursor() as cursor:
        rows = ((a.code, a.region_code, ids[a.road_code], a.number, a.building, a.unit, a.room, a.full_text,
                 "active", now, now) for a in synthetic.all_addresses(world))
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
                    count += 1
        else:
            sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join(['%s'] * len(columns))})"
            batch = []
            for row in rows:
                batch.append(row)
                if len(batch) >= CHUNK:
                    cursor.executemany(sql, batch)
                    count += len(batch)
                    batch = []
            cursor.executemany(sql, batch)
            count += len(batch)
    road_names_rebuild()
    return count


# Which upper levels an input keeps, and how often: people write the village and township more
# than the county, and often nothing above the road.
LEVEL_CHOICES = [(("county", "township", "village"), 25), (("township", "village"), 30), (("village",), 10),
                 (("county",), 10), ((), 25)]


def make_inputs(world, wanted: int) -> list[dict[str, object]]:  # type: ignore[no-untyped-def]
    """Messy inputs from random addresses (about 1 in 6 must not match), each labelled with its
    address only if its words identify that address alone (checked in SQL; not timed)."""
    from django.db import connection

    from minzheng.core.models import Region
    from minzheng.places.matching.keys import ROAD_SUFFIXES, strip_suffix
    from minzheng.places.models import Address, MatchKey
    from tests.places.matching import make_eval_set as ev

    rng = random.Random(SEED)
    roads = {r.code: r for r in world.roads}
    max_id = Address.objects.order_by("-id").values_list("id", flat=True).first() or 0
    # Every road that answers to the name as typed (its name, an alias or its short form), with
    # these numbers, in the regions the text keeps.
    unique_sql = (
        f"SELECT COUNT(*) FROM {Address._meta.db_table} a "
        f"JOIN {Region._meta.db_table} v ON v.code = a.region_code JOIN {Region._meta.db_table} t "
        f"ON t.code = v.parent_id WHERE a.road_id IN (SELECT road_id FROM {MatchKey._meta.db_table} "
        "WHERE key = %s AND target = 'road' AND form <> 3) AND a.number = %s AND a.building = %s "
        "AND a.unit = %s AND a.room = %s AND a.region_code LIKE %s AND v.name LIKE %s AND t.name LIKE %s")
    forms = {f for r in world.roads for f in (r.name, *r.aliases, strip_suffix(r.name, ROAD_SUFFIXES)) if f}
    # Made-up roads at least two edits from every real name: one edit away is a typo, and matches.
    fakes = [h + "大道" for h in ev.FAKE_HEADS
             if not any(h + "大道" == f or ev._distance_one(h + "大道", f) for f in forms)]
    regions = world.regions
    levels, weights = zip(*LEVEL_CHOICES, strict=True)
    cases: list[dict[str, object]] = []
    while len(cases) < wanted:
        row = Address.objects.filter(id__gte=rng.randint(1, max_id)).order_by("id").values_list(
            "code", "region_code", "number", "building", "unit", "room", "full_text", "road__code").first()
        if row is None:
            continue
        code, village, number, building, unit, room, full_text, road_code = row
        road = roads[road_code]
        township = regions[village][3]
        county = regions[township][3]
        names = {"county": regions[county][0], "township": regions[township][0], "village": regions[village][0]}
        truth = ("浙江省", "湖州市", names["county"])
        a = ev.synthetic.Addr(code, village, road_code, number, building, unit, room, full_text)
        kind = rng.choice(["full", "levels", "dashed", "fullwidth", "chinese", "alias", "short_name", "noise",
                           "typo", "no_such_number", "no_such_road", "other_city"])
        kept = rng.choices(levels, weights)[0]
        upper = "".join(names[level] for level in kept)
        name, style = road.name, "standard"
        if kind == "alias" and road.aliases:
            name = road.aliases[0]
        elif kind == "short_name":
            name = strip_suffix(road.name, ROAD_SUFFIXES) or road.name
        elif kind == "typo" and len(road.name) >= 3:
            name = ev.typo(rng, road.name)
        elif kind in ("dashed", "fullwidth", "chinese"):
            style = kind
        elif kind == "no_such_number":
            q = upper + road.name + f"{rng.randint(2000, 9000)}号"
            cases.append({"q": q, "expect": None, "kind": kind, "truth": truth, "county_named": "county" in kept})
            continue
        elif kind == "no_such_road":
            q = upper + rng.choice(fakes) + f"{rng.randint(1, 60)}号"
            cases.append({"q": q, "expect": None, "kind": kind, "truth": truth, "county_named": "county" in kept})
            continue
        elif kind == "other_city":
            cases.append({"q": rng.choice(ev.OTHER_CITIES), "expect": None, "kind": kind, "truth": None,
                          "county_named": True})
            continue
        numbers = ev.numbers_text(a, style)
        if kind == "full":
            q, kept = regions[village][4] + name + numbers, ("county", "township", "village")
        elif kind == "noise":
            q = ev.noisy(rng, [*(names[level] for level in kept), name, numbers])
        else:
            q = upper + name + numbers
        with connection.cursor() as cursor:
            # A typo is labelled by the road it was made from: generous, as the matcher may well
            # find the typed name one character away from several roads.
            cursor.execute(unique_sql, [road.name if kind == "typo" else name, number, building, unit, room,
                                        (county[:6] if "county" in kept else "") + "%",
                                        names["village"] if "village" in kept else "%",
                                        names["township"] if "township" in kept else "%"])
            unique = cursor.fetchone()[0] == 1
        cases.append({"q": q, "expect": code if unique else None, "kind": kind if unique else "ambiguous",
                      "truth": truth, "county_named": "county" in kept})
    return cases


def run_matcher(cases: list[dict[str, object]], warm_up: list[dict[str, object]]) -> dict[str, object]:
    from minzheng.core.models import Region
    from minzheng.places.matching import match_address, match_addresses

    county_of = {}
    names = dict(Region.objects.values_list("code", "name"))
    for code in names:
        county_of[code] = names.get(code[:6] + "000000", "")
    # A server process has been matching for a while: warm the database's caches (the matcher
    # keeps none) with other inputs than the timed ones.
    for case in warm_up:
        match_address(str(case["q"]))
    latencies, results = [], []
    cpu = time.process_time()
    started = time.perf_counter()
    for case in cases:
        t = time.perf_counter()
        best = match_address(str(case["q"])).best
        latencies.append(time.perf_counter() - t)
        results.append(best)
    wall = time.perf_counter() - started
    cpu = time.process_time() - cpu
    # The same inputs through match_addresses, 500 at a time (how bulk linking should call it).
    batch_cpu, started = time.process_time(), time.perf_counter()
    batched = []
    for i in range(0, len(cases), BATCH):
        batched.extend(r.best for r in match_addresses([str(c["q"]) for c in cases[i:i + BATCH]]))
    batch_wall, batch_cpu = time.perf_counter() - started, time.process_time() - batch_cpu
    assert [b.code if b else None for b in batched] == [b.code if b else None for b in results]
    positives = [(c, b) for c, b in zip(cases, results, strict=True) if c["expect"]]
    right = sum(1 for c, b in positives if b is not None and b.code == c["expect"])
    wrong = sum(1 for c, b in zip(cases, results, strict=True) if b is not None and b.code != c["expect"])
    regions = [("浙江省", "湖州市", county_of.get(b.region_code, "")) if b is not None else None for b in results]
    latencies.sort()
    return {
        "match_wall_s": wall, "match_cpu_s": cpu, "per_s": len(cases) / wall, "per_cpu_s": len(cases) / cpu,
        "batch_per_s": len(cases) / batch_wall, "batch_per_cpu_s": len(cases) / batch_cpu,
        "p50_ms": statistics.median(latencies) * 1000, "p95_ms": latencies[int(len(latencies) * 0.95)] * 1000,
        "accuracy": right / len(positives), "false_match_rate": wrong / len(cases), "regions": regions,
    }


def run_cpca(cases: list[dict[str, object]], ours: list[tuple[str, str, str] | None]) -> dict[str, object]:
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import cpca

        texts = [str(c["q"]) for c in cases]
        cpca.transform(texts[:50])  # loads its tables
        started = time.perf_counter()
        frame = cpca.transform(texts)
        wall = time.perf_counter() - started
        started = time.perf_counter()
        for text in texts[:500]:
            cpca.transform([text])
        one_by_one = 500 / (time.perf_counter() - started)
    theirs = [tuple(str(v) if isinstance(v, str) else "" for v in row)
              for row in frame[["省", "市", "区"]].itertuples(index=False)]
    scored = [(c["truth"], t, o, c["county_named"]) for c, t, o in zip(cases, theirs, ours, strict=True)
              if c["truth"] is not None and c["expect"]]
    named = [s for s in scored if s[3]]

    def accuracy(rows: list[tuple], index: int) -> float:  # type: ignore[type-arg]
        return sum(1 for r in rows if r[index] is not None and tuple(r[0]) == r[index]) / max(1, len(rows))

    return {
        "cpca_per_s": len(texts) / wall, "cpca_one_by_one_per_s": one_by_one,
        "cpca_region_accuracy": accuracy(scored, 1), "our_region_accuracy": accuracy(scored, 2),
        "cpca_region_accuracy_named": accuracy(named, 1), "our_region_accuracy_named": accuracy(named, 2),
        "region_cases": len(scored), "region_cases_named": len(named),
    }


def report(results: list[dict[str, object]], load: str) -> None:
    print(f"address matching, one process (one core); machine load before the run: {load}")
    print(f"{'database':<12}{'addresses':>11}{'inputs':>8}{'matches/s':>11}{'per cpu-s':>11}{'p50 ms':>8}"
          f"{'p95 ms':>8}{'batched/s':>11}{'per cpu-s':>11}{'top-1':>8}{'false':>7}")
    for r in results:
        print(f"{r['backend']:<12}{r['addresses']:>11,}{r['inputs']:>8,}{r['per_s']:>11,.0f}{r['per_cpu_s']:>11,.0f}"
              f"{r['p50_ms']:>8.2f}{r['p95_ms']:>8.2f}{r['batch_per_s']:>11,.0f}{r['batch_per_cpu_s']:>11,.0f}"
              f"{r['accuracy']:>8.1%}{r['false_match_rate']:>7.2%}")
        if r.get("built_s"):
            print(f"  (built the city in {r['built_s']:.0f} s)")
    print(f"matches/s: match_address one text at a time; batched/s: match_addresses, {BATCH} texts a call (same\n"
          "answers). Wall-clock in this one process; per cpu-s counts this process's CPU only (with SQLite that is\n"
          "all of the work; PostgreSQL's own CPU is in the server process). top-1 and false matches are over all\n"
          "inputs; an input is labelled with its address only if its words identify that address alone.")
    r = results[0]
    print(f"\nregion part (省/市/区县) of the {r['region_cases']:,} inputs that name an address "
          f"({r['region_cases_named']:,} of them name the county):")
    print(f"{'':<26}{'accuracy':>10}{'county named':>14}{'inputs/s':>12}")
    for res in results:
        print(f"{'minzheng (' + str(res['backend']) + ')':<26}{res['our_region_accuracy']:>10.1%}"
              f"{res['our_region_accuracy_named']:>14.1%}{res['per_s']:>12,.0f}")
    print(f"{'cpca 0.5.5, one list':<26}{r['cpca_region_accuracy']:>10.1%}{r['cpca_region_accuracy_named']:>14.1%}"
          f"{r['cpca_per_s']:>12,.0f}")
    print(f"{'cpca 0.5.5, one at a time':<26}{'':>10}{'':>14}{r['cpca_one_by_one_per_s']:>12,.0f}")
    print("cpca reads region names in the text; minzheng reads them off the matched standard address, so it also\n"
          "answers when the text leaves the county out. A miss or a refusal (no best) counts as wrong.")


def environment(backend: str) -> dict[str, str]:
    url = f"sqlite:///{SQLITE_PATH}" if backend == "sqlite" else PG_URL
    return child_env(database_url=url, var_dir="/tmp/minzheng-bench-match-var")


def ensure_postgres_database() -> bool:
    import psycopg

    try:
        with pg_admin_connect(url=PG_SERVER) as conn:
            if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [PG_NAME]).fetchone():
                conn.execute(f"CREATE DATABASE {PG_NAME}")
    except psycopg.OperationalError as exc:
        print(f"PostgreSQL not available, skipped: {exc}", file=sys.stderr)
        return False
    return True


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.address_match", description=__doc__.splitlines()[0])
    parser.add_argument("--inputs", type=int, default=3000)
    parser.add_argument("--backends", default="sqlite,postgresql")
    parser.add_argument("--rebuild", action="store_true", help="rebuild the city even if it is there")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv if argv is not None else [])
    if args.child:
        print(json.dumps(child(args.inputs, args.rebuild)))
        return
    load = " / ".join(f"{x:.2f}" for x in os.getloadavg()) + f" on {os.cpu_count()} cores"
    results = []
    child_args = ["--inputs", str(args.inputs)]
    if args.rebuild:
        child_args.append("--rebuild")
    for backend in args.backends.split(","):
        if backend == "postgresql" and not ensure_postgres_database():
            continue
        # Building the city takes a while: let the child's progress notes through.
        results.append(run_child(module="bench.address_match", args=child_args, env=environment(backend),
                                 live_stderr=True))
    report(results, load)


if __name__ == "__main__":
    main(sys.argv[1:])
