"""``GET /api/funeral/cases/<id>/``: one case in the caller's scope with its service lines and the
totals (fee, waived, what the family pays); ``POST /api/funeral/cases/<id>/services/`` records a
service (the same service as the page: its reasons come back keyed by field, in Chinese)."""

from __future__ import annotations

from typing import Any

from django.urls import path
from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from minzheng.core.api.base import ApiView
from minzheng.funeral.services import messages, selectors, services
from minzheng.funeral.services.models import FuneralCase, FuneralService

TAGS = ["funeral"]


class ServiceLineSerializer(serializers.ModelSerializer):
    service_type = serializers.CharField(source="service_type.code", help_text="服务项目代码，如 cremation")
    service_name = serializers.CharField(source="service_type.name")
    facility = serializers.IntegerField(source="facility_id", help_text="服务场所（设施编号）")
    fee = serializers.DecimalField(max_digits=10, decimal_places=2, help_text="收费（元）")
    waived = serializers.DecimalField(max_digits=10, decimal_places=2, help_text="减免（元）")
    family_pays = serializers.DecimalField(max_digits=10, decimal_places=2, help_text="家属自付（元）= 收费 − 减免")
    voided = serializers.SerializerMethodField(help_text="已作废的记录不计入合计")

    class Meta:
        model = FuneralService
        fields = ["id", "service_type", "service_name", "facility", "performed_at", "fee", "waived", "family_pays",
                  "voided", "void_reason"]

    def get_voided(self, line: FuneralService) -> bool:
        return line.voided_at is not None


class FuneralCaseTotalsSerializer(serializers.Serializer):
    fee = serializers.DecimalField(max_digits=14, decimal_places=2, help_text="收费合计（元）")
    waived = serializers.DecimalField(max_digits=14, decimal_places=2, help_text="减免合计（元）")
    family_pays = serializers.DecimalField(max_digits=14, decimal_places=2, help_text="家属自付合计（元）")


class FuneralCaseSerializer(serializers.ModelSerializer):
    person_name = serializers.CharField(source="person.name")
    home = serializers.IntegerField(source="home_id", help_text="殡仪馆（设施编号）")
    home_name = serializers.CharField(source="home.name")
    services = serializers.SerializerMethodField()
    totals = serializers.SerializerMethodField()

    class Meta:
        model = FuneralCase
        fields = ["id", "person_name", "home", "home_name", "region_code", "received_on", "hukou_province",
                  "waiver_eligible", "services", "totals"]

    def get_services(self, case: FuneralCase) -> list[dict[str, Any]]:
        return ServiceLineSerializer(selectors.case_lines(case), many=True).data  # type: ignore[return-value]

    def get_totals(self, case: FuneralCase) -> dict[str, Any]:
        return FuneralCaseTotalsSerializer(selectors.case_totals(case)).data  # type: ignore[return-value]


class ServiceCreateSerializer(serializers.Serializer):
    # Plain texts: the service checks them and names the field in its reason.
    service_type = serializers.CharField(required=False, allow_blank=True, help_text="服务项目代码，如 cremation")
    facility = serializers.IntegerField(required=False, allow_null=True, help_text="服务场所（设施编号）")
    performed_at = serializers.CharField(required=False, allow_blank=True, help_text="服务时间，ISO 8601")
    fee = serializers.CharField(required=False, allow_blank=True, help_text="收费（元），最多两位小数")
    note = serializers.CharField(required=False, allow_blank=True, default="")


class CaseDetailApi(ApiView):
    required_permissions = {"GET": services.PERM_VIEW}

    @extend_schema(operation_id="funeral_case_retrieve", summary="殡仪服务案件（含服务项目、减免和合计）", tags=TAGS,
                   responses=FuneralCaseSerializer)
    def get(self, request: Request, pk: int, **kwargs: Any) -> Response:
        case = selectors.case_get(user=request.user, pk=pk)
        self.views_record([case.person])
        return Response(FuneralCaseSerializer(case).data)


class CaseServiceCreateApi(ApiView):
    required_permissions = {"POST": services.PERM_MANAGE}

    @extend_schema(
        operation_id="funeral_case_service_create", summary="登记殡仪服务项目（按目录计算减免）", tags=TAGS,
        request=ServiceCreateSerializer, responses={201: ServiceLineSerializer},
        examples=[
            OpenApiExample("收费有误", value={"fee": [messages.FEE_INVALID]}, status_codes=["400"], response_only=True),
            OpenApiExample("早于死亡日期", value={"performed_at": [messages.PERFORMED_BEFORE_DEATH.format(date="2025-03-02")]},
                           status_codes=["400"], response_only=True),
        ],
    )
    def post(self, request: Request, pk: int, **kwargs: Any) -> Response:
        case = selectors.case_get(user=request.user, pk=pk)
        data = ServiceCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        kind = selectors.service_type_by_code(values.get("service_type", ""))
        place = selectors.place_get(user=request.user, pk=values["facility"]) if values.get("facility") else None
        line = services.funeral_service_add(actor=request.user, case=case, service_type=kind, facility=place,
                                            performed_at=values.get("performed_at", ""), fee=values.get("fee", ""),
                                            note=values.get("note", ""))
        return Response(ServiceLineSerializer(line).data, status=status.HTTP_201_CREATED)


urlpatterns = [
    path("funeral/cases/<int:pk>/", CaseDetailApi.as_view(), name="funeral-case"),
    path("funeral/cases/<int:pk>/services/", CaseServiceCreateApi.as_view(), name="funeral-case-services"),
]
