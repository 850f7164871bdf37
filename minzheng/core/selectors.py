"""Reads on regions, staff and the logs."""

from __future__ import annotations

import datetime as dt

from django.apps import apps
from django.db.models import Q, QuerySet

from minzheng.core import pii
from minzheng.core.idnumber import IdNumberError, parse_id_number
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
# What ``audit_record`` writes as the actor of work nobody signed in for, and what auditors type.
SYSTEM_ACTOR, SYSTEM_ACTOR_LABEL = "system", "系统"
PERSON_SUBJECT = "people.person"


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
    # The signed-in user comes with their region (core.permission_cache): no query then.
    return user.region if user.region_id else None


def region_filter_choices(*, user: User, prefixes: bool = False) -> list[tuple[str, str]]:
    """The regions under the user's own that a filter offers (``FILTER_LEVELS``), indented by
    level: their codes, or with ``prefixes`` their scope prefixes. Empty for a village worker."""
    own = user_region(user=user)
    levels = FILTER_LEVELS.get(Level(own.level), ()) if own is not None else ()
    if not levels:
        return []
    rows = region_list(user=user).filter(level__in=[lv.value for lv in levels]).only("code", "name", "level")
    return [(scope_prefix(r.code) if prefixes else r.code, f"{INDENT[Level(r.level)]}{r.name}") for r in rows]


def region_names(*, codes: set[str]) -> dict[str, str]:
    """The full names of the regions that ``codes`` stand for; a short code is a scope prefix
    (a link run over a township is logged under 330502003) and names the region it is the
    prefix of."""
    padded = {code: code.ljust(12, "0") for code in codes if code.isdigit() and len(code) <= 12}
    names = dict(Region.objects.filter(code__in=set(padded.values())).values_list("code", "full_name"))
    return {code: names[full] for code, full in padded.items() if names.get(full)}


def can_read_logs(user: User) -> bool:
    return user.has_perm("core.view_auditentry")


def _actor_q(actor: str) -> Q:
    """Entries by the staff member an auditor names: by display name (part of it) or account;
    系统 finds what the system did on its own."""
    accounts = User.objects.filter(Q(display_name__contains=actor) | Q(username=actor)).values("username")
    q = Q(actor_name=actor) | Q(actor_name__in=accounts)
    if actor == SYSTEM_ACTOR_LABEL:
        q |= Q(actor_name=SYSTEM_ACTOR)
    return q


def audit_list(
    *,
    user: User,
    action: str = "",
    actor: str = "",
    object_type: str = "",
    object_id: str = "",
    object_name: str = "",
    region_code: str = "",
    since: dt.date | None = None,
    until: dt.date | None = None,
) -> QuerySet[AuditEntry]:
    """Audit entries inside the auditor's scope. Entries with no region (staff changes) are
    visible to city-wide auditors only. ``action`` is a whole code or the object part of codes
    (``people.household`` finds every household action, not ``people.household_x``)."""
    if not can_read_logs(user):
        return AuditEntry.objects.none()
    scope = scope_for(user)
    qs: QuerySet[AuditEntry] = AuditEntry.objects.all()
    if scope.prefix is None:
        return qs.none()
    city_wide = len(scope.prefix) <= 4
    qs = qs.filter(scope.as_q() | Q(region_code="")) if city_wide else scope.filter(qs)
    if action:
        qs = qs.filter(Q(action=action) | Q(action__startswith=f"{action}."))
    if actor:
        qs = qs.filter(_actor_q(actor))
    if object_type:
        qs = qs.filter(object_type=object_type)
    if object_id:
        qs = qs.filter(object_id=object_id)
    if object_name:
        qs = qs.filter(object_repr__contains=object_name)
    if region_code:
        qs = qs.filter(region_code__startswith=region_code)
    if since:
        qs = qs.filter(at__date__gte=since)
    if until:
        qs = qs.filter(at__date__lte=until)
    return qs.select_related("actor").order_by("-at", "-id")


def _person_q(person: str) -> Q:
    """Access rows about the person an auditor names: an ID number through the blind index (the
    log never holds one in clear), or else a name."""
    person = person.strip()
    if len(person) == 18 and person[:17].isdigit():
        try:
            number = parse_id_number(person).value
        except IdNumberError:
            return Q(pk__in=[])
        # Looked up by label, not imported: the people app sits above core.
        people = apps.get_model(PERSON_SUBJECT).objects.filter(id_number_digest__in=pii.digests("id_number", number))
        ids = [str(pk) for pk in people.values_list("pk", flat=True)]
        return Q(subject_type=PERSON_SUBJECT, subject_id__in=ids)
    return Q(subject_repr__contains=person)


def access_log_list(
    *,
    user: User,
    actor: str = "",
    subject_id: str = "",
    person: str = "",
    kind: str = "",
    since: dt.date | None = None,
    until: dt.date | None = None,
) -> QuerySet[AccessLog]:
    if not can_read_logs(user):
        return AccessLog.objects.none()
    qs = scoped(AccessLog.objects.all(), user=user)
    if actor:
        qs = qs.filter(_actor_q(actor))
    if subject_id:
        qs = qs.filter(subject_id=subject_id)
    if person:
        qs = qs.filter(_person_q(person))
    if kind:
        qs = qs.filter(kind=kind)
    if since:
        qs = qs.filter(at__date__gte=since)
    if until:
        qs = qs.filter(at__date__lte=until)
    return qs.select_related("actor").order_by("-at", "-id")
