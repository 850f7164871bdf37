"""``/api/geo/convert/``: WGS-84, GCJ-02 and BD-09, one to another."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from minzheng.core import geo
from minzheng.core.api.base import ApiView

SYSTEM_CHOICES = [(geo.System.WGS84, "WGS-84（GPS）"), (geo.System.GCJ02, "GCJ-02（高德、腾讯）"),
                  (geo.System.BD09, "BD-09（百度）")]
LNG_RANGE = "经度应在 -180 到 180 之间"
LAT_RANGE = "纬度应在 -90 到 90 之间"


class ConvertQuerySerializer(serializers.Serializer):
    lng = serializers.FloatField(min_value=-180, max_value=180, help_text="经度",
                                 error_messages={"min_value": LNG_RANGE, "max_value": LNG_RANGE})
    lat = serializers.FloatField(min_value=-90, max_value=90, help_text="纬度",
                                 error_messages={"min_value": LAT_RANGE, "max_value": LAT_RANGE})
    # The query parameter is "from", a Python keyword, so the field is "source" inside.
    source = serializers.ChoiceField(choices=SYSTEM_CHOICES, help_text="原坐标系")
    to = serializers.ChoiceField(choices=SYSTEM_CHOICES, help_text="目标坐标系")

    def to_internal_value(self, data):  # type: ignore[no-untyped-def]
        data = data.copy()
        if "from" in data:
            data["source"] = data["from"]
        try:
            return super().to_internal_value(data)
        except serializers.ValidationError as exc:
            detail = exc.detail
            if isinstance(detail, dict) and "source" in detail:
                detail["from"] = detail.pop("source")
            raise serializers.ValidationError(detail) from exc


class PointSerializer(serializers.Serializer):
    lng = serializers.FloatField(help_text="经度")
    lat = serializers.FloatField(help_text="纬度")


class GeoConvertApi(ApiView):
    query_serializer_class = ConvertQuerySerializer
    query_serializer_in_schema = False  # documented by hand: the query names it "from"

    @extend_schema(
        operation_id="geo_convert",
        summary="坐标系转换",
        tags=["geo"],
        parameters=[
            OpenApiParameter("lng", float, required=True, description="经度"),
            OpenApiParameter("lat", float, required=True, description="纬度"),
            OpenApiParameter("from", str, required=True, enum=[c for c, _ in SYSTEM_CHOICES], description="原坐标系"),
            OpenApiParameter("to", str, required=True, enum=[c for c, _ in SYSTEM_CHOICES], description="目标坐标系"),
        ],
        responses=PointSerializer,
    )
    def get(self, request: Request) -> Response:
        q = self.query_params()
        lng, lat = geo.convert(q["lng"], q["lat"], source=geo.System(q["source"]), target=geo.System(q["to"]))
        return Response({"lng": round(lng, 8), "lat": round(lat, 8)})
