"""The five supervision rules: each fires on a case made for it and stays quiet on its near miss;
thresholds change the result; the monthly run replaces its month's findings in its scope."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from minzheng.eldercare.home_services.models import (
    OrderStatus,
    ServiceKind,
    SupervisionFinding,
    SupervisionThreshold,
)
from minzheng.eldercare.home_services.supervision import order_findings_compute, supervision_run
from minzheng.people.models import Person
from tests.eldercare.home_services.factories import at, caregiver, elder_at_home, order, provider
from tests.personas import OTHER_COUNTY_VILLAGE

pytestmark = pytest.mark.django_db
MAY = dt.date(2024, 5, 1)


@pytest.fixture
def place(personas):  # type: ignore[no-untyped-def]
    site = provider()
    return site, caregiver(employer=site), elder_at_home()


def rules_of(o) -> list[str]:  # type: ignore[no-untyped-def]
    return sorted(SupervisionFinding.objects.filter(order=o).values_list("rule", flat=True))


def test_short_visit_fires_below_the_kind_minimum_and_not_at_it(place) -> None:  # type: ignore[no-untyped-def]
    site, cg, elder = place
    short = order(
        person=elder,
        provider=site,
        caregiver=cg,
        kind=ServiceKind.CLEANING,
        checked_in_at=at(10, 9),
        checked_out_at=at(10, 9, 29),
    )
    enough = order(
        person=elder,
        provider=site,
        kind=ServiceKind.CLEANING,
        scheduled_at=at(11, 9),
        checked_in_at=at(11, 9),
        checked_out_at=at(11, 9, 30),
    )
    meal = order(
        person=elder,
        provider=site,
        kind=ServiceKind.MEAL,
        scheduled_at=at(12, 9),
        checked_in_at=at(12, 9),
        checked_out_at=at(12, 9, 12),
    )
    run = supervision_run(period=MAY)
    assert rules_of(short) == ["short_visit"]
    assert rules_of(enough) == [] and rules_of(meal) == []
    finding = SupervisionFinding.objects.get(order=short)
    assert finding.message == "助洁服务时长29分钟，少于最短30分钟。"
    assert finding.facts == {"kind": "cleaning", "minutes": 29, "minimum": 30}
    assert run.counts["short_visit"] == 1 and run.orders == 3 and run.findings == 1


def test_thresholds_change_the_result_and_a_county_keeps_its_own(place, personas) -> None:  # type: ignore[no-untyped-def]
    site, _cg, elder = place
    anji = provider(region_code=OTHER_COUNTY_VILLAGE, name="递铺居家养老服务中心")
    mine = order(
        person=elder,
        provider=site,
        kind=ServiceKind.MEAL,
        checked_in_at=at(10, 9),
        checked_out_at=at(10, 9, 12),
    )
    theirs = order(
        person=elder,
        provider=anji,
        kind=ServiceKind.MEAL,
        scheduled_at=at(11, 9),
        checked_in_at=at(11, 9),
        checked_out_at=at(11, 9, 12),
    )
    supervision_run(period=MAY)
    assert rules_of(mine) == [] and rules_of(theirs) == []
    SupervisionThreshold.objects.create(
        key="short_visit", kind="meal", region_prefix="3305", effective_from=MAY, value=15
    )
    SupervisionThreshold.objects.create(
        key="short_visit", kind="meal", region_prefix="330523", effective_from=MAY, value=11
    )
    # A later change does not reach back into May.
    SupervisionThreshold.objects.create(
        key="short_visit", kind="meal", region_prefix="3305", effective_from=dt.date(2024, 6, 1), value=5
    )
    run = supervision_run(period=MAY)
    assert rules_of(mine) == ["short_visit"] and rules_of(theirs) == []
    assert run.counts["short_visit"] == 1


def test_far_check_in_fires_beyond_500_m_and_not_within(place) -> None:  # type: ignore[no-untyped-def]
    site, _cg, elder = place
    # 0.006° of longitude at 30.9°N is about 573 m; 0.004° about 382 m.
    far = order(person=elder, provider=site, checked_in_at=at(10, 9), lng=Decimal("120.0928000"))
    near = order(
        person=elder,
        provider=site,
        scheduled_at=at(11, 9),
        checked_in_at=at(11, 9),
        lng=Decimal("120.0908000"),
    )
    homeless = order(
        person=elder_at_home(lng=None, lat=None),
        provider=site,
        checked_in_at=at(10, 9),
        lng=Decimal("121.0000000"),
    )
    supervision_run(period=MAY)
    assert rules_of(far) == ["far_check_in"]
    assert rules_of(near) == [] and rules_of(homeless) == []
    assert SupervisionFinding.objects.get(order=far).facts["distance_m"] in range(565, 580)
    SupervisionThreshold.objects.create(
        key="far_check_in", region_prefix="3305", effective_from=MAY, value=300
    )
    supervision_run(period=MAY)
    assert rules_of(near) == ["far_check_in"]


def test_caregiver_overlap_names_the_other_order_on_both_sides(place) -> None:  # type: ignore[no-untyped-def]
    site, cg, elder = place
    other_elder = elder_at_home()
    a = order(person=elder, provider=site, caregiver=cg, checked_in_at=at(10, 9), checked_out_at=at(10, 10))
    b = order(
        person=other_elder,
        provider=site,
        caregiver=cg,
        scheduled_at=at(10, 9, 30),
        checked_in_at=at(10, 9, 50),
        checked_out_at=at(10, 10, 40),
    )
    after = order(
        person=other_elder,
        provider=site,
        caregiver=cg,
        scheduled_at=at(10, 10, 40),
        checked_in_at=at(10, 10, 40),
        checked_out_at=at(10, 11, 20),
    )  # touches b's end: no overlap
    supervision_run(period=MAY)
    fa = SupervisionFinding.objects.get(order=a)
    fb = SupervisionFinding.objects.get(order=b)
    assert (fa.rule, fa.other_order_id, fb.other_order_id) == ("caregiver_overlap", b.pk, a.pk)
    assert f"工单{b.pk}" in fa.message
    assert rules_of(after) == []


def test_after_death_fires_the_day_after_not_on_the_day(place) -> None:  # type: ignore[no-untyped-def]
    site, _cg, elder = place
    Person.objects.filter(pk=elder.pk).update(status="deceased", death_date=dt.date(2024, 5, 12))
    same_day = order(person=elder, provider=site, scheduled_at=at(12, 23, 30))
    next_day = order(person=elder, provider=site, scheduled_at=at(13, 0, 10))
    checked_in_later = order(person=elder, provider=site, scheduled_at=at(12, 9), checked_in_at=at(13, 9))
    supervision_run(period=MAY)
    assert rules_of(same_day) == []
    assert rules_of(next_day) == ["after_death"] and rules_of(checked_in_later) == ["after_death"]
    assert (
        SupervisionFinding.objects.get(order=next_day).message
        == "老人已于2024-05-12去世，工单预约于2024-05-13。"
    )


def test_duplicate_order_names_the_first_and_ignores_cancelled_and_other_kinds(place) -> None:  # type: ignore[no-untyped-def]
    site, _cg, elder = place
    first = order(person=elder, provider=site, scheduled_at=at(10, 9))
    second = order(person=elder, provider=site, scheduled_at=at(10, 9).replace(second=40))
    cancelled = order(person=elder, provider=site, scheduled_at=at(10, 9), status=OrderStatus.CANCELLED)
    other_kind = order(person=elder, provider=site, scheduled_at=at(10, 9), kind=ServiceKind.BATHING)
    next_minute = order(person=elder, provider=site, scheduled_at=at(10, 9, 1))
    supervision_run(period=MAY)
    assert rules_of(first) == [] and rules_of(cancelled) == [] and rules_of(other_kind) == []
    assert rules_of(next_minute) == []
    assert SupervisionFinding.objects.get(order=second).other_order_id == first.pk


def test_the_run_replaces_its_month_in_its_scope_only(place) -> None:  # type: ignore[no-untyped-def]
    site, _cg, elder = place
    anji = provider(region_code=OTHER_COUNTY_VILLAGE, name="递铺居家养老服务中心")
    mine = order(person=elder, provider=site, checked_in_at=at(10, 9), checked_out_at=at(10, 9, 5))
    theirs = order(
        person=elder,
        provider=anji,
        scheduled_at=at(11, 9),
        checked_in_at=at(11, 9),
        checked_out_at=at(11, 9, 5),
    )
    supervision_run(period=MAY)
    supervision_run(period=MAY)
    assert SupervisionFinding.objects.count() == 2
    # Fixed in 吴兴区 only: a run over 吴兴区 drops its finding and keeps 安吉县's.
    type(mine).objects.filter(pk=mine.pk).update(minutes=45)
    run = supervision_run(period=dt.date(2024, 5, 20), region_prefix="330502")
    assert run.findings == 0 and run.region_code == "330502000000"
    assert rules_of(mine) == [] and rules_of(theirs) == ["short_visit"]


def test_order_findings_compute_judges_one_order_and_its_overlapping_partner(place) -> None:  # type: ignore[no-untyped-def]
    site, cg, elder = place
    a = order(person=elder, provider=site, caregiver=cg, checked_in_at=at(10, 9), checked_out_at=at(10, 10))
    b = order(
        person=elder_at_home(),
        provider=site,
        caregiver=cg,
        scheduled_at=at(10, 9, 30),
        checked_in_at=at(10, 9, 30),
        checked_out_at=at(10, 9, 40),
    )
    found = order_findings_compute(order=b)
    assert sorted(f.rule for f in found) == ["caregiver_overlap", "short_visit"]
    assert rules_of(a) == ["caregiver_overlap"]
    assert order_findings_compute(order=b) and SupervisionFinding.objects.count() == 3


def test_the_monthly_command_and_task_run_last_month_and_say_the_counts(place, personas) -> None:  # type: ignore[no-untyped-def]
    from io import StringIO

    from django.core.management import call_command

    from minzheng.eldercare.home_services.models import SupervisionRun
    from minzheng.eldercare.home_services.tasks import home_service_supervision

    site, _cg, elder = place
    order(person=elder, provider=site, checked_in_at=at(10, 9), checked_out_at=at(10, 9, 5))
    out = StringIO()
    call_command("home_services", "supervise", "--period", "2024-05", "--region", "330502", stdout=out)
    assert "2024-05 330502：1 张工单，1 条发现" in out.getvalue()
    assert "服务时长不足（short_visit）：1" in out.getvalue()
    result = home_service_supervision.enqueue("2024-05", "3305", personas.city_admin.pk)
    assert result.return_value["findings"] == 1
    assert SupervisionRun.objects.count() == 2 and SupervisionFinding.objects.count() == 1


def test_an_overlap_with_a_visit_begun_the_month_before_is_found_in_each_month(place) -> None:  # type: ignore[no-untyped-def]
    site, cg, elder = place
    april = order(
        person=elder,
        provider=site,
        caregiver=cg,
        scheduled_at=at(30, 23, month=4),
        checked_in_at=at(30, 23, 30, month=4),
        checked_out_at=at(1, 0, 40),
    )
    may = order(
        person=elder_at_home(),
        provider=site,
        caregiver=cg,
        scheduled_at=at(1, 0, 10),
        checked_in_at=at(1, 0, 10),
        checked_out_at=at(1, 1, 0),
    )
    same_start = order(
        person=elder_at_home(),
        provider=site,
        caregiver=cg,
        scheduled_at=at(20, 9),
        checked_in_at=at(20, 9),
        checked_out_at=at(20, 10),
    )
    twin = order(
        person=elder_at_home(),
        provider=site,
        caregiver=cg,
        scheduled_at=at(20, 9),
        checked_in_at=at(20, 9),
        checked_out_at=at(20, 9, 45),
    )
    supervision_run(period=MAY)
    assert list(SupervisionFinding.objects.filter(order=may).values_list("other_order_id", flat=True)) == [
        april.pk
    ]
    assert not SupervisionFinding.objects.filter(order=april).exists()  # April's month, not this run's
    assert SupervisionFinding.objects.get(order=same_start).other_order_id == twin.pk
    assert SupervisionFinding.objects.get(order=twin).other_order_id == same_start.pk
    supervision_run(period=dt.date(2024, 4, 1))
    assert SupervisionFinding.objects.get(order=april).other_order_id == may.pk
