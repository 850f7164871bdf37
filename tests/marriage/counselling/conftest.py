from __future__ import annotations

import datetime as dt
from typing import Any

from minzheng.core.models import User
from minzheng.marriage.counselling.models import Event
from minzheng.marriage.counselling.services import event_create

WUXING_TOWNSHIP = "330502003000"
ANJI_TOWNSHIP = "330523001000"


def event_make(actor: User, **changes: Any) -> Event:
    data = {"kind": "matchmaking", "title": "七夕青年联谊会", "held_on": dt.date(2024, 8, 10),
            "region_code": WUXING_TOWNSHIP, "organizer": "吴兴区民政局", "place_text": "爱山街道文化礼堂",
            "people": 60, "couples": 0, **changes}
    return event_create(actor=actor, **data)
