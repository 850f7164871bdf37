"""``GET /api/addresses/match/?q=TEXT[&region=CODE]``: free text to a standard address.

Signed-in staff only; the candidates come from inside the caller's jurisdiction (a region
argument outside it simply finds nothing, so nobody learns what lies elsewhere). A tie between
villages lists them in ``tied_regions``: call again with one as ``region``.
"""

from __future__ import annotations

from typing import Any

from django.urls import path
from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from minzheng.core.api.base import ApiView
from minzheng.places import messages
from minzheng.places.matching import address_match, region_prefix
from minzheng.places.matching.matcher import MAX_TEXT
from minzheng.places.parsing import normalize


class MatchQuerySerializer(serializers.Serializer):
    q = serializers.CharField(
        max_length=MAX_TEXT, help_text="要匹配的地址文本，如“红旗路18号3幢501”",
        error_messages={"required": messages.MATCH_Q_REQUIRED, "blank": messages.MATCH_Q_REQUIRED,
                        "null": messages.MATCH_Q_REQUIRED,
                        "max_length": messages.MATCH_Q_TOO_LONG.format(max=MAX_TEXT)},
    )
    region = serializers.CharField(required=False, allow_blank=True, max_length=12,
                                   help_text="只在此区划内匹配：区划代码或其前缀，如 330502 或 330502003001",
                                   error_messages={"max_length": messages.MATCH_REGION_INVALID})

    def validate_q(self, value: str) -> str:
        if not normalize(value):
            raise serializers.ValidationError(messages.MATCH_Q_NO_TEXT)  # only punctuation or noise words
        return value

    def validate_region(self, value: str) -> str:
        if not value:
            return ""
        try:
            region_prefix(value)
        except ValueError as exc:
            raise serializers.ValidationError(messages.MATCH_REGION_INVALID) from exc
        return value


class MatchCandidateSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="address_id", help_text="标准地址编号（/api/addresses/{id}/）")
    code = serializers.CharField(help_text="地址编码")
    full_text = serializers.CharField(help_text="标准地址全称")
    score = serializers.FloatField(help_text="匹配分，0 到 1")


class TiedRegionSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="村（社区）的12位区划代码；作为 region 参数再次匹配即只在其中查找")
    name = serializers.CharField(help_text="区划全称")


class MissingNumberSerializer(serializers.Serializer):
    road = serializers.CharField(help_text="找到的街路巷或小区")
    number = serializers.CharField(help_text="文本中的门牌号，该路没有")
    existing = serializers.CharField(help_text="该路现有的门牌号，如“1–5号、7号”")
    message = serializers.SerializerMethodField(help_text="给用户看的说明，如“月河路没有18号，现有1–5号”")

    def get_message(self, obj: Any) -> str:
        return messages.MATCH_NUMBER_MISSING.format(road=obj.road, number=obj.number, existing=obj.existing)


class MatchResultSerializer(serializers.Serializer):
    best = MatchCandidateSerializer(allow_null=True, help_text="最佳匹配；没有足够相符或无法区分时为 null")
    candidates = MatchCandidateSerializer(many=True, help_text="候选地址，按匹配分从高到低，最多 5 个")
    parsed = serializers.DictField(child=serializers.CharField(), help_text="从文本中识别出的各级要素")
    ambiguous = serializers.BooleanField(help_text="是否有多个同样相符的候选（因此没有最佳匹配）")
    tied_regions = TiedRegionSerializer(many=True, help_text="同样相符的候选分属不同村（社区）时，列出这些村（社区）")
    missing_number = MissingNumberSerializer(allow_null=True, help_text="只找到一条路而它没有这个门牌号时：该路现有的门牌号")


class AddressMatchApi(ApiView):
    query_serializer_class = MatchQuerySerializer

    @extend_schema(
        operation_id="addresses_match",
        summary="地址匹配：把自由文本匹配到标准地址",
        description="支持缺少上级区划、18-3-2-501 写法、全角数字、中文数字、别名和简称、噪声词、道路或小区名称错一个字。"
                    "匹配分低于阈值（设置 MINZHENG_ADDRESS_MATCH_THRESHOLD）或无法区分时，best 为 null。",
        tags=["addresses"],
        responses=MatchResultSerializer,
        examples=[OpenApiExample("匹配成功", response_only=True, value={
            "best": {"id": 1, "code": "330502003001000100180003020501",
                     "full_text": "湖州市吴兴区爱山街道仪凤桥社区红旗路18号3幢2单元501室", "score": 1.0},
            "candidates": [{"id": 1, "code": "330502003001000100180003020501",
                            "full_text": "湖州市吴兴区爱山街道仪凤桥社区红旗路18号3幢2单元501室", "score": 1.0}],
            "parsed": {"road": "红旗路", "number": "18", "building": "3", "unit": "2", "room": "501"},
            "ambiguous": False, "tied_regions": [], "missing_number": None,
        }), OpenApiExample("没有这个门牌号", response_only=True, value={
            "best": None,
            "candidates": [{"id": 3, "code": "330502003001000200010000000000",
                            "full_text": "湖州市吴兴区爱山街道仪凤桥社区月河路1号", "score": 0.5}],
            "parsed": {"road": "月河路", "number": "18"},
            "ambiguous": False, "tied_regions": [],
            "missing_number": {"road": "月河路", "number": "18", "existing": "1–5号", "message": "月河路没有18号，现有1–5号"},
        }), OpenApiExample("无法区分", response_only=True, value={
            "best": None,
            "candidates": [{"id": 7, "code": "330502001001001200080000000000",
                            "full_text": "湖州市吴兴区月河街道碧浪门社区雉州路8号", "score": 1.0},
                           {"id": 9, "code": "330502002009000300080000000000",
                            "full_text": "湖州市吴兴区朝阳街道状元苑社区雉州路8号", "score": 1.0}],
            "parsed": {"road": "雉州路", "number": "8"},
            "ambiguous": True,
            "tied_regions": [{"code": "330502001001", "name": "湖州市吴兴区月河街道碧浪门社区"},
                             {"code": "330502002009", "name": "湖州市吴兴区朝阳街道状元苑社区"}],
            "missing_number": None,
        })],
    )
    def get(self, request: Request, **kwargs: Any) -> Response:
        params = self.query_params()
        result = address_match(user=request.user, q=params["q"], region_code=params.get("region") or None)
        return Response(MatchResultSerializer(result).data)


urlpatterns = [
    path("addresses/match/", AddressMatchApi.as_view(), name="address-match"),
]
