"""What the after-death one thing does when the registry records or revokes a death
(``core.events``): open the registered death's checklist, or close what is left of it."""

from __future__ import annotations

import datetime as dt
from typing import Any

from minzheng.funeral.after_death.services import checklist_close_for_revocation, checklist_open_for_death
from minzheng.funeral.deaths.models import DeathRegistration
from minzheng.funeral.deaths.selectors import registration_in_force_of


def checklist_open_on_death(sender: Any, *, person: Any, death_date: dt.date, actor: Any = None,
                            **kwargs: Any) -> None:
    # A death recorded on the people pages has no registration yet: its checklist opens when the
    # funeral registrar registers it (death_register sends the event again then).
    registration = registration_in_force_of(person_id=person.pk)
    if registration is not None:
        checklist_open_for_death(actor=actor, registration=registration)


def checklist_close_on_revocation(sender: Any, *, person: Any, death_date: dt.date, actor: Any = None,
                                  **kwargs: Any) -> None:
    revoked = (DeathRegistration.objects.filter(person_id=person.pk, status=DeathRegistration.Status.REVOKED,
                                                death_date=death_date).order_by("-revoked_at").first())
    if revoked is not None:
        checklist_close_for_revocation(actor=actor, registration=revoked)
