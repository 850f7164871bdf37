"""``/api/eldercare/love-cards/``: love cards (爱心卡) and their ledger, for staff holding
``eldercare.manage_love_cards`` (township and county officers), within their scope; a card
elsewhere answers 404.

- ``GET`` lists the cards (``?q=`` a name's beginning or an exact ID number, ``?status=``);
  ``POST {"person": id}`` activates one (201).
- ``GET counts/?year=2024``: the cards activated (by the end of that year, and in it), active,
  frozen, and the balance they hold.
- ``GET <id>/``: one card with its latest 100 entries and the balance recomputed from the whole
  ledger; ``GET <id>/entries/``: the whole ledger, page by page. Both write an access-log row.
- ``POST <id>/top-up/ {"kind": "family"|"enterprise", "amount": "50.00", "payer", "note",
  "idempotency_key"}``: 201 with the entry; the same key again answers 200 with the original entry
  and changes nothing.
"""

from __future__ import annotations

from typing import Any

from django.urls import path
from django.utils import timezone
from drf_spectacular.utils import OpenApiExample, extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from minzheng.core.api.base import ApiView
from minzheng.eldercare import messages
from minzheng.eldercare.love_cards import selectors, services
from minzheng.eldercare.love_cards.models import LoveCard, LoveCardEntry
from minzheng.people.selectors import person_get

TAGS = ["eldercare"]
MANAGE = services.PERMISSION
TOP_UP_KEY_PREFIX = "top_up:"
CLIENT_KEY_MAX = 64
LATEST = 100


@extend_schema_field({"type": "string", "pattern": r"^\d+(\.\d{1,2})?$", "example": "50.00",
                      "description": "金额（元），大于0，最多两位小数"})
class AmountField(serializers.Field):
    """An amount checked by the service's own rule, so the API and the pages give one message."""

    default_error_messages = {"required": messages.AMOUNT_REQUIRED, "null": messages.AMOUNT_REQUIRED}

    def to_internal_value(self, data: Any) -> Any:
        error = services.amount_error(data)
        if error:
            raise serializers.ValidationError(error)
        return services.clean_amount(data)

    def to_representation(self, value: Any) -> str:
        return f"{value:.2f}"


class LoveCardQuerySerializer(serializers.Serializer):
    q = serializers.CharField(required=False, allow_blank=True, max_length=50, help_text="姓名开头或18位身份证号")
    status = serializers.ChoiceField(choices=LoveCard.Status.choices, required=False, allow_blank=True,
                                     help_text="只看此状态", error_messages={"invalid_choice": "状态应为 active 或 frozen"})


class LoveCardCountsQuerySerializer(serializers.Serializer):
    year = serializers.IntegerField(required=False, min_value=2000, max_value=2100, help_text="统计年度，默认今年",
                                    error_messages={key: "年度应为2000–2100之间的四位数字" for key in
                                                    ("invalid", "min_value", "max_value", "max_string_length")})


class LoveCardActivateSerializer(serializers.Serializer):
    person = serializers.IntegerField(min_value=1, help_text="开卡老年人的人员编号",
                                      error_messages={key: messages.CARD_PERSON_REQUIRED for key in
                                                      ("required", "null", "invalid", "min_value",
                                                       "max_string_length")})


class LoveCardTopUpSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=[("family", "家庭充值"), ("enterprise", "企业充值")], help_text="充值类型",
                                   error_messages={key: messages.TOP_UP_KIND_INVALID for key in
                                                   ("required", "null", "invalid_choice")})
    amount = AmountField(help_text="金额（元）")
    payer = serializers.CharField(max_length=services.PAYER_MAX, help_text="充值单位或充值人",
                                  error_messages={"required": messages.PAYER_REQUIRED, "blank": messages.PAYER_REQUIRED,
                                                  "null": messages.PAYER_REQUIRED, "invalid": messages.PAYER_REQUIRED,
                                                  "max_length": messages.PAYER_TOO_LONG.format(max=services.PAYER_MAX)})
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=services.NOTE_MAX,
                                 help_text="备注",
                                 error_messages={"max_length": messages.CARD_NOTE_TOO_LONG.format(max=services.NOTE_MAX),
                                                 "invalid": messages.CARD_NOTE_TOO_LONG.format(max=services.NOTE_MAX)})
    idempotency_key = serializers.RegexField(
        services.KEY_RE, max_length=CLIENT_KEY_MAX,
        help_text="幂等键：同一笔充值重试时使用同一个键（如 UUID），重复的键只记一次账",
        error_messages={"required": messages.KEY_REQUIRED, "blank": messages.KEY_REQUIRED, "null": messages.KEY_REQUIRED,
                        "invalid": messages.KEY_INVALID.format(max=CLIENT_KEY_MAX),
                        "max_length": messages.KEY_INVALID.format(max=CLIENT_KEY_MAX)})


