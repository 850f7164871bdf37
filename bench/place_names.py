"""Benchmark: place names. Pinyin per second, the naming rules per second against a registry of
many residents (the living-person rule is one indexed lookup on ``Person.name``), and the demo
builder at full scale (2,566 rural roads and bridges named in 2024, with their roads), then
again (which must create nothing).

It works in a throw-away SQLite database under a temporary directory, in a child process.

    python -m bench.place_names [--persons 200000] [--checks 2000] [--keep]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
from pathlib import Path

from bench._util import child_env, child_setup, run_child, run_on_backends, timed

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗沈钱"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰建国红梅"


def child(persons: int, checks: int) -> dict[str, object]:
    child_setup()
    from minzheng.core.models import Region
    from minzheng.core.synthetic.regions import full_layout
    from minzheng.people.models import Person
    from minzheng.places.models import NamingProposal, Road
    from minzheng.places.names import demo as demo_names
    from minzheng.places.names.rules import check_proposal
    from minzheng.places.pinyin import place_name_pinyin

    townships = list(Region.objects.filter(level="township"))
    Region.objects.bulk_create([
        Region(code=v.code, name=v.name, level="village", kind=v.kind, parent=t, full_name=t.full_name + v.name)
        for t in townships for v in full_layout(t.code, t.kind)
    ], ignore_conflicts=True, batch_size=1000)
    villages = Region.objects.filter(level="village").count()

    rng = random.Random(1)
    # Residents: only the columns the rule reads matter; the sealed ones get placeholders.
    names = [rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(GIVEN) for _ in range(persons)]
    Person.objects.bulk_create([
        Person(id_number_cipher="-", id_number_digest=f"{i:064d}", id_number_masked="-", name=name, gender="M",
               birth_date="1960-01-01", region_code="330502003001") for i, name in enumerate(names)
    ], batch_size=5000)

    proposal_names = [a + b + "路" for a in demo_names.FIRST for b in demo_names.SECOND if a != b]
    rng.shuffle(proposal_names)
    sample = proposal_names[:5000]
    _, wall, cpu = timed(lambda: [place_name_pinyin(n) for n in sample])
    out: dict[str, object] = {"persons": persons, "villages": villages,
                              "pinyin": {"n": len(sample), "wall": wall, "cpu": cpu}}

    built, wall, cpu = timed(lambda: demo_names.build_place_names(scale=1.0, seed=1))
    out["build"] = {"created": built, "wall": wall, "cpu": cpu, "proposals": NamingProposal.objects.count(),
                    "roads": Road.objects.count()}
    again, wall, cpu = timed(lambda: demo_names.build_place_names(scale=1.0, seed=1))
    out["again"] = {"created": again, "wall": wall, "cpu": cpu}

    # A mix: new names, names taken in the township, and residents' names.
    townships_rural = [t.code for t in townships if t.kind in ("镇", "乡")]
    taken = list(NamingProposal.objects.values_list("region_code", "name")[:checks // 4])
    cases = [(rng.choice(townships_rural), n) for n in proposal_names[-checks // 2:]]
    cases += taken + [(rng.choice(townships_rural), n + "路") for n in names[: checks - len(cases) - len(taken)]]
    reason = "该道路连接三个自然村，原无正式名称，群众出行不便。"
    refused = 0

    def run() -> None:
        nonlocal refused
        for township, name in cases:
            refused += bool(check_proposal(name=name, kind="road", township_code=township, reason=reason).errors)

    _, wall, cpu = timed(run)
    out["rules"] = {"n": len(cases), "refused": refused, "wall": wall, "cpu": cpu}
    return out


def report(result: dict[str, object]) -> None:
    load = os.getloadavg()
    print(f"place names on SQLite: {result['villages']:,} villages, {result['persons']:,} residents "
          f"(load average {load[0]:.1f} on {os.cpu_count()} cores)")
    print(f"{'stage':<52}{'wall s':>9}{'cpu s':>9}{'per cpu-s':>12}")
    p = result["pinyin"]
    print(f"{'pinyin, ' + format(p['n'], ',') + ' names':<52}{p['wall']:>9.2f}{p['cpu']:>9.2f}"
          f"{p['n'] / p['cpu']:>12,.0f}")
    r = result["rules"]
    label = f"all naming rules, {r['n']:,} names ({r['refused']:,} refused)"
    print(f"{label:<52}{r['wall']:>9.2f}{r['cpu']:>9.2f}{r['n'] / r['cpu']:>12,.0f}")
    b = result["build"]
    label = f"demo build, scale 1.0 ({b['proposals']:,} names, {b['roads']:,} roads)"
    print(f"{label:<52}{b['wall']:>9.2f}{b['cpu']:>9.2f}{b['proposals'] / b['cpu']:>12,.0f}")
    a = result["again"]
    created = sum(v for k, v in a["created"].items() if k != "heritage_batches")
    print(f"{'demo build again (created ' + str(created) + ')':<52}{a['wall']:>9.2f}{a['cpu']:>9.2f}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.place_names", description=__doc__.splitlines()[0])
    parser.add_argument("--persons", type=int, default=200_000)
    parser.add_argument("--checks", type=int, default=2_000)
    parser.add_argument("--keep", action="store_true", help="keep the temporary database and print its path")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv if argv is not None else [])
    if args.child:
        print(json.dumps(child(args.persons, args.checks)))
        return

    def run(database_url: str, work: Path) -> None:
        child_args = ["--persons", str(args.persons), "--checks", str(args.checks)]
        env = child_env(database_url=database_url, var_dir=work)
        report(run_child(module="bench.place_names", args=child_args, env=env))

    run_on_backends(backends="sqlite", label="place names", work_prefix="minzheng-bench-names-",
                    keep=args.keep, run=run)


if __name__ == "__main__":
    main(sys.argv[1:])
