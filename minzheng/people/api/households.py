"""``/api/households/``: households and their members.

Every person and household named in a request is looked up in the user's scope, so one that
lies elsewhere answers 404 exactly as one that does not exist: a 400 would tell the caller that
it exists.
"""

from __future__ import annotations

from typing import Any

from django.http import Http404
from drf_spectacular.utils import OpenApiExample, OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response

from minzheng.core import messages as core_messages
from minzheng.core.api import messages as api_messages
from minzheng.core.api.base import ApiView
from minzheng.core.api.pagination import RegionKeysetPagination
from minzheng.core.api.schema import FIELD_ERRORS_SCHEMA
from minzheng.core.models import User
from minzheng.core.scope import scope_for
from minzheng.people import messages, services
from minzheng.people.api.inputs import (
    HeadChangeSerializer,
    HouseholdCreateSerializer,
    HouseholdQuerySerializer,
    MemberAddSerializer,
    MemberMoveSerializer,
    MemberUpdateSerializer,
)
from minzheng.people.api.serializers import HouseholdDetailSerializer, HouseholdSerializer, MemberSerializer
from minzheng.people.models import Household, Membership, Person
from minzheng.people.selectors import household_get, household_list, person_get, person_household

CHANGE = "people.change_household"
TAGS = ["households"]


def _member_of(household: Household, person_id: int) -> Membership:
    """The member ``person_id`` of ``household`` (its members are prefetched), or 404."""
    for membership in household.memberships.all():
        if membership.person_id == person_id:
            return membership
    raise Http404(core_messages.NOT_FOUND)


def _movable(*, user: User, person: Person) -> Person:
    """A person may be moved only out of a household inside the mover's scope: moving them
    changes that household too."""
    current = person_household(person=person)
    if current is not None and not scope_for(user).contains(current.region_code):
        raise Http404(core_messages.NOT_FOUND)
    return person


def _detail(*, user: User, pk: int) -> dict[str, Any]:
    return HouseholdDetailSerializer(household_get(user=user, pk=pk)).data


class HouseholdListCreateApi(ApiView):
    pagination_class = RegionKeysetPagination
    serializer_class = HouseholdCreateSerializer
    query_serializer_class = HouseholdQuerySerializer
    required_permissions = {"POST": "people.add_household"}

    @extend_schema(operation_id="households_list", summary="家庭户查询（仅本辖区）", tags=TAGS,
                   responses=HouseholdSerializer(many=True))
    def get(self, request: Request) -> Response:
        return self.paginated(household_list(user=request.user, **self.query_params()), HouseholdSerializer)

    @extend_schema(
        operation_id="households_create", summary="立户", tags=TAGS, request=HouseholdCreateSerializer,
        responses={201: HouseholdDetailSerializer},
        examples=[OpenApiExample("已属于其他户", value={"head": [messages.ALREADY_IN_HOUSEHOLD.format(head="张三")]},
                                 status_codes=["400"], response_only=True)],
    )
    def post(self, request: Request) -> Response:
        data = HouseholdCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        head = person_get(user=request.user, pk=data.validated_data["head"])
        household = services.household_create(actor=request.user, head=head,
                                              address_text=data.validated_data.get("address_text"))
        return Response(_detail(user=request.user, pk=household.pk), status=status.HTTP_201_CREATED)


class HouseholdDetailApi(ApiView):
    @extend_schema(operation_id="households_retrieve", summary="家庭户详情（成员脱敏）", tags=TAGS,
                   responses=HouseholdDetailSerializer)
    def get(self, request: Request, pk: int, **kwargs: Any) -> Response:
        household = household_get(user=request.user, pk=pk)
        services.household_viewed(actor=request.user, household=household, channel="api")
        return Response(HouseholdDetailSerializer(household).data)


