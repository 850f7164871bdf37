"""``/api/eldercare/assessments/``: the ability assessment (GB/T 42195-2022).

- ``POST score/`` computes the subtotals, total and levels of 26 scores and saves nothing, so it
  needs no power beyond being signed in (as the trial calculations do).
- ``GET`` lists the assessments of the people in the caller's scope (of one with ``?person=``);
  ``POST`` records one; ``GET <id>/`` reads one with each item's wording; ``POST <id>/void/``
  voids one entered in error. Reading needs ``eldercare.view_assessment``, writing
  ``eldercare.record_assessment``; a person outside the scope answers 404. Reading a person's
  assessments writes an access-log row: they are health data.
"""

from __future__ import annotations

from typing import Any

from django.urls import path
from drf_spectacular.utils import OpenApiExample, extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from minzheng.core.api.base import ApiView
from minzheng.eldercare import messages
from minzheng.eldercare.assessment import selectors, services
from minzheng.eldercare.assessment.models import Assessment
from minzheng.eldercare.assessment.scoring import (
    INDICATORS,
    ITEMS,
    RISK_EVENTS_MAX,
    AbilityLevel,
    Reason,
    ScoresInvalid,
    score,
    score_message,
    scores_check,
)
from minzheng.people.selectors import person_get

TAGS = ["eldercare"]
VIEW = "eldercare.view_assessment"
RECORD = "eldercare.record_assessment"

SCORE_EXAMPLE = {"scores": [4, 4, 3, 4, 4, 3, 4, 4, 4, 4, 3, 2, 4, 4, 4, 3, 4, 4, 1, 1, 2, 2, 1, 3, 2, 3],
                 "coma": False, "dementia": False, "psychiatric": False, "risk_events_30d": 0}
BAD_SCORES = OpenApiExample("得分超出范围", status_codes=["400"], response_only=True,
                            value={"scores": [score_message(2), score_message(18)]})
BAD_COUNT = OpenApiExample("项数不对", status_codes=["400"], response_only=True,
                           value={"scores": [messages.SCORES_COUNT.format(count=25)]})


@extend_schema_field({"type": "array", "items": {"type": "integer", "minimum": 0, "maximum": 4},
                      "minItems": len(ITEMS), "maxItems": len(ITEMS),
                      "description": "26项得分，按标准顺序 B.1.1 至 B.4.5：" + "；".join(
                          f"{i.code} {i.name} 0–{i.max}" for i in ITEMS)})
class ScoresField(serializers.Field):
    """The 26 scores, each checked against its own item's range; every wrong item is named."""

    default_error_messages = {"required": messages.SCORES_NOT_LIST, "null": messages.SCORES_NOT_LIST}

    def to_internal_value(self, data: Any) -> list[int]:
        try:
            return scores_check(data)
        except ScoresInvalid as exc:
            raise serializers.ValidationError(exc.messages) from exc

    def to_representation(self, value: Any) -> list[int]:
        return list(value)


def _flag(label: str) -> serializers.BooleanField:
    invalid = messages.FLAG_INVALID.format(field=label)
    return serializers.BooleanField(required=False, default=False, help_text=label,
                                    error_messages={"invalid": invalid, "null": invalid})


class ScoreInputSerializer(serializers.Serializer):
    scores = ScoresField()
    coma = _flag("处于昏迷状态")
    dementia = _flag("确诊痴呆")
    psychiatric = _flag("确诊精神科专科疾病（痴呆以外）")
    risk_events_30d = serializers.IntegerField(
        required=False, default=0, min_value=0, max_value=RISK_EVENTS_MAX,
        help_text="近30天内照护风险事件（跌倒、噎食、自杀、自伤、走失）次数；2次及以上等级提高一级",
        error_messages={key: messages.RISK_EVENTS_INVALID.format(max=RISK_EVENTS_MAX)
                        for key in ("invalid", "null", "min_value", "max_value", "max_string_length")})


class ScoreResultSerializer(serializers.Serializer):
    subtotals = serializers.ListField(child=serializers.IntegerField(), min_length=4, max_length=4,
                                      help_text="四项一级指标得分：自理能力、基础运动能力、精神状态、感知觉与社会参与")
    total = serializers.IntegerField(help_text="总分，0–90")
    preliminary_level = serializers.ChoiceField(choices=AbilityLevel.choices, help_text="按总分的初步等级")
    level = serializers.ChoiceField(choices=AbilityLevel.choices, help_text="能力等级（计入昏迷、痴呆等变更）")
    preliminary_level_display = serializers.CharField(help_text="初步等级名称")
    level_display = serializers.CharField(help_text="能力等级名称")
    reasons = serializers.ListField(child=serializers.CharField(), help_text="等级的依据")


