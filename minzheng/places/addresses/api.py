"""``/api/addresses/`` and ``/api/roads/``: standard addresses and the roads they lie on, their
residents (masked), imports and the data-quality scores (mounted under /api/ by minzheng/urls.py).

Thin: a serializer shapes the input, one service or selector does the work, and the selectors
apply the jurisdiction scope: a record outside it answers 404. Writes need
``places.manage_addresses``. Path ids are matched loosely and checked by the selectors, so a
malformed id gets the JSON 404 the schema documents rather than Django's HTML page.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import path, register_converter
from drf_spectacular.utils import OpenApiExample, extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from minzheng.core import messages as core_messages
from minzheng.core.api.base import ApiView
from minzheng.core.api.pagination import CursorPagination
from minzheng.core.audit import access_record_many
from minzheng.core.geo import map_links
from minzheng.core.import_pages import ERRORS_SHOWN
from minzheng.core.models import ImportJob
from minzheng.places import messages
from minzheng.places.addresses import imports, selectors, services
from minzheng.places.addresses.models import Address, Road

MANAGE = "places.manage_addresses"
TAGS = ["addresses"]
ROAD_TAGS = ["roads"]


class PathId:
    """Any path segment except the words the sibling routes use (``match``, ``import``,
    ``quality``), so ``/api/addresses/match/`` still reaches the matcher's route."""

    regex = r"(?!(?:match|import|quality)/)[^/]+"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: Any) -> str:
        return str(value)


register_converter(PathId, "placesid")


def _required(message: str) -> dict[str, str]:
    return {"required": message, "null": message, "blank": message}


# ---- serializers ----------------------------------------------------------------------------


class RoadSerializer(serializers.ModelSerializer):
    kind = serializers.CharField(help_text="road 街路巷 / compound 小区")
    kind_display = serializers.CharField(source="get_kind_display", help_text="类别名称")
    status = serializers.CharField(help_text="active 使用中 / retired 已停用")
    aliases = serializers.ListField(child=serializers.CharField(), help_text="别名（曾用名、简称）")

    class Meta:
        model = Road
        fields = ["id", "code", "region_code", "name", "kind", "kind_display", "aliases", "pinyin", "status"]
        read_only_fields = fields


class AddressSerializer(serializers.ModelSerializer):
    road = serializers.IntegerField(source="road_id", help_text="街路巷/小区编号")
    road_name = serializers.CharField(source="road.name", help_text="街路巷/小区名称")
    lng = serializers.DecimalField(max_digits=10, decimal_places=7, allow_null=True, coerce_to_string=True,
                                   help_text="经度（WGS-84）")
    lat = serializers.DecimalField(max_digits=10, decimal_places=7, allow_null=True, coerce_to_string=True,
                                   help_text="纬度（WGS-84）")
    status = serializers.CharField(help_text="active 使用中 / retired 已注销")
    successor = serializers.IntegerField(source="successor_id", allow_null=True, help_text="继承地址编号（已注销时）")

    class Meta:
        model = Address
        fields = ["id", "code", "region_code", "road", "road_name", "number", "building", "unit", "room",
                  "full_text", "lng", "lat", "status", "successor"]
        read_only_fields = fields


class MapLinksSerializer(serializers.Serializer):
    amap = serializers.CharField(help_text="高德地图导航（GCJ-02）")
    baidu = serializers.CharField(help_text="百度地图导航（BD-09）")
    tencent = serializers.CharField(help_text="腾讯地图导航（GCJ-02）")


class AddressDetailSerializer(AddressSerializer):
    road_detail = RoadSerializer(source="road", help_text="街路巷/小区")
    successor_code = serializers.SerializerMethodField(help_text="继承地址编码")
    map_links = serializers.SerializerMethodField(help_text="地图导航链接；无坐标时为 null")
    doorplate = serializers.SerializerMethodField(help_text="数字门牌编号；未安装时为 null")

    class Meta(AddressSerializer.Meta):
        fields = [*AddressSerializer.Meta.fields, "road_detail", "successor_code", "map_links", "doorplate"]
        read_only_fields = fields

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_successor_code(self, obj: Address) -> str | None:
        return obj.successor.code if obj.successor_id and obj.successor else None

    @extend_schema_field(MapLinksSerializer(allow_null=True))
    def get_map_links(self, obj: Address) -> dict[str, str] | None:
        if obj.lng is None or obj.lat is None:
            return None
        return map_links(float(obj.lng), float(obj.lat), obj.full_text)

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_doorplate(self, obj: Address) -> int | None:
        plate = selectors.address_doorplate(address=obj)
        return plate.pk if plate is not None else None


