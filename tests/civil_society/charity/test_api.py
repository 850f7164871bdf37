"""``POST /api/charity/spending-check/``: staff who read charities get the art. 61 check; bad input is
a 400 naming the field; nothing is saved."""

from __future__ import annotations

import pytest

from minzheng.civil_society.charity.models import AnnualAccounts
from minzheng.core.models import AuditEntry

pytestmark = pytest.mark.django_db
URL = "/api/charity/spending-check/"
GOOD = {
    "public_fundraising": False,
    "net_assets_prev_year": "12000000.00",
    "income_prev_year": "3000000.00",
    "income_avg_3y": "2800000.00",
    "charity_spending": "800000.00",
    "management_costs": "90000.00",
}


def test_the_check_answers_by_the_tier_and_saves_nothing(personas, api) -> None:
    audits = AuditEntry.objects.count()
    response = api(personas.wuxing_officer).post(URL, GOOD, format="json")
    assert response.status_code == 200
    assert response.json() == {
        "required_spending": "720000.00",
        "spending_ok": True,
        "management_ratio": "0.1011",
        "management_cap": "0.13",
        "management_ok": True,
        "findings": [],
    }
    assert AnnualAccounts.objects.count() == 0 and AuditEntry.objects.count() == audits


def test_findings_name_the_shortfall_and_the_cap_in_chinese(personas, api) -> None:
    body = {
        **GOOD,
        "public_fundraising": True,
        "charity_spending": "1000000.00",
        "management_costs": "200000.00",
    }
    data = api(personas.city_admin).post(URL, body, format="json").json()
    # 70% of the lower base (the 3-year average, 2,800,000) is 1,960,000.
    assert data["required_spending"] == "1960000.00" and data["spending_ok"] is False
    assert data["management_ratio"] == "0.1667" and data["management_cap"] == "0.10"
    assert data["findings"] == [
        "慈善活动支出1,000,000.00元，低于应支出1,960,000.00元（具有公开募捐资格：慈善活动支出不低于上年总收入的70%"
        "或前三年收入平均数的70%（满足其一），管理费用不超过当年总支出的10%）",
        "管理费用占当年总支出的16.67%，超过10%的上限",
    ]


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("management_costs", "-1.00", "年度管理费用：不能为负数"),
        ("net_assets_prev_year", "-0.01", "上年末净资产：不能为负数"),
        ("income_avg_3y", "abc", "前三年收入平均数：应为不小于0的金额（元），最多两位小数"),
        ("charity_spending", "1.234", "年度慈善活动支出：应为不小于0的金额（元），最多两位小数"),
    ],
)
def test_bad_amounts_are_a_400_naming_the_field(personas, api, field, value, message) -> None:
    response = api(personas.city_admin).post(URL, {**GOOD, field: value}, format="json")
    assert response.status_code == 400
    assert response.json()[field] == [message]


def test_a_missing_field_is_named(personas, api) -> None:
    body = dict(GOOD)
    del body["income_prev_year"]
    response = api(personas.city_admin).post(URL, body, format="json")
    assert response.status_code == 400 and response.json()["income_prev_year"] == [
        "上年总收入：请填写上年总收入"
    ]


def test_staff_without_the_charity_permission_get_403_and_strangers_401(personas, api) -> None:
    assert api(personas.village_worker).post(URL, GOOD, format="json").status_code == 403
    assert api(None).post(URL, GOOD, format="json").status_code in (401, 403)
