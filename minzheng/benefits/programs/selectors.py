"""Reads on programs and standards. Programs and standards are city-wide reference data: every
member of staff may read them; writing them is the city administrator's
(``benefits.manage_standards``)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db.models import QuerySet
from django.db.models.functions import Length

from minzheng.benefits.programs.models import Program, Standard


def program_list(*, active_only: bool = False) -> QuerySet[Program]:
    qs = Program.objects.all().order_by("id")
    return qs.filter(active=True) if active_only else qs


def program_get(*, code: str) -> Program | None:
    return Program.objects.filter(code=code).first()


def standard_history(*, program: Program) -> QuerySet[Standard]:
    """Every standard of the program, newest first within each region prefix."""
    return (program.standards.select_related("created_by")
            .order_by("region_prefix", "-effective_from", "-id"))


def _prefixes(region_code: str) -> list[str]:
    return [region_code[:n] for n in range(2, len(region_code) + 1)]


def standard_for(*, program: Program, region_code: str, month: dt.date) -> Standard | None:
    """The standard that applies to ``region_code`` in ``month``: among the rows whose
    ``region_prefix`` is a prefix of ``region_code`` and that took effect by ``month``, the longest
    prefix, then the latest ``effective_from``. None when no row applies."""
    return (Standard.objects.filter(program=program, region_prefix__in=_prefixes(region_code),
                                    effective_from__lte=month)
            .order_by(Length("region_prefix").desc(), "-effective_from").first())


def standard_amount(*, program: Program, region_code: str, month: dt.date) -> Decimal | None:
    found = standard_for(program=program, region_code=region_code, month=month)
    return found.amount if found is not None else None


class StandardTable:
    """Every standard of one program in force in one month, for set-based work (a payment run, a
    bulk seeding): ``table.amount_for(region_code)`` answers from memory with the same rule as
    ``standard_for``, without a query per row. ``table.rows`` is [(prefix, amount)], longest
    prefix first, for building a SQL CASE over ``region_code``."""

    def __init__(self, *, program: Program, month: dt.date) -> None:
        latest: dict[str, tuple[dt.date, Decimal]] = {}
        for prefix, effective, amount in (Standard.objects.filter(program=program, effective_from__lte=month)
                                          .values_list("region_prefix", "effective_from", "amount")):
            if prefix not in latest or effective > latest[prefix][0]:
                latest[prefix] = (effective, amount)
        self.rows: list[tuple[str, Decimal]] = sorted(((p, a) for p, (_, a) in latest.items()),
                                                      key=lambda row: -len(row[0]))

    def amount_for(self, region_code: str) -> Decimal | None:
        for prefix, amount in self.rows:
            if region_code.startswith(prefix):
                return amount
        return None
