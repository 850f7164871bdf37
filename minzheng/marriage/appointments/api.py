"""``GET /api/marriage/appointments/?office=<id>&day=2026-12-08``: the registrar's desk list as
JSON, the day's bookings at an office of the registrar's county, ID numbers masked, each booking
shown logged (channel ``api``). An office outside the scope is 404. Booking itself is the public
page's: it needs no account, and an API for it would be one more door to rate-limit."""

from __future__ import annotations

from django.urls import path
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from minzheng.core.api.base import ApiView
from minzheng.marriage.appointments import selectors
from minzheng.marriage.appointments.services import PERM_KEEP

DAY_ERROR = "日期：不是有效日期，应为 YYYY-MM-DD"
OFFICE_ERROR = "婚姻登记处：请填写婚姻登记处编号"


class MarriageDeskQuerySerializer(serializers.Serializer):
    office = serializers.IntegerField(min_value=1, help_text="婚姻登记处（服务设施编号）",
                                      error_messages={k: OFFICE_ERROR for k in ("required", "invalid", "min_value",
                                                                                "null", "max_string_length")})
    day = serializers.DateField(help_text="日期", error_messages={k: DAY_ERROR for k in ("required", "invalid", "null",
                                                                                         "datetime")})


class MarriageBookingSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    code = serializers.CharField(help_text="确认码")
    status = serializers.CharField(help_text="booked / cancelled / arrived / no_show")
    business = serializers.CharField(source="slot.business", help_text="marriage / divorce / replacement")
    starts_at = serializers.TimeField(source="slot.starts_at", format="%H:%M")
    ends_at = serializers.TimeField(source="slot.ends_at", format="%H:%M")
    first_name = serializers.CharField()
    first_id_masked = serializers.CharField(help_text="脱敏身份证号")
    second_name = serializers.CharField()
    second_id_masked = serializers.CharField()


class MarriageDeskSerializer(serializers.Serializer):
    office = serializers.CharField(source="office.name")
    day = serializers.DateField()
    bookings = MarriageBookingSerializer(many=True)


class DeskApi(ApiView):
    query_serializer_class = MarriageDeskQuerySerializer
    required_permissions = {"GET": PERM_KEEP}

    @extend_schema(operation_id="marriage_appointments_desk", summary="婚姻登记处某日预约名单（仅本辖区，查看记入访问日志）",
                   tags=["marriage"], responses=MarriageDeskSerializer)
    def get(self, request: Request) -> Response:
        query = self.query_params()
        office = selectors.registrar_office_get(user=request.user, office_id=query["office"])
        rows = selectors.desk_bookings(user=request.user, office=office, day=query["day"], channel="api")
        return Response(MarriageDeskSerializer({"office": office, "day": query["day"], "bookings": rows}).data)


urlpatterns = [
    path("marriage/appointments/", DeskApi.as_view(), name="marriage-appointments-desk"),
]
