"""Reads on child directors (儿童主任) and supervisors (儿童督导员), scoped by their region.

**Coverage** (``coverage``): for each township in the reader's scope, its villages and communities
(``core.Region`` rows of level village), how many have a director in post on ``day``, the ones
that have none, and whether the township has a supervisor in post. Two queries for the regions,
one for the posts; a village worker's scope is their own village."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404

from minzheng.children.directors.models import ChildDirector
from minzheng.core import messages as core_messages
from minzheng.core.models import Region, User
from minzheng.core.scope import scope_for, scoped

PERM_VIEW = "children.view_childdirector"
PERM_MANAGE = "children.manage_child_directors"


def directors_visible(*, user: User | Any) -> QuerySet[ChildDirector]:
    return scoped(ChildDirector.objects.all(), user=user)


def in_post_q(day: dt.date) -> Q:
    return Q(started_on__lte=day) & (Q(ended_on__isnull=True) | Q(ended_on__gt=day))


def director_list(*, user: User | Any, role: str = "", status: str = "active") -> QuerySet[ChildDirector]:
    qs = directors_visible(user=user).select_related("person")
    if role in ChildDirector.Role.values:
        qs = qs.filter(role=role)
    if status == "active":
        qs = qs.filter(ended_on__isnull=True)
    elif status == "ended":
        qs = qs.filter(ended_on__isnull=False)
    return qs.order_by("region_code", "role", "-started_on", "id")


def director_get(*, user: User | Any, pk: Any) -> ChildDirector:
    try:
        key = int(pk)
    except (TypeError, ValueError):
        raise Http404(core_messages.NOT_FOUND) from None
    found = directors_visible(user=user).select_related("person").filter(pk=key).first()
    if found is None:
        raise Http404(core_messages.NOT_FOUND)
    return found


def director_of(*, region_code: str, day: dt.date) -> ChildDirector | None:
    """The village's director in post on ``day``."""
    return (
        ChildDirector.objects.filter(
            in_post_q(day), region_code=region_code, role=ChildDirector.Role.DIRECTOR
        )
        .order_by("-started_on")
        .first()
    )


@dataclass
class TownshipCoverage:
    code: str
    name: str
    county: str
    villages: int = 0
    covered: int = 0
    supervisor: str = ""
    uncovered: list[tuple[str, str]] = field(default_factory=list)

    @property
    def rate(self) -> float | None:
        return round(100 * self.covered / self.villages, 1) if self.villages else None


def coverage(*, user: User | Any, day: dt.date) -> list[TownshipCoverage]:
    """Director coverage per township in ``user``'s scope on ``day`` (see the module's docstring)."""
    scope = scope_for(user)
    if scope.is_empty:
        return []
    regions = scope.filter(Region.objects.all(), field="code")
    villages = list(regions.filter(level="village").order_by("code").values_list("code", "name", "full_name"))
    township_codes = {code[:9] + "000" for code, *_ in villages} | set(
        regions.filter(level="township").values_list("code", flat=True)
    )
    names = dict(
        Region.objects.filter(
            code__in=township_codes | {c[:6] + "000000" for c in township_codes}
        ).values_list("code", "name")
    )
    posts = scoped(ChildDirector.objects.filter(in_post_q(day)), user=user)
    directed = set(posts.filter(role=ChildDirector.Role.DIRECTOR).values_list("region_code", flat=True))
    supervisors = dict(
        posts.filter(role=ChildDirector.Role.SUPERVISOR).values_list("region_code", "person__name")
    )
    # A village worker's scope holds no township row: their township's supervisor is outside it.
    rows = {
        code: TownshipCoverage(
            code=code,
            name=names.get(code, code),
            county=names.get(code[:6] + "000000", ""),
            supervisor=supervisors.get(code, ""),
        )
        for code in sorted(township_codes)
    }
    for code, name, _full in villages:
        row = rows[code[:9] + "000"]
        row.villages += 1
        if code in directed:
            row.covered += 1
        else:
            row.uncovered.append((code, name))
    return list(rows.values())
