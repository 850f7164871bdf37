"""``/api/eldercare/home-beds/``: home eldercare beds (家庭养老床位), for staff holding
``eldercare.manage_home_beds`` (township and county officers, the city, and the providers' own
operators), within their view; a contract or a provider elsewhere answers 404.

- ``GET ?status=active&provider=<id>``: contracts in view, newest start first (access-logged).
- ``POST {"provider", "id_number", "started_on", "plan": {"meal": 8, "cleaning": 4}}``: signs
  a contract with its monthly plan by kind of 六助 (201). An elder who does not qualify, has an
  open contract or lies in a care-home bed is refused on ``person``; nothing is written.
- ``GET {id}/``: one contract with its plan and devices.
- ``POST {id}/end/ {"ended_on", "end_reason", "end_note"}``: ends it; its devices are removed.
- ``POST {id}/devices/ {"kind", "serial", "installed_on"}``: a device installed in the home (201).
- ``POST {id}/devices/{device}/remove/ {"removed_on"}``: the device taken out of the home.
- ``GET {id}/compliance/?month=2024-06``: the month's visits per planned kind, expected and done.
- ``GET built/?year=2024``: home beds established in the year, in all and per county.
"""

from __future__ import annotations

from django.urls import path
from django.utils import timezone
from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from minzheng.core.api.base import ApiView
from minzheng.eldercare.home_beds import messages, selectors, services
from minzheng.eldercare.home_beds.models import DeviceKind, EndReason, HomeBed, HomeBedDevice, HomeBedStatus
from minzheng.eldercare.meals.api import MonthField  # the same month field and message
from minzheng.people.services import person_id_number_looked_up

TAGS = ["eldercare"]
MANAGE = services.PERM_MANAGE
CHANNEL = "api"


def _errors(message: str, *keys: str) -> dict[str, str]:
    return dict.fromkeys(keys, message)


class SignInputSerializer(serializers.Serializer):
    provider = serializers.IntegerField(
        min_value=1,
        help_text="服务机构（设施编号）",
        error_messages=_errors(
            messages.PROVIDER_REQUIRED, "required", "null", "invalid", "min_value", "max_string_length"
        ),
    )
    id_number = serializers.CharField(
        max_length=18,
        help_text="老人的18位身份证号",
        error_messages=_errors(
            messages.PERSON_REQUIRED, "required", "null", "blank", "invalid", "max_length"
        ),
    )
    started_on = serializers.DateField(
        help_text="服务起始日期 YYYY-MM-DD",
        error_messages={
            "required": messages.STARTED_ON_REQUIRED,
            "null": messages.STARTED_ON_REQUIRED,
            "invalid": messages.STARTED_ON_INVALID,
            "datetime": messages.STARTED_ON_INVALID,
        },
    )
    plan = serializers.DictField(
        help_text="每月上门次数，按服务类别：meal 助餐、cleaning 助洁、bathing 助浴、medical 助医、"
        "mobility 助行、emergency 助急",
        error_messages=_errors(messages.PLAN_REQUIRED, "required", "null", "not_a_dict", "empty"),
    )


class PlanItemSerializer(serializers.Serializer):
    kind = serializers.CharField()
    kind_display = serializers.CharField(source="get_kind_display")
    visits_per_month = serializers.IntegerField()


class DeviceSerializer(serializers.ModelSerializer):
    kind_display = serializers.CharField(source="get_kind_display", help_text="设备类型名称")

    class Meta:
        model = HomeBedDevice
        fields = ["id", "kind", "kind_display", "serial", "installed_on", "removed_on"]
        read_only_fields = fields


class HomeBedSerializer(serializers.ModelSerializer):
    person_name = serializers.CharField(source="person.name", help_text="老人姓名")
    provider_name = serializers.CharField(source="provider.name", help_text="服务机构名称")
    status_display = serializers.CharField(source="get_status_display", help_text="状态名称")
    eligibility_display = serializers.CharField(source="get_eligibility_display", help_text="签约依据")
    plan = PlanItemSerializer(source="plan_items.all", many=True, help_text="服务计划（每月次数）")

    class Meta:
        model = HomeBed
        fields = [
            "id",
            "person",
            "person_name",
            "provider",
            "provider_name",
            "region_code",
            "started_on",
            "ended_on",
            "status",
            "status_display",
            "eligibility",
            "eligibility_display",
            "ability_level",
            "end_reason",
            "end_note",
            "signed_at",
            "plan",
        ]
        read_only_fields = fields


