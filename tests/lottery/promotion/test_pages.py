"""The promotion page: the centre records an event, a county may not."""

from __future__ import annotations

import pytest

from minzheng.lottery.promotion.models import PromotionEvent

pytestmark = pytest.mark.django_db


def test_the_centre_records_a_promotion_event(personas, sites, login) -> None:
    client = login(personas.city_admin)
    response = client.post(
        "/lottery/promotion/",
        {
            "held_on": "2024-06-01",
            "title": "福彩有爱·情暖童心",
            "place": "人民广场",
            "region_code": "330502000000",
            "participants": "120",
        },
    )
    assert response.status_code == 302
    assert PromotionEvent.objects.get().participants == 120
    assert login(personas.anji_officer).post("/lottery/promotion/", {}).status_code == 403
