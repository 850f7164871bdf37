"""``/api/eldercare/adaptation/``: home adaptation (适老化改造 / 以旧换新), within the caller's
scope (an application elsewhere answers 404).

- ``GET items/``: the catalogue in use (code, name, category, unit, price).
- ``GET applications/?[status=submitted]``: applications, page by page (access-logged).
- ``POST applications/ {"id_number", "applied_on", "subsidy_rate", "lines": [{"item", "quantity",
  "unit_price"?}], "note"?}``: an application waiting for review (201); ``eldercare.manage_adaptation``.
- ``POST applications/{id}/review/ {"action": "approve" | "refuse" | "pay", "reason"?, "paid_on"?}``:
  the review (never by the maker) or the payment, once; ``eldercare.approve_adaptation``.
- ``GET totals/?year=2024``: the year's subsidy paid and the spending generated.

Bad input answers 400 naming the field in Chinese; nothing is half-written.
"""

from __future__ import annotations

from django.urls import path
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from minzheng.core.api.base import ApiView
from minzheng.core.figures import YearQuerySerializer
from minzheng.eldercare.adaptation import messages, selectors, services
from minzheng.eldercare.adaptation.models import AdaptationApplication, AdaptationItem, ApplicationStatus
from minzheng.people.selectors import person_find_by_id_number
from minzheng.people.services import person_id_number_looked_up

TAGS = ["eldercare"]
VIEW, MANAGE, APPROVE = selectors.PERM_VIEW, selectors.PERM_MANAGE, selectors.PERM_APPROVE
CHANNEL = "api"


class ItemSerializer(serializers.ModelSerializer):
    category_display = serializers.CharField(source="get_category_display")

    class Meta:
        model = AdaptationItem
        fields = ["id", "code", "name", "category", "category_display", "unit", "price"]
        read_only_fields = fields


class LineInputSerializer(serializers.Serializer):
    item = serializers.IntegerField(
        min_value=1,
        help_text="目录项目编号",
        error_messages={k: messages.LINES_REQUIRED for k in ("required", "null", "invalid", "min_value")},
    )
    quantity = serializers.CharField(max_length=8, help_text="数量（1–100）")
    unit_price = serializers.CharField(
        max_length=14, required=False, allow_blank=True, help_text="单价（元），空为目录价"
    )


class ApplicationInputSerializer(serializers.Serializer):
    id_number = serializers.CharField(
        max_length=18,
        help_text="老人的18位身份证号",
        error_messages={k: messages.PERSON_REQUIRED for k in ("required", "null", "blank", "max_length")},
    )
    applied_on = serializers.CharField(
        max_length=20,
        help_text="申请日期 YYYY-MM-DD",
        error_messages={k: messages.APPLIED_ON_REQUIRED for k in ("required", "null", "blank")},
    )
    subsidy_rate = serializers.CharField(
        max_length=8,
        help_text="补贴比例 0–1，如 0.80",
        error_messages={k: messages.RATE_INVALID for k in ("required", "null", "blank")},
    )
    lines = LineInputSerializer(
        many=True,
        help_text="改造项目",
        error_messages={k: messages.LINES_REQUIRED for k in ("required", "null", "not_a_list")},
    )
    note = serializers.CharField(max_length=400, required=False, allow_blank=True)


class LineSerializer(serializers.Serializer):
    item = serializers.IntegerField(source="item_id")
    item_name = serializers.CharField(source="item.name")
    quantity = serializers.IntegerField()
    unit_price = serializers.DecimalField(max_digits=10, decimal_places=2)
    amount = serializers.DecimalField(max_digits=14, decimal_places=2)


class AdaptationApplicationSerializer(serializers.ModelSerializer):
    person_name = serializers.CharField(source="person.name")
    status_display = serializers.CharField(source="get_status_display")
    lines = LineSerializer(many=True)

    class Meta:
        model = AdaptationApplication
        fields = [
            "id",
            "person",
            "person_name",
            "region_code",
            "applied_on",
            "subsidy_rate",
            "total",
            "subsidy",
            "status",
            "status_display",
            "refusal_reason",
            "paid_on",
            "note",
            "lines",
        ]
        read_only_fields = fields


class ApplicationQuerySerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=ApplicationStatus.choices, required=False)


class AdaptationReviewInputSerializer(serializers.Serializer):
    action = serializers.ChoiceField(
        choices=[("approve", "审核通过"), ("refuse", "不予补贴"), ("pay", "登记发放")]
    )
    reason = serializers.CharField(max_length=400, required=False, allow_blank=True)
    paid_on = serializers.CharField(max_length=20, required=False, allow_blank=True)