class AddressQuerySerializer(serializers.Serializer):
    q = serializers.CharField(required=False, allow_blank=True, max_length=100,
                              help_text="标准地址包含的文字，或地址编码前缀（全为数字时）")
    region_code = serializers.RegexField(r"^\d{2,12}$", required=False, allow_blank=True,
                                         help_text="区划代码或其前缀")
    road = serializers.IntegerField(required=False, min_value=1, max_value=selectors.PK_MAX,
                                    help_text="街路巷/小区编号")
    status = serializers.RegexField(r"^(active|retired)$", required=False, allow_blank=True,
                                    help_text="active 使用中 / retired 已注销",
                                    error_messages={"invalid": messages.ADDRESS_STATUS_INVALID})


class AddressCreateSerializer(serializers.Serializer):
    region_code = serializers.CharField(max_length=12, help_text="所属村（社区）12位区划代码，须在您的辖区内",
                                        error_messages=_required(messages.ADDRESS_REGION_REQUIRED))
    road = serializers.IntegerField(min_value=1, max_value=selectors.PK_MAX,
                                    help_text="街路巷/小区编号（本村社区或所在乡镇街道的）",
                                    error_messages={**_required(messages.IMPORT_ROAD_REQUIRED),
                                                    "invalid": core_messages.NOT_FOUND,
                                                    "min_value": core_messages.NOT_FOUND,
                                                    "max_value": core_messages.NOT_FOUND,
                                                    "max_string_length": core_messages.NOT_FOUND})
    number = serializers.CharField(max_length=10, help_text="门牌号，如 18 或 18-1",
                                   error_messages=_required(messages.ADDRESS_NUMBER_REQUIRED))
    building = serializers.CharField(max_length=10, required=False, allow_blank=True, default="", help_text="幢")
    unit = serializers.CharField(max_length=10, required=False, allow_blank=True, default="", help_text="单元")
    room = serializers.CharField(max_length=10, required=False, allow_blank=True, default="", help_text="室")
    lng = serializers.CharField(max_length=20, required=False, allow_blank=True, allow_null=True, default=None,
                                help_text="经度（WGS-84）")
    lat = serializers.CharField(max_length=20, required=False, allow_blank=True, allow_null=True, default=None,
                                help_text="纬度（WGS-84）")


class CoordinatesSerializer(serializers.Serializer):
    lng = serializers.CharField(max_length=20, allow_blank=True, allow_null=True, help_text="经度；与纬度同时为空表示清除")
    lat = serializers.CharField(max_length=20, allow_blank=True, allow_null=True, help_text="纬度")


class RetireSerializer(serializers.Serializer):
    successor = serializers.CharField(max_length=32, required=False, allow_blank=True, allow_null=True,
                                      help_text="继承地址的30位编码（须为您辖区内使用中的地址）；没有可不填")


class ResidentSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text="人员编号")
    name = serializers.CharField(help_text="姓名")
    id_number = serializers.CharField(source="id_number_masked", help_text="身份证号（脱敏）")
    phone = serializers.CharField(source="phone_masked", help_text="手机号（脱敏）")
    region_code = serializers.CharField(help_text="居住地区划代码")
    method = serializers.CharField(source="standard_address.method", help_text="auto 自动匹配 / manual 人工确认")
    score = serializers.DecimalField(source="standard_address.score", max_digits=4, decimal_places=3,
                                     coerce_to_string=True, help_text="匹配分")


class RoadQuerySerializer(serializers.Serializer):
    q = serializers.CharField(required=False, allow_blank=True, max_length=30, help_text="名称或别名包含")
    region_code = serializers.RegexField(r"^\d{2,12}$", required=False, allow_blank=True,
                                         help_text="区划代码或前缀；村（社区）代码同时列出所在乡镇街道的道路")


