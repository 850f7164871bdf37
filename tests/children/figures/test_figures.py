"""The year's children's figures, counted from the records in the reader's scope: profiles standing
on 31 December (opened by then, not ended by then), the 困境 family counted once per profile,
migrant profiles, the 20 service items; the page and ``GET /api/children/figures/?year=``."""

from __future__ import annotations

import datetime as dt

import pytest

from minzheng.children.figures.selectors import children_figures
from minzheng.children.profiles.models import ChildProfile
from tests.assistance.factories import person_born
from tests.children.conftest import MakeProfile
from tests.personas import OTHER_COUNTY_VILLAGE, Personas

pytestmark = pytest.mark.django_db


def born() -> object:
    return person_born(dt.date(2014, 1, 1))[0]


@pytest.fixture
def records(personas: Personas, make_profile: MakeProfile) -> None:
    opened = dt.date(2024, 2, 1)
    make_profile(personas.aishan_officer, born(), opened_on=opened)  # orphan
    make_profile(personas.aishan_officer, born(), categories=("orphan", "in_difficulty"), opened_on=opened)
    make_profile(personas.aishan_officer, born(), categories=("migrant",), opened_on=opened)
    make_profile(personas.aishan_officer, born(), categories=("migrant",), opened_on=dt.date(2025, 1, 2))
    ended = make_profile(personas.aishan_officer, born(), categories=("migrant",), opened_on=opened)
    ChildProfile.objects.filter(pk=ended.pk).update(
        status="ended", ended_on=dt.date(2024, 12, 31), end_reason="not_eligible"
    )
    later = make_profile(personas.aishan_officer, born(), opened_on=opened)
    ChildProfile.objects.filter(pk=later.pk).update(
        status="ended", ended_on=dt.date(2025, 1, 1), end_reason="not_eligible"
    )
    make_profile(
        personas.anji_officer,
        person_born(dt.date(2014, 1, 1), region_code=OTHER_COUNTY_VILLAGE)[0],
        categories=("migrant",),
        opened_on=opened,
    )


def test_what_counts_on_the_years_last_day(personas: Personas, records: None) -> None:
    city = children_figures(actor=personas.city_admin, year=2024)
    assert (city["in_difficulty_records"], city["orphans"], city["migrant_records"]) == (3, 3, 2)
    assert city["migrant_service_list_items"] == 20
    county = children_figures(actor=personas.wuxing_officer, year=2024)
    assert county["migrant_records"] == 1


def test_the_page_and_the_api(api, login, personas: Personas, records: None) -> None:  # type: ignore[no-untyped-def]
    page = login(personas.wuxing_officer).get("/children/figures/?year=2024")
    assert page.status_code == 200 and "困境儿童建档" in page.content.decode()
    answer = api(personas.city_admin).get("/api/children/figures/?year=2024")
    assert answer.status_code == 200 and answer.json()["in_difficulty_records"] == 3
    assert api(personas.city_admin).get("/api/children/figures/?year=20x").status_code == 400
    assert api(personas.nobody).get("/api/children/figures/?year=2024").status_code == 403
