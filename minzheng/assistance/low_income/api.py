"""``GET /api/assistance/figures/?year=2024``: the year's social-assistance figures in the
caller's scope, computed from the records (``selectors.assistance_figures``)."""

from __future__ import annotations

from django.urls import path
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from minzheng.assistance.low_income import selectors
from minzheng.core.api.base import ApiView
from minzheng.core.figures import YearQuerySerializer


class FiguresSerializer(serializers.Serializer):
    year = serializers.IntegerField(help_text="年度")
    low_income_monitored = serializers.IntegerField(help_text="纳入动态监测的低收入人口（人）：年末享受低保、低保边缘、特困的人员及当年临时救助对象")
    dibao_standard = serializers.DecimalField(max_digits=14, decimal_places=2, allow_null=True,
                                              help_text="12月适用的低保标准（元/月）")
    tekun_standard = serializers.DecimalField(max_digits=14, decimal_places=2, allow_null=True,
                                              help_text="12月适用的特困人员基本生活标准（元/月）")
    basic_aid_spent = serializers.DecimalField(max_digits=16, decimal_places=2,
                                               help_text="支出基本救助（元）：当年各月低保、特困、临时救助已到账明细合计")
    temporary_aid_cases = serializers.IntegerField(help_text="临时救助（人次）：当年批准的临时救助申请")
    dibian_new_households = serializers.IntegerField(help_text="新认定低保边缘家庭（户）")
    dibian_new_people = serializers.IntegerField(help_text="新认定低保边缘家庭人口（人）")


class FiguresApi(ApiView):
    query_serializer_class = YearQuerySerializer
    required_permissions = {"GET": "benefits.view_enrollment"}

    @extend_schema(operation_id="assistance_figures", summary="社会救助年度数据（仅本辖区）", tags=["assistance"],
                   responses=FiguresSerializer)
    def get(self, request: Request) -> Response:
        year = self.query_params()["year"]
        return Response(FiguresSerializer(selectors.assistance_figures(user=request.user, year=year)).data)


urlpatterns = [
    path("assistance/figures/", FiguresApi.as_view(), name="assistance-figures"),
]
