"""What the benefits engine does when the registry records a death (``core.events.person_died``)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from minzheng.benefits.enrollments.services import enrollments_end_for_death


def enrollments_end_on_death(sender: Any, *, person: Any, death_date: dt.date, actor: Any = None,
                             **kwargs: Any) -> None:
    enrollments_end_for_death(actor=actor, person=person, death_date=death_date)
