"""``/api/eldercare/caregivers/``: the caregiver registry (养老护理员), for staff holding
``eldercare.manage_caregivers`` (township and county officers, the city, and the employers' own
provider operators), within their view; a caregiver or employer elsewhere answers 404.

- ``GET ?status=active|left|all&level=<level>|none&q=``: caregivers in view, page by page
  (access-logged). ``POST {"employer", "id_number", "started_on", "level", "certificate_number",
  "certified_on"}``: registers one (201); bad input is a 400 naming the field, in Chinese.
- ``GET {id}/?month=2024-06``: one caregiver, their awards and the month's allowance (the amount
  and the reason).
- ``POST {id}/level/``, ``{id}/leave/ {"left_on"}``, ``{id}/awards/ {"name", "level", "rank",
  "awarded_on"}``.
- ``GET indicator/?year=2024`` (``facilities.manage_facilities``): certified caregivers per 10,000
  residents aged 60 and over, in the caller's scope and by the regions one level below.
"""

from __future__ import annotations

from typing import Any

from django.urls import path
from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from minzheng.core.api.base import ApiView
from minzheng.core.figures import YearQuerySerializer
from minzheng.eldercare.caregivers import allowance, messages, selectors, services
from minzheng.eldercare.caregivers.models import AwardLevel, Caregiver, CaregiverAward, CertificateLevel
from minzheng.people.services import person_id_number_looked_up

TAGS = ["eldercare"]
MANAGE = services.PERM_MANAGE
CHANNEL = "api"


def _errors(message: str, *keys: str) -> dict[str, str]:
    return dict.fromkeys(keys, message)


def _date(label: str, *, required: bool = True, message: str = "") -> serializers.DateField:
    invalid = messages.DATE_INVALID.format(field=label)
    return serializers.DateField(
        required=required,
        allow_null=not required,
        help_text=f"{label} YYYY-MM-DD",
        error_messages={
            "required": message or invalid,
            "null": message or invalid,
            "invalid": invalid,
            "datetime": invalid,
        },
    )


class AwardSerializer(serializers.ModelSerializer):
    class Meta:
        model = CaregiverAward
        fields = ["id", "name", "level", "rank", "awarded_on"]


class CaregiverSerializer(serializers.ModelSerializer):
    person_name = serializers.CharField(source="person.name", read_only=True)
    id_number = serializers.CharField(
        source="person.id_number_masked", read_only=True, help_text="身份证号（脱敏）"
    )
    employer_name = serializers.CharField(source="employer.name", read_only=True)
    level_display = serializers.CharField(source="get_level_display", read_only=True)

    class Meta:
        model = Caregiver
        fields = [
            "id",
            "person",
            "person_name",
            "id_number",
            "employer",
            "employer_name",
            "region_code",
            "level",
            "level_display",
            "certificate_number",
            "certified_on",
            "started_on",
            "left_on",
        ]


class CertificateInputSerializer(serializers.Serializer):
    level = serializers.ChoiceField(
        choices=CertificateLevel.choices,
        required=False,
        allow_blank=True,
        help_text="证书等级；未持证为空",
        error_messages=_errors(messages.LEVEL_INVALID, "invalid_choice", "null"),
    )
    certificate_number = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=40,
        error_messages=_errors(messages.NUMBER_INVALID, "max_length", "null"),
    )
    certified_on = _date("发证日期", required=False)


class RegisterInputSerializer(CertificateInputSerializer):
    employer = serializers.IntegerField(
        min_value=1,
        help_text="就职机构（设施编号）",
        error_messages=_errors(
            messages.EMPLOYER_REQUIRED, "required", "null", "invalid", "min_value", "max_string_length"
        ),
    )
    id_number = serializers.CharField(
        max_length=18,
        help_text="护理员的18位身份证号",
        error_messages=_errors(messages.PERSON_REQUIRED, "required", "null", "blank", "max_length"),
    )
    started_on = _date("从业起始日期", message=messages.STARTED_REQUIRED)


class LeaveInputSerializer(serializers.Serializer):
    left_on = _date("离职日期", message=messages.LEFT_REQUIRED)


