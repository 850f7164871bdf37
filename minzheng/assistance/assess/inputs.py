"""The trial calculation's request and answer bodies. Every refusal is a Chinese sentence that
names the field: nested errors are flattened here into one list per top-level field
(``{"members": ["第2名成员：月收入不能为负数"]}``), rather than keyed by English field names."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from rest_framework import serializers

from minzheng.assistance import messages
from minzheng.assistance.codes import GRADES, DisabilityKind, Supporters
from minzheng.benefits.money import parse_month

INCOME_MAX = Decimal("1000000.00")
DEPOSITS_MAX = Decimal("100000000.00")
MEMBERS_MAX = 20
COUNT_MAX = 99


def _messages(detail: Any) -> list[str]:
    if isinstance(detail, dict):
        return [m for value in detail.values() for m in _messages(value)]
    if isinstance(detail, list):
        return [m for value in detail for m in _messages(value)]
    return [str(detail)]


class FlatErrors(serializers.Serializer):
    """A nested object whose errors are plain sentences: each message already names its field."""

    def to_internal_value(self, data: Any) -> Any:
        if not isinstance(data, dict):
            raise serializers.ValidationError([messages.OBJECT_INVALID.format(field=self.label or "内容")])
        try:
            return super().to_internal_value(data)
        except serializers.ValidationError as exc:
            raise serializers.ValidationError(_messages(exc.detail)) from exc


def _money(label: str, *, maximum: Decimal, required: bool = True, **kwargs: Any) -> serializers.DecimalField:
    invalid = messages.INCOME_INVALID if label == "月收入" else messages.DEPOSITS_INVALID
    negative = messages.INCOME_NEGATIVE if label == "月收入" else messages.DEPOSITS_NEGATIVE
    large = (messages.INCOME_TOO_LARGE if label == "月收入" else messages.DEPOSITS_TOO_LARGE).format(max=maximum)
    return serializers.DecimalField(
        max_digits=14, decimal_places=2, min_value=Decimal("0"), max_value=maximum, required=required,
        label=label, error_messages={
            "required": messages.INCOME_REQUIRED, "null": invalid, "invalid": invalid, "max_digits": invalid,
            "max_decimal_places": invalid, "max_whole_digits": invalid, "max_string_length": invalid,
            "min_value": negative, "max_value": large,
        }, **kwargs)


def _count(label: str) -> serializers.IntegerField:
    invalid = messages.COUNT_INVALID.format(field=label)
    return serializers.IntegerField(
        min_value=0, max_value=COUNT_MAX, default=0, label=label, error_messages={
            "invalid": invalid, "null": invalid, "min_value": invalid, "max_string_length": invalid,
            "max_value": messages.COUNT_TOO_LARGE.format(field=label, max=COUNT_MAX)})


def _boolean(label: str, **kwargs: Any) -> serializers.BooleanField:
    invalid = messages.BOOLEAN_INVALID.format(field=label)
    return serializers.BooleanField(label=label, error_messages={"invalid": invalid, "null": invalid,
                                                                 "required": invalid}, **kwargs)


class AssetsSerializer(FlatErrors):
    deposits = _money("存款", maximum=DEPOSITS_MAX, required=False, default=Decimal("0.00"),
                      help_text="家庭存款及有价证券合计（元）")
    vehicles = _count("机动车数量")
    houses = _count("住房套数")

    class Meta:
        ref_name = "TrialAssets"


class MemberSerializer(FlatErrors):
    monthly_income = _money("月收入", maximum=INCOME_MAX, help_text="月收入合计（元），两位小数")
    work_capable = _boolean("有劳动能力", required=False, default=False)

    class Meta:
        ref_name = "TrialMember"


class MemberListSerializer(serializers.ListSerializer):
    """Members, each refusal prefixed with the member's place in the list."""

    def run_validation(self, data: Any = serializers.empty) -> Any:
        try:
            return super().run_validation(data)
        except serializers.ValidationError as exc:
            raise serializers.ValidationError(_member_messages(exc.detail)) from exc


def _member_messages(detail: Any) -> list[str]:
    """DRF reports item errors keyed by index (or as a list in item order), and list-wide errors
    under ``non_field_errors``: one sentence each, the item ones naming the member."""
    out: list[str] = []
    items = detail.items() if isinstance(detail, dict) else enumerate(detail) if isinstance(detail, list) else []
    for key, value in items:
        if str(key).isdigit() and isinstance(value, dict | list):
            out += [messages.ASSESS_MEMBER.format(n=int(key) + 1, message=m) for m in _messages(value)]
        elif isinstance(value, dict | list):
            out += _member_messages(value)
        else:
            out.append(str(value))
    return out or _messages(detail)


