"""Choices the people pages build from the user's scope."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from minzheng.core import selectors
from minzheng.core.models import User
from minzheng.core.regions import Level
from minzheng.core.selectors import region_list, user_region

Choices = list[tuple[str, str]]

def _short_name(full_name: str, own_full_name: str) -> str:
    """湖州市吴兴区爱山街道仪凤桥社区 read from 吴兴区 is 爱山街道仪凤桥社区."""
    if own_full_name and full_name.startswith(own_full_name) and full_name != own_full_name:
        return full_name[len(own_full_name):]
    return full_name


def region_filter_choices(user: User) -> Choices:
    """Regions under the user's own, as scope prefixes (what ``person_list`` filters by)."""
    return selectors.region_filter_choices(user=user, prefixes=True)


def village_choices(user: User) -> Choices:
    """The villages and communities a person in the user's scope may live in."""
    own = user_region(user=user)
    own_full = own.full_name if own is not None and own.level != Level.VILLAGE else ""
    rows = region_list(user=user, level=Level.VILLAGE).only("code", "name", "full_name")
    return [(r.code, f"{_short_name(r.full_name, own_full) or r.name}（{r.code}）") for r in rows]


def with_region_names(user: User, rows: Iterable[Any]) -> list[Any]:
    """Give each row a ``region_name`` (its village's name), with one query for the page, or
    none when every row lies in the user's own region (a village worker's), whose name came with
    the signed-in user."""
    rows = list(rows)
    own = user_region(user=user)
    names = {own.code: own.name} if own is not None else {}
    missing = {row.region_code for row in rows} - names.keys()
    if missing:
        names.update(region_list(user=user).filter(code__in=missing).values_list("code", "name"))
    for row in rows:
        row.region_name = names.get(row.region_code, "")
    return rows
