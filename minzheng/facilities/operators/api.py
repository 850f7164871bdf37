"""``/api/facilities/operators/``: the service providers that run facilities (list, register,
read, correct). Reading shows the operators registered in the user's region or above it (a
provider operator: their own); writing needs ``facilities.manage_operators``."""

from __future__ import annotations

from typing import Any

from django.urls import path
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from minzheng.core.api.base import ApiView
from minzheng.facilities import messages
from minzheng.facilities.operators import selectors, services
from minzheng.facilities.operators.models import Operator

TAGS = ["facilities"]
OPERATOR_ID = OpenApiParameter("id", OpenApiTypes.INT, OpenApiParameter.PATH, description="服务机构编号")


class OperatorSerializer(serializers.ModelSerializer):
    class Meta:
        model = Operator
        fields = ["id", "name", "uscc", "region_code", "created_at", "updated_at"]
        read_only_fields = fields


class OperatorWriteSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=200, help_text="机构名称")
    uscc = serializers.CharField(max_length=40, help_text="统一社会信用代码（18位）")
    region_code = serializers.CharField(max_length=12, help_text="登记区划12位代码")


class OperatorQuerySerializer(serializers.Serializer):
    q = serializers.CharField(required=False, allow_blank=True, max_length=50, help_text="名称包含，或信用代码开头")


class OperatorListCreateApi(ApiView):
    serializer_class = OperatorWriteSerializer
    query_serializer_class = OperatorQuerySerializer
    required_permissions = {"POST": services.PERM_MANAGE}

    @extend_schema(operation_id="facility_operators_list", summary="服务机构列表", tags=TAGS,
                   responses=OperatorSerializer(many=True))
    def get(self, request: Request) -> Response:
        return self.paginated(selectors.operator_list(user=request.user, **self.query_params()), OperatorSerializer)

    @extend_schema(
        operation_id="facility_operators_create", summary="登记服务机构", tags=TAGS, request=OperatorWriteSerializer,
        responses={201: OperatorSerializer},
        examples=[OpenApiExample("信用代码校验位错误", status_codes=["400"], response_only=True,
                                 value={"uscc": [messages.OPERATOR_USCC_CHECKSUM]})],
    )
    def post(self, request: Request) -> Response:
        data = OperatorWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        operator = services.operator_create(actor=request.user, **data.validated_data)
        return Response(OperatorSerializer(operator).data, status=status.HTTP_201_CREATED)


class OperatorDetailApi(ApiView):
    serializer_class = OperatorWriteSerializer
    required_permissions = {"PATCH": services.PERM_MANAGE}

    @extend_schema(operation_id="facility_operators_retrieve", summary="服务机构详情", tags=TAGS,
                   parameters=[OPERATOR_ID], responses=OperatorSerializer)
    def get(self, request: Request, pk: str, **kwargs: Any) -> Response:
        return Response(OperatorSerializer(selectors.operator_get(user=request.user, pk=pk)).data)

    @extend_schema(operation_id="facility_operators_partial_update", summary="修改服务机构", tags=TAGS,
                   parameters=[OPERATOR_ID], request=OperatorWriteSerializer, responses=OperatorSerializer)
    def patch(self, request: Request, pk: str, **kwargs: Any) -> Response:
        operator = selectors.operator_get(user=request.user, pk=pk)
        data = OperatorWriteSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        operator = services.operator_update(actor=request.user, operator=operator, **data.validated_data)
        return Response(OperatorSerializer(operator).data)


# Included by minzheng.api_urls inside the "api" namespace.
urlpatterns = [
    path("facilities/operators/", OperatorListCreateApi.as_view(), name="facility-operators"),
    path("facilities/operators/<int:pk>/", OperatorDetailApi.as_view(), name="facility-operator"),
]
