"""Monthly visit compliance on hand-made orders: done visits of the elder with the contract's
provider, per planned kind, against the plan pro rata to the covered days; orders of other
providers, other elders, other statuses and days outside the contract do not count."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from minzheng.eldercare.home_beds import selectors, services
from tests.eldercare.home_beds.conftest import Providers, dibao, disabled, order, sign
from tests.personas import Personas

pytestmark = pytest.mark.django_db

D = dt.date
APRIL = D(2024, 4, 1)


def by_kind(found) -> dict[str, tuple[int, int, int]]:  # type: ignore[no-untyped-def]
    return {k.kind: (k.visits_per_month, k.expected, k.done) for k in found.kinds}


def test_a_full_month_counts_done_visits_per_kind_against_the_plan(
    personas: Personas, providers: Providers
) -> None:
    bed = sign(
        personas.aishan_officer,
        disabled(personas.aishan_officer),
        providers.home,
        plan={"meal": 3, "cleaning": 2, "bathing": 1},
    )
    for day in (2, 9, 16, 23):  # four meals: one more than planned
        order(bed, "meal", D(2024, 4, day))
    order(bed, "cleaning", D(2024, 4, 3))
    order(bed, "cleaning", D(2024, 4, 10), status="cancelled")
    order(bed, "cleaning", D(2024, 4, 17), status="scheduled")
    order(bed, "medical", D(2024, 4, 4))  # not in the plan
    found = selectors.compliance(home_bed=bed, month=APRIL)
    assert by_kind(found) == {"bathing": (1, 1, 0), "cleaning": (2, 2, 1), "meal": (3, 3, 4)}
    assert (found.covered_days, found.expected, found.done, found.met) == (30, 6, 4, False)
    assert found.rate == 66.7
    # The extra meal does not make up for the missing bath and cleaning.
    assert [k.met for k in found.kinds] == [False, False, True]


def test_visits_of_another_provider_or_elder_or_month_do_not_count(
    personas: Personas, providers: Providers
) -> None:
    bed = sign(personas.aishan_officer, disabled(personas.aishan_officer), providers.home, plan={"meal": 2})
    other = dibao()
    order(bed, "meal", D(2024, 4, 5), provider=providers.anji)
    order(bed, "meal", D(2024, 4, 6), person=other)
    order(bed, "meal", D(2024, 5, 1))
    order(bed, "meal", D(2024, 3, 31))
    assert by_kind(selectors.compliance(home_bed=bed, month=APRIL)) == {"meal": (2, 2, 0)}
    order(bed, "meal", D(2024, 4, 30))
    order(bed, "meal", D(2024, 4, 1))
    found = selectors.compliance(home_bed=bed, month=APRIL)
    assert by_kind(found) == {"meal": (2, 2, 2)} and found.met and found.rate == 100.0


def test_the_first_and_last_months_are_pro_rata_and_days_outside_do_not_count(
    personas: Personas, providers: Providers
) -> None:
    # From 16 April: 15 of 30 days; 8 meals a month → 4 expected. Ended 11 June: 10 of 30 days.
    bed = sign(
        personas.aishan_officer,
        disabled(personas.aishan_officer),
        providers.home,
        on=D(2024, 4, 16),
        plan={"meal": 8, "bathing": 1},
    )
    order(bed, "meal", D(2024, 4, 15))  # the day before the start
    order(bed, "meal", D(2024, 4, 16))
    found = selectors.compliance(home_bed=bed, month=APRIL)
    assert found.covered_days == 15
    assert by_kind(found) == {"bathing": (1, 1, 0), "meal": (8, 4, 1)}
    services.home_bed_end(
        actor=personas.aishan_officer, home_bed=bed, ended_on=D(2024, 6, 11), reason="withdrawn"
    )
    bed.refresh_from_db()
    order(bed, "meal", D(2024, 6, 10))
    order(bed, "meal", D(2024, 6, 11))  # the end day is not a service day
    june = selectors.compliance(home_bed=bed, month=D(2024, 6, 1))
    assert june.covered_days == 10 and by_kind(june) == {"bathing": (1, 1, 0), "meal": (8, 3, 1)}
    july = selectors.compliance(home_bed=bed, month=D(2024, 7, 1))
    assert (july.covered_days, july.expected, july.done, july.rate) == (0, 0, 0, None)
    assert selectors.months_of(home_bed=bed, last=D(2024, 9, 1)) == [D(2024, 6, 1), D(2024, 5, 1), APRIL]


def test_a_page_of_contracts_is_computed_together(personas: Personas, providers: Providers) -> None:
    one = sign(personas.aishan_officer, disabled(personas.aishan_officer), providers.home, plan={"meal": 2})
    two = sign(personas.aishan_officer, dibao(), providers.home, plan={"cleaning": 1})
    order(one, "meal", D(2024, 4, 2))
    order(two, "cleaning", D(2024, 4, 2))
    order(two, "meal", D(2024, 4, 2))
    found = selectors.compliance_many(home_beds=[one, two], month=APRIL)
    assert by_kind(found[one.pk]) == {"meal": (2, 2, 1)}
    assert by_kind(found[two.pk]) == {"cleaning": (1, 1, 1)} and found[two.pk].met


def test_the_tables_open_on_the_latest_month_with_a_visit_done_when_the_records_stop_earlier(
    personas: Personas, providers: Providers
) -> None:
    last_month = (timezone.localdate().replace(day=1) - dt.timedelta(days=1)).replace(day=1)
    assert selectors.default_month() == last_month  # no visit recorded: the last month over
    bed = sign(personas.aishan_officer, disabled(personas.aishan_officer), providers.home, plan={"meal": 1})
    order(bed, "meal", D(2024, 6, 3))
    order(bed, "meal", D(2024, 7, 3), status="cancelled")  # not done: not where the records stop
    assert selectors.default_month() == APRIL.replace(month=6)
    assert selectors.default_month(home_bed=bed) == APRIL.replace(month=6)
