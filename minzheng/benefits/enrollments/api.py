"""``/api/benefits/enrollments/`` and ``/api/benefits/reviews/due/``: the enrollments in the
user's scope, one with its reviews, the review due list, and recording a review (复核). Thin over
``enrollments.selectors`` and ``enrollments.services``; out of scope answers 404."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.urls import path
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from minzheng.benefits import messages
from minzheng.benefits.enrollments import selectors, services
from minzheng.benefits.enrollments.models import Enrollment, Review
from minzheng.core.api.base import ApiView

TAGS = ["benefits"]
VIEW = "benefits.view_enrollment"
REVIEW = "benefits.review_enrollment"


class ReviewSerializer(serializers.ModelSerializer):
    class Meta:
        model = Review
        fields = ["id", "due_on", "done_on", "outcome", "old_amount", "new_amount", "effective_month", "reason"]
        read_only_fields = fields


class EnrollmentSerializer(serializers.ModelSerializer):
    program = serializers.CharField(source="program.code", help_text="项目代码")
    status_display = serializers.CharField(source="get_status_display", help_text="状态名称")

    class Meta:
        model = Enrollment
        fields = ["id", "program", "household", "person", "region_code", "approved_on", "start_month", "stop_month",
                  "monthly_amount", "persons", "status", "status_display", "status_reason", "review_interval_months",
                  "next_review_on"]
        read_only_fields = fields


class EnrollmentDetailSerializer(EnrollmentSerializer):
    reviews = serializers.SerializerMethodField()

    class Meta(EnrollmentSerializer.Meta):
        fields = [*EnrollmentSerializer.Meta.fields, "reviews"]
        read_only_fields = fields

    @extend_schema(responses=ReviewSerializer(many=True))
    def get_reviews(self, obj: Enrollment) -> list[dict[str, Any]]:
        return list(ReviewSerializer(selectors.reviews_of(enrollment=obj), many=True).data)


class EnrollmentQuerySerializer(serializers.Serializer):
    program = serializers.CharField(required=False, allow_blank=True, max_length=32, help_text="项目代码")
    status = serializers.ChoiceField(choices=Enrollment.Status.choices, required=False, allow_blank=True,
                                     help_text="状态")


class ReviewDueQuerySerializer(serializers.Serializer):
    until = serializers.DateField(required=False, allow_null=True, help_text="到期日不晚于此日；默认今天起30天",
                                  error_messages={"invalid": "日期格式应为 YYYY-MM-DD"})


class ReviewInputSerializer(serializers.Serializer):
    outcome = serializers.ChoiceField(choices=Review.Outcome.choices,
                                      help_text="continue 继续、change_amount 变更金额、suspend 停发、terminate 终止",
                                      error_messages={"required": messages.REVIEW_OUTCOME_INVALID,
                                                      "null": messages.REVIEW_OUTCOME_INVALID,
                                                      "invalid_choice": messages.REVIEW_OUTCOME_INVALID})
    monthly_amount = serializers.DecimalField(
        max_digits=14, decimal_places=2, min_value=Decimal("0"), required=False, allow_null=True,
        help_text="变更金额时的新月发放金额（元）",
        error_messages={"min_value": messages.ENROLLMENT_AMOUNT_NEGATIVE, "invalid": messages.CHECK_INCOME_INVALID,
                        "max_decimal_places": messages.CHECK_INCOME_INVALID, "max_digits": messages.CHECK_INCOME_INVALID,
                        "max_whole_digits": messages.CHECK_INCOME_INVALID,
                        "max_string_length": messages.CHECK_INCOME_INVALID})
    reason = serializers.CharField(required=False, allow_blank=True, max_length=500, help_text="说明；停发、终止时必填")


class EnrollmentListApi(ApiView):
    query_serializer_class = EnrollmentQuerySerializer
    required_permissions = {"GET": VIEW}

    @extend_schema(operation_id="benefits_enrollments_list", summary="救助待遇列表（仅本辖区）", tags=TAGS,
                   responses=EnrollmentSerializer(many=True))
    def get(self, request: Request) -> Response:
        return self.paginated(selectors.enrollment_list(user=request.user, **self.query_params()),
                              EnrollmentSerializer)


class EnrollmentDetailApi(ApiView):
    required_permissions = {"GET": VIEW}

    @extend_schema(operation_id="benefits_enrollments_retrieve", summary="救助待遇详情与复核记录", tags=TAGS,
                   responses=EnrollmentDetailSerializer)
    def get(self, request: Request, pk: int, **kwargs: Any) -> Response:
        return Response(EnrollmentDetailSerializer(selectors.enrollment_get(user=request.user, pk=pk)).data)


class ReviewDueApi(ApiView):
    query_serializer_class = ReviewDueQuerySerializer
    required_permissions = {"GET": VIEW}

    @extend_schema(operation_id="benefits_reviews_due", summary="复核到期清单（本辖区，按到期日）", tags=TAGS,
                   responses=EnrollmentSerializer(many=True))
    def get(self, request: Request) -> Response:
        return self.paginated(selectors.review_due_list(user=request.user, until=self.query_params().get("until")),
                              EnrollmentSerializer)


class ReviewRecordApi(ApiView):
    serializer_class = ReviewInputSerializer
    required_permissions = {"POST": REVIEW}

    @extend_schema(operation_id="benefits_enrollments_review", summary="登记复核结论", tags=TAGS,
                   request=ReviewInputSerializer, responses=EnrollmentDetailSerializer)
    def post(self, request: Request, pk: int, **kwargs: Any) -> Response:
        enrollment = selectors.enrollment_get(user=request.user, pk=pk)
        data = ReviewInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        services.review_record(actor=request.user, enrollment=enrollment, outcome=values["outcome"],
                               reason=values.get("reason", ""), monthly_amount=values.get("monthly_amount"))
        return Response(EnrollmentDetailSerializer(selectors.enrollment_get(user=request.user, pk=pk)).data)


urlpatterns = [
    path("benefits/enrollments/", EnrollmentListApi.as_view(), name="benefits-enrollments"),
    path("benefits/enrollments/<int:pk>/", EnrollmentDetailApi.as_view(), name="benefits-enrollment"),
    path("benefits/enrollments/<int:pk>/review/", ReviewRecordApi.as_view(), name="benefits-enrollment-review"),
    path("benefits/reviews/due/", ReviewDueApi.as_view(), name="benefits-reviews-due"),
]