class HouseholdMemberAddApi(ApiView):
    serializer_class = MemberAddSerializer
    required_permissions = {"POST": CHANGE}

    @extend_schema(
        operation_id="households_members_create", summary="添加成员", tags=TAGS, request=MemberAddSerializer,
        responses={201: MemberSerializer},
        examples=[OpenApiExample("已属于其他户", value={"person": [messages.ALREADY_IN_HOUSEHOLD.format(head="张三")]},
                                 status_codes=["400"], response_only=True)],
    )
    def post(self, request: Request, pk: int, **kwargs: Any) -> Response:
        household = household_get(user=request.user, pk=pk)
        data = MemberAddSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        person = person_get(user=request.user, pk=data.validated_data["person"])
        membership = services.household_member_add(actor=request.user, household=household, person=person,
                                                   relationship=data.validated_data["relationship"])
        return Response(MemberSerializer(membership).data, status=status.HTTP_201_CREATED)


class HouseholdMemberMoveApi(ApiView):
    serializer_class = MemberMoveSerializer
    required_permissions = {"POST": CHANGE}

    @extend_schema(
        operation_id="households_members_move", summary="迁入成员（从其当前所在户迁入本户）", tags=TAGS,
        request=MemberMoveSerializer, responses={200: MemberSerializer},
        examples=[OpenApiExample("户主不能迁出", value={"person": [messages.HEAD_CANNOT_MOVE]},
                                 status_codes=["400"], response_only=True)],
    )
    def post(self, request: Request, pk: int, **kwargs: Any) -> Response:
        household = household_get(user=request.user, pk=pk)
        data = MemberMoveSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        person = _movable(user=request.user, person=person_get(user=request.user, pk=data.validated_data["person"]))
        membership = services.household_member_move(actor=request.user, person=person, to_household=household,
                                                    relationship=data.validated_data["relationship"])
        return Response(MemberSerializer(membership).data)


class HouseholdMemberApi(ApiView):
    serializer_class = MemberUpdateSerializer
    required_permissions = {"PATCH": CHANGE, "DELETE": CHANGE}

    @extend_schema(operation_id="households_members_partial_update", summary="修改成员与户主关系", tags=TAGS,
                   request=MemberUpdateSerializer, responses=MemberSerializer)
    def patch(self, request: Request, pk: int, person: int, **kwargs: Any) -> Response:
        membership = _member_of(household_get(user=request.user, pk=pk), person)
        data = MemberUpdateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        membership = services.household_member_update(actor=request.user, membership=membership,
                                                      relationship=data.validated_data["relationship"])
        return Response(MemberSerializer(membership).data)

    @extend_schema(
        operation_id="households_members_destroy", summary="移出成员（户主除外）", tags=TAGS,
        responses={204: OpenApiResponse(description="已移出"),
                   400: OpenApiResponse(FIELD_ERRORS_SCHEMA, description=api_messages.DOC_400)},
        examples=[OpenApiExample("户主不能移出", value={"person": [messages.HEAD_CANNOT_MOVE]},
                                 status_codes=["400"], response_only=True)],
    )
    def delete(self, request: Request, pk: int, person: int, **kwargs: Any) -> Response:
        membership = _member_of(household_get(user=request.user, pk=pk), person)
        services.household_member_remove(actor=request.user, membership=membership)
        return Response(status=status.HTTP_204_NO_CONTENT)


class HouseholdHeadApi(ApiView):
    serializer_class = HeadChangeSerializer
    required_permissions = {"POST": CHANGE}

    @extend_schema(
        operation_id="households_head_change", summary="变更户主", tags=TAGS, request=HeadChangeSerializer,
        responses={200: HouseholdDetailSerializer},
        examples=[OpenApiExample("新户主不是本户成员", value={"head": [messages.HEAD_NOT_MEMBER]},
                                 status_codes=["400"], response_only=True)],
    )
    def post(self, request: Request, pk: int, **kwargs: Any) -> Response:
        household = household_get(user=request.user, pk=pk)
        data = HeadChangeSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        new_head = person_get(user=request.user, pk=data.validated_data["head"])
        services.household_head_change(actor=request.user, household=household, new_head=new_head,
                                       old_head_relationship=data.validated_data["old_head_relationship"])
        return Response(_detail(user=request.user, pk=household.pk))
