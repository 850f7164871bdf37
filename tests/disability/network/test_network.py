"""The "1+5+N" network: placing facilities at a level (a county centre is a rehab organization and
one per county; stations and points may be hosted at community care centres), moving and ending
them, and the coverage page's counts per county, including the townships with no station or point."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.http import Http404

from minzheng.core.models import Region
from minzheng.disability import messages
from minzheng.disability.network import selectors, services
from minzheng.disability.network.models import NetworkPlacement
from minzheng.facilities.models import Facility
from tests.disability.conftest import Rehab
from tests.eldercare.beds.conftest import fresh
from tests.facilities.factories import FacilityFactory
from tests.personas import MY_VILLAGE, OTHER_TOWNSHIP_VILLAGE, Personas

pytestmark = pytest.mark.django_db
DAY = dt.date(2024, 3, 1)


def _place(actor, facility, level, day=DAY):  # type: ignore[no-untyped-def]
    return services.placement_set(actor=fresh(actor), facility=facility, level=level, placed_on=day)


def test_a_county_centre_is_a_rehab_organization_and_one_per_county(personas: Personas, rehab: Rehab) -> None:
    officer = personas.wuxing_officer
    with pytest.raises(ValidationError) as exc:
        _place(officer, rehab.centre, "county")
    assert exc.value.message_dict["facility"][0].startswith("机构：区县级精神康复中心只能设在精神康复机构")
    _place(officer, rehab.wuxing, "county")
    second = FacilityFactory(
        name="吴兴区第二康复中心", kind=Facility.Kind.MENTAL_REHAB_CENTRE, region_code=MY_VILLAGE
    )
    with pytest.raises(ValidationError) as exc:
        _place(officer, second, "county")
    assert "已有区县级精神康复中心“吴兴区精神康复中心”" in exc.value.message_dict["level"][0]
    with pytest.raises(IntegrityError), transaction.atomic():
        NetworkPlacement.objects.create(
            facility=second, level="county", region_code=MY_VILLAGE, county_code="330502", placed_on=DAY
        )


def test_a_station_may_be_hosted_and_moving_a_facility_ends_its_old_placement(
    personas: Personas, rehab: Rehab
) -> None:
    officer = personas.wuxing_officer
    first = _place(officer, rehab.centre, "village")
    moved = _place(officer, rehab.centre, "township", dt.date(2024, 6, 1))
    first.refresh_from_db()
    assert first.ended_on == dt.date(2024, 6, 1) and moved.ended_on is None
    with pytest.raises(ValidationError) as exc:
        _place(officer, rehab.centre, "township", dt.date(2024, 7, 1))
    assert exc.value.message_dict["level"][0].startswith("网络层级：该机构已是乡镇（街道）级康复站")
    services.placement_end(actor=fresh(officer), placement=moved, ended_on=dt.date(2024, 9, 1))
    assert selectors.placement_of(facility=rehab.centre) is None


def test_placing_needs_the_permission_and_a_facility_in_view(personas: Personas, rehab: Rehab) -> None:
    with pytest.raises(PermissionDenied):
        _place(personas.aishan_officer, rehab.wuxing, "county")
    with pytest.raises(Http404):
        _place(personas.wuxing_officer, rehab.anji, "county")
    with pytest.raises(ValidationError) as exc:
        services.placement_set(
            actor=fresh(personas.wuxing_officer), facility=rehab.wuxing, level="city", placed_on="x"
        )
    assert exc.value.message_dict["level"] == [messages.LEVEL_INVALID]
    assert exc.value.message_dict["placed_on"] == [messages.DATE_INVALID.format(field="纳入日期")]


def test_coverage_counts_the_levels_of_each_county_against_1_plus_5_and_lists_uncovered_townships(
    personas: Personas, rehab: Rehab
) -> None:
    officer = personas.wuxing_officer
    _place(officer, rehab.wuxing, "county")
    _place(officer, rehab.centre, "township")
    point = FacilityFactory(
        name="义皋村康复点", kind=Facility.Kind.COMMUNITY_CARE_CENTRE, region_code=OTHER_TOWNSHIP_VILLAGE
    )
    _place(officer, point, "village")
    _place(personas.anji_officer, rehab.anji, "township")
    rows = {r.code: r for r in selectors.coverage(user=fresh(personas.city_admin), day=dt.date(2024, 12, 31))}
    assert len(rows) == Region.objects.filter(level="county").count()
    wuxing = rows["330502"]
    assert (wuxing.county_centres, wuxing.township_stations, wuxing.village_points) == (1, 1, 1)
    assert wuxing.required_stations == 5 and not wuxing.complete
    assert wuxing.missing == ["乡镇级康复站差4个"]
    townships = Region.objects.filter(level="township", parent__code="330502000000")
    covered = {MY_VILLAGE[:9], OTHER_TOWNSHIP_VILLAGE[:9]}
    assert sorted(wuxing.uncovered) == sorted(t.name for t in townships if t.code[:9] not in covered)
    assert rows["330523"].county_centres == 0 and rows["330523"].missing[0] == "缺区县级精神康复中心"
    # A county officer sees their county only; before the placements, nothing was in force.
    assert [r.code for r in selectors.coverage(user=fresh(officer))] == ["330502"]
    assert selectors.coverage(user=fresh(officer), day=dt.date(2024, 2, 1))[0].county_centres == 0
