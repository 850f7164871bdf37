"""``/api/eldercare/meals/``: meals for the elderly (老年助餐), for staff holding
``eldercare.record_meals`` (township and county officers, the city, and the meal sites' own
provider operators), within their view; a site elsewhere answers 404.

- ``POST {"site", "person" | "id_number" | "card_number", "served_on", "meal", "mode", "price",
  "paid_with"}``: records one meal (201). The same meal again (elder, day and meal) answers 200
  with the first record and debits nothing; recorded again differently, 400 on ``meal``. A love
  card that is frozen or short refuses on ``paid_with`` and nothing is written.
- ``GET ?site=<id>&month=2024-06``: that site's meals of the month, page by page (access-logged).
- ``GET counts/?year=2024[&month=6][&site=<id>]``: meals per site and month: lunch and dinner,
  eaten in and delivered, paid by card, elders served, the subsidy and the elders' share.
"""

from __future__ import annotations

from typing import Any

from django.urls import path
from django.utils import timezone
from drf_spectacular.utils import OpenApiExample, extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from minzheng.benefits.money import parse_month
from minzheng.core.api.base import ApiView
from minzheng.core.audit import access_record_many
from minzheng.eldercare.meals import messages, selectors, services
from minzheng.eldercare.meals.models import Meal, MealMode, MealRecord, PaidWith
from minzheng.people.services import person_id_number_looked_up

TAGS = ["eldercare"]
RECORD = services.PERM_RECORD
CHANNEL = "api"


def _errors(message: str, *keys: str) -> dict[str, str]:
    return dict.fromkeys(keys, message)


@extend_schema_field(
    {
        "type": "string",
        "pattern": r"^\d+(\.\d{1,2})?$",
        "example": "12.00",
        "description": "餐费（元），大于0，最多两位小数",
    }
)
class PriceField(serializers.Field):
    """A price checked by the service's own rule, so the API and the pages give one message."""

    default_error_messages = {"required": messages.PRICE_REQUIRED, "null": messages.PRICE_REQUIRED}

    def to_internal_value(self, data: Any) -> Any:
        if isinstance(data, float):  # a JSON number: its decimal text, not its binary value
            data = repr(data)
        if error := services.price_error(data):
            raise serializers.ValidationError(error)
        return str(data).strip()

    def to_representation(self, value: Any) -> str:
        return f"{value:.2f}"


class MonthField(serializers.CharField):
    def to_internal_value(self, data: Any) -> Any:
        text = super().to_internal_value(data)
        try:
            return parse_month(text)
        except ValueError:
            raise serializers.ValidationError(messages.MONTH_INVALID.format(value=text)) from None


class MealRecordInputSerializer(serializers.Serializer):
    site = serializers.IntegerField(
        min_value=1,
        help_text="助餐点（设施编号）",
        error_messages=_errors(
            messages.SITE_REQUIRED, "required", "null", "invalid", "min_value", "max_string_length"
        ),
    )
    person = serializers.IntegerField(
        min_value=1,
        required=False,
        help_text="老人的人员编号（三者填其一）",
        error_messages=_errors(messages.PERSON_REQUIRED, "null", "invalid", "min_value", "max_string_length"),
    )
    id_number = serializers.CharField(
        required=False,
        max_length=18,
        help_text="老人的18位身份证号（三者填其一）",
        error_messages=_errors(messages.ID_NUMBER_UNKNOWN, "null", "invalid", "blank", "max_length"),
    )
    card_number = serializers.IntegerField(
        min_value=1,
        required=False,
        help_text="爱心卡号（三者填其一）",
        error_messages=_errors(
            messages.CARD_NUMBER_UNKNOWN, "null", "invalid", "min_value", "max_string_length"
        ),
    )
    served_on = serializers.DateField(
        help_text="就餐日期 YYYY-MM-DD",
        error_messages={
            "required": messages.SERVED_ON_REQUIRED,
            "null": messages.SERVED_ON_REQUIRED,
            "invalid": messages.SERVED_ON_INVALID,
            "datetime": messages.SERVED_ON_INVALID,
        },
    )
    meal = serializers.ChoiceField(
        choices=Meal.choices,
        help_text="餐次",
        error_messages=_errors(messages.MEAL_INVALID, "required", "null", "invalid_choice"),
    )
    mode = serializers.ChoiceField(
        choices=MealMode.choices,
        help_text="就餐方式",
        error_messages=_errors(messages.MODE_INVALID, "required", "null", "invalid_choice"),
    )
    price = PriceField(help_text="餐费（元）")
    paid_with = serializers.ChoiceField(
        choices=PaidWith.choices,
        help_text="个人支付部分的支付方式",
        error_messages=_errors(messages.PAID_WITH_INVALID, "required", "null", "invalid_choice"),
    )

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if sum(1 for key in ("person", "id_number", "card_number") if attrs.get(key)) != 1:
            raise serializers.ValidationError({"person": [messages.FIND_ONE]})
        return attrs


