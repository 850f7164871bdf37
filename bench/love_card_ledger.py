"""Benchmark: a month of meals, with their love-card debits, for 300,000 cards, on SQLite and on
PostgreSQL.

Each backend runs in a child process on a throw-away database (SQLite under a temporary
directory; on PostgreSQL a database of its own, created and dropped here, never ``test``). The
child opens ``--cards`` cards (default 300,000, over the city's townships, holders aged 64 to 94)
with a meal site in each of their villages, and funds them with a month's subsidy in one bulk
credit (150–210 元; every 50th card only 20 元, so that some run out; every 200th card is then
frozen). It stages a month of meals (``--meals`` lunches per card on average, default 10: about 3
million meals, 8–15 元 each, paid with the card) and times:

- recording the month's meals with ``eldercare.meals.bulk.meals_record_bulk``: the meal records
  (the subsidy by age tier and the rate in force computed in SQL, one INSERT … SELECT), their
  debits through ``love_cards.bulk.love_card_entries_post`` (one INSERT … SELECT of the entries,
  one UPDATE … FROM of the balances; each card pays in order while its balance lasts), the
  records linked to their entries, and the meals of cards that could not pay (frozen, or short)
  turned to cash;
- the same month sent again, which must write nothing;
- the check that every card's balance equals the sum of its entries (one query), and that the
  city's total balance equals the ledger's total;
- the baselines, over ``--sample`` meals of the next month (default 10,000): a naive per-row ORM
  loop (read the elder, the site and the rate, save the record, read the card, save the entry,
  save the card), and the real per-meal service ``meals.services.meal_record`` (what a meal
  site's counter calls: checks, the record, ``love_card_debit``, the audit entry). The ratio is
  their cost per meal over the bulk's.

    python -m bench.love_card_ledger [--cards 300000] [--meals 10] [--sample 10000] [--backends sqlite,postgresql] [--keep]
    PG: BENCH_PG_URL=postgres://postgres@127.0.0.1:5432  (the server; the database name is ours)
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

from bench._util import child_env, child_setup, peak_mib, run_child, run_on_backends, timed

PG_DATABASE = "minzheng_bench_love_card_ledger"
CHUNK = 20_000
DAYS = 30
JUNE, JULY = dt.date(2024, 6, 1), dt.date(2024, 7, 1)


def _load(total: int) -> None:
    """``total`` elders with an active card each, in bulk. The sealed ID columns are placeholders:
    nothing here reads them."""
    from django.db import transaction
    from django.utils import timezone

    from minzheng.core.db import tables_analyze
    from minzheng.core.models import Region
    from minzheng.eldercare.love_cards.models import LoveCard
    from minzheng.facilities.sites.models import Facility
    from minzheng.people.models import Person

    townships = list(Region.objects.filter(level="township").order_by("code").values_list("code", flat=True))
    now = timezone.now()
    # A meal site in every village the holders live in: their meals are eaten there.
    Facility.objects.bulk_create([
        Facility(name=f"助餐点{code}{n}", kind="meal_site", region_code=f"{code[:9]}{n:03d}", address_text="示例路1号",
                 status="open", public=False) for code in townships for n in range(1, 8)])
    for start in range(0, total, CHUNK):
        size = min(CHUNK, total - start)
        codes = [f"{townships[(start + k) % len(townships)][:9]}{(start + k) % 7 + 1:03d}" for k in range(size)]
        with transaction.atomic():
            people = Person.objects.bulk_create([
                Person(name=f"老人{start + k}", gender="F", birth_date=dt.date(1930 + (start + k) % 31, 1, 1),
                       region_code=code,
                       id_number_cipher="bench", id_number_digest=f"{start + k:064d}", id_number_masked="33**")
                for k, code in enumerate(codes)])
            LoveCard.objects.bulk_create([LoveCard(person=p, region_code=p.region_code, activated_at=now)
                                          for p in people])
    tables_analyze(Person, LoveCard, Facility)


def _staging(name: str, select: str, params: list[Any] | None = None) -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {name}")
        cursor.execute(f"CREATE TEMPORARY TABLE {name} (source_id BIGINT, card_id BIGINT, amount NUMERIC(14, 2), "
                       f"period DATE)")
        cursor.execute(f"INSERT INTO {name} (source_id, card_id, amount, period) {select}", params or [])
        if connection.vendor == "postgresql":
            cursor.execute(f"ANALYZE {name}")


def _fund(city: Any) -> Any:
    """A month's subsidy on every card, credited in bulk: 150–210 元, every 50th card 20 元."""
    from minzheng.eldercare.love_cards.bulk import love_card_entries_post
    from minzheng.eldercare.love_cards.models import LoveCard

    card = LoveCard._meta.db_table
    _staging("bench_funds", f"SELECT id, id, CASE WHEN id %% 50 = 0 THEN 20.00 ELSE 150.00 + (id %% 7) * 10 END, "
                            f"%s FROM {card} WHERE 1 = 1", [JUNE.isoformat()])
    return love_card_entries_post(region=city, table="bench_funds", kind="subsidy", source_type="bench.subsidy",
                                  key_prefix="bench-subsidy:")


