"""Reads on service providers and their operator accounts, and who counts as one.

A provider operator (role 服务机构操作员) is scoped to their operator, not to a region: their
account has no region at all, so every other app's scope is empty for them, and the facilities
selectors show them exactly their operator's sites. Everyone else reads through the jurisdiction
helper: operators registered inside their region, and those registered above it (a city-wide
chain is registered with the city, and runs sites in every county).
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404

from minzheng.core import messages as core_messages
from minzheng.core.models import User
from minzheng.core.regions import PREFIX_LENGTH, Level, level_of
from minzheng.core.roles import Role
from minzheng.core.scope import scope_for
from minzheng.facilities.operators.models import Operator, OperatorMember

MAX_ID = 2**63 - 1
_OPERATOR_IDS = "_facilities_operator_ids"


def as_id(value: Any) -> int | None:
    """A key as a positive 64-bit integer, or ``None`` ("abc" and 10**30 find nothing)."""
    try:
        number = int(str(value))
    except (TypeError, ValueError):
        return None
    return number if 0 < number <= MAX_ID else None


def is_provider_operator(user: User | Any) -> bool:
    return operator_ids_of(user) is not None


def operator_ids_of(user: User | Any) -> list[int] | None:
    """For a provider operator, the operators they act for (one, or none yet); ``None`` for
    anyone else. Kept on the user object for the length of the request."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    if hasattr(user, _OPERATOR_IDS):
        cached: list[int] | None = getattr(user, _OPERATOR_IDS)
        return cached
    ids: list[int] | None = None
    if user.groups.filter(name=Role.PROVIDER_OPERATOR.value).exists():
        ids = list(OperatorMember.objects.filter(user=user).values_list("operator_id", flat=True))
    setattr(user, _OPERATOR_IDS, ids)
    return ids


def forget_operator_ids(user: User) -> None:
    """Drop what ``operator_ids_of`` kept (after the account joins or leaves an operator)."""
    if hasattr(user, _OPERATOR_IDS):
        delattr(user, _OPERATOR_IDS)


def ancestor_codes(region_code: str) -> list[str]:
    """The 12-digit codes of the regions above ``region_code`` (and itself): a village's
    township, county, city and province."""
    try:
        own = level_of(region_code)
    except ValueError:
        return []
    out: list[str] = []
    for level in (Level.PROVINCE, Level.CITY, Level.COUNTY, Level.TOWNSHIP, Level.VILLAGE):
        code = region_code[: PREFIX_LENGTH[level]].ljust(12, "0")
        if code not in out:
            out.append(code)
        if level == own:
            break
    return out


def operator_visible_q(user: User | Any) -> Q:
    """The operators ``user`` may read and assign: registered inside their scope or above it."""
    ids = operator_ids_of(user)
    if ids is not None:
        return Q(pk__in=ids)
    scope = scope_for(user)
    if scope.prefix is None:
        return Q(pk__in=[])
    return scope.as_q() | Q(region_code__in=ancestor_codes(str(user.region_id)))


def operator_visible(user: User | Any, operator: Operator) -> bool:
    return Operator.objects.filter(operator_visible_q(user), pk=operator.pk).exists()


def operator_list(*, user: User, q: str = "") -> QuerySet[Operator]:
    qs = Operator.objects.filter(operator_visible_q(user))
    q = (q or "").strip()
    if q:
        qs = qs.filter(Q(name__contains=q) | Q(uscc__startswith=q.upper()))
    return qs.order_by("name", "id")


def operator_get(*, user: User, pk: Any) -> Operator:
    """One operator the user may read, or 404 whether it is missing or merely elsewhere."""
    key = as_id(pk)
    operator = Operator.objects.filter(operator_visible_q(user), pk=key).first() if key is not None else None
    if operator is None:
        raise Http404(core_messages.NOT_FOUND)
    return operator


def operator_find(*, user: User, pk: Any) -> Operator | None:
    """An operator by key for a form or request body, or ``None`` (the service then names the field)."""
    key = as_id(pk)
    return Operator.objects.filter(operator_visible_q(user), pk=key).first() if key is not None else None


def operator_choices(*, user: User) -> list[tuple[int, str]]:
    return [(o.pk, f"{o.name}（{o.uscc}）") for o in
            Operator.objects.filter(operator_visible_q(user)).only("pk", "name", "uscc").order_by("name", "id")]


def operator_members(*, user: User, operator: Operator) -> QuerySet[OperatorMember]:
    """The accounts of an operator the user may read (``operator_get`` first)."""
    return OperatorMember.objects.filter(operator=operator).select_related("user").order_by("id")


def operator_member_get(*, user: User, operator: Operator, pk: Any) -> OperatorMember:
    member = OperatorMember.objects.filter(operator=operator, pk=as_id(pk) or 0).select_related("user").first()
    if member is None:
        raise Http404(core_messages.NOT_FOUND)
    return member


def user_by_username(*, username: str) -> User | None:
    """An account by name, for making it an operator's (the service checks what it may be)."""
    return User.objects.filter(username=username).first()


def operator_of(*, user: User) -> Operator | None:
    """The operator a provider operator acts for."""
    ids = operator_ids_of(user)
    return Operator.objects.filter(pk=ids[0]).first() if ids else None