class MealRecordSerializer(serializers.ModelSerializer):
    person_name = serializers.CharField(source="person.name", help_text="老人姓名")
    site_name = serializers.CharField(source="site.name", help_text="助餐点名称")
    meal_display = serializers.CharField(source="get_meal_display", help_text="餐次名称")
    mode_display = serializers.CharField(source="get_mode_display", help_text="就餐方式名称")
    tier_display = serializers.CharField(
        source="get_tier_display", help_text="补贴年龄段名称（未满60周岁为空）"
    )
    price = serializers.DecimalField(max_digits=10, decimal_places=2, help_text="餐费（元）")
    subsidy = serializers.DecimalField(max_digits=10, decimal_places=2, help_text="助餐补贴（元）")
    elder_share = serializers.DecimalField(max_digits=10, decimal_places=2, help_text="个人支付（元）")

    class Meta:
        model = MealRecord
        fields = [
            "id",
            "person",
            "person_name",
            "site",
            "site_name",
            "region_code",
            "served_on",
            "meal",
            "meal_display",
            "mode",
            "mode_display",
            "tier",
            "tier_display",
            "price",
            "subsidy",
            "elder_share",
            "paid_with",
            "love_card_entry",
            "created_at",
        ]
        read_only_fields = fields


class MealListQuerySerializer(serializers.Serializer):
    site = serializers.IntegerField(
        min_value=1,
        help_text="助餐点（设施编号）",
        error_messages=_errors(
            messages.SITE_REQUIRED, "required", "null", "invalid", "min_value", "max_string_length"
        ),
    )
    month = MonthField(required=False, help_text="月份 YYYY-MM，默认本月")


class MealCountsQuerySerializer(serializers.Serializer):
    year = serializers.IntegerField(
        required=False,
        min_value=2000,
        max_value=2100,
        help_text="统计年度，默认今年",
        error_messages=_errors(
            messages.YEAR_INVALID, "invalid", "min_value", "max_value", "max_string_length"
        ),
    )
    month = serializers.IntegerField(
        required=False,
        min_value=1,
        max_value=12,
        help_text="只看该年的这个月（1–12）",
        error_messages=_errors(
            messages.MONTH_INVALID.format(value=""), "invalid", "min_value", "max_value", "max_string_length"
        ),
    )
    site = serializers.IntegerField(
        required=False,
        min_value=1,
        help_text="只看这个助餐点",
        error_messages=_errors(messages.SITE_REQUIRED, "invalid", "min_value", "max_string_length"),
    )


class MealCountSerializer(serializers.Serializer):
    site_id = serializers.IntegerField(help_text="助餐点（设施编号）")
    site_name = serializers.CharField(help_text="助餐点名称")
    region_code = serializers.CharField(help_text="助餐点所在区划")
    period = serializers.DateField(help_text="月份（每月1日）")
    meals = serializers.IntegerField(help_text="餐次合计")
    lunch = serializers.IntegerField(help_text="午餐")
    dinner = serializers.IntegerField(help_text="晚餐")
    eat_in = serializers.IntegerField(help_text="堂食")
    delivered = serializers.IntegerField(help_text="送餐上门")
    love_card = serializers.IntegerField(help_text="爱心卡支付的餐次")
    diners = serializers.IntegerField(help_text="就餐老人（该点该月，不重复计）")
    subsidy = serializers.DecimalField(max_digits=16, decimal_places=2, help_text="助餐补贴合计（元）")
    elder_share = serializers.DecimalField(max_digits=16, decimal_places=2, help_text="个人支付合计（元）")