class RoadCreateSerializer(serializers.Serializer):
    region_code = serializers.CharField(max_length=12, help_text="所属乡镇街道或村（社区）的12位代码",
                                        error_messages=_required(messages.ROAD_REGION_INVALID))
    name = serializers.CharField(max_length=60, help_text="名称，只含汉字和数字",
                                 error_messages=_required(messages.ROAD_NAME_REQUIRED))
    kind = serializers.CharField(required=False, allow_blank=True, default="",
                                 help_text="road 街路巷 / compound 小区；不填按名称判断")
    aliases = serializers.ListField(child=serializers.CharField(max_length=60), required=False, default=list,
                                    max_length=services.ALIASES_MAX * 2, help_text="别名（曾用名、简称）")


class AliasesSerializer(serializers.Serializer):
    aliases = serializers.ListField(child=serializers.CharField(max_length=60), allow_empty=True,
                                    max_length=services.ALIASES_MAX * 2, help_text="新的别名列表（整体替换）")


class ImportUploadSerializer(serializers.Serializer):
    file = serializers.FileField(help_text=".xlsx 或 .csv；列：区划代码、街路巷/小区、门牌号（必填），类别、幢、单元、室、经度、纬度、状态",
                                 error_messages=_required("请选择要导入的文件"))
    only_good = serializers.BooleanField(required=False, default=True,
                                         help_text="有错误行时只导入正确的行（默认）；false 时有错误就不导入")


class ImportJobSerializer(serializers.ModelSerializer):
    status = serializers.CharField(help_text="pending 等待 / validating 校验中 / validated 校验完成（未导入）"
                                             " / committing 导入中 / done 完成 / failed 失败")
    status_display = serializers.CharField(source="get_status_display", help_text="状态名称")
    percent = serializers.IntegerField(help_text="进度百分比")
    errors = serializers.SerializerMethodField(help_text="前100条错误：[行号, 列, 值, 原因]")

    class Meta:
        model = ImportJob
        fields = ["id", "filename", "status", "status_display", "total_rows", "processed_rows", "percent",
                  "good_rows", "bad_rows", "created_count", "unchanged_count", "error_message", "errors",
                  "created_at", "finished_at"]
        read_only_fields = fields

    @extend_schema_field(serializers.ListField(child=serializers.ListField(child=serializers.CharField())))
    def get_errors(self, obj: ImportJob) -> list[list[Any]]:
        return [[str(v) for v in e] for e in (obj.errors or [])[:ERRORS_SHOWN]]


class QualitySummarySerializer(serializers.Serializer):
    """A county's latest run, with its figures counted inside the caller's scope."""

    id = serializers.IntegerField(source="run.id", help_text="检查编号")
    region_code = serializers.CharField(source="run.region_code", help_text="区县区划代码")
    whole_county = serializers.BooleanField(help_text="true：全区县的数字；false：只含您辖区内的地址")
    total = serializers.IntegerField(help_text="地址数")
    bad = serializers.IntegerField(help_text="问题地址数")
    score = serializers.DecimalField(max_digits=5, decimal_places=2, coerce_to_string=True, help_text="质量得分")
    counts = serializers.DictField(child=serializers.IntegerField(), help_text="各类问题数")
    started_at = serializers.DateTimeField(source="run.started_at")
    finished_at = serializers.DateTimeField(source="run.finished_at")


class CodeCursorPagination(CursorPagination):
    """Addresses and roads page in code order, which is place order."""

    ordering = "code"


# ---- views ----------------------------------------------------------------------------------


def _need(request: Request, perm: str) -> None:
    if not request.user.has_perm(perm):
        raise PermissionDenied(core_messages.PERMISSION_DENIED)


def _road_for(request: Request, pk: Any) -> Road:
    """A road named in a body: outside the scope it is a 400 on the field, like a missing one."""
    try:
        return selectors.road_get(user=request.user, pk=pk)
    except Http404 as exc:
        raise serializers.ValidationError({"road": [core_messages.NOT_FOUND]}) from exc


