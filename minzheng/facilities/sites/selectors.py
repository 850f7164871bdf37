"""Reads on the facility registry.

Staff read through the jurisdiction helper (``minzheng.core.scope``): a facility belongs to its
``region_code``. A provider operator reads their own operator's facilities and nothing else,
wherever they are. Either way, a facility one may not see answers 404.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from minzheng.core import messages as core_messages
from minzheng.core.models import User
from minzheng.core.scope import scoped
from minzheng.core.selectors import region_filter_choices
from minzheng.facilities.operators.selectors import as_id, operator_ids_of
from minzheng.facilities.sites.models import Facility
from minzheng.places.addresses import selectors as address_selectors
from minzheng.places.addresses.models import Address


def facilities_visible(*, user: User | Any) -> QuerySet[Facility]:
    """Every facility ``user`` may see: their operator's for a provider operator, otherwise those
    in their scope (nothing for an anonymous visitor or staff without a region)."""
    qs = Facility.objects.all()
    operators = operator_ids_of(user)
    if operators is not None:
        return qs.filter(operator_id__in=operators)
    return scoped(qs, user=user)


def facility_list(*, user: User, kind: str = "", status: str = "", region: str = "", q: str = "",
                  tag: str = "", operator: int | None = None) -> QuerySet[Facility]:
    """Facilities the user may see, in region order, with their operator and standard address.
    ``region`` is a code prefix; ``q`` a piece of the name or address."""
    qs = facilities_visible(user=user).select_related("operator", "address")
    if kind:
        qs = qs.filter(kind=kind)
    if status:
        qs = qs.filter(status=status)
    if region:
        qs = qs.filter(region_code__startswith=region)
    q = (q or "").strip()
    if q:
        qs = qs.filter(Q(name__contains=q) | Q(address_text__contains=q))
    if tag:
        # Tags are a JSON list of known slugs; its text holds each one in quotes on both backends.
        qs = qs.filter(tags__icontains=f'"{tag}"')
    if operator is not None:
        qs = qs.filter(operator_id=operator)
    return qs.order_by("region_code", "id")


def facility_get(*, user: User | Any, pk: Any) -> Facility:
    """One facility the user may see, or 404 whether it is missing or merely not theirs."""
    key = as_id(pk)
    facility = (facilities_visible(user=user).select_related("operator", "address").filter(pk=key).first()
                if key is not None else None)
    if facility is None:
        raise Http404(core_messages.NOT_FOUND)
    return facility


def facility_counts(*, user: User) -> list[tuple[str, str, int]]:
    """(kind, its name, how many) of the facilities the user may see, every kind listed."""
    counts = dict(facilities_visible(user=user).order_by().values_list("kind").annotate(n=Count("id")))
    return [(kind, str(label), counts.get(kind, 0)) for kind, label in Facility.Kind.choices]


def facility_region_choices(*, user: User) -> list[tuple[str, str]]:
    """Regions to filter the list by, as code prefixes (none for a provider operator)."""
    if operator_ids_of(user) is not None:
        return []
    return region_filter_choices(user=user, prefixes=True)


def address_for_facility(*, user: User, pk: Any = None, code: str = "") -> Address | None:
    """The standard address a facility would stand at, if the user may see it; ``None``
    otherwise (the service then says which field is wrong, without telling which case)."""
    if pk in (None, "") and not code:
        return None
    try:
        return address_selectors.address_get(user=user, pk=pk if pk not in (None, "") else None, code=code or None)
    except Http404:
        return None
