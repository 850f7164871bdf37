"""``/api/place-names/``: the naming workflow for rural roads and bridges, the public heritage
list, and the year's place-name figures.

Proposals are read through the scope (a proposal belongs to its township and its village), so
one outside it answers 404. Writes need ``places.manage_place_names``; the services decide the
level (township review, county approval) and answer 403 with the reason when it is wrong.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.urls import path
from drf_spectacular.utils import OpenApiExample, extend_schema, extend_schema_field
from rest_framework import exceptions, serializers, status
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response

from minzheng.core.api.base import ApiView
from minzheng.core.geo import map_links
from minzheng.places import messages
from minzheng.places.names import rules as naming_rules
from minzheng.places.names import selectors as selectors_names
from minzheng.places.names import services as services_names
from minzheng.places.names.models import HeritageBatch, HeritageEntry, NamingProposal

PERMISSION = services_names.PERMISSION
TAGS = ["place-names"]
YEAR_MIN, YEAR_MAX = 2000, 2100


def _required(message: str) -> dict[str, str]:
    return {"required": message, "blank": message, "null": message}


# ---- serializers -------------------------------------------------------------------------------

class NamingProposalSerializer(serializers.ModelSerializer):
    kind_display = serializers.CharField(source="get_kind_display", help_text="类别名称")
    status_display = serializers.CharField(source="get_status_display", help_text="状态名称")
    proposed_by = serializers.CharField(source="proposed_by.get_username", help_text="申请人账号")
    road = serializers.CharField(source="road.code", allow_null=True, default=None,
                                 help_text="批准后登记的道路编码；桥梁和未批准的为 null")

    class Meta:
        model = NamingProposal
        fields = ["id", "name", "pinyin", "kind", "kind_display", "region_code", "village_code", "reason", "status",
                  "status_display", "proposed_by", "created_at", "reviewed_at", "approved_at", "published_on",
                  "rejection_reason", "road"]
        read_only_fields = fields


class NamingProposalQuerySerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=NamingProposal.Status.choices, required=False, allow_blank=True,
                                     help_text="状态")
    kind = serializers.ChoiceField(choices=NamingProposal.Kind.choices, required=False, allow_blank=True,
                                   help_text="类别")
    q = serializers.CharField(required=False, allow_blank=True, max_length=20, help_text="名称包含")
    township = serializers.RegexField(r"^\d{2,12}$", required=False, allow_blank=True,
                                      help_text="乡镇区划代码或前缀")


class NamingProposalCreateSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=naming_rules.NAME_MAX, help_text="拟用名称：汉字和数字，2至12个字，以通名结尾",
                                 error_messages={**_required(messages.NAMING_NAME_REQUIRED),
                                                 "max_length": messages.NAMING_NAME_TOO_LONG.format(
                                                     max=naming_rules.NAME_MAX)})
    kind = serializers.ChoiceField(choices=NamingProposal.Kind.choices, help_text="road 道路、bridge 桥梁",
                                   error_messages={**_required(messages.NAMING_KIND_INVALID),
                                                   "invalid_choice": messages.NAMING_KIND_INVALID})
    township = serializers.CharField(required=False, allow_blank=True, max_length=12,
                                     help_text="所在乡镇12位区划代码；填写村（社区）时可省略")
    village = serializers.CharField(required=False, allow_blank=True, max_length=12,
                                    help_text="所在村（社区）12位区划代码；村社网格员可省略（默认本村）")
    reason = serializers.CharField(allow_blank=True, max_length=naming_rules.REASON_MAX,
                                   help_text=f"命名理由，不少于{naming_rules.REASON_MIN}个字",
                                   error_messages={**_required(messages.NAMING_REASON_TOO_SHORT.format(
                                       min=naming_rules.REASON_MIN)),
                                       "max_length": messages.NAMING_REASON_TOO_LONG.format(
                                           max=naming_rules.REASON_MAX)})
    pinyin = serializers.CharField(required=False, allow_blank=True, max_length=naming_rules.PINYIN_MAX,
                                   help_text="汉语拼音；留空则自动生成",
                                   error_messages={"max_length": messages.NAMING_PINYIN_TOO_LONG.format(
                                       max=naming_rules.PINYIN_MAX)})


class NamingDecisionSerializer(serializers.Serializer):
    decision = serializers.ChoiceField(choices=[("approve", "同意"), ("reject", "退回")],
                                       help_text="approve 同意、reject 退回",
                                       error_messages={**_required(messages.NAMING_DECISION_INVALID),
                                                       "invalid_choice": messages.NAMING_DECISION_INVALID})
    reason = serializers.CharField(required=False, allow_blank=True, max_length=naming_rules.REASON_MAX,
                                   help_text="意见；退回时必填",
                                   error_messages={"max_length": messages.NAMING_REASON_TOO_LONG.format(
                                       max=naming_rules.REASON_MAX)})


class NamingPublishSerializer(serializers.Serializer):
    published_on = serializers.DateField(required=False, allow_null=True, help_text="公布日期；省略为今天")


class HeritageEntrySerializer(serializers.ModelSerializer):
    protection_display = serializers.CharField(source="get_protection_display", help_text="保护状态名称")
    map_links = serializers.SerializerMethodField(help_text="导航链接（高德、百度、腾讯）；无坐标时为 null")

    class Meta:
        model = HeritageEntry
        fields = ["id", "name", "category", "region_code", "location", "history", "protection",
                  "protection_display", "lng", "lat", "map_links"]
        read_only_fields = fields

    @extend_schema_field(serializers.DictField(child=serializers.URLField(), allow_null=True))
    def get_map_links(self, obj: HeritageEntry) -> dict[str, str] | None:
        if obj.lng is None or obj.lat is None:
            return None
        return map_links(float(obj.lng), float(obj.lat), obj.name)


class HeritageBatchSerializer(serializers.ModelSerializer):
    entries = HeritageEntrySerializer(many=True, help_text="本批次收录的地名")

    class Meta:
        model = HeritageBatch
        fields = ["id", "name", "published_on", "entries"]
        read_only_fields = fields


class PlaceNameCountsQuerySerializer(serializers.Serializer):
    year = serializers.IntegerField(
        min_value=YEAR_MIN, max_value=YEAR_MAX, help_text="年度，如 2024",
        error_messages={key: messages.COUNTS_YEAR_INVALID.format(min=YEAR_MIN, max=YEAR_MAX)
                        for key in ("required", "null", "invalid", "min_value", "max_value", "max_string_length")},
    )


class NamedPerYearSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    roads = serializers.IntegerField(help_text="道路（条）")
    bridges = serializers.IntegerField(help_text="桥梁（座）")
    total = serializers.IntegerField()


class PlaceNameCountsSerializer(serializers.Serializer):
    year = serializers.IntegerField(help_text="年度")
    rural_roads_named = serializers.IntegerField(help_text="命名乡村道路（桥梁）条（座），按批准年度")
    signage_products = serializers.IntegerField(help_text="收录地名标识产品（个）")
    culture_routes = serializers.IntegerField(help_text="地名文化旅游精品线路（条）")
    culture_halls = serializers.IntegerField(help_text="新建改建地名文化展示馆（家）")


# ---- views -------------------------------------------------------------------------------------

def _act(call: Any, **kwargs: Any) -> Any:
    """Call a service, keeping its own reason on a 403 (the generic handler would drop it)."""
    try:
        return call(**kwargs)
    except DjangoPermissionDenied as exc:
        raise exceptions.PermissionDenied(str(exc) or None) from exc


class ProposalListCreateApi(ApiView):
    serializer_class = NamingProposalCreateSerializer
    query_serializer_class = NamingProposalQuerySerializer
    required_permissions = {"POST": PERMISSION}

    @extend_schema(operation_id="place_names_proposals_list", summary="命名申请列表（仅本辖区）", tags=TAGS,
                   responses=NamingProposalSerializer(many=True))
    def get(self, request: Request) -> Response:
        return self.paginated(selectors_names.proposal_list(user=request.user, **self.query_params()),
                              NamingProposalSerializer)

    @extend_schema(
        operation_id="place_names_proposals_create", summary="提交命名申请", tags=TAGS,
        request=NamingProposalCreateSerializer, responses={201: NamingProposalSerializer},
        examples=[
            OpenApiExample("通名不符", value={"name": [messages.NAMING_NAME_ROAD_SUFFIX]}, status_codes=["400"],
                           response_only=True),
            OpenApiExample("重名", value={"name": [messages.NAMING_NAME_DUPLICATE_ROAD.format(
                name="桑梓路", code="3305021000000001")]}, status_codes=["400"], response_only=True),
            OpenApiExample("超出辖区", value={"township": [messages.NAMING_REGION_OUT_OF_SCOPE]},
                           status_codes=["400"], response_only=True),
        ],
    )
    def post(self, request: Request) -> Response:
        data = NamingProposalCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        proposal = _act(services_names.naming_propose, actor=request.user, name=values["name"], kind=values["kind"],
                        reason=values["reason"], township_code=values.get("township", ""),
                        village_code=values.get("village", ""), pinyin=values.get("pinyin", ""))
        return Response(NamingProposalSerializer(proposal).data, status=status.HTTP_201_CREATED)


class ProposalDetailApi(ApiView):
    @extend_schema(operation_id="place_names_proposals_retrieve", summary="命名申请详情", tags=TAGS,
                   responses=NamingProposalSerializer)
    def get(self, request: Request, pk: int, **kwargs: Any) -> Response:
        return Response(NamingProposalSerializer(selectors_names.proposal_get(user=request.user, pk=pk)).data)


class _DecisionApi(ApiView):
    serializer_class = NamingDecisionSerializer
    required_permissions = {"POST": PERMISSION}
    service: Any = None

    def post(self, request: Request, pk: int, **kwargs: Any) -> Response:
        # Scope first: a proposal outside it is 404 whatever the body says.
        proposal = selectors_names.proposal_get(user=request.user, pk=pk)
        data = NamingDecisionSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        proposal = _act(type(self).service, actor=request.user, proposal=proposal,
                        approve=data.validated_data["decision"] == "approve",
                        reason=data.validated_data.get("reason", ""))
        return Response(NamingProposalSerializer(proposal).data)


class ProposalReviewApi(_DecisionApi):
    service = staticmethod(services_names.naming_township_review)

    @extend_schema(
        operation_id="place_names_proposals_review", summary="乡镇审核（同意或退回）", tags=TAGS,
        request=NamingDecisionSerializer, responses=NamingProposalSerializer,
        examples=[OpenApiExample("退回未填理由", value={"reason": [messages.NAMING_REJECTION_REASON_REQUIRED]},
                                 status_codes=["400"], response_only=True),
                  OpenApiExample("重复审核", value={"non_field_errors": [messages.NAMING_ALREADY_REVIEWED]},
                                 status_codes=["400"], response_only=True)],
    )
    def post(self, request: Request, pk: int, **kwargs: Any) -> Response:
        return super().post(request, pk, **kwargs)


class ProposalApproveApi(_DecisionApi):
    service = staticmethod(services_names.naming_county_approve)

    @extend_schema(
        operation_id="place_names_proposals_approve", summary="区县审批（同意或退回）；批准道路即登记街路巷",
        tags=TAGS, request=NamingDecisionSerializer, responses=NamingProposalSerializer,
        examples=[OpenApiExample("未经乡镇审核", value={"non_field_errors": [messages.NAMING_REVIEW_FIRST]},
                                 status_codes=["400"], response_only=True)],
    )
    def post(self, request: Request, pk: int, **kwargs: Any) -> Response:
        return super().post(request, pk, **kwargs)


class ProposalPublishApi(ApiView):
    serializer_class = NamingPublishSerializer
    required_permissions = {"POST": PERMISSION}

    @extend_schema(
        operation_id="place_names_proposals_publish", summary="公布已批准的名称", tags=TAGS,
        request=NamingPublishSerializer, responses=NamingProposalSerializer,
        examples=[OpenApiExample("尚未批准", value={"non_field_errors": [messages.NAMING_NOT_APPROVED.format(
            status="待区县审批")]}, status_codes=["400"], response_only=True)],
    )
    def post(self, request: Request, pk: int, **kwargs: Any) -> Response:
        proposal = selectors_names.proposal_get(user=request.user, pk=pk)
        data = NamingPublishSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        proposal = _act(services_names.naming_publish, actor=request.user, proposal=proposal,
                        published_on=data.validated_data.get("published_on"))
        return Response(NamingProposalSerializer(proposal).data)


class HeritageListApi(ApiView):
    """Public: no sign-in, and the heritage tables hold no personal data."""

    authentication_classes: list[Any] = []
    permission_classes = [AllowAny]
    pagination_class = None

    @extend_schema(operation_id="place_names_heritage_list", summary="地名文化遗产保护名录（公开）", tags=TAGS,
                   responses=HeritageBatchSerializer(many=True), auth=[])
    def get(self, request: Request) -> Response:
        return Response(HeritageBatchSerializer(selectors_names.heritage_public(), many=True).data)


class CountsApi(ApiView):
    query_serializer_class = PlaceNameCountsQuerySerializer

    @extend_schema(operation_id="place_names_counts", summary="地名工作年度数量（仅本辖区）", tags=TAGS,
                   responses=PlaceNameCountsSerializer)
    def get(self, request: Request) -> Response:
        year = self.query_params()["year"]
        return Response({"year": year, **selectors_names.place_name_counts(user=request.user, year=year)})


class NamedPerYearApi(ApiView):
    pagination_class = None

    @extend_schema(operation_id="place_names_named_per_year", summary="历年命名道路桥梁数量（仅本辖区）",
                   tags=TAGS, responses=NamedPerYearSerializer(many=True))
    def get(self, request: Request) -> Response:
        return Response(selectors_names.named_per_year(user=request.user))


urlpatterns = [
    path("place-names/proposals/", ProposalListCreateApi.as_view(), name="place-names-proposals"),
    path("place-names/proposals/<int:pk>/", ProposalDetailApi.as_view(), name="place-names-proposal"),
    path("place-names/proposals/<int:pk>/review/", ProposalReviewApi.as_view(), name="place-names-proposal-review"),
    path("place-names/proposals/<int:pk>/approve/", ProposalApproveApi.as_view(),
         name="place-names-proposal-approve"),
    path("place-names/proposals/<int:pk>/publish/", ProposalPublishApi.as_view(),
         name="place-names-proposal-publish"),
    path("place-names/heritage/", HeritageListApi.as_view(), name="place-names-heritage"),
    path("place-names/counts/", CountsApi.as_view(), name="place-names-counts"),
    path("place-names/named-per-year/", NamedPerYearApi.as_view(), name="place-names-named-per-year"),
]
