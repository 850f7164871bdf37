"""``/api/funeral/deaths/``: death registration, for staff holding ``funeral.view_deathregistration``
within their scope; a registration elsewhere answers 404.

- ``GET ?q=&source=&status=``: registrations in scope, newest death first (access-logged).
  ``POST {"id_number", "name", "region_code", "source", "cause", "death_date", "death_place",
  "informant_name", "informant_relation", "informant_phone"}`` (``funeral.register_death``):
  201 with the registration and the family's query code (shown once); the same death again is
  200 with ``created: false`` and changes nothing; bad input is a 400 naming each field, in Chinese.
- ``GET {id}/``: one registration. ``POST {id}/revoke/ {"reason"}`` (``funeral.revoke_death``):
  the correction of a mistaken registration.
"""

from __future__ import annotations

from django.urls import path
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from minzheng.core.api.base import ApiView
from minzheng.funeral.deaths import selectors, services
from minzheng.funeral.deaths.models import Cause, DeathRegistration, Source

TAGS = ["funeral"]


class RegistrationSerializer(serializers.ModelSerializer):
    person_name = serializers.CharField(source="person.name", read_only=True)
    id_number = serializers.CharField(source="person.id_number_masked", read_only=True, help_text="身份证号（脱敏）")

    class Meta:
        model = DeathRegistration
        fields = ["id", "person", "person_name", "id_number", "region_code", "source", "cause", "death_date",
                  "death_place", "informant_name", "informant_relation", "informant_phone_masked", "status",
                  "registered_at", "revoked_at", "revoke_reason"]


class RegisteredSerializer(serializers.Serializer):
    created = serializers.BooleanField(help_text="false：该死亡此前已登记，本次未作变更")
    family_code = serializers.CharField(help_text="家属查询码，仅在新登记时返回一次")
    registration = RegistrationSerializer()


def _text(help_text: str = "") -> serializers.CharField:
    return serializers.CharField(required=False, allow_blank=True, default="", max_length=200, help_text=help_text)


class DeathRegisterInputSerializer(serializers.Serializer):
    id_number = _text("死者18位身份证号码")
    name = _text("姓名；人口库无此人时必填")
    region_code = _text("户籍地12位村（社区）代码；人口库无此人时必填")
    source = _text("信息来源：" + "、".join(Source.values))
    cause = _text("死亡原因类别：" + "、".join(Cause.values))
    death_date = _text("死亡日期 YYYY-MM-DD")
    death_place = _text("死亡地点")
    informant_name = _text("报告人姓名")
    informant_relation = _text("与死者关系")
    informant_phone = _text("报告人手机号（只保存脱敏号码）")


class DeathListQuerySerializer(serializers.Serializer):
    q = serializers.CharField(required=False, default="", allow_blank=True, max_length=50)
    source = serializers.ChoiceField(choices=["", *Source.values], required=False, default="")
    status = serializers.ChoiceField(choices=["", *DeathRegistration.Status.values], required=False, default="")


class RevokeInputSerializer(serializers.Serializer):
    reason = _text("撤销原因（登记有误的说明）")


class DeathListCreateApi(ApiView):
    serializer_class = DeathRegisterInputSerializer
    query_serializer_class = DeathListQuerySerializer
    required_permissions = {"GET": services.PERM_VIEW, "POST": services.PERM_REGISTER}

    @extend_schema(operation_id="funeral_deaths_list", summary="死亡登记（本辖区）", tags=TAGS,
                   parameters=[DeathListQuerySerializer], responses=RegistrationSerializer(many=True))
    def get(self, request: Request) -> Response:
        query = self.query_params()
        rows = selectors.registration_list(user=request.user, q=query["q"], source=query["source"],
                                           status=query["status"])
        return self.paginated(rows, RegistrationSerializer, shows=lambda r: r.person)

    @extend_schema(operation_id="funeral_deaths_register", summary="登记死亡（同一死亡重复登记不作变更）", tags=TAGS,
                   request=DeathRegisterInputSerializer, responses={201: RegisteredSerializer, 200: RegisteredSerializer})
    def post(self, request: Request) -> Response:
        data = DeathRegisterInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        done = services.death_register(actor=request.user, **data.validated_data)
        body = RegisteredSerializer({"created": done.created, "family_code": done.family_code,
                                     "registration": done.registration}).data
        return Response(body, status=status.HTTP_201_CREATED if done.created else status.HTTP_200_OK)


class DeathDetailApi(ApiView):
    required_permissions = {"GET": services.PERM_VIEW}

    @extend_schema(operation_id="funeral_deaths_detail", summary="一条死亡登记", tags=TAGS,
                   responses=RegistrationSerializer)
    def get(self, request: Request, pk: int) -> Response:
        registration = selectors.registration_get(user=request.user, pk=pk)
        self.views_record([registration.person])
        return Response(RegistrationSerializer(registration).data)


class DeathRevokeApi(ApiView):
    serializer_class = RevokeInputSerializer
    required_permissions = {"POST": services.PERM_REVOKE}

    @extend_schema(operation_id="funeral_deaths_revoke", summary="撤销误登记的死亡", tags=TAGS,
                   request=RevokeInputSerializer, responses=RegistrationSerializer)
    def post(self, request: Request, pk: int) -> Response:
        registration = selectors.registration_get(user=request.user, pk=pk)
        data = RevokeInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        registration = services.death_registration_revoke(actor=request.user, registration=registration,
                                                          reason=data.validated_data["reason"])
        return Response(RegistrationSerializer(registration).data)


urlpatterns = [
    path("funeral/deaths/", DeathListCreateApi.as_view(), name="api-funeral-deaths"),
    path("funeral/deaths/<int:pk>/", DeathDetailApi.as_view(), name="api-funeral-death"),
    path("funeral/deaths/<int:pk>/revoke/", DeathRevokeApi.as_view(), name="api-funeral-death-revoke"),
]
