"""The audit entry that marks a demo part as built: a second build finds it and writes nothing.
One entry for a whole part, not one per row: synthetic rows written by no one are one event."""

from __future__ import annotations

from typing import Any

from minzheng.core.audit import audit_record
from minzheng.core.models import AuditEntry, Region

CITY_CODE = "330500000000"


def part_built(action: str) -> bool:
    return AuditEntry.objects.filter(action=action).exists()


def part_mark(*, action: str, seed: int, scale: float, counts: dict[str, Any], text: str) -> None:
    """Record, on the city, that the part was built with these arguments and counts."""
    audit_record(
        actor=None,
        action=action,
        obj=Region.objects.get(code=CITY_CODE),
        region_code=CITY_CODE,
        after={"seed": seed, "scale": scale, **counts},
        object_repr=text,
    )
