"""``/api/facilities/``: the facility registry for staff (list, register, read, change).

Thin: a serializer checks the shape, one selector or service does the work. Reads are scoped
(a provider operator reads their own operator's sites); a facility one may not see is 404. A
provider operator's PATCH may carry only ``opening_hours`` and ``status``.
"""

from __future__ import annotations

from typing import Any

from django.urls import path
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from minzheng.core.api.base import ApiView
from minzheng.core.api.pagination import RegionKeysetPagination
from minzheng.facilities import messages
from minzheng.facilities.operators.selectors import MAX_ID, is_provider_operator, operator_find
from minzheng.facilities.sites import selectors, services
from minzheng.facilities.sites.models import Facility

TAGS = ["facilities"]
FACILITY_ID = OpenApiParameter("id", OpenApiTypes.INT, OpenApiParameter.PATH, description="设施编号")
SYSTEMS = [("wgs84", "WGS-84"), ("gcj02", "GCJ-02（高德、腾讯）"), ("bd09", "BD-09（百度）")]


class FacilitySerializer(serializers.ModelSerializer):
    # Plain strings, not enums: other apps' "kind" and "status" enums would collide in the schema.
    kind = serializers.CharField(help_text="类别代码，见 docs/GLOSSARY.md")
    kind_display = serializers.CharField(source="get_kind_display", help_text="类别名称")
    status = serializers.CharField(help_text="open 开放 / suspended 暂停服务 / closed 已关闭")
    status_display = serializers.CharField(source="get_status_display", help_text="状态名称")
    operator = serializers.IntegerField(source="operator_id", allow_null=True, help_text="运营机构编号")
    operator_name = serializers.CharField(source="operator.name", allow_null=True, default=None,
                                          help_text="运营机构名称")
    address = serializers.IntegerField(source="address_id", allow_null=True, help_text="标准地址编号")
    address_text = serializers.CharField(source="display_address", help_text="地址")
    lng = serializers.FloatField(allow_null=True, help_text="经度（WGS-84）")
    lat = serializers.FloatField(allow_null=True, help_text="纬度（WGS-84）")
    floor_area = serializers.DecimalField(max_digits=10, decimal_places=2, allow_null=True,
                                          help_text="建筑面积（平方米）")
    tags = serializers.ListField(child=serializers.CharField(), help_text="标签，如 sojourn 旅居养老")

    class Meta:
        model = Facility
        fields = ["id", "name", "kind", "kind_display", "operator", "operator_name", "region_code", "address",
                  "address_text", "lng", "lat", "capacity", "floor_area", "opened_on", "rebuilt_on", "status",
                  "status_display", "opening_hours", "service_phone", "public", "tags", "created_at", "updated_at"]
        read_only_fields = fields


class FacilityWriteSerializer(serializers.Serializer):
    """The fields a facility is registered or changed with. Shapes only: the service checks the
    values and names each wrong field in Chinese."""

    name = serializers.CharField(max_length=200, help_text="设施名称")
    kind = serializers.CharField(max_length=40, help_text="类别代码，如 meal_site")
    operator = serializers.IntegerField(min_value=1, max_value=MAX_ID, required=False, allow_null=True,
                                        help_text="运营机构编号",
                                        error_messages={"invalid": messages.FACILITY_OPERATOR_NOT_FOUND})
    region_code = serializers.CharField(max_length=12, required=False, allow_blank=True,
                                        help_text="所属区划12位代码；给出标准地址时可省略")
    address = serializers.IntegerField(min_value=1, max_value=MAX_ID, required=False, allow_null=True,
                                       help_text="标准地址编号",
                                       error_messages={"invalid": messages.FACILITY_ADDRESS_NOT_FOUND})
    address_text = serializers.CharField(max_length=400, required=False, allow_blank=True,
                                         help_text="地址（无标准地址时必填）")
    lng = serializers.FloatField(required=False, allow_null=True, help_text="经度；省略时取标准地址的坐标")
    lat = serializers.FloatField(required=False, allow_null=True, help_text="纬度")
    coord = serializers.ChoiceField(choices=SYSTEMS, required=False, default="wgs84",
                                    help_text="lng、lat 所用坐标系，保存时统一换算为 WGS-84",
                                    error_messages={"invalid_choice": messages.FACILITY_COORD_SYSTEM_INVALID})
    capacity = serializers.IntegerField(required=False, allow_null=True, help_text="容量（床位、座位或格位数）")
    floor_area = serializers.DecimalField(max_digits=12, decimal_places=2, required=False, allow_null=True,
                                          help_text="建筑面积（平方米）")
    opened_on = serializers.DateField(required=False, allow_null=True, help_text="开业日期",
                                      error_messages={"invalid": messages.FACILITY_DATE_INVALID})
    rebuilt_on = serializers.DateField(required=False, allow_null=True, help_text="改扩建日期",
                                       error_messages={"invalid": messages.FACILITY_DATE_INVALID})
    status = serializers.CharField(max_length=16, required=False, help_text="open / suspended / closed")
    opening_hours = serializers.CharField(max_length=400, required=False, allow_blank=True, help_text="开放时间")
    service_phone = serializers.CharField(max_length=40, required=False, allow_blank=True, help_text="服务电话")
    public = serializers.BooleanField(required=False, help_text="是否对公众公开")
    tags = serializers.ListField(child=serializers.CharField(max_length=40), required=False, max_length=20,
                                 help_text="标签：sojourn、day_care、respite、dementia_care、meal_delivery、rural")


