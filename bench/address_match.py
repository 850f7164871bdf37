"""Benchmark: address matching on the scale-1.0 demo city (about 2.17 million standard
addresses), and the region part of the same inputs against ``cpca``.

It builds (once; later runs reuse it) the roads and addresses of the demo city of ``minzheng demo
--scale 1.0`` (seed 1, ``minzheng.places.addresses.demo.build_places`` over every demo village,
without the people) in a database of its own: an SQLite file under /tmp and a PostgreSQL
database (``--pg-name``). Then, on each backend:

1. **Self-match**: every active address whose standard text is unique is matched with its own
   text, the whole table in one pass of ``match_addresses``; each must come back as ``best`` at
   score 1.0. The failures are counted (the target is 0).
2. **Tie rate**: random addresses typed as people write them, road and number without regions
   (雉州路8号, 紫金新村2号3幢1单元302室); the share whose words fit several addresses.
3. **Messy inputs**: random addresses across the city, typed the ways of the evaluation set
   (``tests/places/matching/make_eval_set.py``, the same generator and oracle), the road-and-
   number texts of step 2, and inputs that must not match. Timed one at a time
   (``match_address``) and 500 a call (``match_addresses``, same answers); the queries one text
   sends are counted in a pass of their own. Top-1 is over the inputs that name one address; a
   wrong match is a best that is not the address; a tie must come back with no best and its
   regions named. The one-at-a-time pass is timed ``--passes`` times (5) and the median is the
   figure: on a shared machine one pass can land on a busy second. With each pass, the CPU
   seconds per match of this process and, on PostgreSQL, of its server process (read from
   /proc when the server runs on this machine): unlike wall-clock, they hardly move with the load.
4. ``--compare-readers`` (PostgreSQL): the matcher's reader (libpq's ``PQexecPrepared``,
   ``search.Prepared``) against psycopg's public API (``cursor.execute(..., prepare=True)``),
   the same inputs in alternating passes.

``cpca`` extracts province, city and district from text; it is compared on the region part
(省/市/区县) of the same inputs: its answer, against ours read off the matched address.

    python -m bench.address_match [--inputs 3000] [--passes 5] [--backends sqlite,postgresql] [--rebuild]
                                  [--no-self-match] [--compare-readers] [--pg-server URL]
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
from typing import Any

from bench._util import PG_SERVER, child_env, child_setup, pg_admin_connect, run_child

SQLITE_PATH = Path("/tmp/minzheng_bench_match.sqlite3")
PG_NAME = "minzheng_bench_match"
SEED = 7
BATCH = 500
WARM_UP = 1000
PEOPLE_WRITE = 1000  # addresses typed as road and number, for the tie rate
NEGATIVE_SHARE = 0.12
PASSES = 5


def child(inputs: int, rebuild: bool, self_match: bool, passes: int = PASSES,
          compare_readers: bool = False) -> dict[str, object]:
    child_setup(divisions=True)
    from django.db import connection

    from minzheng.places.matching import road_names_rebuild
    from minzheng.places.models import Address, MatchKey

    count = Address.objects.count()
    built = None
    if rebuild or count < 2_000_000:
        started = time.perf_counter()
        count = load()
        built = time.perf_counter() - started
    elif not MatchKey.objects.filter(form=MatchKey.Form.DELETION, target=MatchKey.Target.REGION).exists():
        road_names_rebuild()  # keys of an older matcher, or a run stopped halfway
    with connection.cursor() as cursor:
        # Fresh statistics, and on PostgreSQL the visibility map that index-only scans need.
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    out: dict[str, object] = {"backend": connection.vendor, "addresses": count, "built_s": built}
    if self_match:
        out.update(run_self_match())
    cases, warm_up, ties = make_inputs(inputs)
    out.update(ties)
    timing = run_matcher(cases, warm_up, passes)
    out.update(run_cpca(cases, timing.pop("regions")))  # type: ignore[arg-type]
    out.update(timing)
    out["inputs"] = len(cases)
    if compare_readers and connection.vendor == "postgresql":
        out["readers"] = compare_prepared_readers([str(c["q"]) for c in cases], passes)
    return out


def load() -> int:
    """Write the demo city's roads and addresses (and the matcher's keys) afresh."""
    from django.db import connection, transaction

    from minzheng.places.models import Address, MatchKey, Road
    from tests.places.matching.city import build_villages, layout

    with transaction.atomic(), connection.cursor() as cursor:
        for model in (MatchKey, Address, Road):
            cursor.execute(f"DELETE FROM {model._meta.db_table}")
    print("building the demo city's addresses …", file=sys.stderr, flush=True)
    return int(build_villages(list(layout()))["addresses"])


def run_self_match() -> dict[str, object]:
    """Every standard address with a unique text, matched with that text, county by county."""
    from minzheng.core.models import Region
    from tests.places.matching.city import self_match_failures, standard_addresses

    checked, failures, seconds = 0, [], 0.0
    for county in Region.objects.filter(level="county").order_by("code").values_list("code", flat=True):
        addresses = standard_addresses(county[:6])
        started = time.perf_counter()
        failures += self_match_failures(addresses)
        seconds += time.perf_counter() - started
        checked += len(addresses)
        print(f"self-match {county[:6]}: {len(addresses):,} addresses, {len(failures)} failures so far",
              file=sys.stderr, flush=True)
    return {"self_checked": checked, "self_failures": len(failures), "self_per_s": checked / seconds,
            "self_examples": failures[:5]}


def random_addresses(rng: random.Random, wanted: int) -> list[Any]:
    """Active addresses drawn uniformly from the whole table."""
    from minzheng.places.models import Address
    from tests.places.matching.make_eval_set import Addr

    max_id = Address.objects.order_by("-id").values_list("id", flat=True).first() or 0
    out = []
    while len(out) < wanted:
        row = Address.objects.filter(id__gte=rng.randint(1, max_id), status=Address.Status.ACTIVE).order_by(
            "id").values_list("code", "region_code", "road_id", "number", "building", "unit", "room",
                              "full_text").first()
        if row is not None:
            out.append(Addr(*row))
    return out


def make_inputs(wanted: int) -> tuple[list[dict[str, Any]], list[dict[str, Any]], dict[str, object]]:
    """(timed cases, warm-up cases, tie figures): the road-and-number texts of ``PEOPLE_WRITE``
    random addresses, and messy inputs from other random addresses of the whole city, all
    labelled by the evaluation set's oracle (not timed); ``wanted`` in all."""
    from tests.places.matching import make_eval_set as ev

    rng = random.Random(SEED)
    city = ev.City()
    gen = ev.Generator(city, rng)
    people: list[dict[str, Any]] = []
    for a in random_addresses(rng, PEOPLE_WRITE):
        tie = gen.tie(a)
        people.append(tie or {"q": city.roads[a.road_id][0] + ev.numbers_text(a, "standard"), "expect": a.code,
                              "kind": "road_and_number", "address": a.full_text})
    tied = [case for case in people if case["kind"] == "tie"]
    pool = random_addresses(rng, 4 * (wanted + WARM_UP))
    negatives = gen.negatives(pool)
    messy: list[dict[str, Any]] = []
    for a in pool:
        if len(messy) >= (wanted + WARM_UP - len(people)) * (1 - NEGATIVE_SHARE):
            break
        item = gen.item(rng.choice(ev.POSITIVE_KINDS), a)
        if item is not None:
            messy.append(item)
    while len(messy) < wanted + WARM_UP - len(people):
        messy.append(dict(rng.choice(negatives)))
    rng.shuffle(messy)
    cases = people + messy[WARM_UP:]
    rng.shuffle(cases)
    figures = {"people_write": len(people), "people_write_ties": len(tied),
               "people_write_tie_rate": len(tied) / len(people)}
    return cases, messy[:WARM_UP], figures


