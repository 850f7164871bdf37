"""The insurance API: policies and claims written with Chinese reasons per field, a claim decided
once, the payout ratio per region, and nothing of another county visible."""

from __future__ import annotations

from decimal import Decimal

import pytest

from minzheng.eldercare.insurance import messages
from minzheng.eldercare.insurance.models import Claim, Policy
from tests.eldercare.factories import elder
from tests.eldercare.insurance.factories import paid_claim, policy
from tests.personas import OTHER_COUNTY_VILLAGE, Personas

pytestmark = pytest.mark.django_db
BASE = "/api/eldercare/insurance/"


def test_a_policy_and_a_claim_are_written_and_the_claim_paid_once(api, personas: Personas) -> None:  # type: ignore[no-untyped-def]
    client = api("wuxing_officer")
    _, raw = elder()
    made = client.post(
        f"{BASE}policies/",
        {"id_number": raw, "year": "2024", "insurer": "人保财险", "premium": "30"},
        format="json",
    )
    assert made.status_code == 201, made.json()
    again = client.post(
        f"{BASE}policies/",
        {"id_number": raw, "year": "2024", "insurer": "人保财险", "premium": "30"},
        format="json",
    )
    assert again.status_code == 400 and "year" in again.json()
    claim = client.post(
        f"{BASE}claims/",
        {
            "policy": made.json()["id"],
            "kind": "rehab",
            "accident_on": "2024-04-01",
            "claimed_on": "2024-04-03",
            "amount_claimed": "2000",
        },
        format="json",
    )
    assert claim.status_code == 201, claim.json()
    url = f"{BASE}claims/{claim.json()['id']}/decision/"
    paid = client.post(
        url, {"decision": "pay", "amount_paid": "1800.00", "paid_on": "2024-05-01"}, format="json"
    )
    assert paid.status_code == 200 and paid.json()["status"] == "paid"
    twice = client.post(
        url, {"decision": "pay", "amount_paid": "1800.00", "paid_on": "2024-05-01"}, format="json"
    )
    assert twice.status_code == 400 and "status" in twice.json()
    payout = client.get(f"{BASE}payout/?year=2024").json()
    assert (payout["total"]["paid"], payout["total"]["payout_ratio"]) == ("1800.00", "6000.00")


def test_bad_input_is_named_in_chinese_and_nothing_is_written(api, personas: Personas) -> None:  # type: ignore[no-untyped-def]
    client = api("wuxing_officer")
    _, raw = elder()
    bad = client.post(
        f"{BASE}policies/",
        {"id_number": raw, "year": "2024", "insurer": "人寿", "premium": "0"},
        format="json",
    )
    assert bad.json() == {"premium": [messages.AMOUNT_INVALID.format(label="保费", max="1000.00")]}
    unknown = client.post(
        f"{BASE}policies/",
        {"id_number": "330502194001010000", "year": "2024", "insurer": "人寿", "premium": "30"},
        format="json",
    )
    assert unknown.json() == {"id_number": [messages.ID_NUMBER_UNKNOWN]}
    missing = client.post(f"{BASE}claims/", {}, format="json")
    assert missing.status_code == 400 and set(missing.json()) >= {"policy", "kind", "accident_on"}
    assert not Policy.objects.exists() and not Claim.objects.exists()


def test_another_countys_policy_is_not_found_and_a_township_cannot_write(api, personas: Personas) -> None:  # type: ignore[no-untyped-def]
    far = policy(personas.anji_officer, region_code=OTHER_COUNTY_VILLAGE)
    paid_claim(personas.anji_officer, far, amount="10")
    client = api("wuxing_officer")
    claim = client.post(
        f"{BASE}claims/",
        {
            "policy": far.pk,
            "kind": "medical",
            "accident_on": "2024-04-01",
            "claimed_on": "2024-04-03",
            "amount_claimed": "20",
        },
        format="json",
    )
    assert claim.status_code == 404
    assert client.get(f"{BASE}claims/?year=2024").json()["results"] == []
    assert client.get(f"{BASE}payout/?year=2024").json()["total"]["policies"] == 0
    township = api("aishan_officer")
    assert township.post(f"{BASE}policies/", {}, format="json").status_code == 403
    assert township.get(f"{BASE}payout/?year=2024").status_code == 200
    assert api("village_worker").get(f"{BASE}payout/?year=2024").status_code == 403
    assert Decimal(api("city_admin").get(f"{BASE}payout/?year=2024").json()["total"]["paid"]) == Decimal(
        "10.00"
    )
