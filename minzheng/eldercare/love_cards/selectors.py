"""Reads on love cards. Staff read through the scope of the card's ``region_code`` (the holder's
region today); a card elsewhere answers 404. ``love_card_for_person`` is for the services of other
sub-domains (meals), which hold a person already and read no page: it takes no user.

The balance is the sum of the entries. ``love_card_ledger_balance`` recomputes it for one card,
and ``love_card_mismatches`` compares every card's kept ``balance`` with it in one query: it
should always find none.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import connection
from django.db.models import Case, Count, DecimalField, F, Q, QuerySet, Sum, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone

from minzheng.benefits.models import PaymentRun
from minzheng.core import pii
from minzheng.core.idnumber import IdNumberError, parse_id_number
from minzheng.core.models import User
from minzheng.core.scope import get_in_scope, scoped
from minzheng.eldercare.love_cards.models import LoveCard, LoveCardEntry
from minzheng.people.models import Person

MONEY: DecimalField[Decimal, Decimal] = DecimalField(max_digits=16, decimal_places=2)
ZERO = Decimal("0.00")
SIGNED = Case(When(direction=LoveCardEntry.Direction.CREDIT, then=F("amount")), default=-F("amount"),
              output_field=MONEY)


def _looks_like_id_number(q: str) -> bool:
    return len(q) == 18 and q[:17].isdigit()


def love_card_list(*, user: User, q: str = "", status: str = "") -> QuerySet[LoveCard]:
    """The cards the user may see, the latest activated first. ``q`` is the holder's name (its
    beginning) or their exact ID number, found through the blind index."""
    qs = scoped(LoveCard.objects.select_related("person"), user=user)
    q = (q or "").strip()
    if q:
        if _looks_like_id_number(q):
            try:
                number = parse_id_number(q).value
            except IdNumberError:
                return qs.none()
            qs = qs.filter(person__id_number_digest__in=pii.digests("id_number", number))
        else:
            qs = qs.filter(person__name__startswith=q)
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("-id")


def love_card_get(*, user: User, pk: int | str) -> LoveCard:
    """One card in the user's scope, with its holder and who activated it, or 404."""
    return get_in_scope(LoveCard.objects.select_related("person", "activated_by"), user=user, pk=pk)


def love_card_for_person(*, person: Person) -> LoveCard | None:
    """The person's card, whatever its status, or None."""
    return LoveCard.objects.filter(person=person).first()


def love_card_subsidy_runs(*, period: dt.date) -> QuerySet[PaymentRun]:
    """The approved (or exported) ``elder_service`` payment runs of a month: what
    ``services.love_card_credit_subsidies`` credits to the cards. For the command line, which acts
    for the whole city: it takes no user."""
    return (PaymentRun.objects.filter(program__code="elder_service", period=period.replace(day=1),
                                      status__in=[PaymentRun.Status.APPROVED, PaymentRun.Status.EXPORTED])
            .select_related("program").order_by("region_prefix", "id"))


def love_card_subsidy_run(*, pk: int) -> PaymentRun | None:
    """One payment run by its number, for the command line (the service checks its program and
    status)."""
    return PaymentRun.objects.filter(pk=pk).select_related("program").first()


def love_card_entries(*, card: LoveCard) -> QuerySet[LoveCardEntry]:
    """The card's ledger, newest first."""
    return LoveCardEntry.objects.filter(card=card).select_related("created_by").order_by("-id")


def love_card_ledger_balance(*, card: LoveCard) -> Decimal:
    """The card's balance recomputed from its entries: credits minus debits."""
    total = LoveCardEntry.objects.filter(card=card).aggregate(total=Coalesce(Sum(SIGNED), Value(ZERO),
                                                                              output_field=MONEY))["total"]
    return Decimal(total).quantize(Decimal("0.01"))


@dataclass(frozen=True)
class Mismatch:
    card: int
    balance: Decimal
    ledger: Decimal


def love_card_mismatches(*, card_ids: list[int] | None = None, limit: int = 100) -> list[Mismatch]:
    """Cards whose kept balance differs from the sum of their entries (at most ``limit``), in
    one set-based query. An empty list is the proof the two agree. On SQLite amounts are
    floating point, so "differs" is by half a fen or more."""
    card = LoveCard._meta.db_table
    entry = LoveCardEntry._meta.db_table
    where, params = "", []
    if card_ids is not None:
        if not card_ids:
            return []
        where = f"AND c.id IN ({', '.join(['%s'] * len(card_ids))})"
        params = list(card_ids)
    sql = (f"SELECT c.id, c.balance, COALESCE(s.total, 0) FROM {card} c LEFT JOIN "
           f"(SELECT card_id, SUM(CASE WHEN direction = 'credit' THEN amount ELSE -amount END) AS total "
           f"FROM {entry} GROUP BY card_id) s ON s.card_id = c.id "
           f"WHERE ABS(c.balance - COALESCE(s.total, 0)) >= 0.005 {where} ORDER BY c.id LIMIT %s")
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, limit])
        rows = cursor.fetchall()
    cents = Decimal("0.01")
    return [Mismatch(card=r[0], balance=Decimal(str(r[1])).quantize(cents), ledger=Decimal(str(r[2])).quantize(cents))
            for r in rows]


def love_card_counts(*, user: User, year: int | None = None) -> dict[str, Any]:
    """Cards in the user's scope: ``activated`` (every card activated, by the end of ``year``
    when given: the year's figure ``eldercare.love_cards_activated``; a card frozen since still
    counts, it was activated), ``activated_in_year`` (in that year only; None without a year),
    and of those activated, how many are ``active`` and ``frozen`` today, and the ``balance`` they
    hold. One query; years are Asia/Shanghai years."""
    qs = scoped(LoveCard.objects.all(), user=user)
    in_year: Q | None = None
    if year is not None:
        tz = timezone.get_current_timezone()
        start = dt.datetime(year, 1, 1, tzinfo=tz)
        end = dt.datetime(year + 1, 1, 1, tzinfo=tz)
        qs = qs.filter(activated_at__lt=end)
        in_year = Q(activated_at__gte=start)
    figures = qs.aggregate(
        activated=Count("id"),
        active=Count("id", filter=Q(status=LoveCard.Status.ACTIVE)),
        frozen=Count("id", filter=Q(status=LoveCard.Status.FROZEN)),
        balance=Coalesce(Sum("balance"), Value(ZERO), output_field=MONEY),
        **({"activated_in_year": Count("id", filter=in_year)} if in_year is not None else {}),
    )
    figures.setdefault("activated_in_year", None)
    figures["balance"] = Decimal(figures["balance"]).quantize(Decimal("0.01"))
    figures["year"] = year
    return figures