class MealListCreateApi(ApiView):
    serializer_class = MealRecordInputSerializer
    query_serializer_class = MealListQuerySerializer
    required_permissions = {"GET": RECORD, "POST": RECORD}

    @extend_schema(
        operation_id="eldercare_meals_list",
        summary="助餐点某月的助餐记录",
        tags=TAGS,
        responses=MealRecordSerializer(many=True),
    )
    def get(self, request: Request) -> Response:
        query = self.query_params()
        site = selectors.site_get(user=request.user, pk=query["site"])
        month = query.get("month") or timezone.localdate().replace(day=1)
        page = self.paginate_queryset(selectors.record_list(user=request.user, site=site, month=month))
        people = {r.person_id: r.person for r in page or []}
        if people:
            access_record_many(actor=request.user, subjects=list(people.values()), channel=CHANNEL)
        return self.get_paginated_response(MealRecordSerializer(page, many=True).data)

    @extend_schema(
        operation_id="eldercare_meals_record",
        summary="登记一餐（老年助餐）",
        tags=TAGS,
        request=MealRecordInputSerializer,
        responses={201: MealRecordSerializer, 200: MealRecordSerializer},
        examples=[
            OpenApiExample(
                "爱心卡支付",
                request_only=True,
                value={
                    "site": 12,
                    "id_number": "330502194003011234",
                    "served_on": "2024-05-15",
                    "meal": "lunch",
                    "mode": "eat_in",
                    "price": "12.00",
                    "paid_with": "love_card",
                },
            ),
            OpenApiExample(
                "余额不足",
                status_codes=["400"],
                response_only=True,
                value={"paid_with": [messages.CARD_SHORT.format(balance="5.00", amount="8.00")]},
            ),
        ],
    )
    def post(self, request: Request) -> Response:
        data = MealRecordInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        site = selectors.site_get(user=request.user, pk=values["site"])
        if values.get("id_number"):
            person = selectors.person_for_meal(user=request.user, id_number=values["id_number"])
            if person is None:
                raise serializers.ValidationError({"id_number": [messages.ID_NUMBER_UNKNOWN]})
            person_id_number_looked_up(actor=request.user, person=person, channel=CHANNEL)
        elif values.get("card_number"):
            person = selectors.person_for_card(user=request.user, card_number=values["card_number"])
            if person is None:
                raise serializers.ValidationError({"card_number": [messages.CARD_NUMBER_UNKNOWN]})
        else:
            person = selectors.person_by_id(user=request.user, pk=values["person"])
            if person is None:
                raise serializers.ValidationError({"person": [messages.PERSON_REQUIRED]})
        record, created = services.meal_record(
            actor=request.user,
            site=site,
            person=person,
            served_on=values["served_on"],
            meal=values["meal"],
            mode=values["mode"],
            price=values["price"],
            paid_with=values["paid_with"],
        )
        return Response(
            MealRecordSerializer(record).data,
            status=status.HTTP_201_CREATED if created else status.HTTP_200_OK,
        )


class MealCountsApi(ApiView):
    query_serializer_class = MealCountsQuerySerializer
    pagination_class = None  # a year of a county's sites is a few thousand rows, sent whole
    required_permissions = {"GET": RECORD}

    @extend_schema(
        operation_id="eldercare_meals_counts",
        summary="各助餐点逐月助餐数量（本人可见范围）",
        tags=TAGS,
        responses=MealCountSerializer(many=True),
    )
    def get(self, request: Request) -> Response:
        query = self.query_params()
        site = selectors.site_get(user=request.user, pk=query["site"]) if query.get("site") else None
        found = selectors.meal_counts(
            actor=request.user,
            year=query.get("year") or timezone.localdate().year,
            month=query.get("month"),
            site=site,
        )
        return Response(MealCountSerializer(found, many=True).data)


# Included by minzheng.api_urls inside the "api" namespace.
urlpatterns = [
    path("eldercare/meals/", MealListCreateApi.as_view(), name="eldercare-meals"),
    path("eldercare/meals/counts/", MealCountsApi.as_view(), name="eldercare-meal-counts"),
]
