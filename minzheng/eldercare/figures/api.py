"""``GET /api/eldercare/figures/?year=2024``: the year's eldercare figures in the caller's scope,
computed from the records (``selectors.eldercare_figures``)."""

from __future__ import annotations

from django.urls import path
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from minzheng.core.api.base import ApiView
from minzheng.core.figures import YearQuerySerializer
from minzheng.eldercare.figures import selectors
from minzheng.eldercare.figures.views import PERMISSION


class EldercareFiguresSerializer(serializers.Serializer):
    year = serializers.IntegerField(help_text="年度")
    as_of = serializers.DateField(help_text="床位数按此日统计：当年12月31日，当年尚未结束时为今天")
    care_homes_bed_code = serializers.IntegerField(
        help_text="落地“一床一码”场景的养老机构（家）：至该日有在用床位码的养老机构"
    )
    beds = serializers.IntegerField(help_text="这些机构该日在用的床位（张）")
    beds_occupied = serializers.IntegerField(help_text="其中该日有老人入住的床位（张）")
    community_centres_new = serializers.IntegerField(help_text="当年开业或改扩建的社区居家养老服务中心（家）")
    community_centres_new_area = serializers.DecimalField(
        max_digits=14, decimal_places=2, help_text="其建筑面积合计（平方米）"
    )
    meal_sites = serializers.IntegerField(help_text="开放的老年助餐点（个），开业日期不晚于当年年末")
    meals_served = serializers.IntegerField(help_text="当年登记的助餐（餐次）")
    home_service_visits = serializers.IntegerField(help_text="当年完成的居家养老“六助”上门服务（人次）")
    home_beds_built = serializers.IntegerField(help_text="当年签约建成的家庭养老床位（张），按老人居住地，含其后终止的")
    caregivers_per_10k_elderly = serializers.DecimalField(
        max_digits=10,
        decimal_places=2,
        allow_null=True,
        help_text="该日每万名60周岁及以上老年人拥有的在职持证养老护理员（人），辖区内无老年人时为空",
    )
    love_cards_activated = serializers.IntegerField(help_text="截至年末激活的爱心卡（张），含其后冻结的")
    sojourn_sites = serializers.IntegerField(help_text="开放的旅居养老目的地（家），即带“旅居养老”标签的设施")
    adaptation_subsidy_paid = serializers.DecimalField(
        max_digits=16, decimal_places=2, help_text="当年发放的适老化改造（以旧换新）补贴（元）"
    )
    adaptation_consumption = serializers.DecimalField(
        max_digits=16, decimal_places=2, help_text="这些申请的改造费用合计，即带动消费（元）"
    )
    insurance_rehab_claims = serializers.IntegerField(help_text="当年度意外险保单已赔付的康复津贴（件）")
    insurance_max_claim = serializers.DecimalField(
        max_digits=14, decimal_places=2, allow_null=True, help_text="当年度保单单件赔付最高（元）"
    )
    insurance_payout_ratio = serializers.DecimalField(
        max_digits=8, decimal_places=2, allow_null=True, help_text="当年度保单赔付率（%）= 赔付 ÷ 保费"
    )


class EldercareFiguresApi(ApiView):
    query_serializer_class = YearQuerySerializer
    required_permissions = {"GET": PERMISSION}

    @extend_schema(
        operation_id="eldercare_figures",
        summary="养老服务年度数据（仅本辖区）",
        tags=["eldercare"],
        responses=EldercareFiguresSerializer,
    )
    def get(self, request: Request) -> Response:
        year = self.query_params()["year"]
        return Response(
            EldercareFiguresSerializer(selectors.eldercare_figures(actor=request.user, year=year)).data
        )


urlpatterns = [
    path("eldercare/figures/", EldercareFiguresApi.as_view(), name="eldercare-figures"),
]