class TotalsSerializer(serializers.Serializer):
    paid = serializers.IntegerField(help_text="当年发放补贴的申请（户）")
    subsidy_paid = serializers.DecimalField(max_digits=16, decimal_places=2, help_text="发放补贴（元）")
    consumption = serializers.DecimalField(max_digits=16, decimal_places=2, help_text="带动消费（元）")
    renovation = serializers.IntegerField()
    trade_in = serializers.IntegerField()
    waiting_review = serializers.IntegerField()
    waiting_payment = serializers.IntegerField()


class ItemListApi(ApiView):
    pagination_class = None  # a catalogue of a few dozen items
    required_permissions = {"GET": VIEW}

    @extend_schema(
        operation_id="eldercare_adaptation_items",
        summary="适老化改造项目目录",
        tags=TAGS,
        responses=ItemSerializer(many=True),
    )
    def get(self, request: Request) -> Response:
        return Response(ItemSerializer(selectors.catalogue(), many=True).data)


class ApplicationListCreateApi(ApiView):
    serializer_class = ApplicationInputSerializer
    query_serializer_class = ApplicationQuerySerializer
    required_permissions = {"GET": VIEW, "POST": MANAGE}

    @extend_schema(
        operation_id="eldercare_adaptation_applications",
        summary="适老化改造申请",
        tags=TAGS,
        responses=AdaptationApplicationSerializer(many=True),
    )
    def get(self, request: Request) -> Response:
        query = self.query_params()
        found = selectors.application_list(
            user=request.user, status=query.get("status", "")
        ).prefetch_related("lines__item")
        return self.paginated(found, AdaptationApplicationSerializer, shows=lambda a: a.person)

    @extend_schema(
        operation_id="eldercare_adaptation_submit",
        summary="登记适老化改造申请",
        tags=TAGS,
        request=ApplicationInputSerializer,
        responses={201: AdaptationApplicationSerializer},
    )
    def post(self, request: Request) -> Response:
        data = ApplicationInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        person = person_find_by_id_number(user=request.user, id_number=values["id_number"])
        if person is None:
            raise serializers.ValidationError({"id_number": [messages.ID_NUMBER_UNKNOWN]})
        person_id_number_looked_up(actor=request.user, person=person, channel=CHANNEL)
        items = {item.pk: item for item in selectors.catalogue()}
        lines = [
            services.LineInput(
                item=items.get(line["item"]),
                quantity=line["quantity"],
                unit_price=line.get("unit_price") or None,
            )
            for line in values["lines"]
        ]
        created = services.application_submit(
            actor=request.user,
            person=person,
            applied_on=values["applied_on"],
            subsidy_rate=values["subsidy_rate"],
            lines=lines,
            note=values.get("note", ""),
        )
        return Response(AdaptationApplicationSerializer(created).data, status=status.HTTP_201_CREATED)


class ReviewApi(ApiView):
    serializer_class = AdaptationReviewInputSerializer
    required_permissions = {"POST": APPROVE}

    @extend_schema(
        operation_id="eldercare_adaptation_review",
        summary="审核适老化改造申请或登记补贴发放",
        tags=TAGS,
        request=AdaptationReviewInputSerializer,
        responses={200: AdaptationApplicationSerializer},
    )
    def post(self, request: Request, pk: int) -> Response:
        found = selectors.application_get(user=request.user, pk=pk)
        data = AdaptationReviewInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        if values["action"] == "approve":
            done = services.application_approve(actor=request.user, application=found)
        elif values["action"] == "refuse":
            done = services.application_refuse(
                actor=request.user, application=found, reason=values.get("reason", "")
            )
        else:
            done = services.application_pay(
                actor=request.user, application=found, paid_on=values.get("paid_on", "")
            )
        return Response(AdaptationApplicationSerializer(done).data)


class TotalsApi(ApiView):
    query_serializer_class = YearQuerySerializer
    required_permissions = {"GET": VIEW}

    @extend_schema(
        operation_id="eldercare_adaptation_totals",
        summary="适老化改造年度补贴发放和带动消费",
        tags=TAGS,
        responses=TotalsSerializer,
    )
    def get(self, request: Request) -> Response:
        year = self.query_params()["year"]
        return Response(TotalsSerializer(selectors.adaptation_totals(user=request.user, year=year)).data)


# Included by minzheng.api_urls inside the "api" namespace.
urlpatterns = [
    path("eldercare/adaptation/items/", ItemListApi.as_view(), name="eldercare-adaptation-items"),
    path(
        "eldercare/adaptation/applications/",
        ApplicationListCreateApi.as_view(),
        name="eldercare-adaptation-applications",
    ),
    path(
        "eldercare/adaptation/applications/<int:pk>/review/",
        ReviewApi.as_view(),
        name="eldercare-adaptation-review",
    ),
    path("eldercare/adaptation/totals/", TotalsApi.as_view(), name="eldercare-adaptation-totals"),
]
