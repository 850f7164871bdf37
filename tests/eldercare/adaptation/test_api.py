"""The adaptation API: an application entered by a township with its lines, reviewed and paid by
the county (never by the maker), the year's totals; bad input named in Chinese; scoping."""

from __future__ import annotations

import pytest

from minzheng.eldercare.adaptation import messages
from minzheng.eldercare.adaptation.models import AdaptationApplication
from tests.eldercare.adaptation.factories import items, submitted
from tests.eldercare.factories import elder
from tests.personas import OTHER_COUNTY_VILLAGE, Personas

pytestmark = pytest.mark.django_db
BASE = "/api/eldercare/adaptation/"


def test_a_township_applies_and_the_county_approves_and_pays(api, personas: Personas) -> None:  # type: ignore[no-untyped-def]
    catalogue = items()
    _, raw = elder()
    township, county = api("aishan_officer"), api("wuxing_officer")
    assert [i["code"] for i in township.get(f"{BASE}items/").json()] == ["GRAB-BAR", "NON-SLIP", "CARE-BED"]
    made = township.post(
        f"{BASE}applications/",
        {
            "id_number": raw,
            "applied_on": "2024-03-01",
            "subsidy_rate": "0.80",
            "lines": [
                {"item": catalogue["GRAB-BAR"].pk, "quantity": "2"},
                {"item": catalogue["NON-SLIP"].pk, "quantity": "6", "unit_price": "110.50"},
            ],
        },
        format="json",
    )
    assert made.status_code == 201, made.json()
    assert (made.json()["total"], made.json()["subsidy"]) == ("1263.00", "1010.40")
    url = f"{BASE}applications/{made.json()['id']}/review/"
    assert township.post(url, {"action": "approve"}, format="json").status_code == 403
    assert county.post(url, {"action": "approve"}, format="json").json()["status"] == "approved"
    paid = county.post(url, {"action": "pay", "paid_on": "2024-04-10"}, format="json")
    assert paid.json()["status"] == "paid"
    assert county.post(url, {"action": "pay", "paid_on": "2024-04-10"}, format="json").status_code == 400
    totals = county.get(f"{BASE}totals/?year=2024").json()
    assert (totals["subsidy_paid"], totals["consumption"]) == ("1010.40", "1263.00")


def test_bad_input_is_named_and_nothing_is_written(api, personas: Personas) -> None:  # type: ignore[no-untyped-def]
    catalogue = items()
    _, raw = elder()
    client = api("aishan_officer")
    bad = client.post(
        f"{BASE}applications/",
        {
            "id_number": raw,
            "applied_on": "2024-03-01",
            "subsidy_rate": "2",
            "lines": [{"item": catalogue["GRAB-BAR"].pk, "quantity": "0"}],
        },
        format="json",
    )
    assert bad.status_code == 400
    assert bad.json()["subsidy_rate"] == [messages.RATE_INVALID]
    assert bad.json()["quantity"] == [messages.LINE_QUANTITY_INVALID.format(name="卫生间扶手", max=100)]
    unknown_item = client.post(
        f"{BASE}applications/",
        {
            "id_number": raw,
            "applied_on": "2024-03-01",
            "subsidy_rate": "0.5",
            "lines": [{"item": 999999, "quantity": 1}],
        },
        format="json",
    )
    assert unknown_item.json() == {"lines": [messages.LINE_ITEM_UNKNOWN.format(n=1)]}
    assert not AdaptationApplication.objects.exists()


def test_the_maker_cannot_review_and_another_county_sees_nothing(api, personas: Personas) -> None:  # type: ignore[no-untyped-def]
    catalogue = items()
    mine = submitted(personas.wuxing_officer, catalogue, lines=[("GRAB-BAR", 1, None)])
    own = api("wuxing_officer").post(
        f"{BASE}applications/{mine.pk}/review/", {"action": "approve"}, format="json"
    )
    assert own.json() == {"reviewed_by": [messages.REVIEW_OWN]}
    far = submitted(
        personas.anji_officer, catalogue, lines=[("GRAB-BAR", 1, None)], region_code=OTHER_COUNTY_VILLAGE
    )
    other = api("wuxing_officer")
    assert (
        other.post(f"{BASE}applications/{far.pk}/review/", {"action": "approve"}, format="json").status_code
        == 404
    )
    assert [a["id"] for a in other.get(f"{BASE}applications/").json()["results"]] == [mine.pk]
