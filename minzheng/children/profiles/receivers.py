"""What child profiles do when the registry records a death (``core.events.person_died``)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from minzheng.children.profiles.services import profile_end_on_death


def profile_end_on_person_death(
    sender: Any, *, person: Any, death_date: dt.date, actor: Any = None, **kwargs: Any
) -> None:
    profile_end_on_death(person=person, death_date=death_date, actor=actor)
