"""``/api/people/``: search, register, read, correct and reveal residents."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response

from minzheng.core import messages as core_messages
from minzheng.core.api.base import ApiView
from minzheng.core.api.pagination import RegionKeysetPagination
from minzheng.people import services
from minzheng.people.api.inputs import (
    REVEAL_FIELD_INVALID,
    PersonCreateSerializer,
    PersonQuerySerializer,
    PersonUpdateSerializer,
    RevealResultSerializer,
    RevealSerializer,
)
from minzheng.people.api.serializers import PersonDetailSerializer, PersonSerializer
from minzheng.people.selectors import person_get, person_list

CHANNEL = "api"

ID_NUMBER_EXAMPLES = [
    OpenApiExample("身份证号码校验位错误", value={"id_number": [core_messages.ID_NUMBER_BAD_CHECKSUM]},
                   status_codes=["400"], response_only=True),
    OpenApiExample("出生日期无效", value={"id_number": [core_messages.ID_NUMBER_BAD_DATE]},
                   status_codes=["400"], response_only=True),
    OpenApiExample("长度错误", value={"id_number": [core_messages.ID_NUMBER_BAD_LENGTH.format(length=17)]},
                   status_codes=["400"], response_only=True),
    OpenApiExample("区划超出辖区", value={"region_code": [core_messages.REGION_OUT_OF_SCOPE]},
                   status_codes=["400"], response_only=True),
]


class PersonListCreateApi(ApiView):
    pagination_class = RegionKeysetPagination
    serializer_class = PersonCreateSerializer
    query_serializer_class = PersonQuerySerializer
    required_permissions = {"POST": "people.add_person"}

    @extend_schema(operation_id="people_list", summary="人员查询（仅本辖区，脱敏）", tags=["people"],
                   responses=PersonSerializer(many=True))
    def get(self, request: Request) -> Response:
        people = person_list(user=request.user, **self.query_params()).select_related("membership")
        return self.paginated(people, PersonSerializer)

    @extend_schema(operation_id="people_create", summary="登记人员", tags=["people"],
                   request=PersonCreateSerializer, responses={201: PersonDetailSerializer},
                   examples=ID_NUMBER_EXAMPLES)
    def post(self, request: Request) -> Response:
        data = PersonCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        person = services.person_create(actor=request.user, channel="api", **data.validated_data)
        return Response(PersonDetailSerializer(person).data, status=status.HTTP_201_CREATED)


class PersonDetailApi(ApiView):
    serializer_class = PersonUpdateSerializer
    required_permissions = {"PATCH": "people.change_person"}

    @extend_schema(operation_id="people_retrieve", summary="人员详情（脱敏；记录访问日志）", tags=["people"],
                   responses=PersonDetailSerializer)
    def get(self, request: Request, pk: int, **kwargs: Any) -> Response:
        person = person_get(user=request.user, pk=pk)
        services.person_viewed(actor=request.user, person=person, channel=CHANNEL)
        return Response(PersonDetailSerializer(person).data)

    @extend_schema(operation_id="people_partial_update", summary="修改人员信息", tags=["people"],
                   request=PersonUpdateSerializer, responses=PersonDetailSerializer)
    def patch(self, request: Request, pk: int, **kwargs: Any) -> Response:
        # Scope first: a record outside it is 404 whatever the body says.
        person = person_get(user=request.user, pk=pk)
        data = PersonUpdateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        person = services.person_update(actor=request.user, person=person, **data.validated_data)
        return Response(PersonDetailSerializer(person).data)


class PersonRevealApi(ApiView):
    serializer_class = RevealSerializer
    required_permissions = {"POST": "people.reveal_pii"}

    @extend_schema(
        operation_id="people_reveal", summary="查看一项明文（需权限；记录访问日志）", tags=["people"],
        request=RevealSerializer, responses=RevealResultSerializer,
        examples=[OpenApiExample("字段无效", value={"field": [REVEAL_FIELD_INVALID]}, status_codes=["400"],
                                 response_only=True)],
    )
    def post(self, request: Request, pk: int, **kwargs: Any) -> Response:
        person = person_get(user=request.user, pk=pk)
        data = RevealSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        field = data.validated_data["field"]
        value = services.person_reveal(actor=request.user, person=person, field=field, channel=CHANNEL)
        # A clear value must not linger in a shared proxy or the browser cache.
        return Response({"field": field, "value": value}, headers={"Cache-Control": "no-store"})
