"""``GET /api/marriage/statistics/?year=2025``: marriages, divorces and the average age of the
parties at registration, by office and month, in the caller's scope; aggregates only, for
registrars, county officers and the city administrator (``marriage.view_marriage_statistics``)."""

from __future__ import annotations

from django.urls import path
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from minzheng.core.api.base import ApiView
from minzheng.core.figures import YearQuerySerializer
from minzheng.marriage.permissions import VIEW_STATISTICS
from minzheng.marriage.statistics import selectors


class MarriageStatisticsRowSerializer(serializers.Serializer):
    office_id = serializers.IntegerField(help_text="登记机关（设施编号）")
    office = serializers.CharField(help_text="登记机关名称")
    region_code = serializers.CharField(help_text="登记机关区划代码")
    month = serializers.IntegerField(help_text="月份 1–12")
    marriages = serializers.IntegerField(help_text="结婚登记（对）")
    divorces = serializers.IntegerField(help_text="离婚登记（对）")
    average_age = serializers.DecimalField(max_digits=4, decimal_places=1, allow_null=True,
                                           help_text="双方登记时的平均年龄（岁），无结婚登记为 null")


class MarriageStatisticsTotalsSerializer(serializers.Serializer):
    marriages = serializers.IntegerField()
    divorces = serializers.IntegerField()
    average_age = serializers.DecimalField(max_digits=4, decimal_places=1, allow_null=True)


class MarriageStatisticsSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    rows = MarriageStatisticsRowSerializer(many=True)
    totals = MarriageStatisticsTotalsSerializer()


class MarriageStatisticsApi(ApiView):
    pagination_class = None  # offices × 12 months: a short table, answered whole
    query_serializer_class = YearQuerySerializer
    required_permissions = {"GET": VIEW_STATISTICS}

    @extend_schema(operation_id="marriage_statistics", summary="婚姻登记统计（按登记机关和月份，仅汇总数）",
                   tags=["marriage"], responses=MarriageStatisticsSerializer)
    def get(self, request: Request) -> Response:
        year = self.query_params()["year"]
        rows = selectors.monthly_rows(user=request.user, year=year)
        answer = {"year": year, "rows": rows, "totals": selectors.totals(rows)}
        return Response(MarriageStatisticsSerializer(answer).data)


urlpatterns = [path("marriage/statistics/", MarriageStatisticsApi.as_view(), name="marriage-statistics")]
