"""``/api/regions/``: the division tree, cut to the user's scope."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import OpenApiExample, OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from minzheng.core import messages
from minzheng.core.api import messages as api_messages
from minzheng.core.api.base import ApiView
from minzheng.core.api.schema import FIELD_ERRORS_SCHEMA
from minzheng.core.models import Region
from minzheng.core.regions import LEVEL_LABELS, Level
from minzheng.core.selectors import region_get, region_list
from minzheng.core.services import region_rename

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


class RegionRenameSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=64, help_text="新的正式名称（撤乡设镇、村社合并等）；地址的标准全称随之更新",
                                 error_messages={"required": messages.REGION_NAME_REQUIRED,
                                                 "blank": messages.REGION_NAME_REQUIRED,
                                                 "max_length": messages.REGION_NAME_TOO_LONG.format(max=64)})


class RegionDetailApi(ApiView):
    required_permissions = {"PATCH": "core.change_region"}

    @extend_schema(operation_id="regions_retrieve", summary="区划详情", tags=["regions"], responses=RegionSerializer)
    def get(self, request: Request, code: str, **kwargs: Any) -> Response:
        return Response(RegionSerializer(region_get(user=request.user, code=code)).data)

    @extend_schema(
        operation_id="regions_rename", summary="区划更名（仅市级管理员）", tags=["regions"], request=RegionRenameSerializer,
        responses={200: RegionSerializer, 400: OpenApiResponse(FIELD_ERRORS_SCHEMA, description=api_messages.DOC_400)},
        examples=[OpenApiExample("重名", value={"name": [messages.REGION_NAME_TAKEN.format(name="南街社区")]},
                                 status_codes=["400"], response_only=True)],
    )
    def patch(self, request: Request, code: str, **kwargs: Any) -> Response:
        region = region_get(user=request.user, code=code)
        data = RegionRenameSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        return Response(RegionSerializer(region_rename(actor=request.user, region=region,
                                                       name=data.validated_data["name"])).data)
