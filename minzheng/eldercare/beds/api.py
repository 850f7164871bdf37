"""``/api/eldercare/beds/``: one bed, one code.

- ``homes/``: the care homes in view with their bed counts.
- ``GET`` lists beds (``?home=``), ``POST`` adds beds to a home (one room, one or more numbers);
  ``GET <id>/`` reads a bed with whoever lies in it; ``POST <id>/check-in/`` checks a person in by
  ID number; ``POST <id>/scan/`` records a scan of the bed's code; ``POST <id>/retire/``.
- ``occupancies/``: stays (``?bed=``, ``?home=``, ``?open=true``); ``POST occupancies/<id>/check-out/``.
- ``subsidy-runs/``: the monthly subsidy runs (``POST`` makes or completes one), a run with its
  homes and levels, its lines, its approval; ``subsidy-rates/``: the rates per bed-day.
- ``findings/``: the integrity checks (``?month=YYYY-MM`` for the payments checked, ``?check=``).

Beds and stays need ``eldercare.manage_beds`` and a home in view (else 404): officers whose scope
holds the home and the home's provider operators. Runs need ``eldercare.manage_bed_subsidy`` (to
approve, ``eldercare.approve_bed_subsidy``); rates are written with
``eldercare.manage_bed_subsidy_rates``; findings need ``eldercare.view_bed_findings``. Every person
an answer names writes an access-log row.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.urls import path
from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from minzheng.benefits.money import parse_month
from minzheng.core.api.base import ApiView
from minzheng.eldercare.assessment.scoring import AbilityLevel
from minzheng.eldercare.beds import integrity, messages, qr, selectors, services
from minzheng.eldercare.beds.models import (
    Bed,
    BedKind,
    BedScan,
    BedSubsidyLine,
    BedSubsidyRate,
    BedSubsidyRun,
    CheckOutReason,
    Occupancy,
)
from minzheng.facilities.operators.selectors import MAX_ID
from minzheng.people.services import person_id_number_looked_up

TAGS = ["eldercare"]
MANAGE = services.PERM_MANAGE
SUBSIDY = services.PERM_SUBSIDY
APPROVE = services.PERM_APPROVE
RATES = services.PERM_RATES
FINDINGS = "eldercare.view_bed_findings"
CHANNEL = "api"


def _id_errors(message: str) -> dict[str, str]:
    return {key: message for key in ("required", "null", "invalid", "min_value", "max_value", "max_string_length")}


# ---- serializers --------------------------------------------------------------------------------


class BedHomeQuerySerializer(serializers.Serializer):
    q = serializers.CharField(required=False, allow_blank=True, default="", max_length=50,
                              help_text="机构名称或地址中的文字", error_messages={"max_length": "查询文字：不能超过50个字"})


class BedSubsidyRunQuerySerializer(serializers.Serializer):
    period = serializers.CharField(required=False, allow_blank=True, default="", max_length=7,
                                   help_text="只看此月份 YYYY-MM",
                                   error_messages={"max_length": messages.PERIOD_INVALID.format(value="…")})

    def validate_period(self, value: str) -> dt.date | None:
        if not value:
            return None
        try:
            return parse_month(value)
        except ValueError:
            raise serializers.ValidationError(messages.PERIOD_INVALID.format(value=value)) from None


class BedSubsidyRateQuerySerializer(serializers.Serializer):
    level = serializers.ChoiceField(choices=AbilityLevel.choices, required=False, allow_blank=True,
                                    help_text="只看此能力等级", error_messages={"invalid_choice": messages.RATE_LEVEL_INVALID})


class BedNoBodySerializer(serializers.Serializer):
    """A write that takes no body: the acting user and the URL say everything."""


class BedHomeSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField(help_text="机构名称")
    region_code = serializers.CharField(help_text="所在区划")
    address = serializers.CharField(source="address_text", help_text="地址")
    bed_count = serializers.IntegerField(help_text="在用床位")
    occupied_count = serializers.IntegerField(help_text="在住床位")
    free_count = serializers.IntegerField(help_text="空闲床位")


class BedOccupantSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text="人员编号")
    name = serializers.CharField(help_text="姓名")
    id_number = serializers.CharField(source="id_number_masked", help_text="身份证号（脱敏）")


class BedSerializer(serializers.ModelSerializer):
    home = serializers.IntegerField(source="facility_id", help_text="养老机构编号")
    home_name = serializers.CharField(source="facility.name", help_text="养老机构名称")
    kind = serializers.CharField(help_text="床位类型：nursing 护理型床位，ordinary 普通型床位")
    kind_display = serializers.CharField(source="get_kind_display", help_text="床位类型名称")
    public_url = serializers.SerializerMethodField(help_text="床位码（二维码）所指的公开页面")

    class Meta:
        model = Bed
        fields = ["id", "home", "home_name", "region_code", "room", "number", "kind", "kind_display", "code",
                  "public_url", "active", "created_at", "retired_at"]
        read_only_fields = fields

    def get_public_url(self, obj: Bed) -> str:
        return qr.public_url(obj.code, self.context.get("request"))


class BedStaySerializer(serializers.ModelSerializer):
    person = BedOccupantSerializer(help_text="入住老人")
    home = serializers.IntegerField(source="facility_id", help_text="养老机构编号")
    home_name = serializers.CharField(source="facility.name", help_text="养老机构名称")
    bed_label = serializers.CharField(source="bed.__str__", help_text="床位（房间号、床位号）")
    check_out_reason = serializers.CharField(help_text="退住原因：" + "，".join(f"{v} {lb}" for v, lb in CheckOutReason.choices)
                                             + "；在住时为空")
    open = serializers.BooleanField(source="is_open", help_text="在住（未退住）")

    class Meta:
        model = Occupancy
        fields = ["id", "bed", "bed_label", "home", "home_name", "person", "region_code", "checked_in_on",
                  "checked_out_on", "check_out_reason", "note", "open"]
        read_only_fields = fields


class BedDetailSerializer(BedSerializer):
    in_use = serializers.BooleanField(help_text="是否有老人在住")
    stay = BedStaySerializer(allow_null=True, help_text="在住老人的入住记录（无人入住时为 null）")

    class Meta(BedSerializer.Meta):
        fields = [*BedSerializer.Meta.fields, "in_use", "stay"]
        read_only_fields = fields


class BedsAddInputSerializer(serializers.Serializer):
    home = serializers.IntegerField(min_value=1, max_value=MAX_ID, help_text="养老机构编号", error_messages=_id_errors("养老机构：请指定养老机构"))
    room = serializers.CharField(max_length=services.ROOM_MAX, help_text="房间号",
                                 error_messages={"required": messages.ROOM_REQUIRED, "blank": messages.ROOM_REQUIRED,
                                                 "null": messages.ROOM_REQUIRED,
                                                 "max_length": messages.ROOM_TOO_LONG.format(max=services.ROOM_MAX)})
    number = serializers.CharField(max_length=200, help_text="床位号：一张 1，连续多张 1-4，不连续 1,2,5",
                                   error_messages={"required": messages.NUMBERS_REQUIRED,
                                                   "blank": messages.NUMBERS_REQUIRED,
                                                   "null": messages.NUMBERS_REQUIRED})
    kind = serializers.ChoiceField(choices=BedKind.choices, help_text="床位类型",
                                   error_messages={"required": messages.KIND_INVALID, "null": messages.KIND_INVALID,
                                                   "invalid_choice": messages.KIND_INVALID})


class BedQuerySerializer(serializers.Serializer):
    home = serializers.IntegerField(required=False, min_value=1, max_value=MAX_ID, help_text="只看此养老机构的床位",
                                    error_messages=_id_errors("养老机构：编号应为正整数"))


class BedCheckInInputSerializer(serializers.Serializer):
    id_number = serializers.CharField(max_length=18, min_length=18, help_text="入住老人的18位身份证号",
                                      error_messages={"required": messages.ID_NUMBER_REQUIRED,
                                                      "blank": messages.ID_NUMBER_REQUIRED,
                                                      "null": messages.ID_NUMBER_REQUIRED,
                                                      "min_length": "身份证号：应为18位", "max_length": "身份证号：应为18位"})
    checked_in_on = serializers.DateField(help_text="入住日期 YYYY-MM-DD（今天或以前）", error_messages={
        "required": messages.ON_REQUIRED.format(field="入住日期"), "null": messages.ON_REQUIRED.format(field="入住日期"),
        "invalid": messages.ON_INVALID.format(field="入住日期"), "datetime": messages.ON_INVALID.format(field="入住日期")})
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=services.NOTE_MAX,
                                 help_text="备注", error_messages={
                                     "max_length": messages.NOTE_TOO_LONG.format(max=services.NOTE_MAX)})


class BedCheckOutInputSerializer(serializers.Serializer):
    checked_out_on = serializers.DateField(help_text="退住日期 YYYY-MM-DD（退住当天不计床日）", error_messages={
        "required": messages.ON_REQUIRED.format(field="退住日期"), "null": messages.ON_REQUIRED.format(field="退住日期"),
        "invalid": messages.ON_INVALID.format(field="退住日期"), "datetime": messages.ON_INVALID.format(field="退住日期")})
    check_out_reason = serializers.ChoiceField(choices=CheckOutReason.choices, help_text="退住原因",
                                               error_messages={"required": messages.REASON_INVALID,
                                                               "null": messages.REASON_INVALID,
                                                               "invalid_choice": messages.REASON_INVALID})
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=services.NOTE_MAX,
                                 help_text="备注；退住原因为“其他”时必填", error_messages={
                                     "max_length": messages.NOTE_TOO_LONG.format(max=services.NOTE_MAX)})


class BedRetireInputSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=services.NOTE_MAX, help_text="撤销原因", error_messages={
        "required": messages.RETIRE_REASON_REQUIRED, "blank": messages.RETIRE_REASON_REQUIRED,
        "null": messages.RETIRE_REASON_REQUIRED, "max_length": messages.NOTE_TOO_LONG.format(max=services.NOTE_MAX)})


class BedStayQuerySerializer(serializers.Serializer):
    bed = serializers.IntegerField(required=False, min_value=1, max_value=MAX_ID, help_text="只看此床位",
                                   error_messages=_id_errors("床位：编号应为正整数"))
    home = serializers.IntegerField(required=False, min_value=1, max_value=MAX_ID, help_text="只看此养老机构",
                                    error_messages=_id_errors("养老机构：编号应为正整数"))
    open = serializers.BooleanField(required=False, default=False, help_text="只看在住（未退住）的",
                                    error_messages={"invalid": "在住：应为 true 或 false"})


class BedScanSerializer(serializers.ModelSerializer):
    scanned_by = serializers.CharField(source="scanned_by.get_username", help_text="扫码人账号")

    class Meta:
        model = BedScan
        fields = ["id", "bed", "scanned_by", "scanned_at", "channel"]
        read_only_fields = fields


class BedSubsidyRunSerializer(serializers.ModelSerializer):
    status = serializers.CharField(help_text="状态：computed 待审核，approved 已审核")
    status_display = serializers.CharField(source="get_status_display", help_text="状态名称")
    created_by = serializers.CharField(source="created_by.get_username", allow_null=True, default=None,
                                       help_text="制单人账号")
    approved_by = serializers.CharField(source="approved_by.get_username", allow_null=True, default=None,
                                        help_text="审核人账号")

    class Meta:
        model = BedSubsidyRun
        fields = ["id", "period", "region_prefix", "status", "status_display", "home_count", "line_count", "bed_days",
                  "total_amount", "created_by", "created_at", "computed_at", "approved_by", "approved_at"]
        read_only_fields = fields


class BedSubsidyRunHomeSerializer(serializers.Serializer):
    home = serializers.IntegerField(source="facility_id", help_text="养老机构编号")
    name = serializers.CharField(help_text="养老机构名称")
    region_code = serializers.CharField(help_text="所在区划")
    lines = serializers.IntegerField(help_text="明细笔数")
    bed_days = serializers.IntegerField(help_text="床日数")
    amount = serializers.DecimalField(max_digits=16, decimal_places=2, help_text="金额（元）")


class BedSubsidyRunLevelSerializer(serializers.Serializer):
    level = serializers.ChoiceField(choices=AbilityLevel.choices, help_text="能力等级")
    level_display = serializers.CharField(help_text="能力等级名称")
    lines = serializers.IntegerField(help_text="明细笔数")
    bed_days = serializers.IntegerField(help_text="床日数")
    amount = serializers.DecimalField(max_digits=16, decimal_places=2, help_text="金额（元）")


class BedSubsidyRunDetailSerializer(BedSubsidyRunSerializer):
    homes = BedSubsidyRunHomeSerializer(many=True, help_text="按养老机构")
    levels = BedSubsidyRunLevelSerializer(many=True, help_text="按能力等级")

    class Meta(BedSubsidyRunSerializer.Meta):
        fields = [*BedSubsidyRunSerializer.Meta.fields, "homes", "levels"]
        read_only_fields = fields


class BedSubsidyRunInputSerializer(serializers.Serializer):
    period = serializers.CharField(max_length=7, help_text="补贴月份 YYYY-MM（已结束的月份）", error_messages={
        "required": messages.PERIOD_REQUIRED, "blank": messages.PERIOD_REQUIRED, "null": messages.PERIOD_REQUIRED,
        "max_length": messages.PERIOD_INVALID.format(value="…")})
    region = serializers.CharField(required=False, allow_blank=True, default="", max_length=12,
                                   help_text="补贴范围：区划代码前缀（4、6、9或12位）；不填为本人辖区",
                                   error_messages={"max_length": messages.REGION_INVALID, "null": messages.REGION_INVALID})


class BedSubsidyLineSerializer(serializers.ModelSerializer):
    home = serializers.IntegerField(source="facility_id", help_text="养老机构编号")
    home_name = serializers.CharField(source="facility.name", help_text="养老机构名称")
    bed_label = serializers.CharField(source="bed.__str__", help_text="床位")
    person = BedOccupantSerializer(help_text="入住老人")
    level = serializers.ChoiceField(choices=AbilityLevel.choices, help_text="能力等级（月末最近一次有效评估）")

    class Meta:
        model = BedSubsidyLine
        fields = ["id", "home", "home_name", "bed", "bed_label", "occupancy", "person", "period", "region_code",
                  "level", "days", "rate", "amount"]
        read_only_fields = fields


class BedSubsidyLineQuerySerializer(serializers.Serializer):
    home = serializers.IntegerField(required=False, min_value=1, max_value=MAX_ID, help_text="只看此养老机构",
                                    error_messages=_id_errors("养老机构：编号应为正整数"))


class BedSubsidyRateSerializer(serializers.ModelSerializer):
    level = serializers.ChoiceField(choices=AbilityLevel.choices, help_text="能力等级")

    class Meta:
        model = BedSubsidyRate
        fields = ["id", "level", "region_prefix", "effective_from", "amount", "note", "created_at"]
        read_only_fields = fields


class BedSubsidyRateInputSerializer(serializers.Serializer):
    level = serializers.ChoiceField(choices=AbilityLevel.choices, help_text="能力等级", error_messages={
        "required": messages.RATE_LEVEL_INVALID, "null": messages.RATE_LEVEL_INVALID,
        "invalid_choice": messages.RATE_LEVEL_INVALID})
    region_prefix = serializers.CharField(required=False, allow_blank=True, default="", max_length=12,
                                          help_text="适用区划代码前缀；不填为本人辖区",
                                          error_messages={"max_length": messages.REGION_INVALID,
                                                          "null": messages.REGION_INVALID})
    effective_from = serializers.CharField(max_length=7, help_text="起始月份 YYYY-MM", error_messages={
        key: messages.RATE_MONTH_INVALID.format(value="") for key in ("required", "blank", "null", "max_length")})
    amount = serializers.CharField(max_length=12, help_text="补贴标准（元/床日），最多两位小数", error_messages={
        key: messages.RATE_AMOUNT_INVALID.format(max=services.RATE_MAX) for key in
        ("required", "blank", "null", "max_length")})
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=services.NOTE_MAX,
                                 help_text="依据（文件名称和文号）",
                                 error_messages={"max_length": messages.RATE_NOTE_TOO_LONG.format(max=services.NOTE_MAX)})


class BedFindingSerializer(serializers.Serializer):
    check = serializers.CharField(help_text="核查项：" + "，".join(f"{k} {v}" for k, v in integrity.CHECKS.items()))
    check_display = serializers.CharField(source="check_label", help_text="核查项名称")
    home = serializers.IntegerField(source="home_id", help_text="养老机构编号")
    home_name = serializers.CharField(source="home", help_text="养老机构名称")
    region_code = serializers.CharField(help_text="养老机构所在区划")
    bed = serializers.IntegerField(source="bed_id", allow_null=True, help_text="床位编号")
    bed_label = serializers.CharField(source="bed", help_text="床位")
    person = BedOccupantSerializer(allow_null=True, help_text="老人（无则为 null）")
    occupancy = serializers.IntegerField(source="occupancy_id", allow_null=True, help_text="入住记录编号")
    amount = serializers.DecimalField(max_digits=16, decimal_places=2, allow_null=True, help_text="补贴金额（元）")
    message = serializers.CharField(help_text="说明")


class BedFindingQuerySerializer(serializers.Serializer):
    month = serializers.CharField(required=False, allow_blank=True, default="", max_length=7,
                                  help_text="核对此月补贴明细 YYYY-MM；默认上月",
                                  error_messages={"max_length": messages.PERIOD_INVALID.format(value="…")})
    check = serializers.CharField(required=False, allow_blank=True, default="", max_length=32,
                                  help_text="只看此核查项：" + "，".join(f"{k} {v}" for k, v in integrity.CHECKS.items()),
                                  error_messages={"max_length": messages.CHECK_INVALID})

    def validate_check(self, value: str) -> str:
        if value and value not in integrity.CHECKS:
            raise serializers.ValidationError(messages.CHECK_INVALID)
        return value

    def validate_month(self, value: str) -> dt.date | None:
        if not value:
            return None
        try:
            return parse_month(value)
        except ValueError:
            raise serializers.ValidationError(messages.PERIOD_INVALID.format(value=value)) from None


class BedFindingsSerializer(serializers.Serializer):
    month = serializers.DateField(help_text="核对补贴的月份（每月1日）")
    findings = BedFindingSerializer(many=True)


# ---- views --------------------------------------------------------------------------------------


class HomeListApi(ApiView):
    query_serializer_class = BedHomeQuerySerializer
    required_permissions = {"GET": MANAGE}

    @extend_schema(operation_id="eldercare_bed_homes_list", summary="养老机构及其床位数（仅可见的机构）", tags=TAGS,
                   responses=BedHomeSerializer(many=True))
    def get(self, request: Request) -> Response:
        return self.paginated(selectors.home_list(user=request.user, q=self.query_params()["q"]), BedHomeSerializer)


class BedListCreateApi(ApiView):
    serializer_class = BedsAddInputSerializer
    query_serializer_class = BedQuerySerializer
    required_permissions = {"GET": MANAGE, "POST": MANAGE}

    @extend_schema(operation_id="eldercare_beds_list", summary="床位（可按养老机构）", tags=TAGS,
                   responses=BedSerializer(many=True))
    def get(self, request: Request) -> Response:
        query = self.query_params()
        home = selectors.home_get(user=request.user, pk=query["home"]) if query.get("home") else None
        return self.paginated(selectors.bed_list(user=request.user, home=home, include_retired=True), BedSerializer)

    @extend_schema(operation_id="eldercare_beds_create", summary="登记床位（一个房间，一个或多个床位号）", tags=TAGS,
                   request=BedsAddInputSerializer, responses={201: BedSerializer(many=True)},
                   examples=[OpenApiExample("四张护理型床位", request_only=True,
                                            value={"home": 1, "room": "201", "number": "1-4", "kind": "nursing"}),
                             OpenApiExample("床位号已在用", status_codes=["400"], response_only=True,
                                            value={"number": [messages.NUMBERS_TAKEN.format(room="201", numbers="2")]})])
    def post(self, request: Request) -> Response:
        data = BedsAddInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        home = selectors.home_get(user=request.user, pk=values["home"])
        beds = services.beds_create(actor=request.user, home=home, room=values["room"], numbers=values["number"],
                                    kind=values["kind"])
        return Response(BedSerializer(beds, many=True, context={"request": request}).data,
                        status=status.HTTP_201_CREATED)


def _bed_detail(view: ApiView, bed: Bed) -> dict[str, Any]:
    stay = selectors.open_stay(bed=bed)
    view.views_record([stay.person if stay is not None else None])
    bed.in_use = stay is not None  # type: ignore[attr-defined]
    bed.stay = stay  # type: ignore[attr-defined]
    return dict(BedDetailSerializer(bed, context={"request": view.request}).data)


class BedDetailApi(ApiView):
    required_permissions = {"GET": MANAGE}

    @extend_schema(operation_id="eldercare_beds_retrieve", summary="床位详情（含在住老人）", tags=TAGS,
                   responses=BedDetailSerializer)
    def get(self, request: Request, pk: int, **kwargs: Any) -> Response:
        return Response(_bed_detail(self, selectors.bed_get(user=request.user, pk=pk)))


class BedCheckInApi(ApiView):
    serializer_class = BedCheckInInputSerializer
    required_permissions = {"POST": MANAGE}

    @extend_schema(operation_id="eldercare_beds_check_in", summary="办理入住（按身份证号）", tags=TAGS,
                   request=BedCheckInInputSerializer, responses={201: BedStaySerializer},
                   examples=[OpenApiExample("入住", request_only=True,
                                            value={"id_number": "330502194003010017", "checked_in_on": "2025-01-06"}),
                             OpenApiExample("床位已有人", status_codes=["400"], response_only=True,
                                            value={"bed": [messages.BED_IN_USE.format(since="2024-11-02")]})])
    def post(self, request: Request, pk: int, **kwargs: Any) -> Response:
        bed = selectors.bed_get(user=request.user, pk=pk)
        data = BedCheckInInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        person = selectors.person_for_check_in(user=request.user, id_number=values["id_number"])
        if person is not None:
            person_id_number_looked_up(actor=request.user, person=person, channel=CHANNEL)
        stay = services.bed_check_in(actor=request.user, bed=bed, person=person, on=values["checked_in_on"],
                                     note=values["note"])
        return Response(BedStaySerializer(stay).data, status=status.HTTP_201_CREATED)


class BedScanApi(ApiView):
    serializer_class = BedNoBodySerializer
    required_permissions = {"POST": MANAGE}

    @extend_schema(operation_id="eldercare_beds_scan", summary="记录一次扫码（管理人员到床位核查）", tags=TAGS,
                   request=None, responses={201: BedScanSerializer})
    def post(self, request: Request, pk: int, **kwargs: Any) -> Response:
        bed = selectors.bed_get(user=request.user, pk=pk)
        scan = services.bed_scan_record(actor=request.user, bed=bed, channel=CHANNEL)
        return Response(BedScanSerializer(scan).data, status=status.HTTP_201_CREATED)


class BedRetireApi(ApiView):
    serializer_class = BedRetireInputSerializer
    required_permissions = {"POST": MANAGE}

    @extend_schema(operation_id="eldercare_beds_retire", summary="撤销床位", tags=TAGS,
                   request=BedRetireInputSerializer, responses=BedSerializer)
    def post(self, request: Request, pk: int, **kwargs: Any) -> Response:
        bed = selectors.bed_get(user=request.user, pk=pk)
        data = BedRetireInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        bed = services.bed_retire(actor=request.user, bed=bed, reason=data.validated_data["reason"])
        return Response(BedSerializer(bed, context={"request": request}).data)


class StayListApi(ApiView):
    query_serializer_class = BedStayQuerySerializer
    required_permissions = {"GET": MANAGE}

    @extend_schema(operation_id="eldercare_bed_stays_list", summary="入住记录（新的在前）", tags=TAGS,
                   responses=BedStaySerializer(many=True))
    def get(self, request: Request) -> Response:
        query = self.query_params()
        bed = selectors.bed_get(user=request.user, pk=query["bed"]) if query.get("bed") else None
        home = selectors.home_get(user=request.user, pk=query["home"]) if query.get("home") else None
        stays = selectors.occupancy_list(user=request.user, bed=bed, home=home, open_only=query["open"])
        return self.paginated(stays, BedStaySerializer, shows=lambda stay: stay.person)


class StayDetailApi(ApiView):
    required_permissions = {"GET": MANAGE}

    @extend_schema(operation_id="eldercare_bed_stays_retrieve", summary="入住记录详情", tags=TAGS,
                   responses=BedStaySerializer)
    def get(self, request: Request, pk: int, **kwargs: Any) -> Response:
        stay = selectors.occupancy_get(user=request.user, pk=pk)
        self.views_record([stay.person])
        return Response(BedStaySerializer(stay).data)


class StayCheckOutApi(ApiView):
    serializer_class = BedCheckOutInputSerializer
    required_permissions = {"POST": MANAGE}

    @extend_schema(operation_id="eldercare_bed_stays_check_out", summary="办理退住", tags=TAGS,
                   request=BedCheckOutInputSerializer, responses=BedStaySerializer,
                   examples=[OpenApiExample("去世", request_only=True,
                                            value={"checked_out_on": "2025-01-20", "check_out_reason": "died"})])
    def post(self, request: Request, pk: int, **kwargs: Any) -> Response:
        stay = selectors.occupancy_get(user=request.user, pk=pk)
        data = BedCheckOutInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        stay = services.bed_check_out(actor=request.user, occupancy=stay, on=values["checked_out_on"],
                                      reason=values["check_out_reason"], note=values["note"])
        return Response(BedStaySerializer(stay).data)


def _run_detail(run: BedSubsidyRun) -> dict[str, Any]:
    run.homes = selectors.run_homes(run=run)  # type: ignore[attr-defined]
    run.levels = [{"level": level, "level_display": label, "lines": n, "bed_days": days, "amount": amount}  # type: ignore[attr-defined]
                  for level, label, n, days, amount in selectors.level_counts(run=run)]
    return dict(BedSubsidyRunDetailSerializer(run).data)


class RunListCreateApi(ApiView):
    serializer_class = BedSubsidyRunInputSerializer
    query_serializer_class = BedSubsidyRunQuerySerializer
    required_permissions = {"GET": SUBSIDY, "POST": SUBSIDY}

    @extend_schema(operation_id="eldercare_bed_subsidy_runs_list", summary="床位运营补贴批次（本辖区）", tags=TAGS,
                   responses=BedSubsidyRunSerializer(many=True))
    def get(self, request: Request) -> Response:
        return self.paginated(selectors.run_list(user=request.user, period=self.query_params().get("period")),
                              BedSubsidyRunSerializer)

    @extend_schema(operation_id="eldercare_bed_subsidy_runs_create", summary="生成或补算某月的床位运营补贴批次",
                   tags=TAGS, request=BedSubsidyRunInputSerializer, responses={200: BedSubsidyRunDetailSerializer},
                   examples=[OpenApiExample("吴兴区2025年1月", request_only=True,
                                            value={"period": "2025-01", "region": "330502"}),
                             OpenApiExample("月份未结束", status_codes=["400"], response_only=True,
                                            value={"period": [messages.PERIOD_NOT_OVER.format(month="2099-01")]})])
    def post(self, request: Request) -> Response:
        data = BedSubsidyRunInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        run = services.bed_subsidy_run_start(actor=request.user, period=data.validated_data["period"],
                                             region_prefix=data.validated_data["region"])
        return Response(_run_detail(run))


class RunDetailApi(ApiView):
    required_permissions = {"GET": SUBSIDY}

    @extend_schema(operation_id="eldercare_bed_subsidy_runs_retrieve", summary="补贴批次（按机构、按能力等级汇总）",
                   tags=TAGS, responses=BedSubsidyRunDetailSerializer)
    def get(self, request: Request, pk: int, **kwargs: Any) -> Response:
        return Response(_run_detail(selectors.run_get(user=request.user, pk=pk)))


class RunApproveApi(ApiView):
    serializer_class = BedNoBodySerializer
    required_permissions = {"POST": APPROVE}

    @extend_schema(operation_id="eldercare_bed_subsidy_runs_approve", summary="审核补贴批次（制单人以外的经办人）",
                   tags=TAGS, request=None, responses=BedSubsidyRunDetailSerializer,
                   examples=[OpenApiExample("制单人审核", status_codes=["400"], response_only=True,
                                            value={"approved_by": [messages.RUN_APPROVE_OWN]})])
    def post(self, request: Request, pk: int, **kwargs: Any) -> Response:
        run = selectors.run_get(user=request.user, pk=pk)
        return Response(_run_detail(services.bed_subsidy_run_approve(actor=request.user, run=run)))


class RunLinesApi(ApiView):
    query_serializer_class = BedSubsidyLineQuerySerializer
    required_permissions = {"GET": SUBSIDY}

    @extend_schema(operation_id="eldercare_bed_subsidy_runs_lines", summary="补贴批次明细", tags=TAGS,
                   responses=BedSubsidyLineSerializer(many=True))
    def get(self, request: Request, pk: int, **kwargs: Any) -> Response:
        run = selectors.run_get(user=request.user, pk=pk)
        query = self.query_params()
        lines = selectors.run_lines(run=run, home=query.get("home"))
        return self.paginated(lines, BedSubsidyLineSerializer, shows=lambda line: line.person)


class RateListCreateApi(ApiView):
    serializer_class = BedSubsidyRateInputSerializer
    query_serializer_class = BedSubsidyRateQuerySerializer
    required_permissions = {"GET": SUBSIDY, "POST": RATES}

    @extend_schema(operation_id="eldercare_bed_subsidy_rates_list", summary="床位运营补贴标准（元/床日）", tags=TAGS,
                   responses=BedSubsidyRateSerializer(many=True))
    def get(self, request: Request) -> Response:
        return self.paginated(selectors.rate_history(level=self.query_params().get("level") or ""),
                              BedSubsidyRateSerializer)

    @extend_schema(operation_id="eldercare_bed_subsidy_rates_create", summary="录入新的床位运营补贴标准", tags=TAGS,
                   request=BedSubsidyRateInputSerializer, responses={201: BedSubsidyRateSerializer},
                   examples=[OpenApiExample("全市重度失能", request_only=True, value={
                       "level": "severe", "region_prefix": "3305", "effective_from": "2025-01", "amount": "9.50"})])
    def post(self, request: Request) -> Response:
        data = BedSubsidyRateInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        rate = services.bed_subsidy_rate_add(actor=request.user, **data.validated_data)
        return Response(BedSubsidyRateSerializer(rate).data, status=status.HTTP_201_CREATED)


class FindingsApi(ApiView):
    query_serializer_class = BedFindingQuerySerializer
    required_permissions = {"GET": FINDINGS}
    pagination_class = None

    @extend_schema(operation_id="eldercare_bed_findings", summary="床位核查发现的问题（本辖区）", tags=TAGS,
                   responses=BedFindingsSerializer)
    def get(self, request: Request) -> Response:
        query = self.query_params()
        month = query.get("month") or integrity.last_month()
        found = integrity.findings(user=request.user, month=month, check=query.get("check") or "")
        self.views_record(f.person for f in found)
        return Response({"month": month, "findings": BedFindingSerializer(found, many=True).data})


# Included by minzheng.api_urls inside the "api" namespace.
urlpatterns = [
    path("eldercare/beds/homes/", HomeListApi.as_view(), name="eldercare-bed-homes"),
    path("eldercare/beds/", BedListCreateApi.as_view(), name="eldercare-beds"),
    path("eldercare/beds/<int:pk>/", BedDetailApi.as_view(), name="eldercare-bed"),
    path("eldercare/beds/<int:pk>/check-in/", BedCheckInApi.as_view(), name="eldercare-bed-check-in"),
    path("eldercare/beds/<int:pk>/scan/", BedScanApi.as_view(), name="eldercare-bed-scan"),
    path("eldercare/beds/<int:pk>/retire/", BedRetireApi.as_view(), name="eldercare-bed-retire"),
    path("eldercare/beds/occupancies/", StayListApi.as_view(), name="eldercare-bed-stays"),
    path("eldercare/beds/occupancies/<int:pk>/", StayDetailApi.as_view(), name="eldercare-bed-stay"),
    path("eldercare/beds/occupancies/<int:pk>/check-out/", StayCheckOutApi.as_view(),
         name="eldercare-bed-stay-check-out"),
    path("eldercare/beds/subsidy-runs/", RunListCreateApi.as_view(), name="eldercare-bed-subsidy-runs"),
    path("eldercare/beds/subsidy-runs/<int:pk>/", RunDetailApi.as_view(), name="eldercare-bed-subsidy-run"),
    path("eldercare/beds/subsidy-runs/<int:pk>/approve/", RunApproveApi.as_view(),
         name="eldercare-bed-subsidy-run-approve"),
    path("eldercare/beds/subsidy-runs/<int:pk>/lines/", RunLinesApi.as_view(), name="eldercare-bed-subsidy-run-lines"),
    path("eldercare/beds/subsidy-rates/", RateListCreateApi.as_view(), name="eldercare-bed-subsidy-rates"),
    path("eldercare/beds/findings/", FindingsApi.as_view(), name="eldercare-bed-findings"),
]
