"""``GET /api/lottery/figures/?year=2024``: the year's welfare-lottery figures in the caller's
scope, computed from the records (``figures.selectors``), and the same per county."""

from __future__ import annotations

from django.urls import path
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from minzheng.core.api.base import ApiView
from minzheng.core.figures import YearQuerySerializer
from minzheng.lottery.figures import selectors
from minzheng.lottery.fund.services import PERM_VIEW


class CountsSerializer(serializers.Serializer):
    sales = serializers.DecimalField(max_digits=16, decimal_places=2, help_text="当年销量（元）")
    sales_previous = serializers.DecimalField(max_digits=16, decimal_places=2, help_text="上年销量（元）")
    sales_growth = serializers.DecimalField(
        max_digits=8,
        decimal_places=1,
        allow_null=True,
        help_text="销量同比增长（%），一位小数；上年无销量为空",
    )
    fund_raised = serializers.DecimalField(
        max_digits=16, decimal_places=2, help_text="按公益金提取比例由当年销量计算的公益金（元）"
    )
    stations_opened = serializers.IntegerField(help_text="当年开业的站点（个）")
    stations_closed = serializers.IntegerField(help_text="当年关闭的站点（个）")
    stations_net_new = serializers.IntegerField(help_text="净增站点（个）= 开业 − 关闭")
    stations_upgraded = serializers.IntegerField(help_text="当年升级改造的站点（个）")
    promotion_events = serializers.IntegerField(help_text="当年“福彩有爱”公益推广活动（场）")


class CountyFiguresSerializer(CountsSerializer):
    code = serializers.CharField(help_text="区县代码")
    name = serializers.CharField()


class LotteryFiguresSerializer(CountsSerializer):
    year = serializers.IntegerField()
    counties = CountyFiguresSerializer(many=True)


class LotteryFiguresApi(ApiView):
    query_serializer_class = YearQuerySerializer
    required_permissions = {"GET": PERM_VIEW}

    @extend_schema(
        operation_id="lottery_figures",
        summary="福利彩票年度数据（仅本辖区）",
        tags=["lottery"],
        responses=LotteryFiguresSerializer,
    )
    def get(self, request: Request) -> Response:
        year = self.query_params()["year"]
        values = selectors.lottery_figures(actor=request.user, year=year)
        values["counties"] = selectors.lottery_figures_by_county(actor=request.user, year=year)
        return Response(LotteryFiguresSerializer(values).data)


urlpatterns = [
    path("lottery/figures/", LotteryFiguresApi.as_view(), name="lottery-figures"),
]
