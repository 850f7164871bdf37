"""``POST /api/benefits/{dibao,dibian,tekun}/assess/``: the trial calculation (试算) for staff.

It runs the programs' own policies (``assess.calculate``) on the facts in the request: nothing is
saved and no person is looked up, so it needs no permission beyond being signed in.
"""

from __future__ import annotations

from typing import Any

from django.urls import path
from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework.request import Request
from rest_framework.response import Response

from minzheng.assistance import messages
from minzheng.assistance.assess.calculate import MemberInput, trial_household, trial_tekun
from minzheng.assistance.assess.inputs import (
    HouseholdTrialSerializer,
    TekunTrialSerializer,
    TrialResultSerializer,
)
from minzheng.benefits.programs.policy import Assessment, AssetFacts
from minzheng.core.api.base import ApiView

TAGS = ["assess"]
HOUSEHOLD_EXAMPLE = {"region_code": "330502003001", "month": "2024-06",
                     "members": [{"monthly_income": "800.00", "work_capable": True},
                                 {"monthly_income": "0.00", "work_capable": False}],
                     "assets": {"deposits": "5000.00", "vehicles": 0, "houses": 1}}
BAD_EXAMPLE = OpenApiExample("输入有误", status_codes=["400"], response_only=True, value={
    "members": [messages.ASSESS_MEMBER.format(n=1, message=messages.INCOME_NEGATIVE)],
    "month": [messages.ASSESS_NO_STANDARD.format(month="2023年6月", program="最低生活保障")]})


def _assets(data: dict[str, Any]) -> AssetFacts:
    assets = data.get("assets") or {}
    return AssetFacts(deposits=assets.get("deposits") or AssetFacts.deposits,
                      vehicles=assets.get("vehicles", 0), houses=assets.get("houses", 0))


def _answer(result: Assessment) -> Response:
    return Response(TrialResultSerializer(result.as_dict()).data)


class HouseholdTrialApi(ApiView):
    serializer_class = HouseholdTrialSerializer
    code = ""

    def post(self, request: Request) -> Response:
        data = HouseholdTrialSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        members = [MemberInput(monthly_income=m["monthly_income"], work_capable=m["work_capable"])
                   for m in values["members"]]
        return _answer(trial_household(code=self.code, region_code=values["region_code"], month=values["month"],
                                       members=members, assets=_assets(values)))


def _household_schema(code: str, summary: str) -> Any:
    return extend_schema(operation_id=f"{code}_assess", summary=summary, tags=TAGS, request=HouseholdTrialSerializer,
                         responses={200: TrialResultSerializer},
                         examples=[OpenApiExample("三口之家", value=HOUSEHOLD_EXAMPLE, request_only=True), BAD_EXAMPLE])


class DibaoTrialApi(HouseholdTrialApi):
    code = "dibao"

    @_household_schema("dibao", "最低生活保障试算（不保存，不查询个人信息）")
    def post(self, request: Request) -> Response:
        return super().post(request)


class DibianTrialApi(HouseholdTrialApi):
    code = "dibian"

    @_household_schema("dibian", "低保边缘家庭试算（不保存，不查询个人信息）")
    def post(self, request: Request) -> Response:
        return super().post(request)


class TekunTrialApi(ApiView):
    serializer_class = TekunTrialSerializer

    @extend_schema(
        operation_id="tekun_assess", summary="特困人员试算（不保存，不查询个人信息）", tags=TAGS,
        request=TekunTrialSerializer, responses={200: TrialResultSerializer},
        examples=[OpenApiExample("独居老人", request_only=True, value={
            "region_code": "330502003001", "month": "2024-06", "age": 72, "monthly_income": "300.00",
            "supporters": "none", "assets": {"deposits": "2000.00", "vehicles": 0, "houses": 1},
            "self_care": {"eating": True, "dressing": True, "bed_transfer": True, "toileting": True,
                          "indoor_walking": True, "bathing": False}}), BAD_EXAMPLE],
    )
    def post(self, request: Request) -> Response:
        data = TekunTrialSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        return _answer(trial_tekun(region_code=values["region_code"], month=values["month"], age=values["age"],
                                   monthly_income=values["monthly_income"], supporters=values["supporters"],
                                   assets=_assets(values), disability=values.get("disability"),
                                   self_care=values.get("self_care")))


# Included by minzheng.api_urls inside the "api" namespace.
urlpatterns = [
    path("benefits/dibao/assess/", DibaoTrialApi.as_view(), name="dibao-assess"),
    path("benefits/dibian/assess/", DibianTrialApi.as_view(), name="dibian-assess"),
    path("benefits/tekun/assess/", TekunTrialApi.as_view(), name="tekun-assess"),
]
