"""Waiver sums: min(fee, cap) per case and catalogue type for Zhejiang household registration, 0
otherwise; the cap is shared by a case's lines of one type; a voided line frees its share; the
county "+N" and dated caps; the figure is the sum of what was recorded."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from minzheng.funeral.services.models import WaiverItem
from minzheng.funeral.services.selectors import case_totals, waived_total
from minzheng.funeral.services.services import (
    funeral_case_open,
    funeral_service_add,
    funeral_service_void,
    waiver_item_add,
)
from tests.factories import id_number_for
from tests.funeral.services.conftest import DEATH, deceased, kind

pytestmark = pytest.mark.django_db


def at(day: dt.date = DEATH, hour: int = 10) -> dt.datetime:
    return timezone.make_aware(dt.datetime(day.year, day.month, day.day, hour))


def add(actor, case, code: str, fee: str, when: dt.datetime | None = None):  # type: ignore[no-untyped-def]
    return funeral_service_add(actor=actor, case=case, service_type=kind(code), facility=case.home,
                               performed_at=when or at(), fee=fee)


def test_the_default_catalogue_is_the_six_items_for_the_whole_city(db) -> None:
    items = WaiverItem.objects.filter(region_code="330500000000", valid_to__isnull=True)
    assert sorted(i.service_type.code for i in items) == sorted(
        ["body_transport", "body_storage", "cremation", "ash_storage", "farewell", "urn"])
    assert sum(i.cap for i in items) == Decimal("1150.00")


def test_a_zhejiang_case_is_waived_up_to_each_cap_and_the_family_pays_the_rest(personas, case) -> None:
    actor = personas.wuxing_funeral_registrar
    cremation = add(actor, case, "cremation", "500.00")
    transport = add(actor, case, "body_transport", "120.00")
    cosmetic = add(actor, case, "body_cosmetic", "300.00")
    assert case.waiver_eligible and case.hukou_province == "33"
    assert (cremation.waived, cremation.family_pays) == (Decimal("350.00"), Decimal("150.00"))
    assert (transport.waived, transport.family_pays) == (Decimal("120.00"), Decimal("0.00"))
    assert cosmetic.waived == 0 and cosmetic.waiver_item is None  # not in the default catalogue
    assert case_totals(case) == {"fee": Decimal("920.00"), "waived": Decimal("470.00"),
                                 "family_pays": Decimal("450.00")}


def test_a_case_from_outside_zhejiang_is_waived_nothing(personas, homes) -> None:
    deceased(2, county="320102")
    case = funeral_case_open(actor=personas.wuxing_funeral_registrar, id_number=id_number_for(2, county="320102"),
                             home=homes["wuxing"], received_on=DEATH)
    line = add(personas.wuxing_funeral_registrar, case, "cremation", "500.00")
    assert case.hukou_province == "32" and not case.waiver_eligible
    assert line.waived == 0 and line.family_pays == Decimal("500.00")


def test_the_recorded_province_decides_not_the_id_number(personas, homes) -> None:
    deceased(3, county="320102")
    case = funeral_case_open(actor=personas.wuxing_funeral_registrar, id_number=id_number_for(3, county="320102"),
                             home=homes["wuxing"], received_on=DEATH, hukou_province="33")
    assert case.waiver_eligible
    assert add(personas.wuxing_funeral_registrar, case, "urn", "680.00").waived == Decimal("150.00")


def test_the_provinces_come_from_the_setting_and_stay_on_the_case(personas, homes, settings) -> None:
    settings.MINZHENG_FUNERAL_WAIVER_PROVINCES = ("33", "31")
    deceased(4, county="310101")
    case = funeral_case_open(actor=personas.wuxing_funeral_registrar, id_number=id_number_for(4, county="310101"),
                             home=homes["wuxing"], received_on=DEATH)
    settings.MINZHENG_FUNERAL_WAIVER_PROVINCES = ("33",)
    assert case.waiver_eligible
    assert add(personas.wuxing_funeral_registrar, case, "cremation", "400.00").waived == Decimal("350.00")


def test_lines_of_one_type_share_its_cap_in_a_case(personas, case) -> None:
    actor = personas.wuxing_funeral_registrar
    first = add(actor, case, "body_storage", "100.00", at(hour=9))
    second = add(actor, case, "body_storage", "100.00", at(hour=11))
    third = add(actor, case, "body_storage", "100.00", at(hour=12))
    assert [first.waived, second.waived, third.waived] == [Decimal("100.00"), Decimal("50.00"), Decimal("0.00")]
    assert case_totals(case)["waived"] == Decimal("150.00")


def test_voiding_a_line_gives_its_share_of_the_cap_to_the_later_lines(personas, case) -> None:
    actor = personas.wuxing_funeral_registrar
    first = add(actor, case, "body_storage", "100.00", at(hour=9))
    second = add(actor, case, "body_storage", "100.00", at(hour=11))
    funeral_service_void(actor=actor, service=first, reason="重复录入")
    second.refresh_from_db()
    assert second.waived == Decimal("100.00")
    assert case_totals(case) == {"fee": Decimal("100.00"), "waived": Decimal("100.00"),
                                 "family_pays": Decimal("0.00")}


def test_a_county_plus_n_item_waives_only_in_that_county_from_its_date(personas, homes) -> None:
    waiver_item_add(actor=personas.anji_officer, service_type=kind("body_cosmetic"), cap="100",
                    valid_from=dt.date(2025, 1, 1), note="安吉县+1")
    deceased(5, county="330523")
    anji = funeral_case_open(actor=personas.anji_officer,
                             id_number=id_number_for(5, county="330523"), home=homes["anji"], received_on=DEATH)
    deceased(6)
    wuxing = funeral_case_open(actor=personas.wuxing_funeral_registrar, id_number=id_number_for(6),
                               home=homes["wuxing"], received_on=DEATH)
    assert add(personas.anji_officer, anji, "body_cosmetic", "260.00").waived == Decimal("100.00")
    assert add(personas.wuxing_funeral_registrar, wuxing, "body_cosmetic", "260.00").waived == 0


def test_a_new_city_cap_applies_from_its_date_and_the_old_one_before(personas, homes) -> None:
    waiver_item_add(actor=personas.city_admin, service_type=kind("cremation"), cap="400", valid_from=dt.date(2025, 3, 4))
    old = WaiverItem.objects.get(region_code="330500000000", service_type__code="cremation", valid_from=dt.date(2023, 8, 1))
    assert old.valid_to == dt.date(2025, 3, 3)
    deceased(7)
    case = funeral_case_open(actor=personas.wuxing_funeral_registrar, id_number=id_number_for(7),
                             home=homes["wuxing"], received_on=DEATH)
    actor = personas.wuxing_funeral_registrar
    before = add(actor, case, "cremation", "600.00", at(dt.date(2025, 3, 3)))
    funeral_service_void(actor=actor, service=before, reason="改期")
    after = add(actor, case, "cremation", "600.00", at(dt.date(2025, 3, 4)))
    assert (before.waived, after.waived) == (Decimal("350.00"), Decimal("400.00"))


def test_the_year_total_is_the_sum_of_the_recorded_waivers_in_scope(personas, homes, case) -> None:
    actor = personas.wuxing_funeral_registrar
    add(actor, case, "cremation", "500.00")
    add(actor, case, "urn", "100.00")
    voided = add(actor, case, "farewell", "300.00")
    funeral_service_void(actor=actor, service=voided, reason="未使用")
    deceased(8, county="330523")
    anji = funeral_case_open(actor=personas.anji_officer, id_number=id_number_for(8, county="330523"),
                             home=homes["anji"], received_on=DEATH)
    add(personas.anji_officer, anji, "cremation", "500.00")
    assert waived_total(user=personas.city_admin, year=2025) == Decimal("800.00")
    assert waived_total(user=personas.wuxing_officer, year=2025) == Decimal("450.00")
    assert waived_total(user=personas.city_admin, year=2024) == 0
    assert waived_total(user=personas.city_admin, year=2025, prefix="330523") == Decimal("350.00")