class LoveCardSerializer(serializers.ModelSerializer):
    person_name = serializers.CharField(source="person.name", help_text="持卡人姓名")
    id_number = serializers.CharField(source="person.id_number_masked", help_text="身份证号（脱敏）")
    status_display = serializers.CharField(source="get_status_display", help_text="状态名称")
    balance = serializers.DecimalField(max_digits=14, decimal_places=2, help_text="余额（元）")
    frozen_reason_display = serializers.CharField(source="get_frozen_reason_display", help_text="冻结原因")

    class Meta:
        model = LoveCard
        fields = ["id", "person", "person_name", "id_number", "region_code", "status", "status_display", "balance",
                  "activated_at", "frozen_at", "frozen_reason", "frozen_reason_display"]
        read_only_fields = fields


class LoveCardEntrySerializer(serializers.ModelSerializer):
    kind_display = serializers.CharField(source="get_kind_display", help_text="记账类型名称")
    amount = serializers.DecimalField(max_digits=14, decimal_places=2, help_text="金额（元），总为正数")
    signed_amount = serializers.DecimalField(max_digits=14, decimal_places=2, help_text="入账为正，扣款为负")
    source_display = serializers.CharField(help_text="来源")

    class Meta:
        model = LoveCardEntry
        fields = ["id", "card", "kind", "kind_display", "direction", "amount", "signed_amount", "period",
                  "idempotency_key", "source_type", "source_id", "source_display", "payer", "note", "created_at"]
        read_only_fields = fields


class LoveCardDetailSerializer(LoveCardSerializer):
    ledger_balance = serializers.SerializerMethodField(help_text="按全部账目重算的余额（元），应与余额相等")
    entries = serializers.SerializerMethodField(help_text=f"最近{LATEST}笔账目，新的在前；全部账目见 entries/")

    class Meta(LoveCardSerializer.Meta):
        fields = [*LoveCardSerializer.Meta.fields, "ledger_balance", "entries"]
        read_only_fields = fields

    @extend_schema_field(serializers.DecimalField(max_digits=16, decimal_places=2))
    def get_ledger_balance(self, obj: LoveCard) -> str:
        return f"{selectors.love_card_ledger_balance(card=obj):.2f}"

    @extend_schema_field(LoveCardEntrySerializer(many=True))
    def get_entries(self, obj: LoveCard) -> list[dict[str, Any]]:
        return list(LoveCardEntrySerializer(selectors.love_card_entries(card=obj)[:LATEST], many=True).data)


class LoveCardCountsSerializer(serializers.Serializer):
    year = serializers.IntegerField(help_text="统计年度")
    activated = serializers.IntegerField(help_text="截至年底已激活的爱心卡（含其后冻结的）")
    activated_in_year = serializers.IntegerField(help_text="当年激活的爱心卡")
    active = serializers.IntegerField(help_text="其中现为正常的")
    frozen = serializers.IntegerField(help_text="其中现已冻结的")
    balance = serializers.DecimalField(max_digits=16, decimal_places=2, help_text="卡内余额合计（元）")


class LoveCardListCreateApi(ApiView):
    serializer_class = LoveCardActivateSerializer
    query_serializer_class = LoveCardQuerySerializer
    required_permissions = {"GET": MANAGE, "POST": MANAGE}

    @extend_schema(operation_id="eldercare_love_cards_list", summary="爱心卡（仅本辖区，新开的在前）", tags=TAGS,
                   responses=LoveCardSerializer(many=True))
    def get(self, request: Request) -> Response:
        query = self.query_params()
        return self.paginated(selectors.love_card_list(user=request.user, q=query.get("q", ""),
                                                       status=query.get("status", "")), LoveCardSerializer)

    @extend_schema(operation_id="eldercare_love_cards_activate", summary="开通爱心卡", tags=TAGS,
                   request=LoveCardActivateSerializer, responses={201: LoveCardSerializer},
                   examples=[OpenApiExample("开卡", request_only=True, value={"person": 1}),
                             OpenApiExample("重复开卡", status_codes=["400"], response_only=True,
                                            value={"person": [messages.CARD_EXISTS.format(date="2024-03-01")]})])
    def post(self, request: Request) -> Response:
        data = LoveCardActivateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        person = person_get(user=request.user, pk=data.validated_data["person"])
        card = services.love_card_activate(actor=request.user, person=person)
        return Response(LoveCardSerializer(card).data, status=status.HTTP_201_CREATED)


