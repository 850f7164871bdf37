"""``POST /api/lottery/fund/``: the 公益金 of one month's sales by game type, for staff holding
``lottery.view_lottery``; nothing is saved. The fund page uses the same code (``fund.compute``).

Request ``{"month": "2024-05", "sales": {"ssq": "123.45", "ggl": "80.00"}}``: game type codes
(``GET`` on the same path lists them with the rates in force) and amounts in yuan to the fen, as
strings or numbers. Answer: per game type the sales, the rate in force that month and the
公益金 (rounded half up to the fen), the total, and the central and local halves (central =
total × the central share rounded half up, local = total − central). A bad month, an unknown game
type or a negative amount is a 400 naming the field (``month`` or ``sales``), in Chinese.
"""

from __future__ import annotations

from typing import Any

from django.urls import path
from django.utils import timezone
from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from minzheng.core.api.base import ApiView
from minzheng.lottery import messages
from minzheng.lottery.fund.compute import fund_for, parse_amount, parse_month, rates_in_force
from minzheng.lottery.fund.models import GameType
from minzheng.lottery.fund.services import PERM_VIEW

TAGS = ["lottery"]


class FundInputSerializer(serializers.Serializer):
    month = serializers.CharField(
        help_text="月份 YYYY-MM，如 2024-05",
        error_messages={key: messages.MONTH_REQUIRED for key in ("required", "null", "blank", "invalid")},
    )
    sales = serializers.DictField(
        child=serializers.CharField(allow_blank=True),
        allow_empty=False,
        help_text='各游戏类型的月销量：{游戏类型代码: 金额（元，到分）}，如 {"ssq": "123.45"}',
        error_messages={key: messages.SALES_REQUIRED for key in ("required", "null", "empty")}
        | {"not_a_dict": messages.SALES_NOT_OBJECT},
    )

    def validate_month(self, value: str) -> Any:
        try:
            return parse_month(value)
        except ValueError as exc:
            raise serializers.ValidationError(messages.MONTH_INVALID) from exc

    def validate_sales(self, value: dict[str, Any]) -> dict[GameType, Any]:
        games = {g.code: g for g in GameType.objects.all()}
        out: dict[GameType, Any] = {}
        problems = []
        for code, raw in value.items():
            game = games.get(str(code).strip().lower())
            if game is None:
                problems.append(messages.GAME_UNKNOWN.format(code=code, choices="、".join(games)))
                continue
            try:
                out[game] = parse_amount(raw)
            except ValueError as exc:
                template = {
                    "negative": messages.AMOUNT_NEGATIVE,
                    "fraction": messages.AMOUNT_FRACTION,
                    "big": messages.AMOUNT_TOO_BIG,
                }.get(str(exc), messages.AMOUNT_INVALID)
                problems.append(template.format(game=game.name, value=raw))
        if problems:
            raise serializers.ValidationError(problems)
        return out

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        rates = rates_in_force(attrs["month"], attrs["sales"].keys())
        missing = [g for g in attrs["sales"] if g.pk not in rates]
        if missing:
            raise serializers.ValidationError(
                {
                    "month": [
                        messages.MONTH_NO_RATE.format(
                            month=f"{attrs['month']:%Y年%m月}", game="、".join(g.name for g in missing)
                        )
                    ]
                }
            )
        return attrs


class FundLineSerializer(serializers.Serializer):
    game_type = serializers.CharField(source="game_type.code", help_text="游戏类型代码")
    name = serializers.CharField(source="game_type.name", help_text="游戏名称")
    category = serializers.CharField(source="game_type.category", help_text="游戏类别")
    sales = serializers.DecimalField(max_digits=16, decimal_places=2, help_text="销量（元）")
    rate = serializers.DecimalField(max_digits=5, decimal_places=4, help_text="当月在用的公益金提取比例")
    approximate = serializers.BooleanField(help_text="比例为约数（依据只给出“约”）")
    fund = serializers.DecimalField(max_digits=16, decimal_places=2, help_text="公益金（元），四舍五入到分")


class FundSerializer(serializers.Serializer):
    month = serializers.CharField(help_text="月份 YYYY-MM")
    lines = FundLineSerializer(many=True)
    sales_total = serializers.DecimalField(max_digits=16, decimal_places=2, help_text="销量合计（元）")
    total = serializers.DecimalField(
        max_digits=16, decimal_places=2, help_text="公益金合计（元）：各游戏之和"
    )
    central = serializers.DecimalField(
        max_digits=16, decimal_places=2, help_text="上缴中央（元）：合计 × 中央分成比例，四舍五入到分"
    )
    local = serializers.DecimalField(max_digits=16, decimal_places=2, help_text="留归地方（元）：合计 − 中央")
    central_share = serializers.DecimalField(max_digits=5, decimal_places=4, help_text="中央分成比例（0.5）")


class GameRateSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    category = serializers.CharField()
    rate = serializers.DecimalField(max_digits=5, decimal_places=4, allow_null=True, help_text="本月在用比例")
    approximate = serializers.BooleanField()


class FundApi(ApiView):
    serializer_class = FundInputSerializer
    pagination_class = None  # the game types are a short list, answered whole
    required_permissions = {"GET": PERM_VIEW, "POST": PERM_VIEW}

    @extend_schema(
        operation_id="lottery_game_types",
        summary="福彩游戏类型及本月在用的公益金提取比例",
        tags=TAGS,
        responses=GameRateSerializer(many=True),
    )
    def get(self, request: Request) -> Response:
        rates = rates_in_force(timezone.localdate().replace(day=1))
        rows = [
            {
                "code": g.code,
                "name": g.name,
                "category": g.category,
                "rate": rates[g.pk].rate if g.pk in rates else None,
                "approximate": rates[g.pk].approximate if g.pk in rates else False,
            }
            for g in GameType.objects.all()
        ]
        return Response(GameRateSerializer(rows, many=True).data)

    @extend_schema(
        operation_id="lottery_fund",
        summary="按月销量计算福彩公益金（不保存）",
        tags=TAGS,
        request=FundInputSerializer,
        responses={200: FundSerializer},
        examples=[
            OpenApiExample(
                "2024年5月",
                request_only=True,
                value={"month": "2024-05", "sales": {"ssq": "123.45", "ggl": "80.00"}},
            )
        ],
    )
    def post(self, request: Request) -> Response:
        data = FundInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        fund = fund_for(data.validated_data["month"], data.validated_data["sales"])
        return Response(FundSerializer({**vars(fund), "month": f"{fund.month:%Y-%m}"}).data)


urlpatterns = [
    path("lottery/fund/", FundApi.as_view(), name="lottery-fund"),
]
