"""The demo city's children's welfare (``minzheng.demo.children``): the planner hits 5,030 × scale
children in difficulty and 60,900 × scale migrant children exactly, with orphans and de-facto
unsupported among them and every category true by the real rules; a small build reads its figures
back from the records, leaves some villages without a director, pays the allowances through the
engine, and a second build writes nothing."""

from __future__ import annotations

import datetime as dt
import random

import pytest

from minzheng.benefits.payments.models import PaymentRun
from minzheng.children.categories.rules import ChildFacts, categorize
from minzheng.children.directors.models import ChildDirector
from minzheng.children.figures.selectors import children_figures
from minzheng.children.profiles.models import ChildProfile
from minzheng.core.models import Region
from minzheng.core.roles import Role
from minzheng.core.services import staff_create
from minzheng.demo import children as demo
from minzheng.demo.build import BuildReport
from tests.demo.conftest import SMALL

pytestmark = pytest.mark.django_db


def test_targets_are_the_summarys_figures_times_the_scale() -> None:
    assert demo.targets(1.0) == (5030, 60900)
    assert demo.targets(0.01) == (50, 609)
    parts = demo.split(5030, poverty_available=10_000, disability_available=10_000)
    assert sum(parts.values()) == 5030
    assert (parts["orphan"], parts["de_facto"]) == (503, 1107)
    few = demo.split(5030, poverty_available=100, disability_available=5)
    assert (few["poverty"], few["disability"], sum(few.values())) == (100, 5, 5030)


@pytest.mark.parametrize("scale", [1.0, 0.01])
def test_the_planner_hits_the_targets_and_every_category_holds(scale: float) -> None:
    rng = random.Random(3)
    children = [
        (i, dt.date(2007, 1, 1) + dt.timedelta(days=rng.randint(0, 6500)), f"3305020030{i % 90 + 10:02d}")
        for i in range(1, 70_001)
    ]
    began = {i: dt.date(2023, 1, 1) for i in range(1, 70_001, 97)}
    grades = {i: 2 for i in range(3, 70_001, 501)}
    planned = demo.plan(rng=rng, children=children, began=began, grades=grades, scale=scale)
    in_difficulty, migrant = demo.targets(scale)
    kinds = [p.kind for p in planned]
    assert len(planned) == in_difficulty + migrant == len({p.person_id for p in planned})
    assert kinds.count("migrant") == migrant
    assert kinds.count("orphan") == round(in_difficulty * demo.ORPHAN_SHARE) > 0
    assert kinds.count("de_facto") == round(in_difficulty * demo.DE_FACTO_SHARE) > 0
    for p in planned[:: max(1, len(planned) // 500)]:
        if p.kind == "migrant":
            continue
        verdict = categorize(
            ChildFacts(
                as_of=p.opened,
                birth_date=p.birth,
                hukou=p.hukou,
                disability_grade=p.grade,
                dibao=p.dibao,
                parents=p.parents,
            )
        )
        assert p.categories[0] in verdict.held
        assert demo.OPENED_FROM <= p.opened <= demo.DAY and p.birth <= p.opened


def test_a_small_build_reads_its_figures_back_and_runs_once(built: BuildReport) -> None:
    city = Region.objects.get(code="330500000000")
    maker = staff_create(
        actor=None,
        username="demo_maker",
        password="Demo-maker-2024",
        role=Role.CITY_ADMIN,
        region=city,
        display_name="制单",
    )
    checker = staff_create(
        actor=None,
        username="demo_checker",
        password="Demo-check-2024",
        role=Role.CITY_ADMIN,
        region=city,
        display_name="审核",
    )
    counts = demo.demo_children_build(seed=7, scale=SMALL, maker=maker, checker=checker)
    in_difficulty, migrant = demo.targets(SMALL)
    figures = children_figures(actor=maker, year=2024)
    assert (figures["in_difficulty_records"], figures["migrant_records"]) == (in_difficulty, migrant)
    assert figures["migrant_service_list_items"] == 20
    assert 0 < figures["villages_with_director"] < figures["villages"]
    assert ChildDirector.objects.filter(role="supervisor").exists()
    assert counts["allowance_runs"] == 24
    assert not PaymentRun.objects.filter(
        program__code="orphan_living", status=PaymentRun.Status.COMPUTED
    ).exists()
    # The visits follow the frequency of each child's categories: a child on the books all through
    # 2024 was visited about every interval that year (a day or so either side at the year's ends).
    whole_year = ChildProfile.objects.filter(opened_on__lt=dt.date(2024, 1, 1)).exclude(ended_on__lt=dt.date(2025, 1, 1))
    assert whole_year.exists()
    for profile in whole_year:
        in_2024 = profile.visits.filter(visited_on__year=2024).count()
        assert in_2024 >= 12 // profile.visit_interval_months - 1, (profile.pk, profile.visit_interval_months, in_2024)
    assert demo.demo_children_build(seed=7, scale=SMALL, maker=maker, checker=checker) == {}