class AssessmentInputSerializer(ScoreInputSerializer):
    person = serializers.IntegerField(min_value=1, help_text="被评估老年人的人员编号",
                                      error_messages={key: messages.PERSON_REQUIRED for key in
                                                      ("required", "null", "invalid", "min_value",
                                                       "max_string_length")})
    reason = serializers.ChoiceField(choices=Reason.choices, help_text="评估原因",
                                     error_messages={key: messages.REASON_INVALID for key in
                                                     ("required", "null", "invalid_choice")})
    assessed_on = serializers.DateField(help_text="评估日期 YYYY-MM-DD",
                                        error_messages={"required": messages.ASSESSED_ON_REQUIRED,
                                                        "null": messages.ASSESSED_ON_REQUIRED,
                                                        "invalid": messages.ASSESSED_ON_INVALID,
                                                        "datetime": messages.ASSESSED_ON_INVALID})
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=services.NOTE_MAX,
                                 help_text="备注；评估原因为“其他”时必填",
                                 error_messages={"max_length": messages.NOTE_TOO_LONG.format(max=services.NOTE_MAX),
                                                 "null": messages.REASON_NOTE_REQUIRED,
                                                 "invalid": messages.REASON_NOTE_REQUIRED})


class VoidInputSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=services.NOTE_MAX, help_text="作废原因",
                                   error_messages={"required": messages.VOID_REASON_REQUIRED,
                                                   "blank": messages.VOID_REASON_REQUIRED,
                                                   "null": messages.VOID_REASON_REQUIRED,
                                                   "invalid": messages.VOID_REASON_REQUIRED,
                                                   "max_length": messages.NOTE_TOO_LONG.format(max=services.NOTE_MAX)})


class AssessmentQuerySerializer(serializers.Serializer):
    person = serializers.IntegerField(required=False, min_value=1, help_text="只看此人员编号的评估",
                                      error_messages={key: messages.PERSON_REQUIRED for key in
                                                      ("invalid", "null", "min_value", "max_string_length")})
    level = serializers.ChoiceField(choices=AbilityLevel.choices, required=False, allow_blank=True,
                                    help_text="只看此能力等级")


class AssessmentSerializer(serializers.ModelSerializer):
    person_name = serializers.CharField(source="person.name", help_text="姓名")
    scores = serializers.ListField(child=serializers.IntegerField(), help_text="26项得分，B.1.1 至 B.4.5")
    subtotals = serializers.ListField(child=serializers.IntegerField(),
                                      help_text="自理能力、基础运动能力、精神状态、感知觉与社会参与得分")
    preliminary_level_display = serializers.CharField(source="get_preliminary_level_display", help_text="初步等级名称")
    level_display = serializers.CharField(source="get_level_display", help_text="能力等级名称")
    reason_display = serializers.CharField(source="get_reason_display", help_text="评估原因名称")
    assessor = serializers.CharField(source="assessor.get_username", help_text="评估员账号")
    valid = serializers.BooleanField(source="is_valid", help_text="有效（未作废）")

    class Meta:
        model = Assessment
        fields = ["id", "person", "person_name", "region_code", "scores", "subtotals", "total", "preliminary_level",
                  "preliminary_level_display", "level", "level_display", "coma", "dementia", "psychiatric",
                  "risk_events_30d", "reason", "reason_display", "note", "assessor", "assessed_on", "recorded_at",
                  "valid", "voided_at", "void_reason"]
        read_only_fields = fields


class ItemScoreSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="条目编号，如 B.1.1")
    indicator = serializers.CharField(help_text="一级指标")
    name = serializers.CharField(help_text="条目名称")
    score = serializers.IntegerField(help_text="得分")
    max = serializers.IntegerField(help_text="满分")
    wording = serializers.CharField(help_text="该得分在标准中的描述")


class AssessmentDetailSerializer(AssessmentSerializer):
    items = serializers.SerializerMethodField()

    class Meta(AssessmentSerializer.Meta):
        fields = [*AssessmentSerializer.Meta.fields, "items"]
        read_only_fields = fields

    @extend_schema_field(ItemScoreSerializer(many=True))
    def get_items(self, obj: Assessment) -> list[dict[str, Any]]:
        return [{"code": item.code, "indicator": indicator.name, "name": item.name,
                 "score": getattr(obj, item.key), "max": item.max, "wording": item.wording(getattr(obj, item.key))}
                for indicator in INDICATORS for item in indicator.items]