class HomeBedDetailSerializer(HomeBedSerializer):
    devices = DeviceSerializer(many=True, help_text="设备")

    class Meta(HomeBedSerializer.Meta):
        fields = [*HomeBedSerializer.Meta.fields, "devices"]
        read_only_fields = fields


class ListQuerySerializer(serializers.Serializer):
    status = serializers.ChoiceField(
        choices=HomeBedStatus.choices,
        required=False,
        help_text="状态",
        error_messages=_errors(messages.STATUS_INVALID, "invalid_choice"),
    )
    provider = serializers.IntegerField(
        min_value=1,
        required=False,
        help_text="只看这个服务机构",
        error_messages=_errors(messages.PROVIDER_REQUIRED, "invalid", "min_value", "max_string_length"),
    )


class EndInputSerializer(serializers.Serializer):
    ended_on = serializers.DateField(
        help_text="终止日期（当天不再服务）",
        error_messages={
            "required": messages.ENDED_ON_REQUIRED,
            "null": messages.ENDED_ON_REQUIRED,
            "invalid": messages.ENDED_ON_INVALID,
            "datetime": messages.ENDED_ON_INVALID,
        },
    )
    end_reason = serializers.ChoiceField(
        choices=EndReason.choices,
        help_text="终止原因",
        error_messages=_errors(messages.END_REASON_INVALID, "required", "null", "invalid_choice"),
    )
    end_note = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=services.NOTE_MAX,
        help_text="终止说明（原因为其他时必填）",
        error_messages=_errors(
            messages.NOTE_TOO_LONG.format(max=services.NOTE_MAX), "max_length", "invalid", "null"
        ),
    )


class DeviceInputSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(
        choices=DeviceKind.choices,
        help_text="设备类型",
        error_messages=_errors(messages.DEVICE_KIND_INVALID, "required", "null", "invalid_choice"),
    )
    serial = serializers.CharField(
        max_length=services.SERIAL_MAX,
        help_text="设备序列号",
        error_messages={
            **_errors(messages.SERIAL_REQUIRED, "required", "null", "blank"),
            "max_length": messages.SERIAL_INVALID.format(max=services.SERIAL_MAX),
        },
    )
    installed_on = serializers.DateField(
        help_text="安装日期",
        error_messages={
            "required": messages.INSTALLED_ON_REQUIRED,
            "null": messages.INSTALLED_ON_REQUIRED,
            "invalid": messages.INSTALLED_ON_INVALID,
            "datetime": messages.INSTALLED_ON_INVALID,
        },
    )


class RemoveInputSerializer(serializers.Serializer):
    removed_on = serializers.DateField(
        help_text="拆除日期",
        error_messages={
            "required": messages.REMOVED_ON_REQUIRED,
            "null": messages.REMOVED_ON_REQUIRED,
            "invalid": messages.REMOVED_ON_INVALID,
            "datetime": messages.REMOVED_ON_INVALID,
        },
    )


class MonthQuerySerializer(serializers.Serializer):
    month = MonthField(required=False, help_text="月份 YYYY-MM，默认上月")


class YearQuerySerializer(serializers.Serializer):
    year = serializers.IntegerField(
        required=False,
        min_value=2000,
        max_value=2100,
        help_text="年度，默认今年",
        error_messages=_errors(
            messages.YEAR_INVALID, "invalid", "min_value", "max_value", "max_string_length"
        ),
    )


class KindComplianceSerializer(serializers.Serializer):
    kind = serializers.CharField(help_text="服务类别")
    label = serializers.CharField(help_text="服务类别名称")
    visits_per_month = serializers.IntegerField(help_text="计划每月次数")
    expected = serializers.IntegerField(help_text="当月应完成（按服务天数折算，向上取整）")
    done = serializers.IntegerField(help_text="当月已完成（已签退的上门服务）")
    met = serializers.BooleanField(help_text="是否达标")


