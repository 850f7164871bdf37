"""Registering a death through the real service, with good defaults for every field."""

from __future__ import annotations

import datetime as dt
from typing import Any

from minzheng.core.models import User
from minzheng.funeral.deaths.services import DeathRegistered, death_register
from minzheng.people.models import Person

DEATH_DAY = dt.date(2025, 3, 10)


def register(actor: User, person: Person | None = None, **fields: Any) -> DeathRegistered:
    values: dict[str, Any] = {
        "id_number": person.id_number if person is not None else "",
        "source": "hospital", "cause": "disease", "death_date": DEATH_DAY, "death_place": "湖州市第一人民医院",
        "informant_name": "王小明", "informant_relation": "儿子", "informant_phone": "13857200001",
    }
    values.update(fields)
    return death_register(actor=actor, **values)
