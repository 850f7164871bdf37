"""Reads on cleanup cases, in the reader's scope (the organization's region)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from minzheng.civil_society.dormancy.models import CleanupCase
from minzheng.civil_society.registry.selectors import as_id
from minzheng.core import messages as core_messages
from minzheng.core.scope import scoped


def cases_visible(*, user: Any) -> QuerySet[CleanupCase]:
    return scoped(CleanupCase.objects.select_related("organization"), user=user)


def case_list(
    *, user: Any, state: str = "", decision: str = "", year: int | None = None
) -> QuerySet[CleanupCase]:
    qs = cases_visible(user=user)
    if state:
        qs = qs.filter(state=state)
    if decision:
        qs = qs.filter(decision=decision)
    if year is not None:
        qs = qs.filter(decided_on__year=year)
    return qs.order_by("-filed_on", "-id")


def case_get(*, user: Any, pk: Any) -> CleanupCase:
    key = as_id(pk)
    found = cases_visible(user=user).filter(pk=key).first() if key is not None else None
    if found is None:
        raise Http404(core_messages.NOT_FOUND)
    return found
