"""Fixtures for children's welfare: children and adults of the persona villages, and helpers that
open profiles through the real service. Dates are counted back from today, so the ages hold on any
day the suite runs."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal

import pytest
from django.utils import timezone

from minzheng.benefits.programs.models import Program, Standard
from minzheng.children.profiles import services
from minzheng.children.profiles.models import ChildProfile, VisitRule
from minzheng.children.profiles.services import ParentInput
from minzheng.children.visits.models import ServiceItem
from minzheng.core.models import User
from minzheng.people.models import Person
from tests.assistance.factories import person_born
from tests.core.api.support import static_root_exists  # noqa: F401  (autouse fixture)
from tests.eldercare.beds.conftest import api, fresh, login  # noqa: F401  (the bed tests' client fixtures)
from tests.personas import MY_VILLAGE

DEAD = [ParentInput(role="father", status="dead"), ParentInput(role="mother", status="dead")]
ALIVE = [ParentInput(role="father", status="alive"), ParentInput(role="mother", status="alive")]


def years_ago(years: int, days: int = 0) -> dt.date:
    today = timezone.localdate()
    try:
        day = today.replace(year=today.year - years)
    except ValueError:
        day = dt.date(today.year - years, 3, 1)
    return day + dt.timedelta(days=days)


def seed_reference() -> None:
    """The migration's seeded rows again (a live-server test flushes every table)."""
    for category, months in [
        ("orphan", 1),
        ("de_facto_unsupported", 1),
        ("in_difficulty", 3),
        ("left_behind", 3),
        ("migrant", 6),
    ]:
        VisitRule.objects.get_or_create(category=category, defaults={"interval_months": months})
    for number in range(1, 21):
        ServiceItem.objects.get_or_create(number=number, defaults={"name": f"服务项目{number}"})
    for code, name in [
        ("orphan_living", "孤儿基本生活费"),
        ("de_facto_living", "事实无人抚养儿童基本生活补贴"),
    ]:
        program, _ = Program.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "domain": "children",
                "unit": "person",
                "kind": "monthly",
                "params": {"amount_follows_standard": True},
            },
        )
        Standard.objects.get_or_create(
            program=program,
            region_prefix="3305",
            effective_from=dt.date(2024, 1, 1),
            defaults={"amount": Decimal("2100.00")},
        )


@pytest.fixture(autouse=True)
def _reference(db) -> None:  # type: ignore[no-untyped-def]
    seed_reference()


def child(age: int = 10, *, region_code: str = MY_VILLAGE, days: int = 0) -> Person:
    """A child ``age`` years old today (``days`` later birth: younger by that many days)."""
    return person_born(years_ago(age, days), region_code=region_code)[0]


MakeProfile = Callable[..., ChildProfile]


@pytest.fixture
def make_profile() -> MakeProfile:
    def make(
        actor: User,
        person: Person | None = None,
        *,
        categories: tuple[str, ...] = ("orphan",),
        parents: list[ParentInput] | None = None,
        hukou: str = "urban",
        **kwargs: object,
    ) -> ChildProfile:
        return services.profile_create(
            actor=actor,
            person=person or child(),
            hukou=hukou,
            categories=list(categories),
            parents=parents if parents is not None else (DEAD if "orphan" in categories else ALIVE),
            guardian_name="王秀英",
            guardian_relation="祖母",
            guardian_phone="13812345678",
            **kwargs,
        )

    return make
