"""The insurance pages: the payout ratio per region, a policy and a claim entered by ID number,
the claim paid on its page; bad input shown on its field; another county's claim is 404."""

from __future__ import annotations

import pytest

from minzheng.eldercare.insurance import messages
from minzheng.eldercare.insurance.models import Claim, Policy
from tests.eldercare.factories import elder
from tests.eldercare.insurance.factories import paid_claim, policy
from tests.personas import OTHER_COUNTY_VILLAGE, Personas

pytestmark = pytest.mark.django_db


def test_an_officer_enters_a_policy_and_a_claim_and_pays_it(client, personas: Personas) -> None:  # type: ignore[no-untyped-def]
    client.force_login(personas.wuxing_officer)
    person, raw = elder()
    added = client.post(
        "/eldercare/insurance/policies/new/",
        {"id_number": raw, "year": "2024", "insurer": "人保财险", "premium": "30.00"},
        follow=True,
    )
    assert messages.PAGE_POLICY_ADDED.format(
        name=person.name, year=2024, insurer="人保财险", premium="30.00"
    ) in (added.content.decode())
    claimed = client.post(
        "/eldercare/insurance/claims/new/",
        {
            "id_number": raw,
            "year": "2024",
            "kind": "rehab",
            "accident_on": "2024-04-01",
            "claimed_on": "2024-04-02",
            "amount_claimed": "25.00",
        },
        follow=True,
    )
    claim = Claim.objects.get()
    assert claimed.redirect_chain[-1][0] == f"/eldercare/insurance/claims/{claim.pk}/"
    paid = client.post(
        f"/eldercare/insurance/claims/{claim.pk}/",
        {"decision": "pay", "amount_paid": "24.15", "paid_on": "2024-05-01"},
        follow=True,
    )
    assert messages.PAGE_CLAIM_PAID.format(amount="24.15") in paid.content.decode()
    overview = client.get("/eldercare/insurance/?year=2024").content.decode()
    assert "80.50%" in overview


def test_bad_input_is_shown_on_its_field(client, personas: Personas) -> None:  # type: ignore[no-untyped-def]
    client.force_login(personas.wuxing_officer)
    _, raw = elder()
    bad = client.post(
        "/eldercare/insurance/policies/new/",
        {"id_number": raw, "year": "2024", "insurer": "人寿", "premium": "-3"},
    )
    assert bad.status_code == 400
    assert messages.AMOUNT_INVALID.format(label="保费", max="1000.00") in bad.content.decode()
    no_policy = client.post(
        "/eldercare/insurance/claims/new/",
        {
            "id_number": raw,
            "year": "2024",
            "kind": "rehab",
            "accident_on": "2024-04-01",
            "claimed_on": "2024-04-02",
            "amount_claimed": "25.00",
        },
    )
    assert messages.NO_POLICY.format(year=2024) in no_policy.content.decode()
    assert not Policy.objects.exists()


def test_another_countys_claim_is_not_found_and_a_township_reads_only(client, personas: Personas) -> None:  # type: ignore[no-untyped-def]
    far = paid_claim(
        personas.anji_officer, policy(personas.anji_officer, region_code=OTHER_COUNTY_VILLAGE), amount="9"
    )
    client.force_login(personas.wuxing_officer)
    assert client.get(f"/eldercare/insurance/claims/{far.pk}/").status_code == 404
    client.force_login(personas.aishan_officer)
    assert client.get("/eldercare/insurance/?year=2024").status_code == 200
    assert client.get("/eldercare/insurance/policies/new/").status_code == 403
    client.force_login(personas.anji_officer)
    page = client.get(f"/eldercare/insurance/claims/{far.pk}/")
    assert page.status_code == 200 and "登记保险公司结案" not in page.content.decode()
    assert client.get("/eldercare/insurance/claims/?year=2024&kind=theft").status_code == 400