class AwardInputSerializer(serializers.Serializer):
    name = serializers.CharField(
        error_messages=_errors(
            messages.AWARD_NAME_REQUIRED.format(max=services.AWARD_NAME_MAX), "required", "null", "blank"
        )
    )
    level = serializers.ChoiceField(
        choices=AwardLevel.choices,
        error_messages=_errors(messages.AWARD_LEVEL_INVALID, "required", "null", "invalid_choice"),
    )
    rank = serializers.CharField(
        error_messages=_errors(
            messages.AWARD_RANK_REQUIRED.format(max=services.AWARD_RANK_MAX), "required", "null", "blank"
        )
    )
    awarded_on = _date("获奖日期")


class ListQuerySerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=["active", "left", "all"], required=False, default="active")
    level = serializers.ChoiceField(choices=["none", *CertificateLevel.values], required=False, default="")
    q = serializers.CharField(required=False, default="", allow_blank=True, max_length=50)


class MonthQuerySerializer(serializers.Serializer):
    month = serializers.CharField(
        required=False, default="", allow_blank=True, help_text="月份 YYYY-MM；默认本月"
    )


class DecisionSerializer(serializers.Serializer):
    month = serializers.DateField()
    eligible = serializers.BooleanField()
    years = serializers.IntegerField(help_text="该月1日从业满的年数")
    band = serializers.IntegerField(allow_null=True, help_text="适用档次：满几年起")
    amount = serializers.DecimalField(max_digits=10, decimal_places=2, help_text="当月津贴（元）")
    reason = serializers.CharField()


class IndicatorRowSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="区划代码前缀")
    name = serializers.CharField()
    caregivers = serializers.IntegerField(help_text="在职持证护理员（人）")
    elders = serializers.IntegerField(help_text="60周岁及以上老年人（人）")
    per_10k = serializers.DecimalField(
        max_digits=10, decimal_places=2, allow_null=True, help_text="每万名老年人拥有持证养老护理员数"
    )


class IndicatorSerializer(serializers.Serializer):
    day = serializers.DateField(help_text="统计日：当年12月31日，当年尚未结束时为今天")
    total = IndicatorRowSerializer()
    rows = IndicatorRowSerializer(many=True)


class CaregiverListCreateApi(ApiView):
    serializer_class = RegisterInputSerializer
    query_serializer_class = ListQuerySerializer
    required_permissions = {"GET": MANAGE, "POST": MANAGE}

    @extend_schema(
        operation_id="caregivers_list",
        summary="养老护理员名册（仅本辖区或本机构）",
        tags=TAGS,
        parameters=[ListQuerySerializer],
        responses=CaregiverSerializer(many=True),
    )
    def get(self, request: Request) -> Response:
        query = self.query_params()
        rows = selectors.caregiver_list(
            user=request.user, q=query["q"], level=query["level"], status=query["status"]
        )
        return self.paginated(rows, CaregiverSerializer, shows=lambda c: c.person)

    @extend_schema(
        operation_id="caregivers_register",
        summary="登记养老护理员",
        tags=TAGS,
        request=RegisterInputSerializer,
        responses={201: CaregiverSerializer},
    )
    def post(self, request: Request) -> Response:
        data = RegisterInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        employer = selectors.employers_visible(user=request.user).filter(pk=values["employer"]).first()
        if employer is None:
            raise serializers.ValidationError({"employer": [messages.EMPLOYER_REQUIRED]})
        person = selectors.person_for_caregiver(user=request.user, id_number=values["id_number"])
        if person is None:
            raise serializers.ValidationError({"id_number": [messages.ID_NUMBER_UNKNOWN]})
        person_id_number_looked_up(actor=request.user, person=person, channel=CHANNEL)
        caregiver = services.caregiver_register(
            actor=request.user,
            person=person,
            employer=employer,
            started_on=values["started_on"],
            level=values.get("level", ""),
            certificate_number=values.get("certificate_number", ""),
            certified_on=values.get("certified_on"),
        )
        return Response(CaregiverSerializer(caregiver).data, status=status.HTTP_201_CREATED)


class CaregiverDetailApi(ApiView):
    query_serializer_class = MonthQuerySerializer
    required_permissions = {"GET": MANAGE}

    @extend_schema(
        operation_id="caregivers_detail",
        summary="养老护理员：获奖与当月特殊岗位津贴",
        tags=TAGS,
        parameters=[MonthQuerySerializer],
        responses=CaregiverSerializer,
    )
    def get(self, request: Request, pk: int) -> Response:
        caregiver = selectors.caregiver_get(user=request.user, pk=pk)
        self.views_record([caregiver.person])
        text = self.query_params()["month"]
        month = services.clean_month(text) if text else timezone.localdate().replace(day=1)
        decision = allowance.allowance_decisions(caregivers=[caregiver], month=month)[0]
        return Response(
            {
                **CaregiverSerializer(caregiver).data,
                "awards": AwardSerializer(selectors.awards_of(caregiver=caregiver), many=True).data,
                "allowance": DecisionSerializer({**decision.__dict__, "month": month}).data,
            }
        )


