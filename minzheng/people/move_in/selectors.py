"""Reads of move-in requests, through the jurisdiction scope. A request is visible from two
sides: the deciding side (the person's region when asked, ``from_region_code``) and the
requesting side (``to_region_code``). The requesting side sees only what it typed until the
request is accepted and the person lives in its scope."""

from __future__ import annotations

from enum import StrEnum

from django.db.models import Case, IntegerField, QuerySet, Value, When
from django.http import Http404

from minzheng.core import messages
from minzheng.core.models import User
from minzheng.core.scope import scope_for, scoped
from minzheng.people.models import Person
from minzheng.people.move_in.models import MoveInRequest


class Direction(StrEnum):
    INCOMING = "incoming"  # asked of us: people who live here, wanted elsewhere
    OUTGOING = "outgoing"  # asked by us: people we want to move here


DIRECTION_LABELS = {Direction.INCOMING: "待我方处理（迁出）", Direction.OUTGOING: "我方提出（迁入）"}


def move_in_request_list(*, user: User, direction: Direction | str, status: str = "") -> QuerySet[MoveInRequest]:
    """The requests on one side of the user's scope: open ones first, newest first."""
    field = "from_region_code" if Direction(direction) == Direction.INCOMING else "to_region_code"
    qs = scope_for(user).filter(MoveInRequest.objects.select_related("requested_by", "decided_by"), field=field)
    if status:
        qs = qs.filter(status=status)
    open_first = Case(When(status=MoveInRequest.Status.PENDING, then=Value(0)), default=Value(1),
                      output_field=IntegerField())
    return qs.order_by(open_first, "-requested_at", "-id")


def move_in_request_get(*, user: User, pk: int | str) -> MoveInRequest:
    """One request on either side of the user's scope, or 404 (missing or elsewhere alike)."""
    scope = scope_for(user)
    if scope.is_empty:
        raise Http404(messages.NOT_FOUND)
    qs = MoveInRequest.objects.select_related("requested_by", "decided_by").filter(
        scope.as_q(field="from_region_code") | scope.as_q(field="to_region_code"))
    try:
        return qs.get(pk=pk)
    except (MoveInRequest.DoesNotExist, ValueError, TypeError, OverflowError) as exc:
        raise Http404(messages.NOT_FOUND) from exc


def may_decide(*, user: User, request: MoveInRequest) -> bool:
    return (request.status == MoveInRequest.Status.PENDING and user.has_perm("people.change_person")
            and request.requested_by_id != user.pk and scope_for(user).contains(request.from_region_code))


def may_withdraw(*, user: User, request: MoveInRequest) -> bool:
    return (request.status == MoveInRequest.Status.PENDING and user.has_perm("people.add_person")
            and scope_for(user).contains(request.to_region_code))


def person_visible(*, user: User, request: MoveInRequest) -> bool:
    """Whether the user may see the registry's record of the person: they live in the user's
    scope now (the deciding side, or the requesting side after acceptance)."""
    return scoped(Person.objects.filter(pk=request.person_id), user=user).exists()
