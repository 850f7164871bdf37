"""Accident insurance: one policy per elder and year, for elders of 60 or over; claims inside the
policy's year, decided once (paid not above the claim, or refused with a reason); every write
audited and every refusal named on its field with nothing written; the payout ratio (paid ÷
premiums, per year and region) on hand-made data; scoping."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from minzheng.core.models import AuditEntry
from minzheng.eldercare.insurance import messages, selectors
from minzheng.eldercare.insurance.models import Claim, Policy
from minzheng.eldercare.insurance.services import claim_add, claim_decide, policy_add
from tests.eldercare.factories import elder
from tests.eldercare.insurance.factories import YEAR, paid_claim, policy
from tests.personas import NEIGHBOUR_VILLAGE, OTHER_COUNTY_VILLAGE, OTHER_TOWNSHIP_VILLAGE, Personas

pytestmark = pytest.mark.django_db


def test_a_policy_is_written_for_the_elders_region_and_audited(personas: Personas) -> None:
    written = policy(personas.wuxing_officer, premium="30.50")
    assert (written.year, written.premium, written.region_code) == (YEAR, Decimal("30.50"), "330502003001")
    entry = AuditEntry.objects.get(action="eldercare.insurance_policy.added")
    assert entry.object_id == str(written.pk) and entry.after["premium"] == "30.50"


def test_a_second_policy_for_the_same_elder_and_year_is_refused_on_the_year(personas: Personas) -> None:
    first = policy(personas.wuxing_officer)
    with pytest.raises(ValidationError) as refused:
        policy_add(
            actor=personas.wuxing_officer, person=first.person, year=YEAR, insurer="人保财险", premium="20"
        )
    assert refused.value.message_dict["year"] == [
        messages.POLICY_EXISTS.format(year=YEAR, insurer=first.insurer, premium="30.00")
    ]
    assert Policy.objects.count() == 1


def test_an_elder_under_60_at_the_years_end_is_refused(personas: Personas) -> None:
    young, _ = elder(dt.date(1965, 1, 1))  # 59 on 31 December 2024
    with pytest.raises(ValidationError) as refused:
        policy_add(actor=personas.wuxing_officer, person=young, year=YEAR, insurer="人寿", premium="30")
    assert refused.value.message_dict["person"] == [
        messages.PERSON_TOO_YOUNG.format(name=young.name, year=YEAR)
    ]
    turning, _ = elder(dt.date(1964, 12, 31))  # 60 on the year's last day
    assert policy_add(actor=personas.wuxing_officer, person=turning, year=YEAR, insurer="人寿", premium="30")


@pytest.mark.parametrize(
    ("field", "values"),
    [
        ("premium", {"premium": "0"}),
        ("premium", {"premium": "12.345"}),
        ("premium", {"premium": "abc"}),
        ("premium", {"premium": "1000.01"}),
        ("year", {"year": "1999"}),
        ("year", {"year": "二〇二四"}),
        ("insurer", {"insurer": "  "}),
    ],
)
def test_bad_policy_input_is_named_on_its_field_and_nothing_is_written(
    personas: Personas, field: str, values: dict[str, str]
) -> None:
    person, _ = elder()
    args = {"year": YEAR, "insurer": "人寿", "premium": "30.00", **values}
    with pytest.raises(ValidationError) as refused:
        policy_add(actor=personas.wuxing_officer, person=person, **args)  # type: ignore[arg-type]
    assert field in refused.value.message_dict
    assert refused.value.message_dict[field][0].startswith(
        {"premium": "保费", "year": "保险年度", "insurer": "承保公司"}[field]
    )
    assert (
        not Policy.objects.exists()
        and not AuditEntry.objects.filter(action__startswith="eldercare.insurance").exists()
    )


def test_an_elder_outside_the_officers_county_is_not_found_and_a_township_cannot_write(
    personas: Personas,
) -> None:
    far, _ = elder(region_code=OTHER_COUNTY_VILLAGE)
    with pytest.raises(Http404):
        policy_add(actor=personas.wuxing_officer, person=far, year=YEAR, insurer="人寿", premium="30")
    near, _ = elder()
    with pytest.raises(PermissionDenied):
        policy_add(actor=personas.aishan_officer, person=near, year=YEAR, insurer="人寿", premium="30")
    assert not Policy.objects.exists()


def test_a_claim_is_paid_once_and_never_above_the_amount_claimed(personas: Personas) -> None:
    officer = personas.wuxing_officer
    on = policy(officer)
    claim = claim_add(
        actor=officer,
        policy=on,
        kind="rehab",
        accident_on="2024-05-02",
        claimed_on="2024-05-20",
        amount_claimed="3000.00",
    )
    with pytest.raises(ValidationError) as refused:
        claim_decide(actor=officer, claim=claim, decision="pay", amount_paid="3000.01", paid_on="2024-06-01")
    assert refused.value.message_dict["amount_paid"] == [
        messages.PAID_MORE_THAN_CLAIMED.format(claimed="3000.00")
    ]
    with pytest.raises(ValidationError) as early:
        claim_decide(actor=officer, claim=claim, decision="pay", amount_paid="100", paid_on="2024-05-19")
    assert early.value.message_dict["paid_on"] == [messages.PAID_BEFORE_CLAIMED.format(date="2024-05-20")]
    assert Claim.objects.get().status == "claimed"
    paid = claim_decide(
        actor=officer, claim=claim, decision="pay", amount_paid="2800.00", paid_on="2024-06-01"
    )
    assert (paid.status, paid.amount_paid, paid.paid_on) == ("paid", Decimal("2800.00"), dt.date(2024, 6, 1))
    with pytest.raises(ValidationError) as again:
        claim_decide(actor=officer, claim=claim, decision="refuse", reason="重复")
    assert "status" in again.value.message_dict
    assert list(
        AuditEntry.objects.filter(action__startswith="eldercare.insurance_claim")
        .values_list("action", flat=True)
        .order_by("id")
    ) == ["eldercare.insurance_claim.added", "eldercare.insurance_claim.paid"]


def test_a_refusal_needs_its_reason(personas: Personas) -> None:
    officer = personas.wuxing_officer
    claim = claim_add(
        actor=officer,
        policy=policy(officer),
        kind="medical",
        accident_on="2024-02-01",
        claimed_on="2024-02-02",
        amount_claimed="500",
    )
    with pytest.raises(ValidationError) as refused:
        claim_decide(actor=officer, claim=claim, decision="refuse", reason=" ")
    assert refused.value.message_dict["refusal_reason"] == [messages.REASON_REQUIRED.format(max=200)]
    done = claim_decide(actor=officer, claim=claim, decision="refuse", reason="非意外原因（疾病）")
    assert (done.status, done.amount_paid) == ("refused", None)


@pytest.mark.parametrize(
    ("values", "field", "message"),
    [
        ({"accident_on": "2023-12-31"}, "accident_on", messages.ACCIDENT_OUTSIDE_YEAR.format(year=2024)),
        ({"claimed_on": "2024-03-09"}, "claimed_on", messages.CLAIMED_BEFORE_ACCIDENT),
        ({"kind": "theft"}, "kind", messages.KIND_INVALID),
        (
            {"amount_claimed": "-5"},
            "amount_claimed",
            messages.AMOUNT_INVALID.format(label="申请金额", max="500000.00"),
        ),
        ({"accident_on": ""}, "accident_on", messages.ACCIDENT_ON_REQUIRED),
        ({"accident_on": "2999-01-01"}, "accident_on", messages.DAY_FUTURE.format(label="出险日期")),
    ],
)
def test_bad_claim_input_is_named_on_its_field(
    personas: Personas, values: dict[str, str], field: str, message: str
) -> None:
    on = policy(personas.wuxing_officer)
    args = {
        "kind": "medical",
        "accident_on": "2024-03-10",
        "claimed_on": "2024-03-12",
        "amount_claimed": "800",
        **values,
    }
    with pytest.raises(ValidationError) as refused:
        claim_add(actor=personas.wuxing_officer, policy=on, **args)  # type: ignore[arg-type]
    assert refused.value.message_dict[field] == [message]
    assert not Claim.objects.exists()


def test_the_payout_ratio_is_paid_over_premiums_per_year_and_region(personas: Personas) -> None:
    officer, city = personas.wuxing_officer, personas.city_admin
    # Aishan township: premiums 3 × 30 = 90, paid 40 + 32.44 = 72.44 → 80.49 %.
    a, b, _ = (policy(officer) for _ in range(3))
    paid_claim(officer, a, amount="40.00", kind="rehab")
    paid_claim(officer, b, amount="32.44", kind="rehab", claimed="50.00")
    # A waiting claim and a refused one pay nothing.
    claim_add(
        actor=officer,
        policy=b,
        kind="medical",
        accident_on="2024-07-01",
        claimed_on="2024-07-02",
        amount_claimed="999",
    )
    refused = claim_add(
        actor=officer,
        policy=a,
        kind="medical",
        accident_on="2024-07-01",
        claimed_on="2024-07-02",
        amount_claimed="999",
    )
    claim_decide(actor=officer, claim=refused, decision="refuse", reason="不属保险责任")
    # Another township of the same county: premium 50, paid 10 → 20 %.
    other = policy(officer, premium="50.00", region_code=OTHER_TOWNSHIP_VILLAGE)
    paid_claim(officer, other, amount="10.00")
    # Another county, and another year, stay out of each other's figures.
    paid_claim(
        personas.anji_officer, policy(personas.anji_officer, region_code=OTHER_COUNTY_VILLAGE), amount="5"
    )
    paid_claim(officer, policy(officer, year=2023), amount="29.00")

    rows = {r.region_code: r for r in selectors.payout_by_region(user=officer, year=YEAR)}
    aishan, other_township = rows["330502003000"], rows["330502100000"]
    assert (aishan.policies, aishan.premiums, aishan.paid, aishan.payout_ratio) == (
        3,
        Decimal("90.00"),
        Decimal("72.44"),
        Decimal("80.49"),
    )
    assert (aishan.claims_paid, aishan.rehab_paid, aishan.max_paid) == (2, 2, Decimal("40.00"))
    assert other_township.payout_ratio == Decimal("20.00")
    county = selectors.payout_total(user=officer, year=YEAR)
    assert (county.premiums, county.paid, county.payout_ratio) == (
        Decimal("140.00"),
        Decimal("82.44"),
        Decimal("58.89"),
    )
    # The city: by county, both counties.
    assert {r.region_code for r in selectors.payout_by_region(user=city, year=YEAR)} == {
        "330502000000",
        "330523000000",
    }
    assert selectors.insurance_figures(actor=personas.aishan_officer, year=YEAR) == {
        "insurance_rehab_claims": 2,
        "insurance_max_claim": Decimal("40.00"),
        "insurance_payout_ratio": Decimal("80.49"),
    }


def test_no_premiums_means_no_ratio(personas: Personas) -> None:
    assert selectors.payout_total(user=personas.city_admin, year=YEAR).payout_ratio is None
    assert selectors.ratio(Decimal("1"), Decimal("3")) == Decimal("33.33")
    assert selectors.ratio(Decimal("2"), Decimal("3")) == Decimal("66.67")  # half up


def test_a_neighbouring_village_worker_and_another_county_see_nothing(personas: Personas) -> None:
    on = policy(personas.wuxing_officer)
    with pytest.raises(Http404):
        selectors.policy_get(user=personas.anji_officer, pk=on.pk)
    assert selectors.policy_get(user=personas.aishan_officer, pk=on.pk) == on
    assert not selectors.policy_list(user=personas.anji_officer, year=YEAR).exists()
    assert elder(region_code=NEIGHBOUR_VILLAGE)