class CaregiverActionApi(ApiView):
    """One write on one caregiver: the subclass names its input and its service."""

    required_permissions = {"POST": MANAGE}
    input_class: type[serializers.Serializer] = serializers.Serializer

    def act(self, request: Request, caregiver: Caregiver, values: dict[str, Any]) -> Any:
        raise NotImplementedError

    def post(self, request: Request, pk: int) -> Response:
        caregiver = selectors.caregiver_get(user=request.user, pk=pk)
        data = self.input_class(data=request.data)
        data.is_valid(raise_exception=True)
        result = self.act(request, caregiver, dict(data.validated_data))
        if isinstance(result, CaregiverAward):
            return Response(AwardSerializer(result).data, status=status.HTTP_201_CREATED)
        return Response(CaregiverSerializer(result).data)


class CaregiverLevelApi(CaregiverActionApi):
    serializer_class = input_class = CertificateInputSerializer

    @extend_schema(
        operation_id="caregivers_level",
        summary="变更证书等级",
        tags=TAGS,
        request=CertificateInputSerializer,
        responses=CaregiverSerializer,
    )
    def post(self, request: Request, pk: int) -> Response:
        return super().post(request, pk)

    def act(self, request: Request, caregiver: Caregiver, values: dict[str, Any]) -> Any:
        return services.caregiver_level_change(
            actor=request.user,
            caregiver=caregiver,
            level=values.get("level", ""),
            certificate_number=values.get("certificate_number", ""),
            certified_on=values.get("certified_on"),
        )


class CaregiverLeaveApi(CaregiverActionApi):
    serializer_class = input_class = LeaveInputSerializer

    @extend_schema(
        operation_id="caregivers_leave",
        summary="办理离职",
        tags=TAGS,
        request=LeaveInputSerializer,
        responses=CaregiverSerializer,
    )
    def post(self, request: Request, pk: int) -> Response:
        return super().post(request, pk)

    def act(self, request: Request, caregiver: Caregiver, values: dict[str, Any]) -> Any:
        return services.caregiver_leave(actor=request.user, caregiver=caregiver, left_on=values["left_on"])


class CaregiverAwardApi(CaregiverActionApi):
    serializer_class = input_class = AwardInputSerializer

    @extend_schema(
        operation_id="caregivers_award",
        summary="登记获奖",
        tags=TAGS,
        request=AwardInputSerializer,
        responses={201: AwardSerializer},
    )
    def post(self, request: Request, pk: int) -> Response:
        return super().post(request, pk)

    def act(self, request: Request, caregiver: Caregiver, values: dict[str, Any]) -> Any:
        return services.caregiver_award_add(actor=request.user, caregiver=caregiver, **values)


class IndicatorApi(ApiView):
    query_serializer_class = YearQuerySerializer
    required_permissions = {"GET": selectors.PERM_INDICATOR}

    @extend_schema(
        operation_id="caregivers_indicator",
        summary="每万名老年人拥有持证养老护理员数（仅本辖区）",
        tags=TAGS,
        responses=IndicatorSerializer,
    )
    def get(self, request: Request) -> Response:
        year = self.query_params()["year"]
        found = selectors.caregivers_per_10k(actor=request.user, day=selectors.indicator_day(year))
        return Response(IndicatorSerializer(found).data)


urlpatterns = [
    path("eldercare/caregivers/", CaregiverListCreateApi.as_view(), name="caregivers"),
    path("eldercare/caregivers/indicator/", IndicatorApi.as_view(), name="caregivers-indicator"),
    path("eldercare/caregivers/<int:pk>/", CaregiverDetailApi.as_view(), name="caregiver"),
    path("eldercare/caregivers/<int:pk>/level/", CaregiverLevelApi.as_view(), name="caregiver-level"),
    path("eldercare/caregivers/<int:pk>/leave/", CaregiverLeaveApi.as_view(), name="caregiver-leave"),
    path("eldercare/caregivers/<int:pk>/awards/", CaregiverAwardApi.as_view(), name="caregiver-awards"),
]
