"""Marriage records through the API, for marriage registrars of the office's county only; every
record an answer shows is access-logged (channel ``api``).

- ``GET /api/marriage/records/``: the records in scope, newest first, paginated.
- ``GET /api/marriage/records/{id}/``: one record with its certificates (404 outside the scope).
"""

from __future__ import annotations

from typing import Any

from django.urls import path
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from minzheng.core.api.base import ApiView
from minzheng.marriage.permissions import VIEW_RECORDS
from minzheng.marriage.registrations import selectors
from minzheng.marriage.registrations.models import Certificate, Marriage

TAGS = ["marriage"]


class MarriageCertificateSerializer(serializers.ModelSerializer):
    class Meta:
        model = Certificate
        fields = ["id", "number", "kind", "issued_on", "status"]


class MarriageRecordSerializer(serializers.ModelSerializer):
    husband_name = serializers.CharField(source="husband.name", help_text="男方姓名")
    husband_id_number = serializers.CharField(source="husband.id_number_masked", help_text="男方身份证号（脱敏）")
    wife_name = serializers.CharField(source="wife.name", help_text="女方姓名")
    wife_id_number = serializers.CharField(source="wife.id_number_masked", help_text="女方身份证号（脱敏）")
    office_name = serializers.CharField(source="office.name", help_text="登记机关")

    class Meta:
        model = Marriage
        fields = ["id", "office", "office_name", "region_code", "source", "registered_on", "husband_name",
                  "husband_id_number", "husband_age", "wife_name", "wife_id_number", "wife_age", "both_present",
                  "status", "ended_on"]


class MarriageRecordDetailSerializer(MarriageRecordSerializer):
    certificates = serializers.SerializerMethodField()

    class Meta(MarriageRecordSerializer.Meta):
        fields = [*MarriageRecordSerializer.Meta.fields, "certificates"]

    @extend_schema(responses=MarriageCertificateSerializer(many=True))  # type: ignore[misc]
    def get_certificates(self, obj: Marriage) -> list[dict[str, Any]]:
        return MarriageCertificateSerializer(selectors.certificates_of(obj), many=True).data  # type: ignore[return-value]


class MarriageListApi(ApiView):
    serializer_class = MarriageRecordSerializer
    required_permissions = {"GET": VIEW_RECORDS}

    @extend_schema(operation_id="marriage_records", summary="婚姻档案（本县登记处，每次读取均记录）", tags=TAGS,
                   responses=MarriageRecordSerializer(many=True))
    def get(self, request: Request) -> Response:
        return self.paginated(selectors.marriage_list(user=request.user), MarriageRecordSerializer, shows=lambda m: m)


class MarriageDetailApi(ApiView):
    serializer_class = MarriageRecordDetailSerializer
    required_permissions = {"GET": VIEW_RECORDS}

    @extend_schema(operation_id="marriage_record", summary="一份婚姻档案及其证件（读取记录日志）", tags=TAGS,
                   responses=MarriageRecordDetailSerializer)
    def get(self, request: Request, pk: int) -> Response:
        marriage = selectors.marriage_get(user=request.user, pk=pk, channel="api")
        return Response(MarriageRecordDetailSerializer(marriage).data)


urlpatterns = [
    path("marriage/records/", MarriageListApi.as_view(), name="marriage-records"),
    path("marriage/records/<int:pk>/", MarriageDetailApi.as_view(), name="marriage-record"),
]
