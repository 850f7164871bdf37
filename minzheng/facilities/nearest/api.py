"""``GET /api/public/facilities/nearest/``: the nearest open public facilities of a kind to a point.

No sign-in, and nothing private in the answer (no operator, phone, capacity or region). Rate-
limited like the other public pages (the doorplate reports, the self-check): at most
``MINZHENG_NEAREST_SEARCHES_PER_HOUR`` searches per client an hour (``nearest.limits``, shared with
the meal-site finder page); beyond that 429.
"""

from __future__ import annotations

from typing import Any

from django.urls import path
from drf_spectacular.utils import OpenApiExample, OpenApiResponse, extend_schema
from rest_framework import exceptions, serializers
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response

from minzheng.core import geo
from minzheng.core.api.base import ApiView
from minzheng.core.api.schema import ErrorDetailSerializer
from minzheng.facilities import messages
from minzheng.facilities.nearest.limits import nearest_rate_limit, nearest_search_allowed
from minzheng.facilities.nearest.selectors import LIMIT_MAX, NearestResult, facilities_nearest
from minzheng.facilities.sites.models import Facility
from minzheng.places.doorplates.public import client_address

SYSTEMS = [(geo.System.WGS84.value, "WGS-84（GPS、手机定位）"), (geo.System.GCJ02.value, "GCJ-02（高德、腾讯）"),
           (geo.System.BD09.value, "BD-09（百度）")]
KIND_CHOICES = "、".join(f"{value}（{label}）" for value, label in Facility.Kind.choices)


def _required(message: str) -> dict[str, str]:
    return {"required": message, "null": message, "blank": message}


class NearestQuerySerializer(serializers.Serializer):
    kind = serializers.ChoiceField(
        choices=Facility.Kind.choices, help_text="设施类别，如 meal_site 老年助餐点",
        error_messages={**_required(messages.NEAREST_KIND_REQUIRED),
                        "invalid_choice": messages.NEAREST_KIND_INVALID.format(choices=KIND_CHOICES)})
    lng = serializers.FloatField(
        min_value=-180, max_value=180, help_text="经度",
        error_messages={**_required(messages.NEAREST_LNG_REQUIRED), "invalid": messages.NEAREST_LNG_INVALID,
                        "min_value": messages.NEAREST_LNG_INVALID, "max_value": messages.NEAREST_LNG_INVALID,
                        "max_string_length": messages.NEAREST_LNG_INVALID, "overflow": messages.NEAREST_LNG_INVALID})
    lat = serializers.FloatField(
        min_value=-90, max_value=90, help_text="纬度",
        error_messages={**_required(messages.NEAREST_LAT_REQUIRED), "invalid": messages.NEAREST_LAT_INVALID,
                        "min_value": messages.NEAREST_LAT_INVALID, "max_value": messages.NEAREST_LAT_INVALID,
                        "max_string_length": messages.NEAREST_LAT_INVALID, "overflow": messages.NEAREST_LAT_INVALID})
    coord = serializers.ChoiceField(
        choices=SYSTEMS, required=False, default=geo.System.WGS84.value,
        help_text="lng、lat 所用坐标系，默认 wgs84；结果中设施的 lng、lat 也用此坐标系",
        error_messages={**_required(messages.NEAREST_COORD_INVALID), "invalid_choice": messages.NEAREST_COORD_INVALID})
    limit = serializers.IntegerField(
        min_value=1, max_value=LIMIT_MAX, required=False, default=5, help_text=f"返回数量，1至{LIMIT_MAX}，默认5",
        error_messages={key: messages.NEAREST_LIMIT_INVALID.format(max=LIMIT_MAX)
                        for key in ("invalid", "min_value", "max_value", "max_string_length", "required", "null")})

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if geo.outside_china(attrs["lng"], attrs["lat"]):
            # Outside China the offsets of GCJ-02 and BD-09 do not apply, and no site is near.
            raise serializers.ValidationError({"lng": [messages.NEAREST_OUTSIDE_CHINA]})
        return attrs