def _freeze() -> int:
    """Every 200th card frozen, as if its holder had died."""
    from django.db.models import F
    from django.db.models.functions import Mod
    from django.utils import timezone

    from minzheng.eldercare.love_cards.models import LoveCard

    return (LoveCard.objects.annotate(m=Mod(F("id"), 200)).filter(m=0)
            .update(status="frozen", frozen_at=timezone.now(), frozen_reason="died"))


def _meals(meals_per_card: int) -> int:
    """A month of lunches into ``month_meals`` (the meals bulk writer's staging table): a card's
    holder eats on ``meals_per_card`` of 30 days (which ones depends on the card) at their
    village's site, 8–15 元 a meal, paid with the card; one in five has it delivered."""
    from django.db import connection

    from minzheng.eldercare.love_cards.models import LoveCard
    from minzheng.eldercare.meals.bulk import staging_create
    from minzheng.facilities.sites.models import Facility

    card, site = LoveCard._meta.db_table, Facility._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS bench_days")
        cursor.execute("CREATE TEMPORARY TABLE bench_days (d INTEGER, day DATE)")
        cursor.executemany("INSERT INTO bench_days (d, day) VALUES (%s, %s)",
                           [(d, (JUNE + dt.timedelta(days=d - 1)).isoformat()) for d in range(1, DAYS + 1)])
    staging_create("month_meals")
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO month_meals (person_id, site_id, served_on, meal, mode, price, paid_with) "
            f"SELECT c.person_id, f.id, d.day, 'lunch', CASE WHEN c.id %% 5 = 0 THEN 'delivered' ELSE 'eat_in' END, "
            f"CASE (c.id + d.d) %% 4 WHEN 0 THEN 8.00 WHEN 1 THEN 10.00 WHEN 2 THEN 12.50 ELSE 15.00 END, 'love_card' "
            f"FROM {card} c JOIN {site} f ON f.region_code = c.region_code JOIN bench_days d "
            f"ON (c.id * 7 + d.d * 11) %% {DAYS} < %s WHERE 1 = 1", [meals_per_card])
        if connection.vendor == "postgresql":
            cursor.execute("ANALYZE month_meals")
        cursor.execute("SELECT COUNT(*) FROM month_meals")
        return int(cursor.fetchone()[0])


def _sample(count: int) -> list[tuple[Any, Any, dt.date]]:
    """``count`` lunches of 1 July for the row-by-row baselines, one per card: (person, site, day)."""
    from minzheng.eldercare.love_cards.models import LoveCard
    from minzheng.facilities.sites.models import Facility

    sites = dict(Facility.objects.filter(kind="meal_site").values_list("region_code", "id"))
    cards = LoveCard.objects.filter(status="active").select_related("person").order_by("id")[:count]
    return [(card.person, Facility(pk=sites[card.region_code], kind="meal_site", region_code=card.region_code), JULY)
            for card in cards]