def _members() -> serializers.ListSerializer:
    return MemberListSerializer(
        child=MemberSerializer(), allow_empty=False, max_length=MEMBERS_MAX, label="家庭成员",
        help_text="共同生活家庭成员，每人一项",
        error_messages={"empty": messages.ASSESS_MEMBERS_REQUIRED, "required": messages.ASSESS_MEMBERS_REQUIRED,
                        "null": messages.ASSESS_MEMBERS_REQUIRED,
                        "not_a_list": messages.ASSESS_MEMBERS_REQUIRED,
                        "max_length": messages.ASSESS_MEMBERS_TOO_MANY.format(max=MEMBERS_MAX)})


class TrialBase(serializers.Serializer):
    region_code = serializers.CharField(
        max_length=12, help_text="12位区划代码（户籍所在地）", error_messages={
            "required": messages.ASSESS_REGION_REQUIRED, "blank": messages.ASSESS_REGION_REQUIRED,
            "null": messages.ASSESS_REGION_REQUIRED, "invalid": messages.ASSESS_REGION_REQUIRED,
            "max_length": messages.ASSESS_REGION_UNKNOWN.format(code="（超过12位）")})
    month = serializers.CharField(
        max_length=7, help_text="试算月份，YYYY-MM", error_messages={
            "required": messages.ASSESS_MONTH_INVALID, "blank": messages.ASSESS_MONTH_INVALID,
            "null": messages.ASSESS_MONTH_INVALID, "invalid": messages.ASSESS_MONTH_INVALID,
            "max_length": messages.ASSESS_MONTH_INVALID})
    assets = AssetsSerializer(required=False, label="家庭财产")

    def validate_month(self, value: str) -> Any:
        try:
            return parse_month(value)
        except ValueError as exc:
            raise serializers.ValidationError(messages.ASSESS_MONTH_INVALID) from exc


class HouseholdTrialSerializer(TrialBase):
    members = _members()

    class Meta:
        ref_name = "HouseholdTrial"


class DisabilitySerializer(FlatErrors):
    kind = serializers.ChoiceField(choices=DisabilityKind.choices, label="残疾类别",
                                   error_messages={"invalid_choice": messages.DISABILITY_KIND_INVALID,
                                                   "required": messages.DISABILITY_KIND_INVALID,
                                                   "null": messages.DISABILITY_KIND_INVALID})
    grade = serializers.ChoiceField(choices=list(GRADES), label="残疾等级",
                                    error_messages={"invalid_choice": messages.DISABILITY_GRADE_INVALID,
                                                    "required": messages.DISABILITY_GRADE_INVALID,
                                                    "null": messages.DISABILITY_GRADE_INVALID})

    class Meta:
        ref_name = "TrialDisability"


class SelfCareSerializer(FlatErrors):
    """Each of the six items: true when the person does it without help."""

    eating = _boolean("吃饭")
    dressing = _boolean("穿衣")
    bed_transfer = _boolean("上下床")
    toileting = _boolean("如厕")
    indoor_walking = _boolean("室内行走")
    bathing = _boolean("洗澡")

    class Meta:
        ref_name = "TrialSelfCare"


class TekunTrialSerializer(TrialBase):
    age = serializers.IntegerField(min_value=0, max_value=150, help_text="周岁", error_messages={
        "required": messages.AGE_REQUIRED, "null": messages.AGE_REQUIRED, "invalid": messages.AGE_INVALID,
        "min_value": messages.AGE_INVALID, "max_value": messages.AGE_INVALID,
        "max_string_length": messages.AGE_INVALID})
    monthly_income = _money("月收入", maximum=INCOME_MAX, help_text="本人月收入合计（元）")
    supporters = serializers.ChoiceField(choices=Supporters.choices, help_text="法定赡养、抚养、扶养义务人情况",
                                         error_messages={"invalid_choice": messages.SUPPORTERS_INVALID,
                                                         "required": messages.SUPPORTERS_INVALID,
                                                         "null": messages.SUPPORTERS_INVALID})
    disability = DisabilitySerializer(required=False, allow_null=True, label="残疾人证")
    self_care = SelfCareSerializer(required=False, allow_null=True, label="生活自理能力")

    class Meta:
        ref_name = "TekunTrial"


class TrialResultSerializer(serializers.Serializer):
    eligible = serializers.BooleanField(help_text="是否符合条件")
    per_capita_income = serializers.DecimalField(max_digits=16, decimal_places=2, rounding=ROUND_HALF_UP,
                                                 help_text="人均月收入（元，显示保留两位）")
    standard = serializers.DecimalField(max_digits=14, decimal_places=2, help_text="适用标准（元/月）")
    monthly_amount = serializers.DecimalField(max_digits=14, decimal_places=2, help_text="每月金额（元）")
    reasons = serializers.ListField(child=serializers.CharField(), help_text="认定说明（中文）")

    class Meta:
        ref_name = "TrialResult"
