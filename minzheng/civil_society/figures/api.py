"""``GET /api/civil-society/figures/?year=2024``: the year's social-organization (``orgs``) and charity
(``charity``) figures in the caller's scope, computed from the records
(``selectors.civil_society_figures``); a charity figure its sub-domain does not give yet is null."""

from __future__ import annotations

from typing import Any

from django.urls import path
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from minzheng.civil_society.figures import selectors
from minzheng.civil_society.figures.views import PERMISSION
from minzheng.core.api.base import ApiView
from minzheng.core.figures import YearQuerySerializer

MONEY = {"max_digits": 16, "decimal_places": 2, "allow_null": True}


class OrgsFiguresSerializer(serializers.Serializer):
    zombie_cleaned = serializers.IntegerField(
        help_text="当年作出撤销登记、吊销登记证书或注销登记决定的僵尸型社会组织清理案件（家）"
    )
    integrity_examples = serializers.IntegerField(help_text="当年入选全省清廉社会组织建设百佳范例（个）")
    venture_funding = serializers.DecimalField(
        max_digits=16, decimal_places=2, help_text="当年公益创投批次资助金额（元）"
    )
    venture_projects = serializers.IntegerField(help_text="当年公益创投资助项目（个）")
    brand_orgs_new = serializers.IntegerField(help_text="当年新增省级品牌社会组织（家）")
    leaders_new = serializers.IntegerField(help_text="当年新增社会组织领军人物（人）")
    typical_cases = serializers.IntegerField(help_text="当年入选省级典型案例（个）")


class CharityFiguresSerializer(serializers.Serializer):
    orgs_new = serializers.IntegerField(allow_null=True, help_text="慈善组织新认定（家）")
    orgs_total = serializers.IntegerField(allow_null=True, help_text="慈善组织总数（家）")
    trust_new = serializers.DecimalField(**MONEY, help_text="慈善信托新增（元）")
    trust_total = serializers.DecimalField(**MONEY, help_text="慈善信托累计（元）")
    trust_growth = serializers.DecimalField(
        max_digits=10, decimal_places=2, allow_null=True, help_text="慈善信托同比增幅（%）"
    )
    raised = serializers.DecimalField(**MONEY, help_text="募集善款（元）")
    invested_livelihood = serializers.DecimalField(**MONEY, help_text="投入民生事业（元）")


class CivilSocietyFiguresSerializer(serializers.Serializer):
    year = serializers.IntegerField(help_text="年度")
    orgs = OrgsFiguresSerializer()
    charity = CharityFiguresSerializer()


def _nested(values: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {"year": values["year"], "orgs": {}, "charity": {}}
    for key, value in values.items():
        head, _, tail = key.partition(".")
        if head in ("orgs", "charity"):
            out[head][tail] = value
    return out


class CivilSocietyFiguresApi(ApiView):
    query_serializer_class = YearQuerySerializer
    required_permissions = {"GET": PERMISSION}

    @extend_schema(
        operation_id="civil_society_figures",
        summary="社会组织与慈善年度数据（仅本辖区）",
        tags=["civil_society"],
        responses=CivilSocietyFiguresSerializer,
    )
    def get(self, request: Request) -> Response:
        year = self.query_params()["year"]
        values = selectors.civil_society_figures(actor=request.user, year=year)
        return Response(CivilSocietyFiguresSerializer(_nested(values)).data)


urlpatterns = [
    path("civil-society/figures/", CivilSocietyFiguresApi.as_view(), name="civil-society-figures"),
]
