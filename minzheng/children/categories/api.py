"""``POST /api/children/categories/``: which child categories hold for a child's facts on a day
(docs/DOMAIN.md, "Children"), for staff who read child profiles; nothing is saved. The pages and
the profile services use the same rules (``categories.rules.categorize``).

Body: ``{"as_of", "birth_date", "hukou": "rural"|"urban", "disability_grade": 1–4|null,
"dibao": bool, "parents": [{"status", "since", "works_away", "can_guard"}, {…}]}``. Answer:
``{"categories": [...], "reasons": [...], "not_held": {category: reason}}``. Bad input is a 400
naming the field (``parents[1].since``), in Chinese."""

from __future__ import annotations

from typing import Any

from django.urls import path
from django.utils import timezone
from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from minzheng.children.categories.facts import facts_from_json
from minzheng.children.categories.rules import categorize
from minzheng.children.codes import Category, Hukou, ParentStatus
from minzheng.core.api.base import ApiView

PERMISSION = "children.view_childprofile"


class ParentInputSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=ParentStatus.choices, help_text="父母一方的情况")
    since = serializers.DateField(
        required=False, allow_null=True, help_text="该情况的起始日期；服刑在押、失联须填写（满6个月方可认定）"
    )
    works_away = serializers.BooleanField(required=False, default=False, help_text="外出务工")
    can_guard = serializers.BooleanField(required=False, default=True, help_text="能履行监护职责")


class FactsInputSerializer(serializers.Serializer):
    as_of = serializers.DateField(help_text="认定日期 YYYY-MM-DD，不晚于今天")
    birth_date = serializers.DateField(help_text="儿童出生日期")
    hukou = serializers.ChoiceField(choices=Hukou.choices, help_text="户口性质")
    disability_grade = serializers.IntegerField(
        required=False,
        allow_null=True,
        min_value=1,
        max_value=4,
        help_text="儿童本人残疾等级 1–4，无残疾为 null",
    )
    dibao = serializers.BooleanField(required=False, default=False, help_text="家庭为低保、特困或低保边缘")
    parents = ParentInputSerializer(many=True, help_text="父母双方（2项）")


class VerdictSerializer(serializers.Serializer):
    categories = serializers.ListField(
        child=serializers.ChoiceField(choices=Category.choices), help_text="成立的类别"
    )
    reasons = serializers.ListField(child=serializers.CharField(), help_text="各类别成立的理由（中文）")
    not_held = serializers.DictField(child=serializers.CharField(), help_text="不成立的类别及理由")


class CategoriesApi(ApiView):
    serializer_class = FactsInputSerializer
    required_permissions = {"POST": PERMISSION}

    @extend_schema(
        operation_id="children_categories",
        summary="儿童类别认定（试算，不保存）",
        tags=["children"],
        request=FactsInputSerializer,
        responses=VerdictSerializer,
        examples=[
            OpenApiExample(
                "事实无人抚养",
                request_only=True,
                value={
                    "as_of": "2024-06-30",
                    "birth_date": "2015-03-01",
                    "hukou": "rural",
                    "disability_grade": None,
                    "dibao": False,
                    "parents": [
                        {"status": "imprisoned", "since": "2023-01-10"},
                        {"status": "dead", "since": "2020-05-01"},
                    ],
                },
            )
        ],
    )
    def post(self, request: Request) -> Response:
        facts = facts_from_json(request.data, today=timezone.localdate())
        verdict = categorize(facts)
        body: dict[str, Any] = {
            "categories": verdict.categories,
            "reasons": verdict.reasons,
            "not_held": verdict.refused,
        }
        return Response(VerdictSerializer(body).data)


urlpatterns = [
    path("children/categories/", CategoriesApi.as_view(), name="children-categories"),
]
