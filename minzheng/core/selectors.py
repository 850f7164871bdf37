"""Reads on regions, staff and the logs."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q, QuerySet

from minzheng.core.models import AccessLog, AuditEntry, Region, User
from minzheng.core.scope import get_in_scope, scope_for, scoped


def region_list(*, user: User, level: str = "", parent: str = "", q: str = "") -> QuerySet[Region]:
    qs = scoped(Region.objects.all(), user=user, field="code")
    if level:
        qs = qs.filter(level=level)
    if parent:
        qs = qs.filter(parent_id=parent)
    if q:
        qs = qs.filter(Q(name__contains=q) | Q(code__startswith=q))
    return qs.order_by("code")


def region_get(*, user: User, code: str) -> Region:
    return get_in_scope(Region.objects.all(), user=user, field="code", code=code)


def user_region(*, user: User) -> Region | None:
    return Region.objects.filter(code=user.region_id).first() if user.region_id else None


def can_read_logs(user: User) -> bool:
    return user.has_perm("core.view_auditentry")


def audit_list(
    *,
    user: User,
    action: str = "",
    actor: str = "",
    object_type: str = "",
    object_id: str = "",
    region_code: str = "",
    since: dt.date | None = None,
    until: dt.date | None = None,
) -> QuerySet[AuditEntry]:
    """Audit entries inside the auditor's scope. Entries with no region (staff changes) are
    visible to city-wide auditors only."""
    if not can_read_logs(user):
        return AuditEntry.objects.none()
    scope = scope_for(user)
    qs: QuerySet[AuditEntry] = AuditEntry.objects.all()
    if scope.prefix is None:
        return qs.none()
    city_wide = len(scope.prefix) <= 4
    qs = qs.filter(scope.as_q() | Q(region_code="")) if city_wide else scope.filter(qs)
    if action:
        qs = qs.filter(action__startswith=action)
    if actor:
        qs = qs.filter(actor_name=actor)
    if object_type:
        qs = qs.filter(object_type=object_type)
    if object_id:
        qs = qs.filter(object_id=object_id)
    if region_code:
        qs = qs.filter(region_code__startswith=region_code)
    if since:
        qs = qs.filter(at__date__gte=since)
    if until:
        qs = qs.filter(at__date__lte=until)
    return qs.order_by("-at", "-id")


def access_log_list(
    *,
    user: User,
    actor: str = "",
    subject_id: str = "",
    kind: str = "",
    since: dt.date | None = None,
    until: dt.date | None = None,
) -> QuerySet[AccessLog]:
    if not can_read_logs(user):
        return AccessLog.objects.none()
    qs = scoped(AccessLog.objects.all(), user=user)
    if actor:
        qs = qs.filter(actor_name=actor)
    if subject_id:
        qs = qs.filter(subject_id=subject_id)
    if kind:
        qs = qs.filter(kind=kind)
    if since:
        qs = qs.filter(at__date__gte=since)
    if until:
        qs = qs.filter(at__date__lte=until)
    return qs.order_by("-at", "-id")
