"""``/api/audit/`` and ``/api/audit/access/``: the audit and access logs, for auditors only.

Read-only on purpose: the logs are append-only, so there is no route that writes to them and
every other method answers 405.
"""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from minzheng.core.api.base import ApiView
from minzheng.core.api.pagination import CursorPagination
from minzheng.core.api.permissions import CanReadLogs
from minzheng.core.models import AccessLog, AuditEntry
from minzheng.core.selectors import access_log_list, audit_list


class AuditEntrySerializer(serializers.ModelSerializer):
    before = serializers.JSONField(allow_null=True, help_text="修改前（敏感字段已脱敏）")
    after = serializers.JSONField(allow_null=True, help_text="修改后（敏感字段已脱敏）")
    diff = serializers.JSONField(help_text="变更：字段 → [修改前, 修改后]")

    class Meta:
        model = AuditEntry
        fields = ["id", "at", "actor_name", "action", "object_type", "object_id", "object_repr", "region_code",
                  "before", "after", "diff"]


class AccessLogSerializer(serializers.ModelSerializer):
    kind_display = serializers.CharField(source="get_kind_display", help_text="类型名称")

    class Meta:
        model = AccessLog
        fields = ["id", "at", "actor_name", "kind", "kind_display", "subject_type", "subject_id", "subject_repr",
                  "field", "region_code", "channel"]


class PeriodQuerySerializer(serializers.Serializer):
    actor = serializers.CharField(required=False, allow_blank=True, max_length=150, help_text="操作人账号")
    since = serializers.DateField(required=False, help_text="起始日期（含），YYYY-MM-DD")
    until = serializers.DateField(required=False, help_text="截止日期（含），YYYY-MM-DD")


class AuditQuerySerializer(PeriodQuerySerializer):
    action = serializers.CharField(required=False, allow_blank=True, max_length=100, help_text="操作代码前缀，如 people.household")
    object_type = serializers.CharField(required=False, allow_blank=True, max_length=100, help_text="对象类型，如 people.person")
    object_id = serializers.CharField(required=False, allow_blank=True, max_length=64, help_text="对象编号")
    region_code = serializers.CharField(required=False, allow_blank=True, max_length=12, help_text="区划代码前缀")


class AccessLogQuerySerializer(PeriodQuerySerializer):
    subject_id = serializers.CharField(required=False, allow_blank=True, max_length=64, help_text="被查看人员编号")
    kind = serializers.ChoiceField(choices=AccessLog.Kind.choices, required=False, allow_blank=True, help_text="类型")


class LogApi(ApiView):
    permission_classes = [IsAuthenticated, CanReadLogs]
    pagination_class = CursorPagination


class AuditListApi(LogApi):
    query_serializer_class = AuditQuerySerializer

    @extend_schema(operation_id="audit_list", summary="审计日志（仅审计员）", tags=["audit"],
                   responses=AuditEntrySerializer(many=True))
    def get(self, request: Request) -> Response:
        return self.paginated(audit_list(user=request.user, **self.query_params()), AuditEntrySerializer)


class AccessLogListApi(LogApi):
    query_serializer_class = AccessLogQuerySerializer

    @extend_schema(operation_id="audit_access_list", summary="个人信息访问日志（仅审计员）", tags=["audit"],
                   responses=AccessLogSerializer(many=True))
    def get(self, request: Request) -> Response:
        return self.paginated(access_log_list(user=request.user, **self.query_params()), AccessLogSerializer)
