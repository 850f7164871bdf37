"""The month's overlap search (a window over each caregiver's visits in order of check-in on
PostgreSQL, a forward index probe on SQLite) finds every pair the pairwise rule would: a long
visit overlapping two later ones that do not overlap each other, and not a cancelled visit."""

from __future__ import annotations

import datetime as dt

import pytest

from minzheng.eldercare.home_services.models import OrderStatus, SupervisionFinding
from minzheng.eldercare.home_services.supervision import supervision_run
from tests.eldercare.home_services.factories import at, caregiver, elder_at_home, order, provider

pytestmark = pytest.mark.django_db
MAY = dt.date(2024, 5, 1)


def partners(o) -> set[int | None]:  # type: ignore[no-untyped-def]
    return set(
        SupervisionFinding.objects.filter(order=o, rule="caregiver_overlap").values_list(
            "other_order_id", flat=True
        )
    )


def test_a_long_visit_overlapping_two_later_visits_that_do_not_overlap_each_other(personas) -> None:  # type: ignore[no-untyped-def]
    site = provider()
    cg = caregiver(employer=site)

    def visit(start: tuple[int, int], end: tuple[int, int], **extra):  # type: ignore[no-untyped-def]
        return order(person=elder_at_home(), provider=site, caregiver=cg, scheduled_at=at(10, *start),
                     checked_in_at=at(10, *start), checked_out_at=at(10, *end), **extra)  # fmt: skip

    long = visit((9, 0), (12, 0))
    early = visit((9, 30), (10, 0))
    late = visit((10, 30), (11, 0))  # after ``early`` ended: only the long visit's end says it overlaps
    cancelled = visit((11, 10), (11, 20), status=OrderStatus.CANCELLED)
    apart = visit((12, 0), (12, 30))  # begins as the long visit ends: no overlap

    supervision_run(period=MAY)

    assert partners(long) == {early.pk, late.pk}
    assert partners(early) == {long.pk}
    assert partners(late) == {long.pk}
    assert partners(cancelled) == set()
    assert partners(apart) == set()
