"""``GET /api/funeral/figures/?year=2024``: the year's funeral figures (四.3) in the caller's scope,
computed from the records (``figures.selectors``), and the same per county."""

from __future__ import annotations

from django.urls import path
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from minzheng.core.api.base import ApiView
from minzheng.core.figures import YearQuerySerializer
from minzheng.funeral.figures import selectors
from minzheng.funeral.services.services import PERM_VIEW


class FuneralCountsSerializer(serializers.Serializer):
    waived_amount = serializers.DecimalField(max_digits=16, decimal_places=2,
                                             help_text="当年减免群众丧葬费用（元）：当年服务项目减免额之和")
    columbaria = serializers.IntegerField(help_text="年末开放的骨灰堂（个）")
    mourning_points = serializers.IntegerField(help_text="年末开放的集中治丧点（个）")


class FuneralCountyFiguresSerializer(FuneralCountsSerializer):
    code = serializers.CharField(help_text="区县代码")
    name = serializers.CharField()


class FuneralFiguresSerializer(FuneralCountsSerializer):
    year = serializers.IntegerField()
    cemeteries_renovated = serializers.IntegerField(help_text="当年完成生态化改造的老旧公墓（个）")
    counties = FuneralCountyFiguresSerializer(many=True)


class FuneralFiguresApi(ApiView):
    query_serializer_class = YearQuerySerializer
    required_permissions = {"GET": PERM_VIEW}

    @extend_schema(operation_id="funeral_figures", summary="殡葬年度数据（仅本辖区）", tags=["funeral"],
                   responses=FuneralFiguresSerializer)
    def get(self, request: Request) -> Response:
        year = self.query_params()["year"]
        values = selectors.funeral_figures(actor=request.user, year=year)
        values["counties"] = selectors.funeral_figures_by_county(actor=request.user, year=year)
        return Response(FuneralFiguresSerializer(values).data)


urlpatterns = [
    path("funeral/figures/", FuneralFiguresApi.as_view(), name="funeral-figures"),
]
