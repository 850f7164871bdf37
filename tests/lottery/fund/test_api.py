"""POST /api/lottery/fund/: staff only, nothing saved, 400 naming the field."""

from __future__ import annotations

import pytest

from minzheng.core.models import AuditEntry
from minzheng.lottery.models import FundRate
from minzheng.lottery.sales.models import MonthlySale

URL = "/api/lottery/fund/"
pytestmark = pytest.mark.django_db


def test_the_fund_of_a_month_by_game_type_with_the_halves(seeded, personas, api) -> None:
    before = AuditEntry.objects.count()
    response = api(personas.wuxing_officer).post(
        URL, {"month": "2024-05", "sales": {"ssq": "123.45", "ggl": 80, "quiz": "0.25"}}, format="json"
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["month"] == "2024-05"
    assert [(line["game_type"], line["rate"], line["fund"]) for line in body["lines"]] == [
        ("ssq", "0.3600", "44.44"),
        ("quiz", "0.1800", "0.05"),
        ("ggl", "0.2000", "16.00"),
    ]
    assert (body["total"], body["central"], body["local"]) == ("60.49", "30.25", "30.24")
    assert body["sales_total"] == "203.70"
    assert MonthlySale.objects.count() == 0 and AuditEntry.objects.count() == before


@pytest.mark.parametrize(
    ("payload", "field", "words"),
    [
        ({"month": "2024-05", "sales": {"ssq": "-1"}}, "sales", "不能为负数"),
        ({"month": "2024-05", "sales": {"lotto9": "1"}}, "sales", "未知的游戏类型“lotto9”"),
        ({"month": "2024-05", "sales": {"ssq": "1.001"}}, "sales", "两位小数"),
        ({"month": "2024-05", "sales": {"ssq": "abc"}}, "sales", "不是有效的数字"),
        ({"month": "2024-05", "sales": {}}, "sales", "请按游戏类型填写销量"),
        ({"month": "2024-05", "sales": ["ssq"]}, "sales", "对象"),
        ({"month": "2024-05"}, "sales", "请按游戏类型填写销量"),
        ({"month": "2024-5-1", "sales": {"ssq": "1"}}, "month", "YYYY-MM"),
        ({"month": "2024-13", "sales": {"ssq": "1"}}, "month", "YYYY-MM"),
        ({"sales": {"ssq": "1"}}, "month", "请填写月份"),
        ({"month": "2017-12", "sales": {"ssq": "1"}}, "month", "没有在用的公益金提取比例"),
    ],
)
def test_bad_input_is_a_400_naming_the_field(seeded, personas, api, payload, field, words) -> None:
    response = api(personas.city_admin).post(URL, payload, format="json")
    assert response.status_code == 400
    assert words in " ".join(response.json()[field])


def test_only_staff_with_the_lottery_may_ask(seeded, personas, api) -> None:
    payload = {"month": "2024-05", "sales": {"ssq": "1"}}
    assert api(None).post(URL, payload, format="json").status_code in (401, 403)
    assert api(personas.aishan_officer).post(URL, payload, format="json").status_code == 403


def test_the_game_types_list_their_rates_in_force(seeded, personas, api) -> None:
    rows = {row["code"]: row for row in api(personas.anji_officer).get(URL).json()}
    assert rows["ggl"]["rate"] == "0.2000" and rows["ggl"]["approximate"] is True
    assert len(rows) == FundRate.objects.values("game_type").distinct().count()
