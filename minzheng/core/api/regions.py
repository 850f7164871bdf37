"""``/api/regions/``: the division tree, cut to the user's scope."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from minzheng.core.api.base import ApiView
from minzheng.core.models import Region
from minzheng.core.regions import LEVEL_LABELS, Level
from minzheng.core.selectors import region_get, region_list

LEVEL_CHOICES = [(level.value, LEVEL_LABELS[level]) for level in Level]


class RegionSerializer(serializers.ModelSerializer):
    parent = serializers.CharField(source="parent_id", allow_null=True, help_text="上级区划代码")
    level_display = serializers.CharField(source="get_level_display", help_text="层级名称")

    class Meta:
        model = Region
        fields = ["code", "name", "level", "level_display", "kind", "parent", "full_name"]


class RegionQuerySerializer(serializers.Serializer):
    level = serializers.ChoiceField(choices=LEVEL_CHOICES, required=False, allow_blank=True, help_text="层级")
    parent = serializers.CharField(required=False, allow_blank=True, max_length=12, help_text="上级区划代码（12位）")
    q = serializers.CharField(required=False, allow_blank=True, max_length=64, help_text="名称包含，或代码前缀")


class RegionListApi(ApiView):
    query_serializer_class = RegionQuerySerializer

    @extend_schema(operation_id="regions_list", summary="区划列表（仅本辖区）", tags=["regions"],
                   responses=RegionSerializer(many=True))
    def get(self, request: Request) -> Response:
        return self.paginated(region_list(user=request.user, **self.query_params()), RegionSerializer)


class RegionDetailApi(ApiView):
    @extend_schema(operation_id="regions_retrieve", summary="区划详情", tags=["regions"], responses=RegionSerializer)
    def get(self, request: Request, code: str, **kwargs: Any) -> Response:
        return Response(RegionSerializer(region_get(user=request.user, code=code)).data)
