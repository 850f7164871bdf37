"""The donation ledger: donors of every kind with the receipt fields of art. 38, receipts numbered
per organization and year, declined receipts recorded without a number, voided receipts keeping
their number, the PDF's text, and campaigns filed by the rules."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404

from minzheng.civil_society.donations import messages, selectors, services
from minzheng.civil_society.donations.models import Donation
from minzheng.civil_society.donations.receipts import amount_in_words, receipt_pdf
from tests.civil_society.charity.support import charity_make, org_make
from tests.factories import PersonFactory, id_number_for
from tests.personas import OTHER_COUNTY_VILLAGE

pytestmark = pytest.mark.django_db
DAY = dt.date(2024, 6, 3)


def give(actor, org, **kwargs):
    values = {
        "donor_kind": "unit",
        "donor_name": "湖州某某有限公司",
        "amount": "5000.00",
        "received_on": DAY,
        "handler": "王经办",
        **kwargs,
    }
    return services.donation_record(actor=actor, organization=org, **values)


def test_numbers_run_per_organization_and_year_and_a_declined_receipt_takes_none(personas) -> None:
    admin = personas.city_admin
    a, b = charity_make(admin), charity_make(admin)
    first = give(admin, a)
    declined = give(admin, a, receipt_declined=True)
    second = give(admin, a)
    other_org = give(admin, b)
    next_year = (
        give(admin, a, received_on=dt.date(2025, 1, 2)) if dt.date.today() >= dt.date(2025, 1, 2) else None
    )
    assert (first.receipt_serial, second.receipt_serial, other_org.receipt_serial) == (1, 2, 1)
    assert (
        declined.receipt_number == ""
        and declined.receipt_serial is None
        and declined.amount == Decimal("5000.00")
    )
    if next_year is not None:
        assert next_year.receipt_serial == 1 and next_year.receipt_number.startswith("2025-")


def test_each_kind_of_donor_is_recorded(personas) -> None:
    admin = personas.city_admin
    org, donor_org = charity_make(admin), org_make(name="湖州市某某商会")
    number = id_number_for(777)
    person = PersonFactory(raw_id_number=number, name="张捐赠")
    by_person = give(admin, org, donor_kind="person", donor_id_number=number, donor_name="")
    by_org = give(admin, org, donor_kind="organization", donor_organization=donor_org.pk, donor_name="")
    anonymous = give(admin, org, donor_kind="anonymous", donor_name="")
    goods = give(admin, org, property_kind="goods", description="大米 200袋（每袋10公斤）", amount="12000.00")
    assert (by_person.donor_person, by_person.donor_name) == (person, "张捐赠")
    assert (by_org.donor_organization, by_org.donor_name) == (donor_org, "湖州市某某商会")
    assert anonymous.donor_display == "匿名" and anonymous.receipt_number
    assert goods.description.startswith("大米")


def test_bad_donations_name_the_field_and_write_nothing(personas) -> None:
    admin = personas.city_admin
    org = charity_make(admin)
    with pytest.raises(ValidationError) as exc:
        give(admin, org, donor_kind="person", donor_id_number=id_number_for(778), amount="-5", handler="")
    errors = exc.value.message_dict
    assert errors["donor_id_number"] == [messages.DONOR_ID_UNKNOWN]
    assert errors["amount"] == ["金额或折价：不能为负数"]
    assert errors["handler"] == [messages.HANDLER_REQUIRED]
    with pytest.raises(ValidationError) as exc:
        give(admin, org, property_kind="goods", description="")
    assert exc.value.message_dict["description"] == [messages.DESCRIPTION_REQUIRED]
    assert Donation.objects.count() == 0


def test_an_organization_that_is_not_a_charity_cannot_receive(personas) -> None:
    org = charity_make(personas.city_admin, recognized_on=dt.date(2024, 7, 1))
    with pytest.raises(ValidationError) as exc:
        give(personas.city_admin, org)
    assert exc.value.message_dict["organization"] == [messages.NOT_CHARITY_ON.format(date="2024-06-03")]


def test_a_voided_receipt_keeps_its_number_and_the_next_one_moves_on(personas) -> None:
    admin = personas.city_admin
    org = charity_make(admin)
    first = give(admin, org)
    services.donation_void(actor=admin, donation=first, voided_on=DAY, reason="金额填写错误")
    again = give(admin, org)
    first.refresh_from_db()
    assert first.receipt_number and first.voided_on == DAY
    assert again.receipt_serial == 2
    with pytest.raises(ValidationError) as exc:
        services.donation_void(actor=admin, donation=first, voided_on=DAY, reason="重复")
    assert "已于" in exc.value.message_dict["receipt"][0]


def test_the_receipt_pdf_carries_the_number_the_donor_and_the_void_mark(personas) -> None:
    from pypdf import PdfReader

    admin = personas.city_admin
    org = charity_make(admin, name="湖州市慈善总会")
    row = give(admin, org, donor_name="湖州织里童装商会", amount="1234.50")
    text = PdfReader(io.BytesIO(receipt_pdf(row))).pages[0].extract_text()
    assert row.receipt_number in text and "湖州织里童装商会" in text and "湖州市慈善总会" in text
    assert "壹仟贰佰叁拾肆元伍角整" in text and "王经办" in text and "作废" not in text
    services.donation_void(actor=admin, donation=row, voided_on=DAY, reason="重开")
    row.refresh_from_db()
    assert "作废" in PdfReader(io.BytesIO(receipt_pdf(row))).pages[0].extract_text()


@pytest.mark.parametrize(
    ("amount", "words"),
    [
        ("1234.50", "壹仟贰佰叁拾肆元伍角整"),
        ("10005.01", "壹万零伍元零壹分"),
        ("100000000", "壹亿元整"),
        ("0.05", "伍分"),
    ],
)
def test_amounts_in_capital_numerals(amount: str, words: str) -> None:
    assert amount_in_words(Decimal(amount)) == words


def campaign(actor, org, **kwargs):
    values = {
        "name": "2024年慈善一日捐",
        "kind": "city",
        "channel": "workplace",
        "filed_on": dt.date(2024, 5, 20),
        "starts_on": dt.date(2024, 5, 27),
        "ends_on": dt.date(2024, 6, 30),
        "target": "1000000",
        "purpose": "困难群众救助",
        **kwargs,
    }
    return services.campaign_file(actor=actor, organization=org, **values)


def test_a_public_campaign_plan_is_filed_seven_days_before_the_start(personas) -> None:
    admin = personas.city_admin
    org = charity_make(admin, qualified_on=dt.date(2020, 3, 1))
    on_time = campaign(admin, org)  # 20 May for 27 May: exactly 7 days
    with pytest.raises(ValidationError) as exc:
        campaign(admin, org, name="晚备案", filed_on=dt.date(2024, 5, 21))
    assert exc.value.message_dict["filed_on"] == [messages.CAMPAIGN_FILED_LATE.format(date="2024-05-20")]
    assert on_time.kind == "city" and not on_time.emergency


def test_an_emergency_campaign_may_be_filed_within_ten_days_after_the_start(personas) -> None:
    admin = personas.city_admin
    org = charity_make(admin, qualified_on=dt.date(2020, 3, 1))
    kw = {"kind": "public", "emergency": True, "starts_on": dt.date(2024, 6, 3)}
    filed = campaign(admin, org, name="防汛救灾应急募捐", filed_on=dt.date(2024, 6, 13), **kw)
    assert filed.emergency
    with pytest.raises(ValidationError) as exc:
        campaign(admin, org, name="防汛救灾应急募捐二", filed_on=dt.date(2024, 6, 14), **kw)
    assert exc.value.message_dict["filed_on"] == [messages.CAMPAIGN_EMERGENCY_LATE.format(date="2024-06-13")]


def test_public_campaigns_need_the_qualification_and_directed_ones_do_not(personas) -> None:
    admin = personas.city_admin
    org = charity_make(admin)
    with pytest.raises(ValidationError) as exc:
        campaign(admin, org)
    assert exc.value.message_dict["organization"] == [messages.CAMPAIGN_NEEDS_QUALIFICATION]
    assert campaign(admin, org, kind="directed").kind == "directed"


def test_donations_against_a_campaign_fall_within_its_dates_and_count_on_its_line(personas) -> None:
    admin = personas.city_admin
    org = charity_make(admin, qualified_on=dt.date(2020, 3, 1))
    camp = campaign(admin, org)
    give(admin, org, campaign=camp.pk, amount="300.00")
    give(admin, org, campaign=camp.pk, amount="200.00", donor_kind="anonymous", donor_name="")
    with pytest.raises(ValidationError) as exc:
        give(admin, org, campaign=camp.pk, received_on=dt.date(2024, 5, 26))
    assert "不在募捐活动期间" in exc.value.message_dict["received_on"][0]
    row = selectors.campaign_list(user=admin).get(pk=camp.pk)
    assert (row.raised, row.donors) == (Decimal("500.00"), 2)


def test_disbursements_carry_a_project_reference_and_are_scoped(personas) -> None:
    admin = personas.city_admin
    org = charity_make(admin, region_code=OTHER_COUNTY_VILLAGE)
    paid = services.disbursement_record(
        actor=admin,
        organization=org,
        amount="80000.00",
        paid_on=DAY,
        purpose="poverty",
        project_ref="YHYC-330523-2024-0012",
    )
    assert list(selectors.disbursements_for_project(user=admin, project_ref="YHYC-330523-2024-0012")) == [
        paid
    ]
    assert not selectors.disbursement_list(user=personas.wuxing_officer).exists()
    with pytest.raises(Http404):
        selectors.donation_get(user=personas.wuxing_officer, pk=give(admin, org).pk)
    with pytest.raises(ValidationError) as exc:
        services.disbursement_record(
            actor=admin, organization=org, amount="1", paid_on=DAY, purpose="x", project_ref=""
        )
    assert set(exc.value.message_dict) == {"purpose", "project_ref"}