def _naive(rows: list[tuple[Any, Any, dt.date]], *, key: str) -> int:
    """The row-by-row baseline, as platforms that write one object at a time do, each meal in its
    own transaction: read the elder, the site and the rate, save the record, read the card, check
    it, save the entry, save the card and link the record."""
    from django.db import transaction
    from django.utils import timezone

    from minzheng.eldercare.love_cards.models import LoveCard, LoveCardEntry
    from minzheng.eldercare.meals.models import MealRecord
    from minzheng.eldercare.meals.selectors import subsidy_for
    from minzheng.facilities.sites.models import Facility
    from minzheng.people.models import Person

    made, price = 0, Decimal("10.00")
    for person_ref, site_ref, day in rows:
        with transaction.atomic():
            person = Person.objects.get(pk=person_ref.pk)
            site = Facility.objects.get(pk=site_ref.pk)
            if MealRecord.objects.filter(person=person, served_on=day, meal=key).exists():
                continue
            tier, subsidy = subsidy_for(birth_date=person.birth_date, region_code=site.region_code, day=day,
                                        price=price)
            record = MealRecord(person=person, site=site, region_code=site.region_code, served_on=day,
                                period=day.replace(day=1), meal=key, mode="eat_in", tier=tier, price=price,
                                subsidy=subsidy, elder_share=price - subsidy, paid_with="cash",
                                created_at=timezone.now())
            record.save()
            card = LoveCard.objects.get(person=person)
            if card.status == "active" and card.balance >= record.elder_share:
                entry = LoveCardEntry(card=card, region_code=card.region_code, period=JULY, kind="meal",
                                      direction="debit", amount=record.elder_share,
                                      idempotency_key=f"naive:{record.pk}", source_type="eldercare.mealrecord",
                                      source_id=record.pk)
                entry.save()
                card.balance -= record.elder_share
                card.save(update_fields=["balance"])
                record.paid_with, record.love_card_entry = "love_card", entry
                record.save(update_fields=["paid_with", "love_card_entry"])
            made += 1
    return made


def _service(rows: list[tuple[Any, Any, dt.date]], *, actor: Any, key: str) -> int:
    """The per-meal service, as a meal site's counter calls it for each meal."""
    from django.core.exceptions import ValidationError

    from minzheng.eldercare.meals.services import meal_record

    made = 0
    for person, site, day in rows:
        try:
            meal_record(actor=actor, site=site, person=person, served_on=day, meal=key, mode="eat_in",
                        price="10.00", paid_with="love_card")
        except ValidationError:
            continue
        made += 1
    return made


def _totals() -> tuple[Decimal, Decimal]:
    from django.db import connection

    from minzheng.eldercare.love_cards.models import LoveCard, LoveCardEntry

    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COALESCE(SUM(balance), 0) FROM {LoveCard._meta.db_table}")
        balance = Decimal(str(cursor.fetchone()[0])).quantize(Decimal("0.01"))
        cursor.execute(f"SELECT COALESCE(SUM(CASE WHEN direction = 'credit' THEN amount ELSE -amount END), 0) "
                       f"FROM {LoveCardEntry._meta.db_table}")
        ledger = Decimal(str(cursor.fetchone()[0])).quantize(Decimal("0.01"))
    return balance, ledger


def child(total: int, meals_per_card: int, sample: int) -> dict[str, object]:
    child_setup()
    from django.db import connection

    from minzheng.core.db import tables_analyze
    from minzheng.core.models import Region
    from minzheng.core.roles import Role
    from minzheng.core.services import staff_create
    from minzheng.eldercare.love_cards.models import LoveCard, LoveCardEntry
    from minzheng.eldercare.love_cards.selectors import love_card_mismatches
    from minzheng.eldercare.meals.bulk import meals_record_bulk
    from minzheng.eldercare.meals.models import MealRecord

    city = Region.objects.get(code="330500000000")
    _, load_s, _ = timed(lambda: _load(total))
    funded, fund_s, _ = timed(lambda: _fund(city))
    frozen = _freeze()
    tables_analyze(LoveCard, LoveCardEntry)
    meals, meals_s, _ = timed(lambda: _meals(meals_per_card))
    out: dict[str, object] = {"vendor": connection.vendor, "cards": total, "meals": meals, "frozen": frozen,
                              "load_s": load_s, "fund_s": fund_s, "funded": funded.posted, "meals_s": meals_s}

    def post() -> Any:
        return meals_record_bulk(actor=None, region=city, table="month_meals")

    first, wall, cpu = timed(post)
    out["post"] = {"wall": wall, "cpu": cpu, **{k: str(v) if isinstance(v, Decimal) else v
                                              for k, v in first.as_dict().items()}}
    assert first.recorded == meals and MealRecord.objects.count() == meals
    tables_analyze(MealRecord, LoveCard, LoveCardEntry)
    again, wall, cpu = timed(post)
    out["again"] = {"wall": wall, "cpu": cpu, "recorded": again.recorded, "already": again.already}
    assert again.recorded == 0 and again.card_paid == 0 and again.already == first.recorded, (again, first)
    mismatches, wall, cpu = timed(lambda: love_card_mismatches(limit=10))
    balance, ledger = _totals()
    out["check"] = {"wall": wall, "cpu": cpu, "mismatches": len(mismatches), "balance": str(balance),
                    "ledger": str(ledger)}
    assert not mismatches and balance == ledger, (mismatches, balance, ledger)
    negative = LoveCard.objects.filter(balance__lt=0).count()
    assert negative == 0
    rows = _sample(sample)
    made, wall, cpu = timed(lambda: _naive(rows, key="lunch"))
    out["naive"] = {"wall": wall, "cpu": cpu, "rows": made}
    clerk = staff_create(actor=None, username="bench_meals", password="Bench-meals-2024", role=Role.CITY_ADMIN,
                         region=city)
    made, wall, cpu = timed(lambda: _service(rows, actor=clerk, key="dinner"))
    out["service"] = {"wall": wall, "cpu": cpu, "rows": made}
    assert not love_card_mismatches(limit=10)
    out["peak_mib"] = peak_mib()
    return out


