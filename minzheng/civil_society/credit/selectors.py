"""Reads on the credit lists: the entries in the reader's scope (by the organization's region), open
or all, and the open entries of one organization (what venture eligibility reads)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from minzheng.civil_society.credit.models import CreditEntry
from minzheng.civil_society.registry.models import Organization
from minzheng.civil_society.registry.selectors import as_id
from minzheng.core import messages as core_messages
from minzheng.core.scope import scoped


def entries_visible(*, user: Any) -> QuerySet[CreditEntry]:
    return scoped(CreditEntry.objects.select_related("organization"), user=user)


def entry_list(*, user: Any, list_: str = "", open_only: bool = True, q: str = "") -> QuerySet[CreditEntry]:
    qs = entries_visible(user=user)
    if list_:
        qs = qs.filter(list=list_)
    if open_only:
        qs = qs.filter(removed_on__isnull=True)
    if q.strip():
        qs = qs.filter(organization__name__contains=q.strip())
    return qs.order_by("-entered_on", "-id")


def open_entries_of(*, organization: Organization) -> QuerySet[CreditEntry]:
    return organization.credit_entries.filter(removed_on__isnull=True).order_by("list")


def entries_of(*, organization: Organization) -> QuerySet[CreditEntry]:
    return organization.credit_entries.order_by("-entered_on", "-id")


def entry_get(*, user: Any, pk: Any) -> CreditEntry:
    key = as_id(pk)
    found = entries_visible(user=user).filter(pk=key).first() if key is not None else None
    if found is None:
        raise Http404(core_messages.NOT_FOUND)
    return found
