"""The year's eldercare figures (``eldercare_figures``), the page and the API: counted from the
facility registry, the beds and their stays, the love cards and the meal records, in the reader's
scope only, as of the year's last day."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.test import Client
from django.utils import timezone
from rest_framework.test import APIClient

from minzheng.core import messages as core_messages
from minzheng.core.figures import YEAR_MAX, YEAR_MIN
from minzheng.core.models import User
from minzheng.eldercare.beds.models import Bed, Occupancy
from minzheng.eldercare.beds.services import bed_check_in, bed_check_out, bed_retire, beds_create
from minzheng.eldercare.figures.selectors import eldercare_figures
from minzheng.eldercare.love_cards.models import LoveCard
from minzheng.eldercare.love_cards.services import love_card_activate
from minzheng.eldercare.meals.models import MealRecord
from minzheng.facilities.models import Facility
from tests.eldercare.factories import elder
from tests.facilities.factories import FacilityFactory
from tests.personas import MY_VILLAGE, OTHER_COUNTY_VILLAGE, Personas

pytestmark = pytest.mark.django_db

YEAR_ERROR = core_messages.FIGURES_YEAR_INVALID.format(min=YEAR_MIN, max=YEAR_MAX)


def at(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(10)))


def home(actor: User, *, beds: int, registered: dt.date | None, region_code: str = MY_VILLAGE) -> list[Bed]:
    """A care home with ``beds`` beds registered on ``registered`` (None: today, as a home that
    registers its beds after the fact)."""
    facility = FacilityFactory(
        kind=Facility.Kind.CARE_HOME, region_code=region_code, opened_on=dt.date(2010, 1, 1)
    )
    made = beds_create(actor=actor, home=facility, room="101", numbers=f"1-{beds}", kind=Bed.Kind.NURSING)
    if registered is not None:
        Bed.objects.filter(facility=facility).update(created_at=at(registered))
    return made


def stay(actor: User, bed: Bed, since: dt.date, until: dt.date | None = None) -> Occupancy:
    person, _ = elder(dt.date(1940, 3, 1), region_code=bed.region_code)
    occupancy = bed_check_in(actor=actor, bed=bed, person=person, on=since)
    if until is not None:
        occupancy = bed_check_out(actor=actor, occupancy=occupancy, on=until, reason="other", note="回家居住")
    return occupancy


def centre(
    *, opened: dt.date, rebuilt: dt.date | None = None, area: str, region_code: str = MY_VILLAGE
) -> Facility:
    return FacilityFactory(
        kind=Facility.Kind.COMMUNITY_CARE_CENTRE,
        region_code=region_code,
        opened_on=opened,
        rebuilt_on=rebuilt,
        floor_area=Decimal(area),
    )


def card(actor: User, activated: dt.date, region_code: str = MY_VILLAGE) -> LoveCard:
    person, _ = elder(dt.date(1950, 1, 1), region_code=region_code)
    made = love_card_activate(actor=actor, person=person)
    LoveCard.objects.filter(pk=made.pk).update(activated_at=at(activated))
    return made


def meal(site: Facility, served_on: dt.date) -> MealRecord:
    person, _ = elder(dt.date(1940, 3, 1), region_code=site.region_code)
    return MealRecord.objects.create(
        person=person,
        site=site,
        region_code=site.region_code,
        served_on=served_on,
        period=served_on.replace(day=1),
        meal="lunch",
        mode="eat_in",
        tier="80",
        price=Decimal("12.00"),
        subsidy=Decimal("4.00"),
        elder_share=Decimal("8.00"),
        paid_with="cash",
        created_at=at(served_on),
    )


@pytest.fixture
def records(personas: Personas) -> None:
    township, anji = personas.aishan_officer, personas.anji_officer
    # 一床一码: a home registered in 2024 (one bed held at the year's end, one left on 31
    # December, one free, one retired in November); a home registered after the fact whose bed
    # was held since May 2024 (its stay back-dated); a home registered in 2026 with no 2024
    # stays; a home in 安吉县.
    first = home(township, beds=4, registered=dt.date(2024, 2, 1))
    stay(township, first[0], dt.date(2024, 6, 1))
    stay(township, first[1], dt.date(2024, 1, 1), until=dt.date(2024, 12, 31))
    bed_retire(actor=township, bed=first[3], reason="并房")
    Bed.objects.filter(pk=first[3].pk).update(retired_at=at(dt.date(2024, 11, 3)))
    late = home(township, beds=1, registered=None)
    stay(township, late[0], dt.date(2024, 5, 1))
    home(township, beds=2, registered=None)
    stay(
        anji,
        home(anji, beds=2, registered=dt.date(2024, 3, 1), region_code=OTHER_COUNTY_VILLAGE)[0],
        dt.date(2024, 4, 1),
    )
    # Community care centres: opened, rebuilt, both in the year (once), an older one, one in 安吉县.
    centre(opened=dt.date(2024, 3, 1), area="1000.50")
    centre(opened=dt.date(2010, 5, 1), rebuilt=dt.date(2024, 8, 1), area="500")
    centre(opened=dt.date(2024, 1, 10), rebuilt=dt.date(2024, 11, 1), area="200")
    centre(opened=dt.date(2023, 6, 1), area="900")
    centre(opened=dt.date(2024, 6, 1), area="800", region_code=OTHER_COUNTY_VILLAGE)
    # Meal sites: open (known and unknown opening), closed, opened after the year, in 安吉县.
    site = FacilityFactory(kind=Facility.Kind.MEAL_SITE, opened_on=dt.date(2020, 1, 1))
    FacilityFactory(kind=Facility.Kind.MEAL_SITE, opened_on=None)
    FacilityFactory(kind=Facility.Kind.MEAL_SITE, status=Facility.Status.CLOSED)
    FacilityFactory(kind=Facility.Kind.MEAL_SITE, opened_on=dt.date(2025, 2, 1))
    anji_site = FacilityFactory(kind=Facility.Kind.MEAL_SITE, region_code=OTHER_COUNTY_VILLAGE)
    # Sojourn destinations: open, closed, a site with other tags.
    FacilityFactory(kind=Facility.Kind.CARE_HOME, tags=["sojourn", "rural"])
    FacilityFactory(kind=Facility.Kind.CARE_HOME, tags=["sojourn"], status=Facility.Status.CLOSED)
    FacilityFactory(kind=Facility.Kind.COMMUNITY_CARE_CENTRE, tags=["day_care"])
    # Love cards: two by the end of 2024, one in 2025, one in 安吉县.
    card(township, dt.date(2023, 5, 1))
    card(township, dt.date(2024, 12, 31))
    card(township, dt.date(2025, 1, 1))
    card(anji, dt.date(2024, 2, 1), region_code=OTHER_COUNTY_VILLAGE)
    # Meals: two in 2024, one in 2023, one in 安吉县.
    meal(site, dt.date(2024, 1, 1))
    meal(site, dt.date(2024, 12, 31))
    meal(site, dt.date(2023, 12, 31))
    meal(anji_site, dt.date(2024, 6, 1))


def test_the_city_counts_every_record_of_the_year(personas: Personas, records: None) -> None:
    figures = eldercare_figures(actor=personas.city_admin, year=2024)
    assert figures == {
        "year": 2024,
        "as_of": dt.date(2024, 12, 31),
        "care_homes_bed_code": 3,
        "beds": 3 + 1 + 2,
        "beds_occupied": 1 + 1 + 1,
        "community_centres_new": 4,
        "community_centres_new_area": Decimal("2500.50"),
        "meal_sites": 3,
        "sojourn_sites": 1,
        "home_beds_built": 0,
        "love_cards_activated": 3,
        "meals_served": 3,
        # No home-service orders here: counted on hand-made data in tests/eldercare/home_services.
        "home_service_visits": 0,
        # Elders but no caregivers here: counted on hand-made data in tests/eldercare/caregivers.
        "caregivers_per_10k_elderly": Decimal("0.00"),
        # No adaptation or insurance records here: counted on hand-made data in tests/eldercare/{adaptation,insurance}.
        "adaptation_subsidy_paid": Decimal("0.00"),
        "adaptation_consumption": Decimal("0.00"),
        "insurance_rehab_claims": 0,
        "insurance_max_claim": None,
        "insurance_payout_ratio": None,
    }


def test_a_township_officer_counts_only_their_township(personas: Personas, records: None) -> None:
    figures = eldercare_figures(actor=personas.aishan_officer, year=2024)
    assert (figures["care_homes_bed_code"], figures["beds"], figures["beds_occupied"]) == (2, 4, 2)
    assert (figures["community_centres_new"], figures["community_centres_new_area"]) == (
        3,
        Decimal("1700.50"),
    )
    assert (figures["meal_sites"], figures["love_cards_activated"], figures["meals_served"]) == (2, 2, 2)
    nothing = eldercare_figures(actor=personas.anji_officer, year=2023)
    assert (
        nothing["care_homes_bed_code"],
        nothing["beds"],
        nothing["meals_served"],
        nothing["love_cards_activated"],
        nothing["community_centres_new"],
        nothing["community_centres_new_area"],
    ) == (0, 0, 0, 0, 0, Decimal("0.00"))


def test_the_year_under_way_is_read_as_of_today(personas: Personas, records: None) -> None:
    today = timezone.localdate()
    figures = eldercare_figures(actor=personas.city_admin, year=today.year)
    # Today every home's beds count, the ones registered today included, and the bed left on
    # 31 December 2024 and the retired one do not.
    assert figures["as_of"] == today
    assert (figures["care_homes_bed_code"], figures["beds"], figures["beds_occupied"]) == (
        4,
        3 + 1 + 2 + 2,
        3,
    )


def test_the_page_shows_the_figures_and_names_a_bad_year(
    personas: Personas, records: None, client: Client
) -> None:
    client.force_login(personas.aishan_officer)
    page = client.get("/eldercare/figures/?year=2024")
    assert page.status_code == 200
    text = page.content.decode()
    assert "2024 年养老服务数据" in text and "落地“一床一码”场景的养老机构" in text and "1,700.5" in text
    bad = client.get("/eldercare/figures/?year=1999")
    assert bad.status_code == 400 and YEAR_ERROR in bad.content.decode()
    client.force_login(personas.village_worker)
    assert client.get("/eldercare/figures/?year=2024").status_code == 403


def test_the_api_answers_in_the_callers_scope(personas: Personas, records: None) -> None:
    api = APIClient()
    api.force_authenticate(user=personas.anji_officer)
    answer = api.get("/api/eldercare/figures/?year=2024")
    assert answer.status_code == 200
    assert answer.json() == {
        "year": 2024,
        "as_of": "2024-12-31",
        "care_homes_bed_code": 1,
        "beds": 2,
        "beds_occupied": 1,
        "community_centres_new": 1,
        "community_centres_new_area": "800.00",
        "meal_sites": 1,
        "meals_served": 1,
        "home_service_visits": 0,
        "home_beds_built": 0,
        "love_cards_activated": 1,
        "sojourn_sites": 0,
        "caregivers_per_10k_elderly": "0.00",
        "adaptation_subsidy_paid": "0.00",
        "adaptation_consumption": "0.00",
        "insurance_rehab_claims": 0,
        "insurance_max_claim": None,
        "insurance_payout_ratio": None,
    }
    for query in ("", "?year=", "?year=abc", "?year=2101"):
        bad = api.get("/api/eldercare/figures/" + query)
        assert bad.status_code == 400 and bad.json() == {"year": [YEAR_ERROR]}, query
    api.force_authenticate(user=personas.village_worker)
    assert api.get("/api/eldercare/figures/?year=2024").status_code == 403
    assert APIClient().get("/api/eldercare/figures/?year=2024").status_code == 401