class ComplianceSerializer(serializers.Serializer):
    month = serializers.DateField(help_text="月份（每月1日）")
    covered_days = serializers.IntegerField(help_text="当月在服务期间的天数")
    expected = serializers.IntegerField(help_text="应完成合计")
    done = serializers.IntegerField(help_text="已完成合计（每类不超过应完成）")
    rate = serializers.FloatField(allow_null=True, help_text="完成率（%）")
    met = serializers.BooleanField(help_text="各类均达标")
    kinds = KindComplianceSerializer(many=True)


class CountySerializer(serializers.Serializer):
    region_code = serializers.CharField(help_text="区县代码")
    built = serializers.IntegerField(help_text="新建家庭养老床位")


class BuiltSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    built = serializers.IntegerField(help_text="当年新建家庭养老床位（按服务起始日期）")
    counties = CountySerializer(many=True)


class HomeBedListCreateApi(ApiView):
    serializer_class = SignInputSerializer
    query_serializer_class = ListQuerySerializer
    required_permissions = {"GET": MANAGE, "POST": MANAGE}

    @extend_schema(
        operation_id="eldercare_home_beds_list",
        summary="家庭养老床位（本人可见范围）",
        tags=TAGS,
        responses=HomeBedSerializer(many=True),
    )
    def get(self, request: Request) -> Response:
        query = self.query_params()
        provider = (
            selectors.provider_get(user=request.user, pk=query["provider"]) if query.get("provider") else None
        )
        rows = selectors.home_bed_list(user=request.user, status=query.get("status", ""), provider=provider)
        return self.paginated(
            rows.prefetch_related("plan_items"), HomeBedSerializer, shows=lambda b: b.person
        )

    @extend_schema(
        operation_id="eldercare_home_beds_sign",
        summary="签约家庭养老床位",
        tags=TAGS,
        request=SignInputSerializer,
        responses={201: HomeBedDetailSerializer},
        examples=[
            OpenApiExample(
                "失能老人",
                request_only=True,
                value={
                    "provider": 12,
                    "id_number": "330502194003011234",
                    "started_on": "2024-03-01",
                    "plan": {"meal": 8, "cleaning": 4, "medical": 2},
                },
            )
        ],
    )
    def post(self, request: Request) -> Response:
        data = SignInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        provider = selectors.provider_get(user=request.user, pk=values["provider"])
        person = selectors.person_for_home_bed(user=request.user, id_number=values["id_number"])
        if person is None:
            raise serializers.ValidationError({"id_number": [messages.ID_NUMBER_UNKNOWN]})
        person_id_number_looked_up(actor=request.user, person=person, channel=CHANNEL)
        bed = services.home_bed_sign(
            actor=request.user,
            provider=provider,
            person=person,
            started_on=values["started_on"],
            plan=values["plan"],
        )
        return Response(HomeBedDetailSerializer(bed).data, status=status.HTTP_201_CREATED)


class HomeBedDetailApi(ApiView):
    required_permissions = {"GET": MANAGE}

    @extend_schema(
        operation_id="eldercare_home_beds_get",
        summary="一张家庭养老床位（计划、设备）",
        tags=TAGS,
        responses=HomeBedDetailSerializer,
    )
    def get(self, request: Request, pk: int) -> Response:
        bed = selectors.home_bed_get(user=request.user, pk=pk)
        self.views_record([bed.person])
        return Response(HomeBedDetailSerializer(bed).data)


class HomeBedEndApi(ApiView):
    serializer_class = EndInputSerializer
    required_permissions = {"POST": MANAGE}

    @extend_schema(
        operation_id="eldercare_home_beds_end",
        summary="终止家庭养老床位",
        tags=TAGS,
        request=EndInputSerializer,
        responses=HomeBedDetailSerializer,
    )
    def post(self, request: Request, pk: int) -> Response:
        bed = selectors.home_bed_get(user=request.user, pk=pk)
        data = EndInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        bed = services.home_bed_end(
            actor=request.user,
            home_bed=bed,
            ended_on=values["ended_on"],
            reason=values["end_reason"],
            note=values.get("end_note", ""),
        )
        return Response(HomeBedDetailSerializer(bed).data)


