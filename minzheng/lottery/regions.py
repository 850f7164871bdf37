"""The regions a lottery record may be filed under: the city, counties and townships in the user's scope."""

from __future__ import annotations

from typing import Any

from minzheng.core.models import Region
from minzheng.core.scope import scope_for


def region_choices(user: Any) -> list[tuple[str, str]]:
    qs = scope_for(user).filter(Region.objects.filter(level__in=["city", "county", "township"]), field="code")
    return [(r.code, r.full_name or r.name) for r in qs.order_by("code")]
