"""``GET /api/marriage/figures/?year=2024``: the year's marriage-service figures (四.2) in the
caller's scope, counted from the records (``figures.selectors``), with each event kind's counts,
and the same per county."""

from __future__ import annotations

from django.urls import path
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from minzheng.core.api.base import ApiView
from minzheng.core.figures import YearQuerySerializer
from minzheng.marriage.counselling.models import EventKind
from minzheng.marriage.counselling.services import PERM_VIEW
from minzheng.marriage.figures import selectors


class MarriageEventKindSerializer(serializers.Serializer):
    events = serializers.IntegerField(help_text="场次")
    people = serializers.IntegerField(help_text="参与人数")
    couples = serializers.IntegerField(help_text="参与新人（对）")


class MarriageEventKindsSerializer(serializers.Serializer):
    collective_certificate = MarriageEventKindSerializer(help_text=EventKind.COLLECTIVE_CERTIFICATE.label)
    collective_wedding = MarriageEventKindSerializer(help_text=EventKind.COLLECTIVE_WEDDING.label)
    matchmaking = MarriageEventKindSerializer(help_text=EventKind.MATCHMAKING.label)
    counselling = MarriageEventKindSerializer(help_text=EventKind.COUNSELLING.label)


class MarriageFigureCountsSerializer(serializers.Serializer):
    simple_wedding_bases = serializers.IntegerField(help_text="当年命名的简约婚礼示范基地（个）")
    counseling_stations = serializers.IntegerField(help_text="年末开放的婚姻家庭辅导驿站（家）")
    collective_ceremonies = serializers.IntegerField(help_text="当年集体颁证、集体婚礼活动（场）")
    matchmaking_events = serializers.IntegerField(help_text="当年相亲交友、婚恋辅导等活动（场次）")
    kinds = MarriageEventKindsSerializer(help_text="各类活动的场次、人数和新人对数")


class MarriageCountyFiguresSerializer(MarriageFigureCountsSerializer):
    code = serializers.CharField(help_text="区县代码")
    name = serializers.CharField()


class MarriageFiguresSerializer(MarriageFigureCountsSerializer):
    year = serializers.IntegerField()
    counties = MarriageCountyFiguresSerializer(many=True)


class MarriageFiguresApi(ApiView):
    query_serializer_class = YearQuerySerializer
    required_permissions = {"GET": PERM_VIEW}

    @extend_schema(
        operation_id="marriage_figures",
        summary="婚姻服务年度数据（仅本辖区）",
        tags=["marriage"],
        responses=MarriageFiguresSerializer,
    )
    def get(self, request: Request) -> Response:
        year = self.query_params()["year"]
        values = selectors.marriage_figures(actor=request.user, year=year)
        values["counties"] = selectors.marriage_figures_by_county(actor=request.user, year=year)
        return Response(MarriageFiguresSerializer(values).data)


urlpatterns = [
    path("marriage/figures/", MarriageFiguresApi.as_view(), name="marriage-figures"),
]