def run_matcher(cases: list[dict[str, Any]], warm_up: list[dict[str, Any]], passes: int) -> dict[str, object]:
    from minzheng.core.models import Region
    from minzheng.places.matching import match_address, match_addresses
    from tests.places.matching.test_eval_set import evaluate

    county_of = {}
    names = dict(Region.objects.values_list("code", "name"))
    for code in names:
        county_of[code] = names.get(code[:6] + "000000", "")
    # A server process has been matching for a while: warm the database's caches (the matcher
    # keeps none) with other inputs than the timed ones.
    for case in warm_up:
        match_address(str(case["q"]))
    texts = [str(case["q"]) for case in cases]
    results = [match_address(text) for text in texts]  # what is scored; the timed passes answer alike
    latencies: list[float] = []
    timed_passes = []
    for _ in range(max(1, passes)):
        timed_passes.append(timed_pass(texts, latencies))
    rates = [p["per_s"] for p in timed_passes]
    middle = sorted(timed_passes, key=lambda p: p["per_s"])[len(timed_passes) // 2]
    # The same inputs through match_addresses, 500 at a time (how bulk linking should call it).
    batch_cpu, started = time.process_time(), time.perf_counter()
    batched = []
    for i in range(0, len(cases), BATCH):
        batched.extend(match_addresses([str(c["q"]) for c in cases[i:i + BATCH]]))
    batch_wall, batch_cpu = time.perf_counter() - started, time.process_time() - batch_cpu
    assert [b.best for b in batched] == [r.best for r in results]
    queries = queries_per_match([str(c["q"]) for c in cases])
    scored = evaluate(cases, results)
    road_and_number = [(c, r) for c, r in zip(cases, results, strict=True) if c["kind"] in ("road_and_number", "tie")]
    latencies.sort()
    return {
        "per_s": statistics.median(rates), "passes": rates, "per_cpu_s": 1e6 / middle["client_us"],
        "client_us": middle["client_us"], "server_us": middle["server_us"],
        "batch_per_s": len(cases) / batch_wall, "batch_per_cpu_s": len(cases) / batch_cpu, "queries": queries,
        "p50_ms": statistics.median(latencies) * 1000, "p95_ms": latencies[int(len(latencies) * 0.95)] * 1000,
        "accuracy": scored["accuracy"], "positives": scored["positives"], "wrong": len(scored["wrong"]),
        "ties": scored["ties"], "ties_missed": len(scored["ties_missed"]), "negatives": scored["negatives"],
        "people_write_answered_tie": sum(1 for _, r in road_and_number if r.ambiguous),
        "wrong_examples": [(i["q"], b.full_text, i["address"]) for i, b in scored["wrong"][:5]],
        "miss_examples": [(i["kind"], i["q"]) for i in scored["misses"][:8]],
        "regions": [("浙江省", "湖州市", county_of.get(r.best.region_code, "")) if r.best is not None else None
                    for r in results],
    }


def timed_pass(texts: list[str], latencies: list[float]) -> dict[str, Any]:
    """``match_address`` on each text, one at a time: matches per second, and CPU microseconds
    per match in this process and (None when it cannot be read) in the database server's."""
    from minzheng.places.matching import match_address

    server = server_cpu_ns()
    cpu, started = time.process_time(), time.perf_counter()
    for text in texts:
        t = time.perf_counter()
        match_address(text)
        latencies.append(time.perf_counter() - t)
    wall, cpu = time.perf_counter() - started, time.process_time() - cpu
    server_after = server_cpu_ns()
    return {"per_s": len(texts) / wall, "client_us": cpu * 1e6 / len(texts),
            "server_us": None if server is None or server_after is None else (server_after - server) / 1e3 / len(texts)}


def server_cpu_ns() -> int | None:
    """CPU nanoseconds the PostgreSQL process serving this connection has used, when it runs on
    this machine and /proc shows it; None on SQLite (its work is this process's own)."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return None
    connection.ensure_connection()
    try:
        with open(f"/proc/{connection.connection.info.backend_pid}/schedstat") as f:
            return int(f.read().split()[0])
    except (OSError, ValueError, IndexError):
        return None


class PublicApiReader:
    """``search.Prepared`` done with psycopg's public API, for ``--compare-readers``: a plain
    (server-binding) psycopg cursor on Django's connection, ``execute(..., prepare=True)``."""

    def __init__(self, connection: Any) -> None:
        import psycopg

        self.connection = connection
        # Django turns psycopg's statement cache off; then prepare=True would be ignored too.
        if connection.prepare_threshold is None:
            connection.prepare_threshold = 5
        self.cursor = psycopg.Cursor(connection)
        connection.execute("SET plan_cache_mode = force_generic_plan")

    def fetch(self, sql: str, params: Any) -> list[tuple[Any, ...]]:
        self.cursor.execute(sql, [None if p is None else str(p) for p in params], prepare=True)
        return self.cursor.fetchall()


def compare_prepared_readers(texts: list[str], passes: int) -> dict[str, object]:
    """The same texts through each reader in turn (A B B A …), each pass timed as above."""
    from django.db import connection

    from minzheng.places.matching import match_address
    from minzheng.places.matching.search import PREPARED_ATTRIBUTE, Reader

    kept = Reader().prepared  # the connection's own, whose statements are prepared already
    readers = {"libpq": kept, "psycopg": PublicApiReader(connection.connection)}
    answers: dict[str, list[Any]] = {}
    measured: dict[str, list[dict[str, Any]]] = {name: [] for name in readers}
    try:
        for name, reader in readers.items():
            setattr(connection, PREPARED_ATTRIBUTE, reader)
            answers[name] = [match_address(text) for text in texts]  # also prepares its statements
        for i in range(max(2, passes)):
            for name in (list(readers) if i % 2 == 0 else list(readers)[::-1]):
                setattr(connection, PREPARED_ATTRIBUTE, readers[name])
                measured[name].append(timed_pass(texts, []))
    finally:
        setattr(connection, PREPARED_ATTRIBUTE, kept)
    assert answers["libpq"] == answers["psycopg"]

    def median(name: str, key: str) -> float | None:
        values = [p[key] for p in measured[name] if p[key] is not None]
        return statistics.median(values) if values else None

    return {name: {"per_s": median(name, "per_s"), "client_us": median(name, "client_us"),
                   "server_us": median(name, "server_us"), "passes": [p["per_s"] for p in measured[name]]}
            for name in readers}


def queries_per_match(texts: list[str]) -> float:
    """Queries ``match_address`` sends per text, counted in a pass of its own (not timed): on
    PostgreSQL each is a round trip, which costs about as much as the rest of a match."""
    from minzheng.places.matching import match_address
    from minzheng.places.matching.search import Reader

    sent = 0
    fetch = Reader.fetch

    def counted(self: Reader, sql: str, params: Any) -> list[tuple[Any, ...]]:
        nonlocal sent
        sent += 1
        return fetch(self, sql, params)

    Reader.fetch = counted  # type: ignore[method-assign]
    try:
        for text in texts:
            match_address(text)
    finally:
        Reader.fetch = fetch  # type: ignore[method-assign]
    return sent / len(texts)


def run_cpca(cases: list[dict[str, Any]], ours: list[tuple[str, str, str] | None]) -> dict[str, object]:
    import warnings

    from minzheng.core.models import Region

    counties = dict(Region.objects.filter(level="county").values_list("code", "name"))
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
    scored = []
    for case, t, o in zip(cases, theirs, ours, strict=True):
        if case["expect"]:
            county = counties[str(case["expect"])[:6] + "000000"]
            scored.append((("浙江省", "湖州市", county), t, o, county in str(case["q"])))
    named = [s for s in scored if s[3]]

    def accuracy(rows: list[tuple[Any, ...]], index: int) -> float:
        return sum(1 for r in rows if r[index] is not None and tuple(r[0]) == r[index]) / max(1, len(rows))

    return {
        "cpca_per_s": len(texts) / wall, "cpca_one_by_one_per_s": one_by_one,
        "cpca_region_accuracy": accuracy(scored, 1), "our_region_accuracy": accuracy(scored, 2),
        "cpca_region_accuracy_named": accuracy(named, 1), "our_region_accuracy_named": accuracy(named, 2),
        "region_cases": len(scored), "region_cases_named": len(named),
    }


def report(results: list[dict[str, Any]], load: str) -> None:
    print(f"address matching on the scale-1.0 demo city, one process (one core); machine load before the run: {load}")
    print(f"{'database':<12}{'addresses':>11}{'inputs':>8}{'matches/s':>11}{'per cpu-s':>11}{'p50 ms':>8}"
          f"{'p95 ms':>8}{'batched/s':>11}{'per cpu-s':>11}{'top-1':>8}{'wrong':>7}{'ties ok':>10}")
    for r in results:
        print(f"{r['backend']:<12}{r['addresses']:>11,}{r['inputs']:>8,}{r['per_s']:>11,.0f}{r['per_cpu_s']:>11,.0f}"
              f"{r['p50_ms']:>8.2f}{r['p95_ms']:>8.2f}{r['batch_per_s']:>11,.0f}{r['batch_per_cpu_s']:>11,.0f}"
              f"{r['accuracy']:>8.1%}{r['wrong']:>7}{r['ties'] - r['ties_missed']:>5}/{r['ties']:<4}")
        if r.get("built_s"):
            print(f"  (built the city in {r['built_s']:.0f} s)")
    print(f"matches/s: match_address one text at a time, the median of the timed passes; batched/s: match_addresses,\n"
          f"{BATCH} texts a call (same answers). Wall-clock in this one process; per cpu-s counts this process's CPU\n"
          "only (with SQLite that is all of the work; PostgreSQL's own CPU is in the server process). top-1: of the\n"
          "inputs that name one address; wrong: a best that is not the address (or where none is expected); ties\n"
          "ok: inputs that fit several addresses answered with no best and their regions named.")
    for r in results:
        server = f", server {r['server_us']:.0f}" if r.get("server_us") is not None else ""
        print(f"  {r['backend']}: {r['per_s']:,.0f} matches/s, the median of {len(r['passes'])} passes ("
              + " / ".join(f"{rate:,.0f}" for rate in r["passes"])
              + f"); CPU per match (median pass): this process {r['client_us']:.0f} µs{server}")
    print("queries per match (match_address, counted in a pass of their own): "
          + ", ".join(f"{r['backend']} {r['queries']:.2f}" for r in results))
    for r in results:
        print(f"  {r['backend']}: {r['positives']:,} naming one address, {r['ties']} ties, {r['negatives']} that must "
              "not match")
        for kind, q in r["miss_examples"]:
            print(f"    miss ({kind}): {q}")
        for q, got, expected in r["wrong_examples"]:
            print(f"    WRONG: {q} → {got}; expected {expected}")
    print("\nself-match: every active address whose standard text is unique, matched with its own text in one pass\n"
          f"(match_addresses, {BATCH} a call); a failure is anything but itself as best at score 1.0.")
    print(f"{'database':<12}{'addresses':>12}{'failures':>10}{'per s':>9}")
    for r in results:
        if "self_checked" in r:
            print(f"{r['backend']:<12}{r['self_checked']:>12,}{r['self_failures']:>10,}{r['self_per_s']:>9,.0f}")
            for text, got in r["self_examples"]:
                print(f"    {text} → {got}")
    for r in results:
        if r.get("readers"):
            print_readers(r["readers"])
    r = results[0]
    print(f"\ntie rate of address texts as people write them (road and number, no regions), {r['people_write']:,} "
          f"random addresses: {r['people_write_ties']:,} fit several addresses ({r['people_write_tie_rate']:.1%}); "
          f"the matcher answered {r['people_write_answered_tie']:,} of them with no best (a tie).")
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


def print_readers(readers: dict[str, dict[str, Any]]) -> None:
    base = readers["libpq"]["per_s"]
    print(f"\nthe matcher's PostgreSQL reader, alternating passes over the same inputs ({len(readers['libpq']['passes'])} each):")
    print(f"{'reader':<44}{'matches/s':>11}{'ratio':>7}{'client µs':>11}{'server µs':>11}")
    labels = {"libpq": "libpq PQexecPrepared (search.Prepared)", "psycopg": "psycopg cursor.execute(prepare=True)"}
    for name, r in readers.items():
        server = f"{r['server_us']:>11.0f}" if r["server_us"] is not None else f"{'':>11}"
        print(f"{labels[name]:<44}{r['per_s']:>11,.0f}{r['per_s'] / base:>7.3f}{r['client_us']:>11.0f}{server}")
    print("client and server µs: CPU per match of this process and of the PostgreSQL server process (medians).")


def environment(backend: str, args: argparse.Namespace) -> dict[str, str]:
    url = f"sqlite:///{args.sqlite_path}" if backend == "sqlite" else f"{args.pg_server}/{args.pg_name}"
    return child_env(database_url=url, var_dir="/tmp/minzheng-bench-match-var")


def ensure_postgres_database(name: str, server: str = PG_SERVER) -> bool:
    import psycopg

    try:
        with pg_admin_connect(url=server) as conn:
            if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
                conn.execute(f"CREATE DATABASE {name}")
    except psycopg.OperationalError as exc:
        print(f"PostgreSQL not available, skipped: {exc}", file=sys.stderr)
        return False
    return True


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.address_match", description=__doc__.splitlines()[0])
    parser.add_argument("--inputs", type=int, default=3000)
    parser.add_argument("--passes", type=int, default=PASSES, help=f"timed passes of the inputs (default {PASSES})")
    parser.add_argument("--compare-readers", action="store_true",
                        help="PostgreSQL: libpq's PQexecPrepared against psycopg's cursor.execute(prepare=True)")
    parser.add_argument("--backends", default="sqlite,postgresql")
    parser.add_argument("--rebuild", action="store_true", help="rebuild the city even if it is there")
    parser.add_argument("--no-self-match", action="store_true", help="skip the self-match pass over the whole table")
    parser.add_argument("--sqlite-path", default=str(SQLITE_PATH), help=f"the SQLite file (default {SQLITE_PATH})")
    parser.add_argument("--pg-name", default=PG_NAME, help=f"the PostgreSQL database (default {PG_NAME})")
    parser.add_argument("--pg-server", default=PG_SERVER,
                        help=f"the PostgreSQL server (default {PG_SERVER}; over the Unix socket: "
                             "postgres://postgres@%%2Fvar%%2Frun%%2Fpostgresql)")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv if argv is not None else [])
    if args.child:
        print(json.dumps(child(args.inputs, args.rebuild, not args.no_self_match, args.passes,
                               args.compare_readers)))
        return
    load = " / ".join(f"{x:.2f}" for x in os.getloadavg()) + f" on {os.cpu_count()} cores"
    results = []
    child_args = ["--inputs", str(args.inputs), "--passes", str(args.passes)]
    child_args += ["--rebuild"] * args.rebuild + ["--no-self-match"] * args.no_self_match
    child_args += ["--compare-readers"] * args.compare_readers
    for backend in args.backends.split(","):
        if backend == "postgresql" and not ensure_postgres_database(args.pg_name, args.pg_server):
            continue
        # Building the city takes a while: let the child's progress notes through.
        results.append(run_child(module="bench.address_match", args=child_args, env=environment(backend, args),
                                 live_stderr=True))
    report(results, load)


if __name__ == "__main__":
    main(sys.argv[1:])