class HomeBedDeviceApi(ApiView):
    serializer_class = DeviceInputSerializer
    required_permissions = {"POST": MANAGE}

    @extend_schema(
        operation_id="eldercare_home_beds_device_add",
        summary="登记家庭养老床位设备",
        tags=TAGS,
        request=DeviceInputSerializer,
        responses={201: DeviceSerializer},
    )
    def post(self, request: Request, pk: int) -> Response:
        bed = selectors.home_bed_get(user=request.user, pk=pk)
        data = DeviceInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        device = services.home_bed_device_add(
            actor=request.user,
            home_bed=bed,
            kind=values["kind"],
            serial=values["serial"],
            installed_on=values["installed_on"],
        )
        return Response(DeviceSerializer(device).data, status=status.HTTP_201_CREATED)


class HomeBedDeviceRemoveApi(ApiView):
    serializer_class = RemoveInputSerializer
    required_permissions = {"POST": MANAGE}

    @extend_schema(
        operation_id="eldercare_home_beds_device_remove",
        summary="登记家庭养老床位设备拆除",
        tags=TAGS,
        request=RemoveInputSerializer,
        responses=DeviceSerializer,
    )
    def post(self, request: Request, pk: int, device: int) -> Response:
        bed = selectors.home_bed_get(user=request.user, pk=pk)
        found = selectors.device_get(user=request.user, home_bed=bed, pk=device)
        data = RemoveInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        found = services.home_bed_device_remove(
            actor=request.user, device=found, removed_on=data.validated_data["removed_on"]
        )
        return Response(DeviceSerializer(found).data)


class HomeBedComplianceApi(ApiView):
    query_serializer_class = MonthQuerySerializer
    required_permissions = {"GET": MANAGE}

    @extend_schema(
        operation_id="eldercare_home_beds_compliance",
        summary="家庭养老床位某月上门服务达标情况",
        tags=TAGS,
        responses=ComplianceSerializer,
    )
    def get(self, request: Request, pk: int) -> Response:
        bed = selectors.home_bed_get(user=request.user, pk=pk)
        month = self.query_params().get("month") or selectors.default_month(home_bed=bed)
        return Response(ComplianceSerializer(selectors.compliance(home_bed=bed, month=month)).data)


class HomeBedBuiltApi(ApiView):
    query_serializer_class = YearQuerySerializer
    pagination_class = None
    required_permissions = {"GET": MANAGE}

    @extend_schema(
        operation_id="eldercare_home_beds_built",
        summary="当年新建家庭养老床位（按区县）",
        tags=TAGS,
        responses=BuiltSerializer,
    )
    def get(self, request: Request) -> Response:
        year = self.query_params().get("year") or timezone.localdate().year
        counties = selectors.built_by_county(user=request.user, year=year)
        return Response(
            BuiltSerializer(
                {
                    "year": year,
                    "built": sum(n for _, n in counties),
                    "counties": [{"region_code": code, "built": n} for code, n in counties],
                }
            ).data
        )


# Included by minzheng.api_urls inside the "api" namespace.
urlpatterns = [
    path("eldercare/home-beds/", HomeBedListCreateApi.as_view(), name="eldercare-home-beds"),
    path("eldercare/home-beds/built/", HomeBedBuiltApi.as_view(), name="eldercare-home-beds-built"),
    path("eldercare/home-beds/<int:pk>/", HomeBedDetailApi.as_view(), name="eldercare-home-bed"),
    path("eldercare/home-beds/<int:pk>/end/", HomeBedEndApi.as_view(), name="eldercare-home-bed-end"),
    path(
        "eldercare/home-beds/<int:pk>/devices/", HomeBedDeviceApi.as_view(), name="eldercare-home-bed-devices"
    ),
    path(
        "eldercare/home-beds/<int:pk>/devices/<int:device>/remove/",
        HomeBedDeviceRemoveApi.as_view(),
        name="eldercare-home-bed-device-remove",
    ),
    path(
        "eldercare/home-beds/<int:pk>/compliance/",
        HomeBedComplianceApi.as_view(),
        name="eldercare-home-bed-compliance",
    ),
]
