"""Reads on regions, staff and the logs."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q, QuerySet

from minzheng.core.models import AccessLog, AuditEntry, Region, User
from minzheng.core.regions import Level, scope_prefix
from minzheng.core.scope import get_in_scope, scope_for, scoped

# Which levels a region filter offers, by the level of the user's own region: enough to narrow
# a search, never a thousand-line list.
FILTER_LEVELS = {
    Level.CITY: (Level.COUNTY, Level.TOWNSHIP),
    Level.COUNTY: (Level.TOWNSHIP, Level.VILLAGE),
    Level.TOWNSHIP: (Level.VILLAGE,),
}
INDENT = {Level.COUNTY: "", Level.TOWNSHIP: "　", Level.VILLAGE: "　　"}


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


def region_filter_choices(*, user: User, prefixes: bool = False) -> list[tuple[str, str]]:
    """The regions under the user's own that a filter offers (``FILTER_LEVELS``), indented by
    level: their codes, or with ``prefixes`` their scope prefixes. Empty for a village worker."""
    own = user_region(user=user)
    levels = FILTER_LEVELS.get(Level(own.level), ()) if own is not None else ()
    if not levels:
        return []
    rows = region_list(user=user).filter(level__in=[lv.value for lv in levels]).only("code", "name", "level")
    return [(scope_prefix(r.code) if prefixes else r.code, f"{INDENT[Level(r.level)]}{r.name}") for r in rows]


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
