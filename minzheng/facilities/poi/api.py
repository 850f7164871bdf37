"""``GET /api/facilities/poi/`` (JSON) and ``GET /api/facilities/poi/csv/`` (CSV): the map POI
export of the public, open facilities in the user's scope, in GCJ-02 (``facilities.export_poi``)."""

from __future__ import annotations

from typing import Any

from django.http import StreamingHttpResponse
from django.urls import path
from django.utils.http import content_disposition_header
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import renderers, serializers
from rest_framework.request import Request
from rest_framework.response import Response

from minzheng.core.api.base import ApiView
from minzheng.facilities import messages
from minzheng.facilities.poi import exports, selectors
from minzheng.facilities.poi.exports import FILENAME, PERM_EXPORT
from minzheng.facilities.sites.models import Facility

TAGS = ["facilities"]


class CsvRenderer(renderers.BaseRenderer):
    """Lets a client that asks for ``text/csv`` through content negotiation; the view answers
    the CSV itself, and errors are JSON (listed first)."""

    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data: Any, accepted_media_type: str | None = None, renderer_context: Any = None) -> bytes:
        return renderers.JSONRenderer().render(data)


class PoiQuerySerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=[("", "全部"), *Facility.Kind.choices], required=False, allow_blank=True,
                                   help_text="类别，省略为全部",
                                   error_messages={"invalid_choice": messages.POI_KIND_INVALID})


class PoiSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text="设施编号")
    name = serializers.CharField(help_text="名称")
    address = serializers.CharField(help_text="地址")
    category = serializers.CharField(help_text="分类（类别名称）")
    kind = serializers.CharField(help_text="类别代码")
    lng = serializers.FloatField(help_text="经度（GCJ-02）")
    lat = serializers.FloatField(help_text="纬度（GCJ-02）")
    phone = serializers.CharField(help_text="服务电话")
    opening_hours = serializers.CharField(help_text="开放时间")
    region_code = serializers.CharField(help_text="所属区划")


class PoiExportSerializer(serializers.Serializer):
    coord_type = serializers.CharField(help_text="坐标系：gcj02")
    generated_at = serializers.DateTimeField(help_text="导出时间")
    count = serializers.IntegerField(help_text="条数")
    pois = PoiSerializer(many=True)


class PoiJsonApi(ApiView):
    pagination_class = None
    query_serializer_class = PoiQuerySerializer
    required_permissions = {"GET": PERM_EXPORT}

    @extend_schema(operation_id="facilities_poi_json", summary="导出公开设施地图标注（JSON，GCJ-02）", tags=TAGS,
                   responses=PoiExportSerializer)
    def get(self, request: Request) -> Response:
        facilities = selectors.poi_facilities(user=request.user, kind=self.query_params().get("kind", ""))
        return Response(exports.poi_json(facilities),
                        headers={"Content-Disposition": content_disposition_header(True, f"{FILENAME}.json")})


class PoiCsvApi(ApiView):
    pagination_class = None
    query_serializer_class = PoiQuerySerializer
    required_permissions = {"GET": PERM_EXPORT}
    renderer_classes = [renderers.JSONRenderer, CsvRenderer]

    @extend_schema(operation_id="facilities_poi_csv", summary="导出公开设施地图标注（CSV，GCJ-02）", tags=TAGS,
                   responses={(200, "text/csv"): OpenApiResponse(OpenApiTypes.STR, description="UTF-8（带 BOM）CSV")})
    def get(self, request: Request) -> StreamingHttpResponse:
        facilities = selectors.poi_facilities(user=request.user, kind=self.query_params().get("kind", ""))
        response = StreamingHttpResponse(exports.poi_csv(facilities.iterator(chunk_size=2000)),
                                         content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = content_disposition_header(True, f"{FILENAME}.csv")
        return response


# Included by minzheng.api_urls inside the "api" namespace.
urlpatterns = [
    path("facilities/poi/", PoiJsonApi.as_view(), name="facilities-poi"),
    path("facilities/poi/csv/", PoiCsvApi.as_view(), name="facilities-poi-csv"),
]