def report(result: dict[str, Any]) -> None:
    post, again, check = result["post"], result["again"], result["check"]
    print(f"love card ledger on {result['vendor']}: {result['cards']:,} cards opened in {result['load_s']:.0f} s, "
          f"funded ({result['funded']:,} subsidy credits, one bulk post) in {result['fund_s']:.1f} s; "
          f"{result['frozen']:,} frozen; {result['meals']:,} meals staged in {result['meals_s']:.1f} s")
    print(f"{'step':<58}{'wall s':>8}{'cpu s':>8}{'meals':>11}{'rows/s':>12}")
    print(f"{'record a month of meals and post their debits (bulk)':<58}{post['wall']:>8.2f}{post['cpu']:>8.2f}"
          f"{post['recorded']:>11,}{post['recorded'] / post['wall']:>12,.0f}")
    print(f"{'  paid by card / card could not pay, recorded as cash':<58}{'':>8}{'':>8}"
          f"{str(post['card_paid']) + ' / ' + str(post['to_cash']):>11}")
    print(f"{'  subsidy by age tier (元)':<58}{'':>8}{'':>8}{post['subsidy']:>11}")
    print(f"{'the same month again (must write 0)':<58}{again['wall']:>8.2f}{again['cpu']:>8.2f}"
          f"{again['recorded']:>11,}")
    print(f"{'check: every balance = sum of its entries (one query)':<58}{check['wall']:>8.2f}{check['cpu']:>8.2f}"
          f"{check['mismatches']:>11,}")
    for key, label in (("naive", "naive per-row ORM loop"), ("service", "per-meal service meal_record")):
        r = result[key]
        print(f"{label + ', ' + format(r['rows'], ',') + ' meals':<58}{r['wall']:>8.2f}{r['cpu']:>8.2f}"
              f"{r['rows']:>11,}{r['rows'] / r['wall']:>12,.0f}")
    ours = post["wall"] / post["recorded"]
    naive = result["naive"]["wall"] / max(result["naive"]["rows"], 1)
    service = result["service"]["wall"] / max(result["service"]["rows"], 1)
    print(f"ratio (cost per meal, row by row ÷ bulk): naive ORM {naive / ours:,.0f}×, per-meal service "
          f"{service / ours:,.0f}×")
    print(f"balances checked: 0 cards differ from their ledger; city total {Decimal(check['balance']):,.2f} 元 = "
          f"ledger total {Decimal(check['ledger']):,.2f} 元; no balance below zero")
    print(f"peak memory (max RSS): {result['peak_mib']:.0f} MiB")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.love_card_ledger", description=__doc__.splitlines()[0])
    parser.add_argument("--cards", type=int, default=300_000)
    parser.add_argument("--meals", type=int, default=10, help="meals per card in the month, on average (1–30)")
    parser.add_argument("--sample", type=int, default=10_000)
    parser.add_argument("--backends", default="sqlite,postgresql")
    parser.add_argument("--keep", action="store_true", help="keep the temporary databases")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv if argv is not None else [])
    if not 1 <= args.meals <= DAYS:
        parser.error(f"--meals must be 1–{DAYS}")
    if args.child:
        print(json.dumps(child(args.cards, args.meals, args.sample)))
        return
    print(f"(Load average now: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores.)", flush=True)

    def run(database_url: str, work: Path) -> None:
        report(run_child(module="bench.love_card_ledger",
                         args=["--cards", str(args.cards), "--meals", str(args.meals), "--sample", str(args.sample)],
                         env=child_env(database_url=database_url, var_dir=work)))

    run_on_backends(backends=args.backends, label="love_card_ledger", work_prefix="minzheng-bench-love-card-",
                    keep=args.keep, run=run, pg_database=PG_DATABASE)


if __name__ == "__main__":
    main(sys.argv[1:])
