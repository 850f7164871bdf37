"""``GET /api/disability/figures/?year=2024``: the year's rehab figures in the caller's scope, and
``GET /api/disability/indicators/?year=2024``: the 精康融合行动 indicators against the targets,
for the city (the caller's area) and per county. Staff holding ``disability.view_rehab_network``;
a bad or missing year is a 400 naming the field."""

from __future__ import annotations

from django.urls import path
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from minzheng.core.api.base import ApiView
from minzheng.core.figures import YearQuerySerializer
from minzheng.disability.figures import selectors

TAGS = ["disability"]


class DisabilityFiguresSerializer(serializers.Serializer):
    year = serializers.IntegerField(help_text="年度")
    rehab_orgs = serializers.IntegerField(
        help_text="当年开放的精神康复服务机构（家）：开业不晚于年末且未关闭"
    )
    rehab_served = serializers.IntegerField(help_text="当年有康复服务记录的在册患者（人），按居住地")
    subsidy_reviews = serializers.IntegerField(help_text="当年残疾人两项补贴复核（次）：开展复核批次的半年数")


class CountyIndicatorSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="区县代码（6位）")
    name = serializers.CharField(help_text="区县名称")
    serving = serializers.BooleanField(help_text="当年是否开展社区康复服务（区县内机构有服务记录）")
    patients = serializers.IntegerField(help_text="当年在册居家患者（人）")
    standard = serializers.IntegerField(help_text="其中接受规范服务的（人）")
    patients_share = serializers.DecimalField(
        max_digits=5, decimal_places=1, allow_null=True, help_text="比例（%）"
    )


class IndicatorsSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    counties = serializers.IntegerField(help_text="辖区内区县数")
    counties_serving = serializers.IntegerField(help_text="开展社区康复服务的区县数")
    counties_share = serializers.DecimalField(
        max_digits=5, decimal_places=1, allow_null=True, help_text="比例（%）"
    )
    counties_target = serializers.DecimalField(
        max_digits=5, decimal_places=2, allow_null=True, help_text="目标（%）"
    )
    counties_met = serializers.BooleanField(allow_null=True, help_text="是否达标")
    patients = serializers.IntegerField(help_text="当年在册居家患者（人）")
    patients_standard = serializers.IntegerField(help_text="接受规范服务的（人）")
    patients_share = serializers.DecimalField(
        max_digits=5, decimal_places=1, allow_null=True, help_text="比例（%）"
    )
    patients_target = serializers.DecimalField(
        max_digits=5, decimal_places=2, allow_null=True, help_text="目标（%）"
    )
    patients_met = serializers.BooleanField(allow_null=True, help_text="是否达标")
    min_services = serializers.IntegerField(help_text="规范服务的年服务次数下限")
    rows = CountyIndicatorSerializer(many=True, help_text="各区县")


class DisabilityFiguresApi(ApiView):
    query_serializer_class = YearQuerySerializer
    required_permissions = {"GET": selectors.PERM_VIEW}

    @extend_schema(
        operation_id="disability_figures",
        summary="精神康复年度数据（仅本辖区）",
        tags=TAGS,
        responses=DisabilityFiguresSerializer,
    )
    def get(self, request: Request) -> Response:
        year = self.query_params()["year"]
        return Response(
            DisabilityFiguresSerializer(selectors.disability_figures(actor=request.user, year=year)).data
        )


class DisabilityIndicatorsApi(ApiView):
    query_serializer_class = YearQuerySerializer
    required_permissions = {"GET": selectors.PERM_VIEW}

    @extend_schema(
        operation_id="disability_indicators",
        summary="精康融合行动指标与目标（仅本辖区）",
        tags=TAGS,
        responses=IndicatorsSerializer,
    )
    def get(self, request: Request) -> Response:
        year = self.query_params()["year"]
        return Response(IndicatorsSerializer(selectors.rehab_indicators(actor=request.user, year=year)).data)


urlpatterns = [
    path("disability/figures/", DisabilityFiguresApi.as_view(), name="disability-figures"),
    path("disability/indicators/", DisabilityIndicatorsApi.as_view(), name="disability-indicators"),
]
