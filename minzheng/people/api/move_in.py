"""``/api/move-ins/``: 迁入申请, the move of a resident registered elsewhere into the caller's
region, and its decision by the officers of the resident's current region."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from minzheng.core.api.base import ApiView
from minzheng.core.api.pagination import CursorPagination
from minzheng.core.models import User
from minzheng.core.scope import scope_for
from minzheng.people.move_in import messages, selectors, services
from minzheng.people.move_in.models import MoveInRequest
from minzheng.people.move_in.selectors import Direction

CHANNEL = "api"


class MoveInRequestSerializer(serializers.ModelSerializer):
    """What either side may read. The region the person lives in (``from_region_code``) and the
    registry's person id are shown only to staff whose scope holds the person now; the
    requesting side sees them after acceptance."""

    status_display = serializers.CharField(source="get_status_display", help_text="状态名称")
    requested_by = serializers.CharField(source="requested_by.get_username", help_text="申请人账号")
    decided_by = serializers.SerializerMethodField(help_text="处理人账号")
    from_region_code = serializers.SerializerMethodField(help_text="迁出地区划（仅该人员现居住地一方可见）")
    person = serializers.SerializerMethodField(help_text="人员编号（仅该人员现居住地一方可见）")

    class Meta:
        model = MoveInRequest
        fields = ["id", "id_number_masked", "name_given", "to_region_code", "from_region_code", "person", "reason",
                  "status", "status_display", "requested_by", "requested_at", "decided_by", "decided_at",
                  "decision_note"]

    def _sees_person(self, obj: MoveInRequest) -> bool:
        user: User = self.context["request"].user
        current = obj.to_region_code if obj.status == MoveInRequest.Status.ACCEPTED else obj.from_region_code
        return scope_for(user).contains(current)

    def get_decided_by(self, obj: MoveInRequest) -> str | None:
        return obj.decided_by.get_username() if obj.decided_by_id else None

    def get_from_region_code(self, obj: MoveInRequest) -> str | None:
        return obj.from_region_code if scope_for(self.context["request"].user).contains(obj.from_region_code) else None

    def get_person(self, obj: MoveInRequest) -> int | None:
        return obj.person_id if self._sees_person(obj) else None


class MoveInCreateSerializer(serializers.Serializer):
    id_number = serializers.CharField(max_length=24, help_text="要迁入人员的身份证号")
    name = serializers.CharField(max_length=50, help_text="姓名，由对方经办人核对")
    region_code = serializers.CharField(max_length=12, help_text="迁入地：本辖区内的村（社区）12位代码")
    reason = serializers.CharField(max_length=400, help_text="迁入理由")


class MoveInQuerySerializer(serializers.Serializer):
    direction = serializers.ChoiceField(choices=[(d.value, selectors.DIRECTION_LABELS[d]) for d in Direction],
                                        help_text="incoming 待我方处理（该人员现居本辖区）；outgoing 我方提出")
    status = serializers.ChoiceField(choices=MoveInRequest.Status.choices, required=False, allow_blank=True,
                                     help_text="状态")


class MoveInAcceptSerializer(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, max_length=400, help_text="处理意见")


class MoveInRefuseSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=400, help_text="拒绝理由，申请方可见")


DECIDED = OpenApiExample("已处理", value={"status": [messages.ALREADY_DECIDED.format(status="已同意")]},
                         status_codes=["400"], response_only=True)


class MoveInListCreateApi(ApiView):
    pagination_class = CursorPagination
    serializer_class = MoveInCreateSerializer
    query_serializer_class = MoveInQuerySerializer
    required_permissions = {"POST": "people.add_person"}

    @extend_schema(operation_id="move_ins_list", summary="迁入申请列表（待我方处理 / 我方提出）", tags=["move-ins"],
                   responses=MoveInRequestSerializer(many=True))
    def get(self, request: Request) -> Response:
        params = self.query_params()
        rows = selectors.move_in_request_list(user=request.user, direction=params["direction"],
                                              status=params.get("status", "")).order_by("-id")
        return self.paginated(rows, MoveInRequestSerializer)

    @extend_schema(operation_id="move_ins_create", summary="提出迁入申请（按身份证号，对方处理前看不到其登记信息）",
                   tags=["move-ins"], request=MoveInCreateSerializer, responses={201: MoveInRequestSerializer},
                   examples=[OpenApiExample("已有待处理申请", value={"id_number": [messages.PENDING_EXISTS]},
                                            status_codes=["400"], response_only=True)])
    def post(self, request: Request) -> Response:
        data = MoveInCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        move = services.move_in_request_create(actor=request.user, channel=CHANNEL, **data.validated_data)
        return Response(MoveInRequestSerializer(move, context={"request": request}).data,
                        status=status.HTTP_201_CREATED)


class MoveInDetailApi(ApiView):
    @extend_schema(operation_id="move_ins_retrieve", summary="迁入申请详情", tags=["move-ins"],
                   responses=MoveInRequestSerializer)
    def get(self, request: Request, pk: int, **kwargs: Any) -> Response:
        move = selectors.move_in_request_get(user=request.user, pk=pk)
        return Response(MoveInRequestSerializer(move, context={"request": request}).data)


class MoveInAcceptApi(ApiView):
    serializer_class = MoveInAcceptSerializer
    required_permissions = {"POST": "people.change_person"}

    @extend_schema(operation_id="move_ins_accept", summary="同意迁入（该人员现居住地一方）", tags=["move-ins"],
                   request=MoveInAcceptSerializer, responses=MoveInRequestSerializer, examples=[DECIDED])
    def post(self, request: Request, pk: int, **kwargs: Any) -> Response:
        move = selectors.move_in_request_get(user=request.user, pk=pk)
        data = MoveInAcceptSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        move = services.move_in_request_accept(actor=request.user, request=move, **data.validated_data)
        return Response(MoveInRequestSerializer(move, context={"request": request}).data)


class MoveInRefuseApi(ApiView):
    serializer_class = MoveInRefuseSerializer
    required_permissions = {"POST": "people.change_person"}

    @extend_schema(operation_id="move_ins_refuse", summary="拒绝迁入（须写明理由）", tags=["move-ins"],
                   request=MoveInRefuseSerializer, responses=MoveInRequestSerializer, examples=[DECIDED])
    def post(self, request: Request, pk: int, **kwargs: Any) -> Response:
        move = selectors.move_in_request_get(user=request.user, pk=pk)
        data = MoveInRefuseSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        move = services.move_in_request_refuse(actor=request.user, request=move, **data.validated_data)
        return Response(MoveInRequestSerializer(move, context={"request": request}).data)


class MoveInWithdrawApi(ApiView):
    # No body; DRF's OPTIONS answer still describes the POST through a serializer.
    serializer_class = serializers.Serializer
    required_permissions = {"POST": "people.add_person"}

    @extend_schema(operation_id="move_ins_withdraw", summary="撤回迁入申请（申请方）", tags=["move-ins"],
                   request=None, responses=MoveInRequestSerializer, examples=[DECIDED])
    def post(self, request: Request, pk: int, **kwargs: Any) -> Response:
        move = selectors.move_in_request_get(user=request.user, pk=pk)
        move = services.move_in_request_withdraw(actor=request.user, request=move)
        return Response(MoveInRequestSerializer(move, context={"request": request}).data)