class LoveCardCountsApi(ApiView):
    query_serializer_class = LoveCardCountsQuerySerializer
    required_permissions = {"GET": MANAGE}

    @extend_schema(operation_id="eldercare_love_cards_counts", summary="爱心卡数量（本辖区）", tags=TAGS,
                   responses=LoveCardCountsSerializer)
    def get(self, request: Request) -> Response:
        year = self.query_params().get("year") or timezone.localdate().year
        return Response(LoveCardCountsSerializer(selectors.love_card_counts(user=request.user, year=year)).data)


class LoveCardDetailApi(ApiView):
    required_permissions = {"GET": MANAGE}

    @extend_schema(operation_id="eldercare_love_cards_retrieve", summary="爱心卡详情（含最近账目）", tags=TAGS,
                   responses=LoveCardDetailSerializer)
    def get(self, request: Request, pk: int, **kwargs: Any) -> Response:
        card = selectors.love_card_get(user=request.user, pk=pk)
        self.views_record([card.person])
        return Response(LoveCardDetailSerializer(card).data)


class LoveCardEntriesApi(ApiView):
    required_permissions = {"GET": MANAGE}

    @extend_schema(operation_id="eldercare_love_cards_entries", summary="爱心卡全部账目（新的在前）", tags=TAGS,
                   responses=LoveCardEntrySerializer(many=True))
    def get(self, request: Request, pk: int, **kwargs: Any) -> Response:
        card = selectors.love_card_get(user=request.user, pk=pk)
        self.views_record([card.person])
        return self.paginated(selectors.love_card_entries(card=card), LoveCardEntrySerializer)


class LoveCardTopUpApi(ApiView):
    serializer_class = LoveCardTopUpSerializer
    required_permissions = {"POST": MANAGE}

    @extend_schema(operation_id="eldercare_love_cards_top_up", summary="爱心卡充值（企业或家庭）", tags=TAGS,
                   request=LoveCardTopUpSerializer, responses={201: LoveCardEntrySerializer, 200: LoveCardEntrySerializer},
                   examples=[OpenApiExample("家庭充值", request_only=True, value={
                       "kind": "family", "amount": "200.00", "payer": "王小明（儿子）", "note": "",
                       "idempotency_key": "6f1c2b0e-2f7a-4d7e-9d0c-0c5b3a1e8f42"}),
                             OpenApiExample("金额有误", status_codes=["400"], response_only=True,
                                            value={"amount": [messages.AMOUNT_TOO_PRECISE]}),
                             OpenApiExample("已冻结", status_codes=["400"], response_only=True,
                                            value={"card": [messages.CARD_FROZEN.format(
                                                reason=messages.FROZEN_ON_DEATH.format(date="2024-05-02"),
                                                action="充值")]})])
    def post(self, request: Request, pk: int, **kwargs: Any) -> Response:
        card = selectors.love_card_get(user=request.user, pk=pk)
        data = LoveCardTopUpSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        entry, created = services.love_card_top_up(
            actor=request.user, card=card, kind=values["kind"], amount=values["amount"], payer=values["payer"],
            note=values["note"], idempotency_key=TOP_UP_KEY_PREFIX + values["idempotency_key"])
        return Response(LoveCardEntrySerializer(entry).data, status=status.HTTP_201_CREATED if created else status.HTTP_200_OK)


# Included by minzheng.api_urls inside the "api" namespace.
urlpatterns = [
    path("eldercare/love-cards/", LoveCardListCreateApi.as_view(), name="eldercare-love-cards"),
    path("eldercare/love-cards/counts/", LoveCardCountsApi.as_view(), name="eldercare-love-card-counts"),
    path("eldercare/love-cards/<int:pk>/", LoveCardDetailApi.as_view(), name="eldercare-love-card"),
    path("eldercare/love-cards/<int:pk>/entries/", LoveCardEntriesApi.as_view(), name="eldercare-love-card-entries"),
    path("eldercare/love-cards/<int:pk>/top-up/", LoveCardTopUpApi.as_view(), name="eldercare-love-card-top-up"),
]
