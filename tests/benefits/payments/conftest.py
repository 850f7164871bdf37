"""Enrollments ready to be paid, on the personas' villages."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from minzheng.benefits.models import Enrollment, Program
from minzheng.core.models import User
from tests.benefits.factories import household_with
from tests.factories import PersonFactory
from tests.personas import Personas

APPROVED = dt.date(2024, 11, 20)  # first month paid: 2024-12


def enroll(program: Program, *, amount: str = "500.00", region_code: str = "330502003001", persons: int = 2,
           approved_on: dt.date = APPROVED, **fields: object) -> Enrollment:
    """One enrollment, written directly (the services' own checks are tested with them)."""
    if program.is_household:
        household = household_with(*(["spouse"] * (persons - 1)), region_code=region_code)
        beneficiary: dict[str, object] = {"household": household}
    else:
        beneficiary, persons = {"person": PersonFactory(region_code=region_code)}, 1
    start = dt.date(approved_on.year + approved_on.month // 12, approved_on.month % 12 + 1, 1)
    return Enrollment.objects.create(program=program, region_code=region_code, approved_on=approved_on,
                                     start_month=start, monthly_amount=Decimal(amount), persons=persons,
                                     **beneficiary, **fields)


@pytest.fixture
def city_admin_user(personas: Personas) -> User:
    return personas.city_admin


@pytest.fixture
def aishan_officer(personas: Personas) -> User:
    return personas.aishan_officer


def _seed_programs() -> None:
    """The programs and standards the migrations seed: a transactional test's flush empties
    them, so the next one puts them back."""
    import importlib

    from django.apps import apps

    for module, function in (("0002_seed_programs", "seed"), ("0003_payments", "follow_standard")):
        getattr(importlib.import_module(f"minzheng.benefits.migrations.{module}"), function)(apps, None)


@pytest.fixture
def dibao(db) -> Program:  # type: ignore[no-untyped-def]
    if not Program.objects.filter(code="dibao").exists():
        _seed_programs()
    return Program.objects.get(code="dibao")


@pytest.fixture
def tekun(dibao: Program) -> Program:
    return Program.objects.get(code="tekun")
