"""The indicators on hand-made data: the standard-services rule (at least 4 service records in the
year, the setting), the share of counties with services, the share of registered patients with
standard services, per county and for the city, against the year's targets; and the figures."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from minzheng.disability.figures import selectors
from minzheng.disability.network.models import RehabStandard
from minzheng.disability.patients import services as patient_services
from minzheng.disability.records.selectors import receives_standard_services
from minzheng.facilities.models import Facility
from tests.disability.conftest import Rehab, patient, services_for
from tests.eldercare.beds.conftest import fresh
from tests.facilities.factories import FacilityFactory
from tests.personas import MY_VILLAGE, OTHER_COUNTY_VILLAGE, Personas

pytestmark = pytest.mark.django_db


def _days(n: int, year: int = 2024) -> list[dt.date]:
    return [dt.date(year, 1 + i, 10) for i in range(n)]


@pytest.fixture
def data(personas: Personas, rehab: Rehab) -> dict[str, object]:
    officer = personas.aishan_officer
    four = patient(officer, rehab.wuxing)
    three = patient(officer, rehab.wuxing)
    none = patient(officer, rehab.wuxing)
    ended_before = patient(officer, rehab.wuxing)
    patient_services.patient_end(
        actor=officer, patient=ended_before, ended_on=dt.date(2023, 12, 1), end_reason="迁出"
    )
    anji = patient(
        personas.anji_officer,
        rehab.anji,
        region_code=OTHER_COUNTY_VILLAGE,
        registered_on=dt.date(2023, 1, 2),
        consent_on=dt.date(2023, 1, 2),
    )
    services_for(rehab.op_a, four, rehab.wuxing, _days(4))
    services_for(rehab.op_a, three, rehab.wuxing, [*_days(3), dt.date(2023, 12, 20)])
    services_for(rehab.op_b, anji, rehab.anji, _days(5, 2023))  # served in 2023 only
    return {"four": four, "three": three, "none": none, "anji": anji}


def test_standard_services_are_at_least_the_years_minimum_of_records(
    personas: Personas, rehab: Rehab, data: dict[str, object]
) -> None:
    assert receives_standard_services(patient=data["four"], year=2024)  # type: ignore[arg-type]
    assert not receives_standard_services(patient=data["three"], year=2024)  # type: ignore[arg-type]
    RehabStandard.objects.filter(year=2024).update(min_services=3)
    assert receives_standard_services(patient=data["three"], year=2024)  # type: ignore[arg-type]


def test_the_indicators_per_county_and_for_the_city_against_the_2024_targets(
    personas: Personas, rehab: Rehab, data: dict[str, object]
) -> None:
    found = selectors.rehab_indicators(actor=fresh(personas.city_admin), year=2024)
    assert found.counties == 5 and found.counties_serving == 1  # only 吴兴区 served in 2024
    assert found.counties_share == Decimal("20.0") and found.counties_target == Decimal("65.00")
    assert found.counties_met is False
    # Registered in 2024: 吴兴区's three on the register (not the one ended in 2023) and 安吉县's one.
    assert (found.patients, found.patients_standard) == (4, 1)
    assert found.patients_share == Decimal("25.0") and found.patients_target == Decimal("45.00")
    rows = {r.code: r for r in found.rows}
    assert (rows["330502"].patients, rows["330502"].standard, rows["330502"].serving) == (3, 1, True)
    assert rows["330502"].patients_share == Decimal("33.3")
    assert (rows["330523"].patients, rows["330523"].standard, rows["330523"].serving) == (1, 0, False)
    in_2023 = selectors.rehab_indicators(actor=fresh(personas.city_admin), year=2023)
    assert in_2023.counties_serving == 2 and in_2023.counties_target == Decimal("50.00")
    assert (in_2023.patients_standard, in_2023.patients) == (1, 5)  # 安吉县's five services in 2023


def test_the_2025_target_and_a_later_year_reading_the_latest_targets(
    personas: Personas, rehab: Rehab
) -> None:
    assert selectors.rehab_indicators(actor=fresh(personas.city_admin), year=2025).patients_target == Decimal(
        "60.00"
    )
    later = selectors.rehab_indicators(actor=fresh(personas.city_admin), year=2027)
    assert (
        later.counties_target == Decimal("80.00")
        and later.patients_share is None
        and later.patients_met is None
    )


def test_a_county_reads_its_own_county(personas: Personas, rehab: Rehab, data: dict[str, object]) -> None:
    found = selectors.rehab_indicators(actor=fresh(personas.anji_officer), year=2024)
    assert [r.code for r in found.rows] == ["330523"] and found.patients == 1 and found.counties_serving == 0


def test_the_figures_count_open_rehab_organizations_and_patients_served(
    personas: Personas, rehab: Rehab, data: dict[str, object]
) -> None:
    FacilityFactory(
        name="已关闭的康复站",
        kind=Facility.Kind.MENTAL_REHAB_CENTRE,
        region_code=MY_VILLAGE,
        status=Facility.Status.CLOSED,
    )
    FacilityFactory(
        name="2025年开业",
        kind=Facility.Kind.MENTAL_REHAB_CENTRE,
        region_code=MY_VILLAGE,
        opened_on=dt.date(2025, 1, 2),
    )
    city = selectors.disability_figures(actor=fresh(personas.city_admin), year=2024)
    assert city == {"year": 2024, "rehab_orgs": 2, "rehab_served": 2, "subsidy_reviews": 0}
    assert selectors.disability_figures(actor=fresh(personas.city_admin), year=2023)["rehab_served"] == 2
    assert selectors.disability_figures(actor=fresh(personas.anji_officer), year=2024)["rehab_served"] == 0


def test_a_patients_years_of_services_against_the_rule(
    personas: Personas, rehab: Rehab, data: dict[str, object]
) -> None:
    from minzheng.disability.records.selectors import service_years

    assert service_years(patient=data["three"]) == [(2024, 3, False), (2023, 1, False)]  # type: ignore[arg-type]
    assert service_years(patient=data["four"]) == [(2024, 4, True)]  # type: ignore[arg-type]
    assert service_years(patient=data["none"]) == []  # type: ignore[arg-type]
