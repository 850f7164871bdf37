"""``/api/eldercare/orders/`` and ``/api/eldercare/supervision/``: home services (六助).

Orders are read by whoever may read them (the providers' own operators, their own sites'; the
officers, within their scope) and checked in and out by the providers' operators
(``eldercare.serve_home_service_orders``), from the caregiver's phone:

- ``GET orders/?status=scheduled[&day=2024-05-10][&month=2024-05][&provider=<id>]``: the orders,
  page by page (access-logged), in order of the time booked.
- ``POST orders/{id}/check-in/`` and ``POST orders/{id}/check-out/`` with
  ``{"at": "2024-05-10T09:02:00+08:00", "lng": 120.0868, "lat": 30.894}``: 200 with the order.
  Sent again, the order comes back unchanged (the love card is debited once). A time in the
  future or without a zone, a check-out before the check-in, or a position outside China
  answers 400 naming the field (``at``, ``lng``, ``lat``; ``status`` when the order is not in
  the state for it; ``payer`` when the love card cannot pay).
- ``POST orders/{id}/rating/`` with ``{"rating": 1..5}``.
- ``GET supervision/findings/?order=<id>`` or ``?provider=<id>[&month=2024-05][&rule=...]``:
  the findings (rule, message, facts).
- ``GET supervision/scores/?month=2024-05``: the providers' ranked monthly scores.
- ``POST supervision/runs/`` with ``{"period": "2024-05"[, "region_prefix": "330502"]}``
  (``eldercare.run_home_service_supervision``): runs the supervision now; 201 with its counts.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.urls import path
from django.utils import timezone
from drf_spectacular.utils import OpenApiExample, extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from minzheng.benefits.money import parse_month
from minzheng.core import messages as core_messages
from minzheng.core.api.base import ApiView
from minzheng.eldercare.home_services import messages, scores, selectors, services
from minzheng.eldercare.home_services.models import (
    OrderStatus,
    ServiceOrder,
    SupervisionFinding,
    SupervisionRule,
    SupervisionRun,
)

TAGS = ["eldercare"]


class MayRead(BasePermission):
    """Serving orders or supervising them: either power reads (within the selectors' view)."""

    message = core_messages.PERMISSION_DENIED

    def has_permission(self, request: Any, view: Any) -> bool:
        return selectors.may_read(request.user)


@extend_schema_field({"oneOf": [{"type": "string"}, {"type": "number"}], "example": "120.0868000"})
class RawField(serializers.Field):
    """Passed to the service as sent, which checks it and names the field in its message."""

    def to_internal_value(self, data: Any) -> Any:
        return data

    def to_representation(self, value: Any) -> Any:
        return value


class MonthField(serializers.CharField):
    def to_internal_value(self, data: Any) -> Any:
        text = super().to_internal_value(data)
        try:
            return parse_month(text)
        except ValueError:
            raise serializers.ValidationError(messages.PERIOD_INVALID) from None


def _id_field(label: str, **kw: Any) -> serializers.IntegerField:
    message = f"{label}：应为正整数编号。"
    return serializers.IntegerField(
        min_value=1,
        required=False,
        help_text=label,
        error_messages=dict.fromkeys(("invalid", "min_value", "max_string_length", "null"), message),
        **kw,
    )


class OrderQuerySerializer(serializers.Serializer):
    status = serializers.ChoiceField(
        choices=OrderStatus.choices,
        required=False,
        help_text="状态",
        error_messages={"invalid_choice": "状态：应为 scheduled、in_service、done 或 cancelled。"},
    )
    day = serializers.DateField(
        required=False,
        help_text="预约日期 YYYY-MM-DD",
        error_messages={"invalid": "日期：格式应为 YYYY-MM-DD。"},
    )
    month = MonthField(required=False, help_text="月份 YYYY-MM")
    provider = _id_field("服务机构")


class OrderSerializer(serializers.ModelSerializer):
    person_name = serializers.CharField(source="person.name", help_text="老人姓名")
    provider_name = serializers.CharField(source="provider.name", help_text="服务机构")
    caregiver_name = serializers.SerializerMethodField(help_text="护理员")
    kind_display = serializers.CharField(source="get_kind_display", help_text="服务类别名称")
    status_display = serializers.CharField(source="get_status_display", help_text="状态名称")
    price = serializers.DecimalField(max_digits=10, decimal_places=2, help_text="服务费（元）")

    class Meta:
        model = ServiceOrder
        fields = [
            "id", "person", "person_name", "provider", "provider_name", "caregiver", "caregiver_name",
            "region_code", "kind", "kind_display", "scheduled_at", "status", "status_display",
            "checked_in_at", "check_in_lng", "check_in_lat", "checked_out_at", "check_out_lng",
            "check_out_lat", "minutes", "price", "payer", "love_card_entry", "rating",
        ]  # fmt: skip
        read_only_fields = fields

    def get_caregiver_name(self, order: ServiceOrder) -> str:
        return order.caregiver.person.name if order.caregiver_id and order.caregiver else ""


class VisitSerializer(serializers.Serializer):
    at = RawField(required=False, allow_null=True, help_text="时间，ISO 8601 带时区")
    lng = RawField(required=False, allow_null=True, help_text="经度（WGS-84）")
    lat = RawField(required=False, allow_null=True, help_text="纬度（WGS-84）")


class RatingSerializer(serializers.Serializer):
    rating = RawField(required=False, allow_null=True, help_text="评价 1–5")


class FindingQuerySerializer(serializers.Serializer):
    order = _id_field("工单")
    provider = _id_field("服务机构")
    month = MonthField(required=False, help_text="月份 YYYY-MM")
    rule = serializers.ChoiceField(
        choices=SupervisionRule.choices,
        required=False,
        help_text="监管规则",
        error_messages={"invalid_choice": "监管规则：不是已知的规则。"},
    )

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if not attrs.get("order") and not attrs.get("provider"):
            raise serializers.ValidationError({"order": ["工单：请指定工单或服务机构。"]})
        return attrs


class FindingSerializer(serializers.ModelSerializer):
    rule_display = serializers.CharField(source="get_rule_display", help_text="规则名称")

    class Meta:
        model = SupervisionFinding
        fields = ["id", "order", "rule", "rule_display", "other_order", "message", "facts", "provider",
                  "region_code", "period", "created_at"]  # fmt: skip
        read_only_fields = fields


class ScoreQuerySerializer(serializers.Serializer):
    month = MonthField(required=False, help_text="月份 YYYY-MM，默认上月")


class ScoreSerializer(serializers.Serializer):
    rank = serializers.IntegerField(help_text="排名")
    provider_id = serializers.IntegerField(help_text="服务机构")
    provider_name = serializers.CharField(help_text="服务机构名称")
    region_code = serializers.CharField(help_text="区划代码")
    period = serializers.DateField(help_text="月份")
    orders = serializers.IntegerField(help_text="工单数（不含取消）")
    done = serializers.IntegerField(help_text="完成数")
    checked_in = serializers.IntegerField(help_text="签到数")
    on_time = serializers.IntegerField(help_text="准时签到数")
    rated = serializers.IntegerField(help_text="评价数")
    flagged = serializers.IntegerField(help_text="有监管发现的工单数")
    completion_rate = serializers.DecimalField(
        max_digits=6, decimal_places=4, allow_null=True, help_text="完成率"
    )
    on_time_rate = serializers.DecimalField(
        max_digits=6, decimal_places=4, allow_null=True, help_text="准时率"
    )
    average_rating = serializers.DecimalField(
        max_digits=4, decimal_places=2, allow_null=True, help_text="平均评价"
    )
    anomaly_rate = serializers.DecimalField(
        max_digits=6, decimal_places=4, allow_null=True, help_text="异常率"
    )
    score = serializers.DecimalField(max_digits=5, decimal_places=1, help_text="综合得分")


class RunInputSerializer(serializers.Serializer):
    period = RawField(required=False, allow_null=True, help_text="月份 YYYY-MM")
    region_prefix = RawField(required=False, allow_null=True, help_text="区划代码前缀，默认本人辖区")


class SupervisionRunSerializer(serializers.ModelSerializer):
    class Meta:
        model = SupervisionRun
        fields = [
            "id",
            "period",
            "region_prefix",
            "orders",
            "findings",
            "counts",
            "started_at",
            "finished_at",
        ]
        read_only_fields = fields


def last_month() -> dt.date:
    """The month a score table opens on: the last whole month."""
    return (timezone.localdate().replace(day=1) - dt.timedelta(days=1)).replace(day=1)


# ---- views ------------------------------------------------------------------------------------------


class OrderListApi(ApiView):
    permission_classes = [IsAuthenticated, MayRead]
    query_serializer_class = OrderQuerySerializer

    @extend_schema(operation_id="eldercare_orders_list", summary="居家养老服务工单（本人可见、可服务）", tags=TAGS,
                   responses=OrderSerializer(many=True))  # fmt: skip
    def get(self, request: Request) -> Response:
        query = self.query_params()
        provider = (
            selectors.provider_get(user=request.user, pk=query["provider"]) if query.get("provider") else None
        )
        qs = selectors.order_list(
            user=request.user,
            provider=provider,
            status=query.get("status", ""),
            month=query.get("month"),
            day=query.get("day"),
        ).order_by("scheduled_at", "id")
        return self.paginated(qs, OrderSerializer, shows=lambda order: order.person)


class _VisitApi(ApiView):
    serializer_class = VisitSerializer
    required_permissions = {"POST": services.PERM_SERVE}
    action: Any = None

    def post(self, request: Request, pk: int) -> Response:
        data = VisitSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        order = selectors.order_get(user=request.user, pk=pk)
        values = data.validated_data
        done = type(self).action(
            actor=request.user, order=order, at=values.get("at"), lng=values.get("lng"), lat=values.get("lat")
        )
        return Response(OrderSerializer(done).data)


VISIT_EXAMPLE = OpenApiExample(
    "签退", request_only=True, value={"at": "2024-05-10T09:47:00+08:00", "lng": 120.0868, "lat": 30.894}
)


class CheckInApi(_VisitApi):
    action = staticmethod(services.order_check_in)

    @extend_schema(operation_id="eldercare_orders_check_in", summary="签到（护理员到达）", tags=TAGS,
                   request=VisitSerializer, responses=OrderSerializer, examples=[VISIT_EXAMPLE])  # fmt: skip
    def post(self, request: Request, pk: int) -> Response:
        return super().post(request, pk)


class CheckOutApi(_VisitApi):
    action = staticmethod(services.order_check_out)

    @extend_schema(operation_id="eldercare_orders_check_out", summary="签退（服务结束，爱心卡扣款）", tags=TAGS,
                   request=VisitSerializer, responses=OrderSerializer, examples=[VISIT_EXAMPLE])  # fmt: skip
    def post(self, request: Request, pk: int) -> Response:
        return super().post(request, pk)


class RatingApi(ApiView):
    serializer_class = RatingSerializer
    required_permissions = {"POST": services.PERM_SERVE}

    @extend_schema(operation_id="eldercare_orders_rate", summary="登记老人评价", tags=TAGS,
                   request=RatingSerializer, responses=OrderSerializer)  # fmt: skip
    def post(self, request: Request, pk: int) -> Response:
        data = RatingSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        order = selectors.order_get(user=request.user, pk=pk)
        rated = services.order_rate(actor=request.user, order=order, rating=data.validated_data.get("rating"))
        return Response(OrderSerializer(rated).data)


class FindingListApi(ApiView):
    permission_classes = [IsAuthenticated, MayRead]
    query_serializer_class = FindingQuerySerializer

    @extend_schema(operation_id="eldercare_supervision_findings", summary="居家服务监管发现", tags=TAGS,
                   responses=FindingSerializer(many=True))  # fmt: skip
    def get(self, request: Request) -> Response:
        query = self.query_params()
        order = selectors.order_get(user=request.user, pk=query["order"]) if query.get("order") else None
        provider = (
            selectors.provider_get(user=request.user, pk=query["provider"]) if query.get("provider") else None
        )
        qs = selectors.finding_list(
            user=request.user,
            order=order,
            provider=provider,
            period=query.get("month"),
            rule=query.get("rule", ""),
        )
        return self.paginated(qs, FindingSerializer)


class ScoreListApi(ApiView):
    permission_classes = [IsAuthenticated, MayRead]
    query_serializer_class = ScoreQuerySerializer
    pagination_class = None  # one row per provider of the month

    @extend_schema(operation_id="eldercare_supervision_scores", summary="服务机构月度评价排名", tags=TAGS,
                   responses=ScoreSerializer(many=True))  # fmt: skip
    def get(self, request: Request) -> Response:
        query = self.query_params()
        found = scores.provider_scores(
            period=query.get("month") or last_month(),
            region_prefix="",
            orders=selectors.orders_visible(user=request.user),
        )
        return Response(ScoreSerializer(found, many=True).data)


class RunCreateApi(ApiView):
    serializer_class = RunInputSerializer
    required_permissions = {"POST": services.PERM_SUPERVISE}

    @extend_schema(operation_id="eldercare_supervision_run", summary="立即运行居家服务监管", tags=TAGS,
                   request=RunInputSerializer, responses={201: SupervisionRunSerializer})  # fmt: skip
    def post(self, request: Request) -> Response:
        data = RunInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        run = services.supervision_run_request(
            actor=request.user,
            period=data.validated_data.get("period") or "",
            region_prefix=data.validated_data.get("region_prefix") or None,
        )
        return Response(SupervisionRunSerializer(run).data, status=status.HTTP_201_CREATED)


# Included by minzheng.api_urls inside the "api" namespace.
urlpatterns = [
    path("eldercare/orders/", OrderListApi.as_view(), name="eldercare-orders"),
    path("eldercare/orders/<int:pk>/check-in/", CheckInApi.as_view(), name="eldercare-order-check-in"),
    path("eldercare/orders/<int:pk>/check-out/", CheckOutApi.as_view(), name="eldercare-order-check-out"),
    path("eldercare/orders/<int:pk>/rating/", RatingApi.as_view(), name="eldercare-order-rating"),
    path("eldercare/supervision/findings/", FindingListApi.as_view(), name="eldercare-supervision-findings"),
    path("eldercare/supervision/scores/", ScoreListApi.as_view(), name="eldercare-supervision-scores"),
    path("eldercare/supervision/runs/", RunCreateApi.as_view(), name="eldercare-supervision-runs"),
]
