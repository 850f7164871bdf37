"""The legal checks and the divorce timeline through the API, for marriage registrars; nothing is
saved and no record is read (the caller gives the facts).

- ``POST /api/marriage/check/`` takes ``{"registration_date", "parties": [{"gender", "birth_date",
  "marital_status", "alive"}, {...}], "prohibited_relationship_declared_absent"}`` and answers
  ``{"allowed", "reasons"}``, one Chinese reason per failed rule (``rules.checks``).
- ``POST /api/marriage/divorce/timeline/`` takes ``{"applied_on"}`` and answers
  ``{"cooling_off_ends", "appear_by"}`` (``rules.timeline``).

A bad date is a 400 naming the field, in Chinese.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.urls import path
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from minzheng.core.api.base import ApiView
from minzheng.marriage import messages
from minzheng.marriage.permissions import REGISTER
from minzheng.marriage.rules.checks import MARITAL_STATUSES, Party, marriage_reasons
from minzheng.marriage.rules.timeline import divorce_timeline

TAGS = ["marriage"]


def _bool_errors(message: str) -> dict[str, str]:
    return {key: message for key in ("required", "null", "invalid")}


@extend_schema_field(OpenApiTypes.DATE)
class ChineseDateField(serializers.Field):
    """An ISO date, with a 400 that names the field in Chinese (DRF's own message is English and
    does not say which field)."""

    def __init__(self, *, label: str, **kwargs: Any) -> None:
        self.chinese = label
        super().__init__(
            error_messages={key: messages.DATE_REQUIRED.format(field=label) for key in ("required", "null")},
            **kwargs,
        )

    def to_internal_value(self, data: Any) -> dt.date:
        if data in (None, ""):
            raise serializers.ValidationError(messages.DATE_REQUIRED.format(field=self.chinese))
        try:
            day = dt.date.fromisoformat(str(data).strip())
        except ValueError as exc:
            raise serializers.ValidationError(messages.DATE_INVALID.format(field=self.chinese)) from exc
        if not dt.date(1900, 1, 1) <= day <= dt.date(2099, 12, 1):
            raise serializers.ValidationError(messages.DATE_OUT_OF_RANGE.format(field=self.chinese))
        return day

    def to_representation(self, value: dt.date) -> str:
        return value.isoformat()


class MarriagePartySerializer(serializers.Serializer):
    gender = serializers.ChoiceField(
        choices=["M", "F"], help_text="性别：M 男，F 女",
        error_messages={key: messages.GENDER_INVALID for key in ("required", "null", "invalid_choice")},
    )
    birth_date = ChineseDateField(label="出生日期", help_text="出生日期 YYYY-MM-DD")
    marital_status = serializers.ChoiceField(
        choices=list(MARITAL_STATUSES), help_text="婚姻状况：unmarried 未婚，married 已婚，divorced 离婚，widowed 丧偶",
        error_messages={key: messages.STATUS_INVALID for key in ("required", "null", "invalid_choice")},
    )
    alive = serializers.BooleanField(help_text="是否在世", error_messages=_bool_errors(messages.ALIVE_INVALID))


class MarriageCheckInputSerializer(serializers.Serializer):
    registration_date = ChineseDateField(label="登记日期", help_text="登记日期 YYYY-MM-DD")
    parties = MarriagePartySerializer(
        many=True, help_text="双方当事人（两人）",
        error_messages={key: messages.PARTIES_TWO for key in ("required", "null", "not_a_list", "empty")},
    )
    prohibited_relationship_declared_absent = serializers.BooleanField(
        help_text="双方已声明无禁止结婚的亲属关系", error_messages=_bool_errors(messages.DECLARED_INVALID)
    )

    def validate_parties(self, value: list[dict[str, Any]]) -> list[dict[str, Any]]:
        if len(value) != 2:
            raise serializers.ValidationError(messages.PARTIES_TWO)
        return value

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if any(p["birth_date"] > attrs["registration_date"] for p in attrs["parties"]):
            raise serializers.ValidationError({"parties": [messages.BIRTH_AFTER_REGISTRATION]})
        return attrs


class MarriageCheckSerializer(serializers.Serializer):
    allowed = serializers.BooleanField(help_text="是否符合结婚登记条件")
    reasons = serializers.ListField(child=serializers.CharField(), help_text="不符合的原因，每条规则一条（中文）")


class DivorceTimelineInputSerializer(serializers.Serializer):
    applied_on = ChineseDateField(label="申请日期", help_text="离婚申请受理日期 YYYY-MM-DD")


class DivorceTimelineSerializer(serializers.Serializer):
    cooling_off_ends = serializers.DateField(help_text="冷静期最后一日（遇休息日、法定节假日顺延）")
    appear_by = serializers.DateField(help_text="双方到场申请发证的最后一日（顺延规则同上）")


class MarriageCheckApi(ApiView):
    serializer_class = MarriageCheckInputSerializer
    required_permissions = {"POST": REGISTER}

    @extend_schema(
        operation_id="marriage_check",
        summary="结婚登记条件核查（不保存）",
        tags=TAGS,
        request=MarriageCheckInputSerializer,
        responses={200: MarriageCheckSerializer},
        examples=[
            OpenApiExample(
                "男方未满22周岁",
                request_only=True,
                value={
                    "registration_date": "2025-06-14",
                    "parties": [
                        {"gender": "M", "birth_date": "2003-06-15", "marital_status": "unmarried", "alive": True},
                        {"gender": "F", "birth_date": "2001-01-02", "marital_status": "divorced", "alive": True},
                    ],
                    "prohibited_relationship_declared_absent": True,
                },
            )
        ],
    )
    def post(self, request: Request) -> Response:
        data = MarriageCheckInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        facts = data.validated_data
        reasons = marriage_reasons(
            registration_date=facts["registration_date"],
            parties=[Party(**p) for p in facts["parties"]],
            prohibited_relationship_declared_absent=facts["prohibited_relationship_declared_absent"],
        )
        return Response(MarriageCheckSerializer({"allowed": not reasons, "reasons": reasons}).data)


class DivorceTimelineApi(ApiView):
    serializer_class = DivorceTimelineInputSerializer
    required_permissions = {"POST": REGISTER}

    @extend_schema(
        operation_id="marriage_divorce_timeline",
        summary="协议离婚冷静期与到场期限（不保存）",
        tags=TAGS,
        request=DivorceTimelineInputSerializer,
        responses={200: DivorceTimelineSerializer},
        examples=[OpenApiExample("2025-06-02 申请", request_only=True, value={"applied_on": "2025-06-02"})],
    )
    def post(self, request: Request) -> Response:
        data = DivorceTimelineInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        timeline = divorce_timeline(data.validated_data["applied_on"])
        return Response(DivorceTimelineSerializer(timeline).data)


urlpatterns = [
    path("marriage/check/", MarriageCheckApi.as_view(), name="marriage-check"),
    path("marriage/divorce/timeline/", DivorceTimelineApi.as_view(), name="marriage-divorce-timeline"),
]
