"""Promotion events: recorded by the lottery centre in its scope, bad input named by field."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from minzheng.lottery.promotion import selectors, services
from minzheng.lottery.promotion.models import PromotionEvent

pytestmark = pytest.mark.django_db


def test_an_event_is_recorded_and_read_in_scope(personas) -> None:
    services.promotion_event_record(
        actor=personas.city_admin,
        held_on=dt.date(2024, 5, 20),
        title="福彩有爱·助残同行",
        place="安吉县文化广场",
        region_code="330523000000",
        participants=300,
    )
    assert selectors.event_count(user=personas.anji_officer, year=2024) == 1
    assert selectors.event_count(user=personas.wuxing_officer, year=2024) == 0


def test_bad_input_names_every_field_and_writes_nothing(personas) -> None:
    with pytest.raises(ValidationError) as exc:
        services.promotion_event_record(
            actor=personas.city_admin,
            held_on="2024-13-01",
            title="",
            place="",
            region_code="990000000000",
            participants=-1,
        )
    assert set(exc.value.message_dict) == {"held_on", "title", "place", "region_code", "participants"}
    assert not PromotionEvent.objects.exists()


def test_a_county_may_not_record_one(personas) -> None:
    with pytest.raises(PermissionDenied):
        services.promotion_event_record(
            actor=personas.anji_officer,
            held_on=dt.date(2024, 5, 20),
            title="活动",
            place="广场",
            region_code="330523000000",
        )
