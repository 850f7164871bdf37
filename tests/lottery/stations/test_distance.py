"""The 200 m rule against schools: 199 m refused, 201 m accepted, the bounding box missing no
school however it lies, and the findings of all stations the same as checking each pair."""

from __future__ import annotations

import datetime as dt
import random

import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings

from minzheng.facilities.models import Facility
from minzheng.facilities.nearest.geometry import haversine_m
from minzheng.lottery.stations import distance, services
from minzheng.lottery.stations.models import AgencyContract
from tests.lottery.conftest import LAT, LNG, offset, school, station

pytestmark = pytest.mark.django_db
ID = "33050219800101001X"


def _sign(actor, site, n: int = 1):  # type: ignore[no-untyped-def]
    return services.contract_sign(
        actor=actor,
        station=site,
        contract_number=f"HZFC-2024-{n:05d}",
        terminal_number=f"33050000{n:02d}",
        agent_name="王建国",
        agent_id_number=ID,
        signed_on=dt.date(2024, 3, 1),
        valid_from=dt.date(2024, 3, 10),
        valid_to=dt.date(2027, 3, 9),
    )


def test_a_contract_at_199_m_from_a_school_is_refused_naming_it(personas) -> None:
    site = station()
    school("湖州市仪凤桥小学", north=199)
    with pytest.raises(ValidationError) as exc:
        _sign(personas.city_admin, site)
    assert "湖州市仪凤桥小学" in exc.value.message_dict["station"][0]
    assert "199米" in exc.value.message_dict["station"][0] and "200米" in exc.value.message_dict["station"][0]
    assert not AgencyContract.objects.exists()


def test_a_contract_at_201_m_from_a_school_is_signed(personas) -> None:
    site = station()
    school(north=201)
    assert _sign(personas.city_admin, site).terminal_number == "3305000001"


def test_opening_a_station_too_near_a_school_writes_nothing(personas) -> None:
    school("湖州市南街幼儿园", east=150)
    lng, lat = offset()
    with pytest.raises(ValidationError) as exc:
        services.station_open(
            actor=personas.city_admin,
            name="新投注站",
            region_code="330502003001",
            address_text="南街1号",
            lng=lng,
            lat=lat,
            opened_on=dt.date(2024, 6, 1),
        )
    assert "南街幼儿园" in exc.value.message_dict["lng"][0]
    assert not Facility.objects.filter(kind="lottery_station").exists()
    far_lng, far_lat = offset(north=300)
    opened = services.station_open(
        actor=personas.city_admin,
        name="新投注站",
        region_code="330502003001",
        address_text="南街9号",
        lng=far_lng,
        lat=far_lat,
        opened_on=dt.date(2024, 6, 1),
    )
    assert opened.kind == "lottery_station"


@pytest.mark.parametrize(
    ("north", "east"), [(140, 140), (-140, 140), (140, -140), (-140, -140), (0, -199), (-199, 0)]
)
def test_the_box_misses_no_school_in_any_direction(north: float, east: float) -> None:
    school(north=north, east=east)
    near = distance.schools_near(LNG, LAT)
    assert len(near) == 1 and near[0].distance_m < 200


def test_a_school_across_a_whole_degree_of_longitude_is_found() -> None:
    # The station just east of 120°E, the school 150 m west of it, across the line.
    lng, lat = offset(east=50, lng=LNG.__class__("120.0000000"))
    school(east=-150, lng=lng, lat=lat)
    assert [round(n.distance_m) for n in distance.schools_near(lng, lat)] == [150]


@override_settings(LOTTERY_SCHOOL_DISTANCE_M=300)
def test_the_limit_is_a_setting() -> None:
    school(north=250)
    assert distance.schools_near(LNG, LAT)[0].distance_m == pytest.approx(250, abs=0.5)


def test_the_findings_of_all_stations_are_the_pairs_a_full_check_finds() -> None:
    rng = random.Random(11)
    sites = [
        station(
            f"站{i}",
            lng=offset(rng.uniform(-3000, 3000), rng.uniform(-3000, 3000))[0],
            lat=offset(rng.uniform(-3000, 3000), 0)[1],
        )
        for i in range(40)
    ]
    schools = [
        school(f"学校{i}", north=rng.uniform(-3000, 3000), east=rng.uniform(-3000, 3000)) for i in range(60)
    ]
    expected = {
        (s.pk, sc.pk)
        for s in sites
        for sc in schools
        if haversine_m(float(s.lng), float(s.lat), float(sc.lng), float(sc.lat)) < 200
    }
    found = {
        (f.station.pk, f.school_id)
        for f in distance.findings(Facility.objects.filter(kind="lottery_station"))
    }
    assert found == expected and expected