class ScoreApi(ApiView):
    serializer_class = ScoreInputSerializer

    @extend_schema(operation_id="eldercare_assessment_score", summary="老年人能力评估计分（不保存）", tags=TAGS,
                   request=ScoreInputSerializer, responses={200: ScoreResultSerializer},
                   examples=[OpenApiExample("轻度失能", value=SCORE_EXAMPLE, request_only=True), BAD_SCORES, BAD_COUNT])
    def post(self, request: Request) -> Response:
        data = ScoreInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        result = score(values["scores"], coma=values["coma"], dementia=values["dementia"],
                       psychiatric=values["psychiatric"], risk_events_30d=values["risk_events_30d"])
        return Response(ScoreResultSerializer(result.as_dict()).data)


class AssessmentListCreateApi(ApiView):
    serializer_class = AssessmentInputSerializer
    query_serializer_class = AssessmentQuerySerializer
    required_permissions = {"GET": VIEW, "POST": RECORD}

    @extend_schema(operation_id="eldercare_assessments_list", summary="老年人能力评估记录（仅本辖区，新的在前）",
                   tags=TAGS, responses=AssessmentSerializer(many=True))
    def get(self, request: Request) -> Response:
        query = self.query_params()
        person = None
        if query.get("person"):
            person = person_get(user=request.user, pk=query["person"])
            self.views_record([person])
        return self.paginated(selectors.assessment_list(user=request.user, person=person, level=query.get("level", "")),
                              AssessmentSerializer)

    @extend_schema(operation_id="eldercare_assessments_create", summary="录入老年人能力评估", tags=TAGS,
                   request=AssessmentInputSerializer, responses={201: AssessmentDetailSerializer},
                   examples=[OpenApiExample("常规评估", request_only=True, value={
                       **SCORE_EXAMPLE, "person": 1, "reason": "routine", "assessed_on": "2024-06-01", "note": ""}),
                             BAD_SCORES])
    def post(self, request: Request) -> Response:
        data = AssessmentInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        person = person_get(user=request.user, pk=values.pop("person"))
        assessment = services.assessment_record(actor=request.user, person=person, **values)
        return Response(AssessmentDetailSerializer(assessment).data, status=status.HTTP_201_CREATED)


class AssessmentDetailApi(ApiView):
    required_permissions = {"GET": VIEW}

    @extend_schema(operation_id="eldercare_assessments_retrieve", summary="老年人能力评估详情（含各条目得分与描述）",
                   tags=TAGS, responses=AssessmentDetailSerializer)
    def get(self, request: Request, pk: int, **kwargs: Any) -> Response:
        assessment = selectors.assessment_get(user=request.user, pk=pk)
        self.views_record([assessment.person])
        return Response(AssessmentDetailSerializer(assessment).data)


class AssessmentVoidApi(ApiView):
    serializer_class = VoidInputSerializer
    required_permissions = {"POST": RECORD}

    @extend_schema(operation_id="eldercare_assessments_void", summary="作废录入有误的老年人能力评估", tags=TAGS,
                   request=VoidInputSerializer, responses=AssessmentDetailSerializer,
                   examples=[OpenApiExample("已作废", status_codes=["400"], response_only=True,
                                            value={"voided_at": [messages.ALREADY_VOIDED]})])
    def post(self, request: Request, pk: int, **kwargs: Any) -> Response:
        assessment = selectors.assessment_get(user=request.user, pk=pk)
        data = VoidInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        assessment = services.assessment_void(actor=request.user, assessment=assessment,
                                              reason=data.validated_data["reason"])
        return Response(AssessmentDetailSerializer(assessment).data)


# Included by minzheng.api_urls inside the "api" namespace.
urlpatterns = [
    path("eldercare/assessments/score/", ScoreApi.as_view(), name="eldercare-assessment-score"),
    path("eldercare/assessments/", AssessmentListCreateApi.as_view(), name="eldercare-assessments"),
    path("eldercare/assessments/<int:pk>/", AssessmentDetailApi.as_view(), name="eldercare-assessment"),
    path("eldercare/assessments/<int:pk>/void/", AssessmentVoidApi.as_view(), name="eldercare-assessment-void"),
]