class AddressListCreateApi(ApiView):
    pagination_class = CodeCursorPagination
    serializer_class = AddressCreateSerializer
    query_serializer_class = AddressQuerySerializer
    required_permissions = {"POST": MANAGE}

    @extend_schema(operation_id="addresses_list", summary="标准地址查询（仅本辖区）", tags=TAGS,
                   responses=AddressSerializer(many=True))
    def get(self, request: Request) -> Response:
        params = self.query_params()
        addresses = selectors.address_list(user=request.user, q=params.get("q", ""),
                                           region_code=params.get("region_code", ""), road_id=params.get("road"),
                                           status=params.get("status", ""))
        return self.paginated(addresses, AddressSerializer)

    @extend_schema(
        operation_id="addresses_create", summary="新增标准地址", tags=TAGS, request=AddressCreateSerializer,
        responses={201: AddressDetailSerializer},
        examples=[OpenApiExample("地址已存在", value={"number": [messages.ADDRESS_DUPLICATE.format(
            full_text="湖州市吴兴区爱山街道仪凤桥社区红旗路18号", code="330502003001000100180000000000")]},
            status_codes=["400"], response_only=True)],
    )
    def post(self, request: Request) -> Response:
        data = AddressCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        road = _road_for(request, values.pop("road"))
        address = services.address_create(actor=request.user, road=road, **values)
        return Response(AddressDetailSerializer(address).data, status=status.HTTP_201_CREATED)


class AddressDetailApi(ApiView):
    @extend_schema(operation_id="addresses_retrieve", summary="标准地址详情", tags=TAGS,
                   responses=AddressDetailSerializer)
    def get(self, request: Request, pk: str, **kwargs: Any) -> Response:
        return Response(AddressDetailSerializer(selectors.address_get(user=request.user, pk=pk)).data)


class AddressCoordinatesApi(ApiView):
    serializer_class = CoordinatesSerializer
    required_permissions = {"POST": MANAGE}

    @extend_schema(operation_id="addresses_coordinates", summary="设置或清除坐标（WGS-84）", tags=TAGS,
                   request=CoordinatesSerializer, responses=AddressDetailSerializer)
    def post(self, request: Request, pk: str, **kwargs: Any) -> Response:
        address = selectors.address_get(user=request.user, pk=pk)
        data = CoordinatesSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        address = services.address_update_coordinates(actor=request.user, address=address, **data.validated_data)
        return Response(AddressDetailSerializer(address).data)


class AddressRetireApi(ApiView):
    serializer_class = RetireSerializer
    required_permissions = {"POST": MANAGE}

    @extend_schema(operation_id="addresses_retire", summary="注销地址（保留编码，指向继承地址）", tags=TAGS,
                   request=RetireSerializer, responses=AddressDetailSerializer)
    def post(self, request: Request, pk: str, **kwargs: Any) -> Response:
        address = selectors.address_get(user=request.user, pk=pk)
        data = RetireSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        code = (data.validated_data.get("successor") or "").strip()
        successor = None
        if code:
            try:
                successor = selectors.address_get(user=request.user, code=code)
            except Http404 as exc:
                raise serializers.ValidationError({"successor": [core_messages.NOT_FOUND]}) from exc
        address = services.address_retire(actor=request.user, address=address, successor=successor)
        return Response(AddressDetailSerializer(address).data)


class AddressResidentsApi(ApiView):
    pagination_class = CursorPagination

    @extend_schema(operation_id="addresses_residents", summary="居住在此的居民（本辖区内，脱敏）", tags=TAGS,
                   responses=ResidentSerializer(many=True))
    def get(self, request: Request, pk: str, **kwargs: Any) -> Response:
        address = selectors.address_get(user=request.user, pk=pk)
        response = self.paginated(selectors.people_at_address(user=request.user, address=address), ResidentSerializer)
        access_record_many(actor=request.user, subjects=list(self.paginator.page), channel="api")
        return response


