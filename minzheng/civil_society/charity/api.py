"""``POST /api/charity/spending-check/``: the art. 61 spending check of one year of a charity's
accounts (docs/DOMAIN.md "Charity"), for staff who read charities (``civil_society.view_charity``);
nothing is saved. The spending-check page runs the same function (``charity.spending``).

Body: ``{"public_fundraising": bool, "net_assets_prev_year", "income_prev_year", "income_avg_3y",
"charity_spending", "management_costs"}`` (yuan, up to 2 places, not negative). Answer:
``{"required_spending", "spending_ok", "management_ratio", "management_cap", "management_ok",
"findings"}``: the management ratio is management costs ÷ (charity spending + management costs),
4 places half up (``"0.1250"`` = 12.50%), null when nothing was spent; the cap is a share
(``"0.10"``). A negative or malformed amount is a 400 naming the field, in Chinese.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.urls import path
from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from minzheng.civil_society.charity import messages, selectors
from minzheng.civil_society.charity.services import ACCOUNT_AMOUNTS, AMOUNT_MAX
from minzheng.civil_society.charity.spending import spending_check
from minzheng.core.api.base import ApiView

TAGS = ["charity"]


def _money(key: str) -> serializers.DecimalField:
    label = ACCOUNT_AMOUNTS[key]
    invalid = messages.AMOUNT_INVALID.format(field=label)
    return serializers.DecimalField(
        max_digits=14,
        decimal_places=2,
        min_value=Decimal("0"),
        max_value=AMOUNT_MAX,
        label=label,
        help_text=f"{label}（元）",
        error_messages={
            "required": messages.DATE_REQUIRED.format(field=label),
            "null": invalid,
            "invalid": invalid,
            "max_digits": invalid,
            "max_decimal_places": invalid,
            "max_whole_digits": invalid,
            "max_string_length": invalid,
            "min_value": messages.AMOUNT_NEGATIVE.format(field=label),
            "max_value": invalid,
        },
    )


class SpendingInputSerializer(serializers.Serializer):
    public_fundraising = serializers.BooleanField(
        help_text="具有公开募捐资格",
        error_messages={
            key: "具有公开募捐资格：应为 true 或 false" for key in ("required", "invalid", "null")
        },
    )
    net_assets_prev_year = _money("net_assets_prev_year")
    income_prev_year = _money("income_prev_year")
    income_avg_3y = _money("income_avg_3y")
    charity_spending = _money("charity_spending")
    management_costs = _money("management_costs")


class SpendingResultSerializer(serializers.Serializer):
    required_spending = serializers.DecimalField(
        max_digits=16, decimal_places=2, help_text="应支出的慈善活动支出（元）"
    )
    spending_ok = serializers.BooleanField(help_text="慈善活动支出达标")
    management_ratio = serializers.DecimalField(
        max_digits=6, decimal_places=4, allow_null=True, help_text="管理费用占当年总支出的比例（4位小数）"
    )
    management_cap = serializers.DecimalField(max_digits=4, decimal_places=2, help_text="管理费用比例上限")
    management_ok = serializers.BooleanField(help_text="管理费用未超上限")
    findings = serializers.ListField(child=serializers.CharField(), help_text="检查发现（中文）；达标时为空")


class SpendingCheckApi(ApiView):
    required_permissions = {"POST": selectors.PERM_VIEW}
    serializer_class = SpendingInputSerializer

    @extend_schema(
        operation_id="charity_spending_check",
        summary="慈善组织年度支出检查（慈善法第六十一条，试算，不保存）",
        tags=TAGS,
        request=SpendingInputSerializer,
        responses={200: SpendingResultSerializer},
        examples=[
            OpenApiExample(
                "净资产1000万元以上",
                request_only=True,
                value={
                    "public_fundraising": False,
                    "net_assets_prev_year": "12000000.00",
                    "income_prev_year": "3000000.00",
                    "income_avg_3y": "2800000.00",
                    "charity_spending": "800000.00",
                    "management_costs": "90000.00",
                },
            ),
            OpenApiExample(
                "输入有误",
                status_codes=["400"],
                response_only=True,
                value={"management_costs": [messages.AMOUNT_NEGATIVE.format(field="年度管理费用")]},
            ),
        ],
    )
    def post(self, request: Request) -> Response:
        data = SpendingInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values: dict[str, Any] = dict(data.validated_data)
        return Response(SpendingResultSerializer(spending_check(**values).as_dict()).data)


# Included by minzheng.api_urls inside the "api" namespace.
urlpatterns = [
    path("charity/spending-check/", SpendingCheckApi.as_view(), name="charity-spending-check"),
]
