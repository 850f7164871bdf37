"""``/api/eldercare/insurance/``: accident insurance for elders (老年人意外险), within the
caller's scope (a record elsewhere answers 404).

- ``GET payout/?year=2024``: the year's policies, premiums, claims paid, the highest payout and
  the payout ratio, in the whole scope and per region one level below (``eldercare.view_insurance``).
- ``POST policies/ {"id_number", "year", "insurer", "premium"}``: a policy (201).
- ``GET claims/?year=2024[&kind=rehab][&status=paid]``: a year's claims, page by page.
- ``POST claims/ {"policy", "kind", "accident_on", "claimed_on", "amount_claimed"}``: a claim (201).
- ``POST claims/{id}/decision/ {"decision": "pay", "amount_paid", "paid_on"}`` or
  ``{"decision": "refuse", "reason"}``: the insurer's answer, once (a second answer is a 400).

Writing needs ``eldercare.manage_insurance``. Bad input answers 400 naming the field in Chinese.
"""

from __future__ import annotations

from typing import Any

from django.urls import path
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from minzheng.core.api.base import ApiView
from minzheng.core.figures import YearQuerySerializer
from minzheng.eldercare.insurance import messages, selectors, services
from minzheng.eldercare.insurance.models import Claim, ClaimKind, ClaimStatus, Policy
from minzheng.people.selectors import person_find_by_id_number
from minzheng.people.services import person_id_number_looked_up

TAGS = ["eldercare"]
VIEW, MANAGE = selectors.PERM_VIEW, selectors.PERM_MANAGE
CHANNEL = "api"


def _text(**kwargs: Any) -> serializers.CharField:
    return serializers.CharField(**kwargs)


class PayoutRowSerializer(serializers.Serializer):
    region_code = serializers.CharField(help_text="区划代码")
    region_name = serializers.CharField(help_text="区划名称")
    policies = serializers.IntegerField(help_text="保单（份）")
    premiums = serializers.DecimalField(max_digits=16, decimal_places=2, help_text="保费合计（元）")
    claims_paid = serializers.IntegerField(help_text="已赔付理赔（件）")
    paid = serializers.DecimalField(max_digits=16, decimal_places=2, help_text="赔付合计（元）")
    rehab_paid = serializers.IntegerField(help_text="其中康复津贴（件）")
    max_paid = serializers.DecimalField(
        max_digits=14, decimal_places=2, allow_null=True, help_text="单件赔付最高（元）"
    )
    payout_ratio = serializers.DecimalField(
        max_digits=8, decimal_places=2, allow_null=True, help_text="赔付率（%）= 赔付 ÷ 保费，无保费时为空"
    )


class PayoutSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    total = PayoutRowSerializer()
    regions = PayoutRowSerializer(many=True)


class PolicyInputSerializer(serializers.Serializer):
    id_number = _text(
        max_length=18,
        help_text="老人的18位身份证号",
        error_messages={k: messages.PERSON_REQUIRED for k in ("required", "null", "blank", "max_length")},
    )
    year = serializers.CharField(
        max_length=8,
        help_text="保险年度",
        error_messages={
            k: messages.YEAR_INVALID.format(min=2000, max=2100)
            for k in ("required", "null", "blank", "max_length")
        },
    )
    insurer = _text(
        max_length=200,
        help_text="承保公司",
        error_messages={
            k: messages.INSURER_REQUIRED.format(max=services.INSURER_MAX)
            for k in ("required", "null", "blank", "max_length")
        },
    )
    premium = _text(
        max_length=20,
        help_text="保费（元）",
        error_messages={
            k: messages.AMOUNT_INVALID.format(label="保费", max=services.PREMIUM_MAX)
            for k in ("required", "null", "blank", "max_length")
        },
    )


class PolicySerializer(serializers.ModelSerializer):
    person_name = serializers.CharField(source="person.name")

    class Meta:
        model = Policy
        fields = ["id", "person", "person_name", "region_code", "year", "insurer", "premium", "created_at"]
        read_only_fields = fields


class ClaimInputSerializer(serializers.Serializer):
    policy = serializers.IntegerField(
        min_value=1,
        help_text="保单编号",
        error_messages={
            k: messages.NO_POLICY.format(year="该") for k in ("required", "null", "invalid", "min_value")
        },
    )
    kind = serializers.ChoiceField(
        choices=ClaimKind.choices,
        help_text="理赔类型",
        error_messages={k: messages.KIND_INVALID for k in ("required", "null", "invalid_choice")},
    )
    accident_on = _text(
        max_length=20,
        help_text="出险日期 YYYY-MM-DD",
        error_messages={k: messages.ACCIDENT_ON_REQUIRED for k in ("required", "null", "blank")},
    )
    claimed_on = _text(
        max_length=20,
        help_text="报案日期 YYYY-MM-DD",
        error_messages={k: messages.CLAIMED_ON_REQUIRED for k in ("required", "null", "blank")},
    )
    amount_claimed = _text(
        max_length=20,
        help_text="申请金额（元）",
        error_messages={
            k: messages.AMOUNT_INVALID.format(label="申请金额", max=services.CLAIM_MAX)
            for k in ("required", "null", "blank")
        },
    )


class DecisionInputSerializer(serializers.Serializer):
    decision = serializers.ChoiceField(
        choices=[("pay", "赔付"), ("refuse", "拒赔")],
        error_messages={k: messages.DECISION_INVALID for k in ("required", "null", "invalid_choice")},
    )
    amount_paid = _text(required=False, allow_blank=True, max_length=20, help_text="赔付金额（元）")
    paid_on = _text(required=False, allow_blank=True, max_length=20, help_text="赔付日期 YYYY-MM-DD")
    reason = _text(required=False, allow_blank=True, max_length=400, help_text="拒赔原因")