class LinksSerializer(serializers.Serializer):
    amap = serializers.CharField(help_text="高德地图导航（GCJ-02）")
    baidu = serializers.CharField(help_text="百度地图导航（BD-09）")
    tencent = serializers.CharField(help_text="腾讯地图导航（GCJ-02）")


class NearestFacilitySerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text="设施编号")
    name = serializers.CharField(help_text="设施名称")
    kind = serializers.CharField(help_text="设施类别")
    kind_display = serializers.CharField(help_text="类别名称")
    address = serializers.CharField(help_text="地址")
    distance_m = serializers.IntegerField(help_text="直线距离（米），按 WGS-84 计算")
    opening_hours = serializers.CharField(help_text="开放时间")
    lng = serializers.FloatField(help_text="设施经度（与请求的 coord 同一坐标系）")
    lat = serializers.FloatField(help_text="设施纬度（与请求的 coord 同一坐标系）")
    links = LinksSerializer(help_text="导航链接，各用其地图的坐标系")


class NearestAnswerSerializer(serializers.Serializer):
    coord = serializers.CharField(help_text="坐标系")
    results = NearestFacilitySerializer(many=True)


def _answer(result: NearestResult, system: geo.System) -> dict[str, Any]:
    lng, lat = result.point_in(system)
    return {"id": result.id, "name": result.name, "kind": result.kind, "kind_display": result.kind_display,
            "address": result.address, "distance_m": result.distance_m, "opening_hours": result.opening_hours,
            "lng": round(lng, 6), "lat": round(lat, 6), "links": result.links}


class NearestFacilitiesApi(ApiView):
    """Public: no sign-in; the answer holds nothing a resident could not read on the site's door."""

    authentication_classes: list[Any] = []
    permission_classes = [AllowAny]
    pagination_class = None
    query_serializer_class = NearestQuerySerializer

    @extend_schema(
        operation_id="facilities_nearest", summary="查找最近的服务设施（公开，无需登录）", tags=["facilities"], auth=[],
        responses={200: NearestAnswerSerializer,
                   429: OpenApiResponse(ErrorDetailSerializer, description="查询过于频繁")},
        examples=[
            OpenApiExample("用手机定位查找助餐点", response_only=True, status_codes=["200"], value={
                "coord": "wgs84", "results": [{
                    "id": 12, "name": "仪凤桥社区老年食堂", "kind": "meal_site", "kind_display": "老年助餐点",
                    "address": "浙江省湖州市吴兴区爱山街道仪凤桥社区红旗路18号", "distance_m": 420,
                    "opening_hours": "11:00-13:00，17:00-18:30", "lng": 120.0868, "lat": 30.894,
                    "links": {"amap": "https://uri.amap.com/navigation?to=120.091671,30.891956,…",
                              "baidu": "http://api.map.baidu.com/direction?…",
                              "tencent": "https://apis.map.qq.com/uri/v1/routeplan?…"}}]}),
            OpenApiExample("缺少纬度", response_only=True, status_codes=["400"],
                           value={"lat": [messages.NEAREST_LAT_REQUIRED]}),
        ],
    )
    def get(self, request: Request) -> Response:
        if not nearest_search_allowed(client_address(request._request)):
            raise exceptions.Throttled(detail=messages.NEAREST_RATE_LIMITED.format(limit=nearest_rate_limit()))
        q = self.query_params()
        system = geo.System(q["coord"])
        found = facilities_nearest(kinds=[q["kind"]], lng=q["lng"], lat=q["lat"], coord=system, limit=q["limit"])
        return Response({"coord": system.value, "results": [_answer(r, system) for r in found]})


# Included by minzheng.api_urls inside the "api" namespace.
urlpatterns = [
    path("public/facilities/nearest/", NearestFacilitiesApi.as_view(), name="facilities-nearest"),
]