class RoadListCreateApi(ApiView):
    pagination_class = CodeCursorPagination
    serializer_class = RoadCreateSerializer
    query_serializer_class = RoadQuerySerializer
    required_permissions = {"POST": MANAGE}

    @extend_schema(operation_id="roads_list", summary="街路巷和小区（本辖区）", tags=ROAD_TAGS,
                   responses=RoadSerializer(many=True))
    def get(self, request: Request) -> Response:
        return self.paginated(selectors.road_list(user=request.user, **self.query_params()), RoadSerializer)

    @extend_schema(operation_id="roads_create", summary="新增街路巷或小区", tags=ROAD_TAGS,
                   request=RoadCreateSerializer, responses={201: RoadSerializer})
    def post(self, request: Request) -> Response:
        data = RoadCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        road = services.road_create(actor=request.user, **data.validated_data)
        return Response(RoadSerializer(road).data, status=status.HTTP_201_CREATED)


class RoadAliasesApi(ApiView):
    serializer_class = AliasesSerializer
    required_permissions = {"POST": MANAGE}

    @extend_schema(operation_id="roads_aliases", summary="修改别名（整体替换）", tags=ROAD_TAGS,
                   request=AliasesSerializer, responses=RoadSerializer)
    def post(self, request: Request, pk: str, **kwargs: Any) -> Response:
        road = selectors.road_get(user=request.user, pk=pk)
        data = AliasesSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        road = services.road_update_aliases(actor=request.user, road=road, aliases=data.validated_data["aliases"])
        return Response(RoadSerializer(road).data)


class AddressImportApi(ApiView):
    parser_classes = [MultiPartParser, FormParser]
    serializer_class = ImportUploadSerializer
    required_permissions = {"POST": MANAGE}

    @extend_schema(operation_id="addresses_import", summary="上传地址文件导入（后台任务）", tags=TAGS,
                   request={"multipart/form-data": ImportUploadSerializer},
                   responses={202: ImportJobSerializer})
    def post(self, request: Request) -> Response:
        data = ImportUploadSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        upload = data.validated_data["file"]
        job = imports.address_import_start(actor=request.user, data=b"".join(upload.chunks()),
                                           filename=upload.name or "upload.csv",
                                           only_good=data.validated_data["only_good"])
        job = selectors.address_import_get(user=request.user, pk=job.pk, with_errors=True)
        return Response(ImportJobSerializer(job).data, status=status.HTTP_202_ACCEPTED)


class AddressImportDetailApi(ApiView):
    @extend_schema(operation_id="addresses_import_retrieve", summary="导入任务进度与结果", tags=TAGS,
                   responses=ImportJobSerializer)
    def get(self, request: Request, pk: str, **kwargs: Any) -> Response:
        job = selectors.address_import_get(user=request.user, pk=pk, with_errors=True)
        return Response(ImportJobSerializer(job).data)


class AddressQualityApi(ApiView):
    pagination_class = None

    @extend_schema(operation_id="addresses_quality", summary="各区县最新的数据质量得分（本辖区）", tags=TAGS,
                   responses=QualitySummarySerializer(many=True))
    def get(self, request: Request) -> Response:
        return Response(QualitySummarySerializer(selectors.quality_summaries(user=request.user), many=True).data)


urlpatterns = [
    path("addresses/", AddressListCreateApi.as_view(), name="places-api-addresses"),
    path("addresses/import/", AddressImportApi.as_view(), name="places-api-address-import"),
    path("addresses/import/<placesid:pk>/", AddressImportDetailApi.as_view(), name="places-api-address-import-job"),
    path("addresses/quality/", AddressQualityApi.as_view(), name="places-api-address-quality"),
    path("addresses/<placesid:pk>/", AddressDetailApi.as_view(), name="places-api-address"),
    path("addresses/<placesid:pk>/coordinates/", AddressCoordinatesApi.as_view(),
         name="places-api-address-coordinates"),
    path("addresses/<placesid:pk>/retire/", AddressRetireApi.as_view(), name="places-api-address-retire"),
    path("addresses/<placesid:pk>/residents/", AddressResidentsApi.as_view(), name="places-api-address-residents"),
    path("roads/", RoadListCreateApi.as_view(), name="places-api-roads"),
    path("roads/<placesid:pk>/aliases/", RoadAliasesApi.as_view(), name="places-api-road-aliases"),
]