class ClaimSerializer(serializers.ModelSerializer):
    person = serializers.IntegerField(source="policy.person_id")
    person_name = serializers.CharField(source="policy.person.name")
    kind_display = serializers.CharField(source="get_kind_display")
    status_display = serializers.CharField(source="get_status_display")

    class Meta:
        model = Claim
        fields = [
            "id",
            "policy",
            "person",
            "person_name",
            "region_code",
            "year",
            "kind",
            "kind_display",
            "accident_on",
            "claimed_on",
            "amount_claimed",
            "status",
            "status_display",
            "amount_paid",
            "paid_on",
            "refusal_reason",
        ]
        read_only_fields = fields


class ClaimQuerySerializer(YearQuerySerializer):
    kind = serializers.ChoiceField(
        choices=ClaimKind.choices, required=False, error_messages={"invalid_choice": messages.KIND_INVALID}
    )
    status = serializers.ChoiceField(choices=ClaimStatus.choices, required=False)


class PayoutApi(ApiView):
    query_serializer_class = YearQuerySerializer
    required_permissions = {"GET": VIEW}

    @extend_schema(
        operation_id="eldercare_insurance_payout",
        summary="意外险年度赔付率（本辖区及下一级区划）",
        tags=TAGS,
        responses=PayoutSerializer,
    )
    def get(self, request: Request) -> Response:
        year = self.query_params()["year"]
        return Response(
            PayoutSerializer(
                {
                    "year": year,
                    "total": selectors.payout_total(user=request.user, year=year),
                    "regions": selectors.payout_by_region(user=request.user, year=year),
                }
            ).data
        )


class PolicyCreateApi(ApiView):
    serializer_class = PolicyInputSerializer
    required_permissions = {"POST": MANAGE}

    @extend_schema(
        operation_id="eldercare_insurance_policy_add",
        summary="登记意外险保单",
        tags=TAGS,
        request=PolicyInputSerializer,
        responses={201: PolicySerializer},
    )
    def post(self, request: Request) -> Response:
        data = PolicyInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        person = person_find_by_id_number(user=request.user, id_number=values["id_number"])
        if person is None:
            raise serializers.ValidationError({"id_number": [messages.ID_NUMBER_UNKNOWN]})
        person_id_number_looked_up(actor=request.user, person=person, channel=CHANNEL)
        policy = services.policy_add(
            actor=request.user,
            person=person,
            year=values["year"],
            insurer=values["insurer"],
            premium=values["premium"],
        )
        return Response(PolicySerializer(policy).data, status=status.HTTP_201_CREATED)


class ClaimListCreateApi(ApiView):
    serializer_class = ClaimInputSerializer
    query_serializer_class = ClaimQuerySerializer
    required_permissions = {"GET": VIEW, "POST": MANAGE}

    @extend_schema(
        operation_id="eldercare_insurance_claims",
        summary="某年度保单的理赔",
        tags=TAGS,
        responses=ClaimSerializer(many=True),
    )
    def get(self, request: Request) -> Response:
        query = self.query_params()
        found = selectors.claim_list(
            user=request.user, year=query["year"], kind=query.get("kind", ""), status=query.get("status", "")
        )
        return self.paginated(found, ClaimSerializer, shows=lambda c: c.policy.person)

    @extend_schema(
        operation_id="eldercare_insurance_claim_add",
        summary="登记意外险理赔",
        tags=TAGS,
        request=ClaimInputSerializer,
        responses={201: ClaimSerializer},
    )
    def post(self, request: Request) -> Response:
        data = ClaimInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        policy = selectors.policy_get(user=request.user, pk=values.pop("policy"))
        claim = services.claim_add(actor=request.user, policy=policy, **values)
        return Response(ClaimSerializer(claim).data, status=status.HTTP_201_CREATED)


class ClaimDecisionApi(ApiView):
    serializer_class = DecisionInputSerializer
    required_permissions = {"POST": MANAGE}

    @extend_schema(
        operation_id="eldercare_insurance_claim_decide",
        summary="登记理赔结案（赔付或拒赔）",
        tags=TAGS,
        request=DecisionInputSerializer,
        responses={200: ClaimSerializer},
    )
    def post(self, request: Request, pk: int) -> Response:
        claim = selectors.claim_get(user=request.user, pk=pk)
        data = DecisionInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        decided = services.claim_decide(
            actor=request.user,
            claim=claim,
            decision=values["decision"],
            amount_paid=values.get("amount_paid") or None,
            paid_on=values.get("paid_on") or None,
            reason=values.get("reason", ""),
        )
        return Response(ClaimSerializer(decided).data)


# Included by minzheng.api_urls inside the "api" namespace.
urlpatterns = [
    path("eldercare/insurance/payout/", PayoutApi.as_view(), name="eldercare-insurance-payout"),
    path("eldercare/insurance/policies/", PolicyCreateApi.as_view(), name="eldercare-insurance-policies"),
    path("eldercare/insurance/claims/", ClaimListCreateApi.as_view(), name="eldercare-insurance-claims"),
    path(
        "eldercare/insurance/claims/<int:pk>/decision/",
        ClaimDecisionApi.as_view(),
        name="eldercare-insurance-claim-decision",
    ),
]
