"""The data-quality check finds each kind of issue, scores the county, and is scoped."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.management import call_command
from django.http import Http404

from minzheng.core.models import AuditEntry
from minzheng.places.addresses import quality, selectors
from minzheng.places.models import QualityIssue, QualityRun
from tests.personas import MY_VILLAGE, NEIGHBOUR_VILLAGE, OTHER_COUNTY_VILLAGE
from tests.places.factories import AddressFactory, RoadFactory

pytestmark = pytest.mark.django_db
Kind = QualityIssue.Kind
WUXING = "330502000000"


@pytest.fixture
def planted(personas):  # type: ignore[no-untyped-def]
    """Eight good addresses and one of each kind of issue, in 吴兴区; one bad address in 安吉县."""
    road = RoadFactory(name="红旗路")
    compound = RoadFactory(name="碧浪湖小区")
    neighbour_road = RoadFactory(region_code=NEIGHBOUR_VILLAGE, name="南街", code=NEIGHBOUR_VILLAGE + "0099")
    good = [AddressFactory(road=road, number=str(n)) for n in (1, 2, 3)]
    good += [AddressFactory(road=compound, number="1"),
             AddressFactory(road=compound, number="1", building="2", unit="1", room="101"),
             AddressFactory(road=compound, number="1", building="2", unit="1", room="102"),
             AddressFactory(road=neighbour_road, number="7")]
    missing = AddressFactory(road=road, number="10", lng=None, lat=None)
    outside = AddressFactory(road=road, number="11", lng=Decimal("30.8940000"), lat=Decimal("120.0868000"))
    # The same text under a second road record of the same name: what a legacy merge leaves.
    twin_road = RoadFactory(name="红旗路", code=MY_VILLAGE + "0050")
    dup_a = good[0]
    dup_b = AddressFactory(road=twin_road, number="1")
    fullwidth = AddressFactory(road=road, number="12")
    fullwidth.full_text = fullwidth.full_text.replace("12号", "１2号")
    fullwidth.save()
    no_hao = AddressFactory(road=road, number="13")
    no_hao.full_text = no_hao.full_text.replace("13号", "13")
    no_hao.save()
    no_levels = AddressFactory(road=road, number="14")
    no_levels.full_text = no_levels.full_text.replace("湖州市吴兴区爱山街道", "")
    no_levels.save()
    orphan = AddressFactory(road=compound, number="9", building="1", unit="1", room="101")
    retired_missing = AddressFactory(road=road, number="15", lng=None, lat=None, status="retired")
    anji_road = RoadFactory(region_code=OTHER_COUNTY_VILLAGE, name="递铺路", code=OTHER_COUNTY_VILLAGE + "0001")
    anji_missing = AddressFactory(road=anji_road, number="1", lng=None, lat=None)
    return {"missing": missing, "outside": outside, "dup_a": dup_a, "dup_b": dup_b, "fullwidth": fullwidth,
            "no_hao": no_hao, "no_levels": no_levels, "orphan": orphan, "retired": retired_missing,
            "anji": anji_missing, "good": good}


def issues(run: QualityRun) -> dict[str, set[int]]:
    out: dict[str, set[int]] = {}
    for kind, address_id in QualityIssue.objects.filter(run=run).values_list("kind", "address_id"):
        out.setdefault(kind, set()).add(address_id)
    return out


def test_each_kind_of_issue_is_found(planted, personas):  # type: ignore[no-untyped-def]
    run = quality.quality_check_county(county_code="330502", actor=personas.wuxing_officer)
    p = planted
    assert issues(run) == {
        Kind.MISSING_COORDINATES: {p["missing"].pk},
        Kind.OUTSIDE_COUNTY: {p["outside"].pk},
        Kind.DUPLICATE_TEXT: {p["dup_a"].pk, p["dup_b"].pk},
        Kind.NONSTANDARD_TEXT: {p["fullwidth"].pk, p["no_hao"].pk, p["no_levels"].pk},
        Kind.ORPHAN_BUILDING: {p["orphan"].pk},
    }
    # 7 good + 7 planted in 吴兴区 (dup_a is one of the good ones), active only: the retired
    # one is not checked. 8 bad addresses: dup_a now counts as bad.
    assert run.total == 14
    assert run.bad == 8
    assert run.score == Decimal("42.86")
    assert run.counts == {Kind.MISSING_COORDINATES: 1, Kind.OUTSIDE_COUNTY: 1, Kind.DUPLICATE_TEXT: 2,
                          Kind.NONSTANDARD_TEXT: 3, Kind.ORPHAN_BUILDING: 1}
    assert run.region_code == WUXING and run.finished_at is not None
    entry = AuditEntry.objects.get(action="places.quality.checked")
    assert entry.object_id == str(run.pk) and entry.after["bad"] == 8


def test_nonstandard_rows_say_why(planted, personas):  # type: ignore[no-untyped-def]
    run = quality.quality_check_county(county_code=WUXING)
    details = dict(QualityIssue.objects.filter(run=run, kind=Kind.NONSTANDARD_TEXT).values_list("address_id",
                                                                                                "detail"))
    assert details[planted["fullwidth"].pk] == quality.NONSTANDARD_DETAILS["mixed_width"]
    assert details[planted["no_hao"].pk] == quality.NONSTANDARD_DETAILS["missing_hao"]
    assert details[planted["no_levels"].pk] == quality.NONSTANDARD_DETAILS["missing_levels"].format(
        levels="市、区县、乡镇街道")


def test_other_rows_say_why(planted, personas):  # type: ignore[no-untyped-def]
    run = quality.quality_check_county(county_code=WUXING)
    details = dict(QualityIssue.objects.filter(run=run).exclude(kind=Kind.NONSTANDARD_TEXT).values_list(
        "address_id", "detail"))
    assert details[planted["outside"].pk] == "应在东经119.9–120.45、北纬30.55–31.0之内（近似范围）"
    assert details[planted["dup_b"].pk] == "同一标准地址共2条"
    assert details[planted["orphan"].pk] == "缺少门牌地址：碧浪湖小区9号"
    assert details[planted["missing"].pk] == ""


def test_a_second_run_replaces_the_issue_rows(planted, personas):  # type: ignore[no-untyped-def]
    first = quality.quality_check_county(county_code=WUXING)
    planted["missing"].lng, planted["missing"].lat = Decimal("120.1"), Decimal("30.9")
    planted["missing"].save()
    second = quality.quality_check_county(county_code=WUXING)
    assert not QualityIssue.objects.filter(run=first).exists()
    assert second.bad == first.bad - 1
    first.refresh_from_db()
    assert first.score < second.score  # the old run keeps its score for the trend


def test_empty_county_scores_100(personas):  # type: ignore[no-untyped-def]
    run = quality.quality_check_county(county_code="330521")
    assert (run.total, run.bad, run.score) == (0, 0, Decimal("100.00"))


def test_scores_and_drill_down_are_scoped(planted, personas):  # type: ignore[no-untyped-def]
    quality.quality_check_all()
    assert [r.region_code for r in selectors.quality_latest_runs(user=personas.city_admin)] == [
        "330502000000", "330503000000", "330521000000", "330522000000", "330523000000"]
    assert [r.region_code for r in selectors.quality_latest_runs(user=personas.wuxing_officer)] == [WUXING]
    assert [r.region_code for r in selectors.quality_latest_runs(user=personas.village_worker)] == [WUXING]
    assert selectors.quality_latest_runs(user=personas.nobody) == []
    wuxing_run = selectors.quality_latest_runs(user=personas.wuxing_officer)[0]
    with pytest.raises(Http404):
        selectors.quality_run_get(user=personas.anji_officer, pk=wuxing_run.pk)
    # The village worker sees the county's score, but only their own village's bad rows.
    rows = selectors.quality_issue_list(user=personas.village_worker, run=wuxing_run)
    assert {i.region_code for i in rows} == {MY_VILLAGE}
    counts = selectors.quality_issue_counts(user=personas.village_worker, run=wuxing_run)
    assert counts[Kind.DUPLICATE_TEXT] == 2


def test_management_command(planted, personas, capsys):  # type: ignore[no-untyped-def]
    call_command("places_quality", "--county", "330523")
    out = capsys.readouterr().out
    assert "330523000000" in out and "0.00" in out
    run = QualityRun.objects.get(region_code="330523000000")
    assert run.bad == 1 and run.total == 1


def test_village_worker_sees_totals_of_their_own_village_not_the_county(planted, personas):  # type: ignore[no-untyped-def]
    from django.test import Client
    from django.urls import reverse

    from minzheng.places.models import Address

    run = quality.quality_check_all(counties=["330502"])[0]
    worker = personas.village_worker
    in_village = Address.objects.filter(region_code=MY_VILLAGE, status="active")
    bad = QualityIssue.objects.filter(run=run, region_code=MY_VILLAGE).values("address_id").distinct().count()
    summary = selectors.quality_summary(user=worker, run=run)
    assert not summary.whole_county
    assert (summary.total, summary.bad) == (in_village.count(), bad)
    assert summary.total < run.total  # the neighbouring village's address is not counted
    assert summary.score == quality.score(total=summary.total, bad=bad)
    officer = selectors.quality_summary(user=personas.wuxing_officer, run=run)
    assert officer.whole_county and (officer.total, officer.bad, officer.score) == (run.total, run.bad, run.score)

    client = Client()
    client.force_login(worker, backend="minzheng.core.permission_cache.CachedPermissionBackend")
    rows = client.get("/api/addresses/quality/").json()
    assert [(r["total"], r["bad"], r["whole_county"]) for r in rows] == [(summary.total, bad, False)]
    detail = client.get(reverse("addresses:quality_detail", args=[run.pk])).content.decode()
    assert f"地址 {summary.total} 条" in detail and f"地址 {run.total} 条" not in detail
    listing = client.get(reverse("addresses:quality")).content.decode()
    assert f"<td>{summary.total}</td>" in listing and f"<td>{run.total}</td>" not in listing