class FacilityQuerySerializer(serializers.Serializer):
    kind = serializers.CharField(required=False, allow_blank=True, max_length=40, help_text="类别代码")
    status = serializers.CharField(required=False, allow_blank=True, max_length=16, help_text="状态")
    region = serializers.RegexField(r"^\d{2,12}$", required=False, allow_blank=True, help_text="区划代码前缀")
    q = serializers.CharField(required=False, allow_blank=True, max_length=50, help_text="名称或地址包含")
    tag = serializers.CharField(required=False, allow_blank=True, max_length=40, help_text="标签")
    operator = serializers.IntegerField(required=False, min_value=1, max_value=MAX_ID, help_text="运营机构编号")


def _references(request: Request, values: dict[str, Any]) -> dict[str, Any]:
    """Turn the body's operator and address numbers into rows the user may see, or a 400 on the
    field (the same answer whether the row is missing or outside the scope)."""
    out = dict(values)
    errors: dict[str, list[str]] = {}
    if out.get("operator") is not None:
        out["operator"] = operator_find(user=request.user, pk=out["operator"])
        if out["operator"] is None:
            errors["operator"] = [messages.FACILITY_OPERATOR_NOT_FOUND]
    if out.get("address") is not None:
        out["address"] = selectors.address_for_facility(user=request.user, pk=out["address"])
        if out["address"] is None:
            errors["address"] = [messages.FACILITY_ADDRESS_NOT_FOUND]
    if errors:
        raise serializers.ValidationError(errors)
    return out


BAD_EXAMPLES = [
    OpenApiExample("类别无效", status_codes=["400"], response_only=True,
                   value={"kind": [messages.FACILITY_KIND_INVALID.format(choices="meal_site（老年助餐点）、…")]}),
    OpenApiExample("区划超出辖区", status_codes=["400"], response_only=True,
                   value={"region_code": [messages.FACILITY_REGION_OUT_OF_SCOPE]}),
]


class FacilityListCreateApi(ApiView):
    pagination_class = RegionKeysetPagination
    serializer_class = FacilityWriteSerializer
    query_serializer_class = FacilityQuerySerializer
    required_permissions = {"POST": services.PERM_MANAGE}

    @extend_schema(operation_id="facilities_list", summary="服务设施列表（仅本辖区或本机构，按区划代码排序）", tags=TAGS,
                   responses=FacilitySerializer(many=True))
    def get(self, request: Request) -> Response:
        return self.paginated(selectors.facility_list(user=request.user, **self.query_params()), FacilitySerializer)

    @extend_schema(
        operation_id="facilities_create", summary="登记服务设施", tags=TAGS, request=FacilityWriteSerializer,
        responses={201: FacilitySerializer},
        examples=[OpenApiExample("助餐点", request_only=True, value={
            "name": "仪凤桥社区老年食堂", "kind": "meal_site", "address": 1, "capacity": 60,
            "opening_hours": "11:00-13:00，17:00-18:30", "service_phone": "0572-2123456", "tags": ["meal_delivery"]}),
            *BAD_EXAMPLES],
    )
    def post(self, request: Request) -> Response:
        data = FacilityWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        facility = services.facility_create(actor=request.user, **_references(request, data.validated_data))
        return Response(FacilitySerializer(facility).data, status=status.HTTP_201_CREATED)


class FacilityDetailApi(ApiView):
    serializer_class = FacilityWriteSerializer

    @extend_schema(operation_id="facilities_retrieve", summary="服务设施详情", tags=TAGS, parameters=[FACILITY_ID],
                   responses=FacilitySerializer)
    def get(self, request: Request, pk: str, **kwargs: Any) -> Response:
        return Response(FacilitySerializer(selectors.facility_get(user=request.user, pk=pk)).data)

    @extend_schema(
        operation_id="facilities_partial_update", summary="修改服务设施（服务机构操作员只能改开放时间和状态）", tags=TAGS,
        parameters=[FACILITY_ID], request=FacilityWriteSerializer, responses=FacilitySerializer,
        examples=[OpenApiExample("操作员改了其他字段", status_codes=["400"], response_only=True, value={
            "non_field_errors": [messages.FACILITY_OPERATOR_FIELDS_ONLY.format(fields="name")]}), *BAD_EXAMPLES],
    )
    def patch(self, request: Request, pk: str, **kwargs: Any) -> Response:
        # Scope first: a facility one may not see is 404 whatever the body says.
        facility = selectors.facility_get(user=request.user, pk=pk)
        data = FacilityWriteSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        if is_provider_operator(request.user):
            others = sorted(set(values) - set(services.OPERATION_FIELDS) - {"coord"})
            if others:
                raise serializers.ValidationError(
                    {"non_field_errors": [messages.FACILITY_OPERATOR_FIELDS_ONLY.format(fields="、".join(others))]})
            facility = services.facility_operation_update(actor=request.user, facility=facility,
                                                          opening_hours=values.get("opening_hours"),
                                                          status=values.get("status"))
            return Response(FacilitySerializer(facility).data)
        if "coord" in values and not {"lng", "lat"} & set(values):
            values.pop("coord")
        facility = services.facility_update(actor=request.user, facility=facility, **_references(request, values))
        return Response(FacilitySerializer(facility).data)


# Included by minzheng.api_urls inside the "api" namespace.
urlpatterns = [
    path("facilities/", FacilityListCreateApi.as_view(), name="facilities"),
    path("facilities/<int:pk>/", FacilityDetailApi.as_view(), name="facility"),
]
