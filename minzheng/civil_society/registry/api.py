"""``/api/civil-society/organizations/``: the registry of social organizations, in the caller's scope.

- ``GET ?q=&kind=&status=``: organizations in view, page by page (the legal representatives shown
  are access-logged), for ``civil_society.view_organization``.
- ``POST {"name", "kind", "uscc", "registered_on", "supervising_unit", "legal_id_number",
  "address_code", "funds", "foundation_kind", "scope"}``: registers one (201), for the county's or
  city's registrar (every kind) or a township (community organizations). Bad input, a wrong USCC
  check character among it, is a 400 naming the field, in Chinese; nothing is written.
"""

from __future__ import annotations

from typing import Any

from django.urls import path
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from minzheng.civil_society.registry import messages, selectors, services
from minzheng.civil_society.registry.models import Organization, OrgKind, OrgStatus
from minzheng.core.api.base import ApiView
from minzheng.people.services import person_id_number_looked_up

TAGS = ["civil_society"]


class OrganizationSerializer(serializers.ModelSerializer):
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    legal_representative_name = serializers.CharField(source="legal_representative.name", read_only=True)
    legal_representative_id_number = serializers.CharField(
        source="legal_representative.id_number_masked", read_only=True, help_text="身份证号（脱敏）"
    )
    address_code = serializers.CharField(source="address.code", read_only=True)
    address_text = serializers.CharField(source="address.full_text", read_only=True)

    class Meta:
        model = Organization
        fields = [
            "id",
            "name",
            "kind",
            "kind_display",
            "uscc",
            "region_code",
            "authority_code",
            "registered_on",
            "supervising_unit",
            "legal_representative_name",
            "legal_representative_id_number",
            "address_code",
            "address_text",
            "funds",
            "foundation_kind",
            "scope",
            "status",
            "status_display",
            "status_since",
        ]


def _text(label: str, *, max_length: int = 200) -> serializers.CharField:
    too_long = f"{label}：不能超过{max_length}个字"
    return serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        max_length=max_length,
        error_messages={
            "max_length": too_long,
            "invalid": f"{label}：应为文字",
            "null": f"{label}：应为文字",
        },
    )


class CreateInputSerializer(serializers.Serializer):
    name = _text("名称", max_length=100)
    kind = _text("类型", max_length=16)
    uscc = _text("统一社会信用代码", max_length=40)
    registered_on = _text("登记日期", max_length=20)
    supervising_unit = _text("业务主管单位", max_length=100)
    legal_id_number = _text("法定代表人身份证号", max_length=30)
    address_code = _text("住所标准地址编码", max_length=40)
    funds = _text("注册资金", max_length=20)
    foundation_kind = _text("基金会类型", max_length=16)
    scope = _text("业务范围", max_length=2000)


class ListQuerySerializer(serializers.Serializer):
    q = serializers.CharField(required=False, default="", allow_blank=True, max_length=100)
    kind = serializers.ChoiceField(
        choices=["", *OrgKind.values],
        required=False,
        default="",
        error_messages={"invalid_choice": messages.KIND_INVALID},
    )
    status = serializers.ChoiceField(
        choices=["", "live", *OrgStatus.values],
        required=False,
        default="",
        error_messages={
            "invalid_choice": "状态：应为live或正常、活动异常名录、严重违法失信名单、撤销登记、注销之一"
        },
    )


class OrganizationListCreateApi(ApiView):
    serializer_class = CreateInputSerializer
    query_serializer_class = ListQuerySerializer
    required_permissions = {"GET": selectors.PERM_VIEW, "POST": selectors.PERM_VIEW}

    @extend_schema(
        operation_id="civil_society_organizations_list",
        summary="社会组织名录（仅本辖区）",
        tags=TAGS,
        parameters=[ListQuerySerializer],
        responses=OrganizationSerializer(many=True),
    )
    def get(self, request: Request) -> Response:
        query = self.query_params()
        rows = selectors.organization_list(
            user=request.user, q=query["q"], kind=query["kind"], status=query["status"]
        )
        return self.paginated(rows, OrganizationSerializer, shows=lambda o: o.legal_representative)

    @extend_schema(
        operation_id="civil_society_organizations_create",
        summary="登记（备案）社会组织",
        tags=TAGS,
        request=CreateInputSerializer,
        responses={201: OrganizationSerializer},
    )
    def post(self, request: Request) -> Response:
        data = CreateInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values: dict[str, Any] = dict(data.validated_data)
        id_number, code = values.pop("legal_id_number").strip(), values.pop("address_code").strip()
        errors: dict[str, list[str]] = {}
        person = selectors.person_for_org(user=request.user, id_number=id_number) if id_number else None
        if id_number and person is None:
            errors["legal_id_number"] = [messages.LEGAL_REP_UNKNOWN]
        address = selectors.address_for_org(user=request.user, code=code) if code else None
        if code and address is None:
            errors["address_code"] = [messages.ADDRESS_NOT_FOUND]
        if errors:
            raise serializers.ValidationError(errors)
        if person is not None:
            person_id_number_looked_up(actor=request.user, person=person, channel="api")
        org = services.organization_create(
            actor=request.user, legal_representative=person, address=address, **values
        )
        return Response(OrganizationSerializer(org).data, status=status.HTTP_201_CREATED)


urlpatterns = [
    path(
        "civil-society/organizations/",
        OrganizationListCreateApi.as_view(),
        name="civil-society-organizations",
    ),
]
