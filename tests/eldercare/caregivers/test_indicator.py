"""Certified caregivers per 10,000 residents aged 60 and over, on hand-made data: who counts on the
day (in post, certified by then, not the uncertified, not those who left), who is an elder (60 on
the birthday, alive that day), by region one level below the reader's scope, rounded half up,
and the figure ``eldercare.caregivers_per_10k_elderly`` the eldercare figures give."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from minzheng.eldercare.caregivers import selectors, services
from minzheng.eldercare.figures.selectors import eldercare_figures
from minzheng.people.models import Person
from tests.eldercare.caregivers.conftest import Sites, caregiver
from tests.eldercare.factories import elder
from tests.personas import MY_VILLAGE, NEIGHBOUR_VILLAGE, OTHER_COUNTY_VILLAGE, Personas

pytestmark = pytest.mark.django_db

DAY = dt.date(2024, 12, 31)


def test_born_by_counts_an_age_on_the_birthday_and_29_february_on_1_march() -> None:
    assert selectors.born_by(DAY, 60) == dt.date(1964, 12, 31)
    assert selectors.born_by(dt.date(2025, 2, 28), 61) == dt.date(1964, 2, 28)  # born 29 Feb 1964: not yet
    assert selectors.born_by(dt.date(2024, 2, 29), 60) == dt.date(1964, 2, 29)


@pytest.fixture
def town(personas: Personas, sites: Sites) -> dict[str, object]:
    officer = personas.aishan_officer
    counted = [caregiver(officer, sites.home, level=level) for level in ("junior", "senior")]
    caregiver(officer, sites.home, level="")  # uncertified: not counted
    gone = caregiver(officer, sites.home, level="junior")
    services.caregiver_leave(actor=officer, caregiver=gone, left_on=DAY)  # away on the day itself
    stays = caregiver(officer, sites.home, level="technician")
    services.caregiver_leave(actor=officer, caregiver=stays, left_on=dt.date(2025, 1, 1))  # counted
    caregiver(personas.anji_officer, sites.centre, level="intermediate")
    # Elders of 吴兴区: two in the persona village, one in the neighbour village, 60 on the day.
    elder(dt.date(1940, 3, 1), region_code=MY_VILLAGE)
    elder(dt.date(1950, 3, 1), region_code=MY_VILLAGE)
    elder(dt.date(1964, 12, 31), region_code=NEIGHBOUR_VILLAGE)
    elder(dt.date(1965, 1, 1), region_code=MY_VILLAGE)  # 59 on the day
    died, _ = elder(dt.date(1930, 1, 1), region_code=MY_VILLAGE)
    Person.objects.filter(pk=died.pk).update(status=Person.Status.DECEASED, death_date=dt.date(2024, 12, 30))
    later, _ = elder(dt.date(1931, 1, 1), region_code=MY_VILLAGE)
    Person.objects.filter(pk=later.pk).update(status=Person.Status.DECEASED, death_date=dt.date(2025, 1, 5))
    # 安吉县: two elders.
    elder(dt.date(1944, 8, 8), region_code=OTHER_COUNTY_VILLAGE)
    elder(dt.date(1945, 8, 8), region_code=OTHER_COUNTY_VILLAGE)
    return {"counted": [*counted, stays]}


def test_the_city_reads_the_counties_and_its_total(personas: Personas, town: dict[str, object]) -> None:
    found = selectors.caregivers_per_10k(actor=personas.city_admin, day=DAY)
    rows = {r.code: (r.caregivers, r.elders, r.per_10k) for r in found.rows}
    # 吴兴区: 3 caregivers (junior, senior, the technician leaving in 2025) / 4 elders (the one who
    # died in 2025 included) = 7,500.00; 安吉县: 1 / 2 = 5,000.00.
    assert rows == {"330502": (3, 4, Decimal("7500.00")), "330523": (1, 2, Decimal("5000.00"))}
    assert (found.total.caregivers, found.total.elders, found.total.per_10k) == (4, 6, Decimal("6666.67"))


def test_a_county_reads_its_townships_and_a_township_its_villages(
    personas: Personas, town: dict[str, object]
) -> None:
    county = selectors.caregivers_per_10k(actor=personas.wuxing_officer, day=DAY)
    assert [(r.code, r.caregivers, r.elders) for r in county.rows] == [("330502003", 3, 4)]
    township = selectors.caregivers_per_10k(actor=personas.aishan_officer, day=DAY)
    assert [(r.code, r.caregivers, r.elders, r.per_10k) for r in township.rows] == [
        (MY_VILLAGE, 3, 3, Decimal("10000.00")),
        (NEIGHBOUR_VILLAGE, 0, 1, Decimal("0.00")),
    ]
    anji = selectors.caregivers_per_10k(actor=personas.anji_officer, day=DAY)
    assert (anji.total.caregivers, anji.total.elders) == (1, 2)


def test_a_region_without_elders_has_no_figure_and_someone_without_a_region_sees_nothing(
    personas: Personas, sites: Sites
) -> None:
    caregiver(personas.aishan_officer, sites.home)
    found = selectors.caregivers_per_10k(actor=personas.city_admin, day=DAY)
    assert found.total.per_10k is None and found.total.caregivers == 1
    assert selectors.caregivers_per_10k(actor=personas.nobody, day=DAY).rows == []


def test_the_eldercare_figures_give_the_indicator_at_the_years_end(
    personas: Personas, town: dict[str, object]
) -> None:
    figures = eldercare_figures(actor=personas.city_admin, year=2024)
    assert figures["caregivers_per_10k_elderly"] == Decimal("6666.67")
    assert eldercare_figures(actor=personas.anji_officer, year=2024)["caregivers_per_10k_elderly"] == Decimal(
        "5000.00"
    )


def test_a_caregiver_certified_after_the_day_counts_from_then(personas: Personas, sites: Sites) -> None:
    elder(dt.date(1940, 1, 1))
    caregiver(personas.aishan_officer, sites.home, certified_on=dt.date(2024, 12, 31))
    assert (
        selectors.caregivers_per_10k(actor=personas.city_admin, day=dt.date(2024, 12, 30)).total.caregivers
        == 0
    )
    assert selectors.caregivers_per_10k(actor=personas.city_admin, day=DAY).total.per_10k == Decimal(
        "10000.00"
    )
