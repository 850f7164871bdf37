"""The smart cemetery through the API, read only, in the caller's scope (``funeral.view_plot``). No
answer names a holder or a deceased person: the plot pages show them, access-logged.

- ``GET /api/funeral/cemeteries/?q=&kind=``: the cemeteries and columbaria (by name, by kind) with their plots
  counted by status.
- ``GET /api/funeral/cemeteries/{id}/plots/?section=&kind=&status=``: one cemetery's plots, page by page,
  each with its status as read today (a lapsed reservation is available).
- ``GET /api/funeral/renewals/?days=``: the use periods ending within the notice days (or ended unrenewed),
  soonest first, with whether the reminder was recorded.
"""

from __future__ import annotations

from typing import Any

from django.urls import path
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from minzheng.core.api.base import ApiView
from minzheng.facilities.models import Facility
from minzheng.funeral.cemetery import selectors
from minzheng.funeral.cemetery.models import Plot, PlotKind, PlotStatus, UsePeriod
from minzheng.funeral.cemetery.selectors import PERM_VIEW

TAGS = ["funeral"]


class CemeterySerializer(serializers.ModelSerializer):
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    plot_count = serializers.IntegerField(read_only=True, help_text="墓穴（格位）总数")
    sold_count = serializers.IntegerField(read_only=True, help_text="已售")
    reserved_count = serializers.IntegerField(read_only=True, help_text="预订中（未过期）")

    class Meta:
        model = Facility
        fields = ["id", "name", "kind", "kind_display", "region_code", "plot_count", "sold_count", "reserved_count"]


class CemeteryQuerySerializer(serializers.Serializer):
    q = serializers.CharField(required=False, allow_blank=True, default="", max_length=50,
                              error_messages={"max_length": "名称：不能超过50个字"})
    kind = serializers.ChoiceField(choices=[("cemetery", "公墓"), ("columbarium", "骨灰堂")], required=False,
                                   allow_blank=True, default="",
                                   error_messages={"invalid_choice": "类别：只能是公墓（cemetery）或骨灰堂（columbarium）"})


class CemeteryPlotSerializer(serializers.ModelSerializer):
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    status = serializers.SerializerMethodField(help_text="今日所见状态：available / reserved / sold")

    class Meta:
        model = Plot
        fields = ["id", "section", "row", "number", "kind", "kind_display", "area", "status"]

    def get_status(self, plot: Plot) -> str:
        return plot.status_on(selectors.today())


class PlotQuerySerializer(serializers.Serializer):
    section = serializers.CharField(required=False, allow_blank=True, default="", max_length=20,
                                    error_messages={"max_length": "墓区：不能超过20个字"})
    kind = serializers.ChoiceField(choices=PlotKind.choices, required=False, allow_blank=True, default="",
                                   error_messages={"invalid_choice": "类型：没有这种墓穴类型"})
    status = serializers.ChoiceField(choices=PlotStatus.choices, required=False, allow_blank=True, default="",
                                     error_messages={"invalid_choice": "状态：没有这种状态"})


class RenewalSerializer(serializers.ModelSerializer):
    plot = serializers.CharField(source="plot.__str__", read_only=True, help_text="墓区、排、号")
    plot_id = serializers.IntegerField(read_only=True)
    cemetery = serializers.CharField(source="plot.facility.name", read_only=True)
    reminded = serializers.SerializerMethodField(help_text="已记录续期提醒")

    class Meta:
        model = UsePeriod
        fields = ["id", "plot_id", "plot", "cemetery", "region_code", "cycle", "starts_on", "ends_on", "reminded"]

    def get_reminded(self, period: UsePeriod) -> bool:
        return hasattr(period, "reminder")


class RenewalQuerySerializer(serializers.Serializer):
    days = serializers.IntegerField(required=False, min_value=0, max_value=3650,
                                    error_messages={"invalid": "提前天数：应为整数", "min_value": "提前天数：不能为负数",
                                                    "max_value": "提前天数：不能超过3650天"})


class CemeteryListApi(ApiView):
    serializer_class = CemeterySerializer
    query_serializer_class = CemeteryQuerySerializer
    required_permissions = {"GET": PERM_VIEW}

    @extend_schema(operation_id="funeral_cemeteries", summary="公墓与骨灰堂（含墓穴数）", tags=TAGS,
                   responses=CemeterySerializer(many=True))
    def get(self, request: Request) -> Response:
        return self.paginated(selectors.cemetery_list(user=request.user, **self.query_params()), CemeterySerializer)


class CemeteryPlotListApi(ApiView):
    serializer_class = CemeteryPlotSerializer
    query_serializer_class = PlotQuerySerializer
    required_permissions = {"GET": PERM_VIEW}

    @extend_schema(operation_id="funeral_cemetery_plots", summary="一处公墓的墓穴（格位）", tags=TAGS,
                   responses=CemeteryPlotSerializer(many=True))
    def get(self, request: Request, pk: int) -> Response:
        facility = selectors.cemetery_get(user=request.user, pk=pk)
        query: dict[str, Any] = self.query_params()
        plots = selectors.plot_list(user=request.user, facility=facility, **query)
        return self.paginated(plots, CemeteryPlotSerializer)


class RenewalListApi(ApiView):
    serializer_class = RenewalSerializer
    query_serializer_class = RenewalQuerySerializer
    required_permissions = {"GET": PERM_VIEW}

    @extend_schema(operation_id="funeral_renewals_due", summary="使用期即将届满、待续期的墓穴", tags=TAGS,
                   responses=RenewalSerializer(many=True))
    def get(self, request: Request) -> Response:
        days = self.query_params().get("days")
        return self.paginated(selectors.due_renewals(user=request.user, within_days=days), RenewalSerializer)


urlpatterns = [
    path("funeral/cemeteries/", CemeteryListApi.as_view(), name="funeral-cemeteries"),
    path("funeral/cemeteries/<int:pk>/plots/", CemeteryPlotListApi.as_view(), name="funeral-cemetery-plots"),
    path("funeral/renewals/", RenewalListApi.as_view(), name="funeral-renewals"),
]
