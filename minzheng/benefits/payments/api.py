"""``/api/benefits/payment-runs/``: list and start payment runs, read one with its differences
from last month, approve it (mounted under /api/ by minzheng/urls.py).

Thin: a serializer checks the shape, one service or selector does the work; errors are Chinese
and name the field (``program``, ``period``, ``region``, ``status``, ``approved_by``). A run
outside the user's scope answers 404.
"""

from __future__ import annotations

from typing import Any

from django.urls import path
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from minzheng.benefits.payments import messages, selectors, services
from minzheng.benefits.payments.models import PaymentRun
from minzheng.core.api.base import ApiView

RUN_ID = OpenApiParameter("id", OpenApiTypes.INT, OpenApiParameter.PATH, description="发放批次编号")


class RunSerializer(serializers.ModelSerializer):
    program = serializers.CharField(source="program.code", help_text="项目代码")
    program_name = serializers.CharField(source="program.name", help_text="项目名称")
    period = serializers.DateField(format="%Y-%m", help_text="发放月份 YYYY-MM")
    # A plain string, not an enum: "status" enums of other models would collide in the schema.
    status = serializers.CharField(help_text="computing 计算中 / computed 待审核 / approved 已审核 / exported 已导出")
    status_display = serializers.CharField(source="get_status_display", help_text="状态名称")
    percent = serializers.IntegerField(help_text="计算进度百分比")
    total_amount = serializers.DecimalField(max_digits=16, decimal_places=2, help_text="发放总额（元），等于明细之和")
    created_by = serializers.CharField(source="created_by.username", default=None, help_text="制单人")
    approved_by = serializers.CharField(source="approved_by.username", default=None, help_text="审核人")

    class Meta:
        model = PaymentRun
        fields = ["id", "program", "program_name", "period", "region_prefix", "status", "status_display", "percent",
                  "batches_done", "batches_total", "line_count", "total_amount", "backpay_count", "reissue_count",
                  "created_by", "created_at", "approved_by", "approved_at", "exported_at", "error_message"]


class GroupSerializer(serializers.Serializer):
    count = serializers.IntegerField(help_text="笔数")
    amount = serializers.DecimalField(max_digits=16, decimal_places=2, help_text="金额（金额变化为变化合计）")


class DifferencesSerializer(serializers.Serializer):
    previous_period = serializers.DateField(format="%Y-%m", help_text="上月")
    has_previous = serializers.BooleanField(help_text="上月是否有发放记录")
    new = GroupSerializer(help_text="新增")
    stopped = GroupSerializer(help_text="停发")
    changed = GroupSerializer(help_text="金额变化")
    backpay = GroupSerializer(help_text="补发")
    reissue = GroupSerializer(help_text="重发")
    stale = serializers.BooleanField(help_text="批次计算后上月发放记录又有变化（如回盘失败），重新生成批次可刷新差异")


class RunDetailSerializer(RunSerializer):
    differences = serializers.SerializerMethodField(help_text="与上月的差异（计算完成后）")

    class Meta(RunSerializer.Meta):
        fields = [*RunSerializer.Meta.fields, "differences"]

    @extend_schema_field(DifferencesSerializer(allow_null=True))
    def get_differences(self, obj: PaymentRun) -> dict[str, Any] | None:
        differences = selectors.run_differences_stored(run=obj)  # kept on the run when it was computed
        if differences is None:
            return None
        return DifferencesSerializer(differences).data  # type: ignore[return-value]


class RunCreateSerializer(serializers.Serializer):
    program = serializers.CharField(max_length=32, help_text="项目代码，例如 dibao",
                                    error_messages={"required": messages.PROGRAM_REQUIRED,
                                                    "blank": messages.PROGRAM_REQUIRED,
                                                    "null": messages.PROGRAM_REQUIRED})
    period = serializers.CharField(max_length=20, help_text="发放月份 YYYY-MM",
                                   error_messages={"required": messages.PERIOD_REQUIRED,
                                                   "blank": messages.PERIOD_REQUIRED,
                                                   "null": messages.PERIOD_REQUIRED})
    region = serializers.CharField(max_length=12, required=False, allow_blank=True,
                                   help_text="发放范围：区划代码前缀；不填为本人辖区")


class ApproveSerializer(serializers.Serializer):
    """Approving takes no body: the approver is the signed-in user."""


class RunQuerySerializer(serializers.Serializer):
    program = serializers.CharField(max_length=32, required=False, allow_blank=True, help_text="项目代码")


class RunListCreateApi(ApiView):
    serializer_class = RunCreateSerializer
    query_serializer_class = RunQuerySerializer
    required_permissions = {"GET": services.PERM_MANAGE, "POST": services.PERM_MANAGE}

    @extend_schema(operation_id="payment_runs_list", summary="发放批次列表（仅本辖区）", tags=["payments"],
                   responses=RunSerializer(many=True))
    def get(self, request: Request) -> Response:
        return self.paginated(selectors.run_list(user=request.user, **self.query_params()), RunSerializer)

    @extend_schema(
        operation_id="payment_runs_create", summary="生成发放批次（后台计算；重复生成返回同一批次）", tags=["payments"],
        request=RunCreateSerializer, responses={202: RunSerializer},
        examples=[
            OpenApiExample("月份错误", value={"period": [messages.PERIOD_INVALID.format(value="2024-13")]},
                           status_codes=["400"], response_only=True),
            OpenApiExample("范围不在辖区", value={"region": [messages.REGION_OUT_OF_SCOPE.format(code="330523")]},
                           status_codes=["400"], response_only=True),
        ],
    )
    def post(self, request: Request) -> Response:
        data = RunCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        run = services.payment_run_start(actor=request.user, program_code=data.validated_data["program"],
                                         period=data.validated_data["period"],
                                         region_prefix=data.validated_data.get("region", ""), background=True)
        return Response(RunSerializer(run).data, status=status.HTTP_202_ACCEPTED)


class RunDetailApi(ApiView):
    required_permissions = {"GET": services.PERM_MANAGE}

    @extend_schema(operation_id="payment_runs_retrieve", summary="发放批次详情（含与上月的差异）", tags=["payments"],
                   parameters=[RUN_ID], responses=RunDetailSerializer)
    def get(self, request: Request, pk: str, **kwargs: Any) -> Response:
        return Response(RunDetailSerializer(selectors.run_get(user=request.user, pk=pk)).data)


class RunApproveApi(ApiView):
    serializer_class = ApproveSerializer
    required_permissions = {"POST": services.PERM_APPROVE}

    @extend_schema(
        operation_id="payment_runs_approve", summary="审核发放批次（制单人不能审核）", tags=["payments"],
        parameters=[RUN_ID], request=None, responses=RunSerializer,
        examples=[OpenApiExample("制单人审核", value={"approved_by": [messages.RUN_APPROVE_OWN]},
                                 status_codes=["400"], response_only=True)],
    )
    def post(self, request: Request, pk: str, **kwargs: Any) -> Response:
        run = services.payment_run_approve(actor=request.user, run=selectors.run_get(user=request.user, pk=pk))
        return Response(RunSerializer(run).data)


urlpatterns = [
    path("benefits/payment-runs/", RunListCreateApi.as_view(), name="payment-runs-api"),
    path("benefits/payment-runs/<str:pk>/", RunDetailApi.as_view(), name="payment-runs-api-detail"),
    path("benefits/payment-runs/<str:pk>/approve/", RunApproveApi.as_view(), name="payment-runs-api-approve"),
]
