"""Benchmark: a city's monthly payment run, on SQLite and on PostgreSQL.

Each backend runs in a child process on a throw-away database (SQLite under a temporary
directory; on PostgreSQL a database of its own, created and dropped here, never ``test``). The
child loads ``--enrollments`` active dibao enrollments (default 200,000; households spread over
the city's townships, approved in 2024 against the 1,145 standard), adds a 1,200 standard from
2025-01, and times:

- the run for 2024-12 (first month: every line new);
- the run for 2025-01: every amount moves with the new standard (a correlated lookup of the
  standard each amount was set against), and the back-pay check looks at the 2024-12 run;
- the same 2025-01 run started again, which must add zero lines (targets: each full run under
  10 s, the repeat under 2 s). Each run ends by computing its differences from the month before
  and keeping them on the run (the repeat keeps them after one check that nothing changed);
- the preview of the 2025-01 run: the differences read from the run (median of 5; before
  approval with the check that last month's lines have not changed since, after approval without)
  against computing them again (``run_differences``, what the preview did on every view); and the
  whole preview page, ``GET /benefits/payments/<id>/`` as a city administrator, with the kept
  figures (median of 5) against the same page of a run that has none kept (computed on the view);
- the baseline: a naive per-row ORM loop (for each enrollment: is it paid already? look up its
  standard, save a line) over ``--naive`` enrollments (default 20,000), as platforms that process
  entitlements row by row do; the ratio is its cost per enrollment over ours.

    python -m bench.payment_run [--enrollments 200000] [--naive 20000] [--backends sqlite,postgresql] [--keep]
                                [--pg-database NAME]
    PG: BENCH_PG_URL=postgres://postgres@127.0.0.1:5432  (the server; the database name is ours,
        or --pg-database when another benchmark of the same name may run on that server)
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path

from bench._util import child_env, child_setup, peak_mib, run_child, run_on_backends, staff, timed

PG_DATABASE = "minzheng_bench_payment_run"
CHUNK = 20_000
APPROVED = dt.date(2024, 3, 15)


def _load(total: int) -> None:
    """``total`` households (a head each) with an active dibao enrollment, in bulk. The heads'
    sealed ID columns are placeholders: the run never reads them."""
    from django.db import transaction

    from minzheng.benefits.models import Enrollment, Program
    from minzheng.core.db import tables_analyze
    from minzheng.core.models import Region
    from minzheng.people.models import Household, Person

    dibao = Program.objects.get(code="dibao")
    townships = list(Region.objects.filter(level="township").order_by("code").values_list("code", flat=True))
    for start in range(0, total, CHUNK):
        size = min(CHUNK, total - start)
        codes = [f"{townships[(start + k) % len(townships)][:9]}{(start + k) % 7 + 1:03d}" for k in range(size)]
        with transaction.atomic():
            heads = Person.objects.bulk_create([
                Person(name=f"户主{start + k}", gender="M", birth_date=dt.date(1960, 1, 1), region_code=code,
                       id_number_cipher="bench", id_number_digest=f"{start + k:064d}", id_number_masked="33**")
                for k, code in enumerate(codes)])
            households = Household.objects.bulk_create([Household(region_code=p.region_code, head=p) for p in heads])
            Enrollment.objects.bulk_create([
                Enrollment(program=dibao, household=h, region_code=h.region_code, approved_on=APPROVED,
                           start_month=dt.date(2024, 4, 1), monthly_amount=Decimal(300 + (start + k) % 900),
                           persons=1 + (start + k) % 4)
                for k, h in enumerate(households)])
    tables_analyze(Person, Household, Enrollment)


def _naive(count: int, period: dt.date) -> int:
    """The row-by-row baseline: one query to check, one to find the standard, one to save."""
    from minzheng.benefits.models import Enrollment, PaymentLine, PaymentRun, Program
    from minzheng.benefits.programs.selectors import standard_amount

    dibao = Program.objects.get(code="dibao")
    run = PaymentRun.objects.create(program=dibao, period=period, region_prefix="3305", region_code="330500000000")
    made = 0
    for e in Enrollment.objects.filter(program=dibao, status="active").select_related("household").order_by("id")[:count]:
        if PaymentLine.objects.filter(enrollment=e, period=period).exclude(status="failed").exists():
            continue
        standard = standard_amount(program=dibao, region_code=e.region_code, month=period)
        PaymentLine(run=run, program=dibao, enrollment=e, period=period, region_code=e.region_code, amount=e.monthly_amount,
             standard=standard, persons=e.persons, payee_id=e.household.head_id,
             created_at=run.created_at).save()
        made += 1
    return made


def _median(fn, repeat: int = 5) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    """Median wall and CPU seconds of ``repeat`` calls, after one call to warm up."""
    fn()
    walls, cpus = [], []
    for _ in range(repeat):
        started, cpu = time.perf_counter(), time.process_time()
        fn()
        walls.append(time.perf_counter() - started)
        cpus.append(time.process_time() - cpu)
    return statistics.median(walls), statistics.median(cpus)


def _preview(january) -> dict[str, object]:  # type: ignore[no-untyped-def]
    """The preview of a computed run: its differences read from the run, and the whole page, with
    the kept figures and (the record cleared, as for a run computed before they were kept) with
    the figures computed on the view."""
    from django.test import Client
    from django.urls import reverse

    from minzheng.benefits.models import PaymentRun
    from minzheng.benefits.payments import selectors, services
    from minzheng.core.models import Region
    from minzheng.core.roles import Role

    out: dict[str, object] = {}
    fresh = selectors.run_differences(run=january)
    kept = selectors.run_differences_stored(run=january)
    assert kept == fresh and not kept.stale, "the kept differences are not what the lines say"  # type: ignore[union-attr]
    out["read_computed"] = _median(lambda: selectors.run_differences_stored(run=january))

    admin = staff(username="bench_admin", role=Role.CITY_ADMIN, region=Region.objects.get(code="330500000000"))
    client = Client()
    client.force_login(admin)
    url = reverse("benefit_payments:detail", args=[january.pk])

    def page() -> None:
        response = client.get(url)
        assert response.status_code == 200 and "与上月" in response.content.decode(), response.status_code

    out["page"] = _median(page)
    record = january.differences
    PaymentRun.objects.filter(pk=january.pk).update(differences=None)
    out["page_recompute"] = _median(page, repeat=1)
    PaymentRun.objects.filter(pk=january.pk).update(differences=record)

    approved = services.payment_run_approve(actor=admin, run=january)
    out["read_approved"] = _median(lambda: selectors.run_differences_stored(run=approved))
    return out


def child(total: int, naive: int) -> dict[str, object]:
    child_setup()
    from django.db import connection
    from django.db.models import Sum

    from minzheng.benefits.models import PaymentLine, Program, Standard
    from minzheng.benefits.payments import services

    _, load_s, _ = timed(lambda: _load(total))
    dibao = Program.objects.get(code="dibao")
    Standard.objects.create(program=dibao, region_prefix="3305", effective_from=dt.date(2025, 1, 1),
                            amount=Decimal("1200.00"))
    out: dict[str, object] = {"vendor": connection.vendor, "enrollments": total, "load_s": load_s}

    def run(period: str):  # type: ignore[no-untyped-def]
        return services.payment_run_start(actor=None, program_code="dibao", period=period, region_prefix="3305")

    for key, period in (("december", "2024-12"), ("january", "2025-01"), ("again", "2025-01")):
        before = PaymentLine.objects.count()
        result, wall, cpu = timed(lambda period=period: run(period))  # type: ignore[misc]
        out[key] = {"wall": wall, "cpu": cpu, "new_lines": PaymentLine.objects.count() - before,
                    "lines": result.line_count, "total": str(result.total_amount)}
    january = run("2025-01")
    summed = PaymentLine.objects.filter(run=january).aggregate(total=Sum("amount"))["total"]
    assert Decimal(summed).quantize(Decimal("0.01")) == january.total_amount, (summed, january.total_amount)
    assert out["again"]["new_lines"] == 0, out["again"]  # type: ignore[index]
    from minzheng.benefits.payments.selectors import run_differences

    diff, wall, cpu = timed(lambda: run_differences(run=january))
    out["differences"] = {"wall": wall, "cpu": cpu, "changed": diff.changed.count}
    out.update(_preview(january))
    made, wall, cpu = timed(lambda: _naive(naive, dt.date(2025, 2, 1)))
    out["naive"] = {"wall": wall, "cpu": cpu, "lines": made}
    out["peak_mib"] = peak_mib()
    return out


def report(result: dict[str, object]) -> None:
    total = int(result["enrollments"])  # type: ignore[call-overload]
    print(f"payment run on {result['vendor']}: {total:,} active dibao enrollments loaded in {result['load_s']:.0f} s")
    print(f"{'step':<52}{'wall s':>8}{'cpu s':>8}{'new lines':>11}{'per enrollment':>16}")
    rows = (("december", "run 2024-12 (first month)"),
            ("january", "run 2025-01 (new standard, back-pay check)"),
            ("again", "run 2025-01 again (target: 0 new, < 2 s)"))
    for key, label in rows:
        r = result[key]  # type: ignore[index]
        print(f"{label:<52}{r['wall']:>8.2f}{r['cpu']:>8.2f}{r['new_lines']:>11,}{r['wall'] / total * 1e6:>13.1f} µs")
    d = result["differences"]  # type: ignore[index]
    print(f"{'differences from 2024-12 computed (' + format(d['changed'], ',') + ' changed)':<52}{d['wall']:>8.2f}"
          f"{d['cpu']:>8.2f}{'':>11}")
    for key, label in (("read_computed", "  read from the run, before approval (median of 5)"),
                       ("read_approved", "  read from the run, once approved (median of 5)"),
                       ("page", "preview page, figures kept on the run (median of 5)"),
                       ("page_recompute", "preview page, figures computed on the view")):
        wall, cpu = result[key]  # type: ignore[misc]
        print(f"{label:<52}{wall:>8.3f}{cpu:>8.3f}")
    print(f"preview page: kept figures {result['page_recompute'][0] / result['page'][0]:,.0f}× faster "  # type: ignore[index]
          f"than computing them on the view")
    n = result["naive"]  # type: ignore[index]
    naive_per = n["wall"] / max(n["lines"], 1)
    print(f"{'naive per-row ORM loop, ' + format(n['lines'], ',') + ' enrollments':<52}{n['wall']:>8.2f}"
          f"{n['cpu']:>8.2f}{n['lines']:>11,}{naive_per * 1e6:>13.1f} µs")
    ours = result["january"]["wall"] / total  # type: ignore[index]
    print(f"ratio (per-enrollment cost, naive ÷ ours, 2025-01 run): {naive_per / ours:,.0f}×")
    targets = all(result[k]["wall"] < 10 for k in ("december", "january")) and result["again"]["wall"] < 2  # type: ignore[index]
    print(f"targets (runs < 10 s, repeat < 2 s with 0 new lines): {'met' if targets else 'NOT met'}; "
          f"run total 2025-01 = {result['january']['total']} = sum of its lines")  # type: ignore[index]
    print(f"peak memory (max RSS): {result['peak_mib']:.0f} MiB")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.payment_run", description=__doc__.splitlines()[0])
    parser.add_argument("--enrollments", type=int, default=200_000)
    parser.add_argument("--naive", type=int, default=20_000)
    parser.add_argument("--backends", default="sqlite,postgresql")
    parser.add_argument("--keep", action="store_true", help="keep the temporary databases")
    parser.add_argument("--pg-database", default=PG_DATABASE,
                        help=f"the PostgreSQL database to create and drop (default {PG_DATABASE})")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv if argv is not None else [])
    if args.child:
        print(json.dumps(child(args.enrollments, args.naive)))
        return
    print(f"(Load average now: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores.)", flush=True)

    def run(database_url: str, work: Path) -> None:
        report(run_child(module="bench.payment_run", args=["--enrollments", str(args.enrollments),
                                                            "--naive", str(args.naive)],
                         env={**child_env(database_url=database_url, var_dir=work),
                              "MINZHENG_ALLOWED_HOSTS": "testserver"}))

    run_on_backends(backends=args.backends, label="payment_run", work_prefix="minzheng-bench-payment-run-",
                    keep=args.keep, run=run, pg_database=args.pg_database)


if __name__ == "__main__":
    main(sys.argv[1:])
