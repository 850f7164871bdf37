"""``GET /api/children/figures/?year=2024``: the year's children's figures in the caller's scope,
computed from the records (``selectors.children_figures``, which documents what counts)."""

from __future__ import annotations

from django.urls import path
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from minzheng.children.figures import selectors
from minzheng.children.figures.views import PERMISSION
from minzheng.core.api.base import ApiView
from minzheng.core.figures import YearQuerySerializer


class ChildrenFiguresSerializer(serializers.Serializer):
    year = serializers.IntegerField(help_text="年度")
    as_of = serializers.DateField(help_text="按此日统计：当年12月31日，当年尚未结束时为今天")
    in_difficulty_records = serializers.IntegerField(
        help_text="该日在册的困境儿童档案（份）：含孤儿、事实无人抚养儿童、困境儿童任一类别，一份档案计一次"
    )
    orphans = serializers.IntegerField(help_text="其中孤儿")
    de_facto_unsupported = serializers.IntegerField(help_text="其中事实无人抚养儿童")
    migrant_records = serializers.IntegerField(help_text="该日在册的流动儿童档案（份）")
    left_behind = serializers.IntegerField(help_text="该日在册的留守儿童档案（份）")
    migrant_service_list_items = serializers.IntegerField(help_text="流动儿童基本服务清单在用项目（项）")
    villages = serializers.IntegerField(help_text="辖区内村（社区）数")
    villages_with_director = serializers.IntegerField(help_text="该日有在任儿童主任的村（社区）数")
    townships_with_supervisor = serializers.IntegerField(help_text="该日有在任儿童督导员的乡镇（街道）数")
    visits = serializers.IntegerField(help_text="当年儿童走访（次）")
    services_delivered = serializers.IntegerField(help_text="当年流动儿童基本服务（人次）")


class ChildrenFiguresApi(ApiView):
    query_serializer_class = YearQuerySerializer
    required_permissions = {"GET": PERMISSION}

    @extend_schema(
        operation_id="children_figures",
        summary="儿童福利年度数据（仅本辖区）",
        tags=["children"],
        responses=ChildrenFiguresSerializer,
    )
    def get(self, request: Request) -> Response:
        year = self.query_params()["year"]
        return Response(
            ChildrenFiguresSerializer(selectors.children_figures(actor=request.user, year=year)).data
        )


urlpatterns = [
    path("children/figures/", ChildrenFiguresApi.as_view(), name="children-figures"),
]
