"""``/api/funeral/after-death/``: one registered death's case (身后一件事), for staff holding
``funeral.view_deathregistration`` within their scope (elsewhere 404).

- ``GET {id}/``: every affair the platform closed (with what a revocation reopened or left for an
  officer) and the checklist of notices to other departments with their statuses.
- ``POST {id}/items/{item}/ {"status", "note"}`` (``funeral.manage_after_death``): where one
  department's item stands (待通知 pending, 已通知 notified, 已办结 done, 不适用 not_applicable,
  which needs a note); bad input is a 400 naming the field.
"""

from __future__ import annotations

from django.urls import path
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from minzheng.core.api.base import ApiView
from minzheng.funeral.after_death import selectors, services
from minzheng.funeral.after_death.models import ChecklistItem, ChecklistStatus
from minzheng.funeral.deaths.services import PERM_VIEW
from minzheng.people.models import DeathEffect

TAGS = ["funeral"]


class ChecklistItemSerializer(serializers.ModelSerializer):
    code = serializers.CharField(source="item.code", read_only=True)
    name = serializers.CharField(source="item.name", read_only=True)
    department = serializers.CharField(source="item.department", read_only=True)

    class Meta:
        model = ChecklistItem
        fields = ["id", "code", "name", "department", "status", "note", "updated_at"]


class EffectSerializer(serializers.ModelSerializer):
    class Meta:
        model = DeathEffect
        fields = ["id", "app", "kind", "label", "reopen", "created_at", "reopened_at", "reopen_note"]


class AfterDeathCaseSerializer(serializers.Serializer):
    registration = serializers.IntegerField()
    person_name = serializers.CharField()
    death_date = serializers.DateField()
    status = serializers.CharField()
    effects = EffectSerializer(many=True, help_text="系统已自动办理的事项")
    for_hand = EffectSerializer(many=True, help_text="撤销后需人工恢复的事项")
    checklist = ChecklistItemSerializer(many=True)


class ItemInputSerializer(serializers.Serializer):
    status = serializers.CharField(required=False, allow_blank=True, default="",
                                   help_text="、".join(ChecklistStatus.values))
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=400)


class CaseApi(ApiView):
    required_permissions = {"GET": PERM_VIEW}

    @extend_schema(operation_id="funeral_after_death_case", summary="身后一件事：已办事项与部门通知清单",
                   tags=TAGS, responses=AfterDeathCaseSerializer)
    def get(self, request: Request, pk: int) -> Response:
        case = selectors.case_get(user=request.user, pk=pk)
        registration = case.registration
        self.views_record([registration.person])
        return Response(AfterDeathCaseSerializer({
            "registration": registration.pk, "person_name": registration.person.name,
            "death_date": registration.death_date, "status": registration.status, "effects": case.effects,
            "for_hand": case.for_hand, "checklist": case.checklist,
        }).data)


class ItemApi(ApiView):
    serializer_class = ItemInputSerializer
    required_permissions = {"POST": services.PERM_MANAGE}

    @extend_schema(operation_id="funeral_after_death_item", summary="更新一项部门通知的状态", tags=TAGS,
                   request=ItemInputSerializer, responses=ChecklistItemSerializer)
    def post(self, request: Request, pk: int, item: int) -> Response:
        case = selectors.case_get(user=request.user, pk=pk)
        row = selectors.checklist_item_get(user=request.user, registration=case.registration, pk=item)
        data = ItemInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        row = services.checklist_item_update(actor=request.user, item=row, **data.validated_data)
        return Response(ChecklistItemSerializer(row).data)


urlpatterns = [
    path("funeral/after-death/<int:pk>/", CaseApi.as_view(), name="api-funeral-after-death"),
    path("funeral/after-death/<int:pk>/items/<int:item>/", ItemApi.as_view(), name="api-funeral-after-death-item"),
]
