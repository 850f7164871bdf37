"""Recording an elder's ability level by hand: the stand-in for the ability assessment, still
read for elders with no assessment in the system (``ability.models``). One audit entry
``assistance.ability_level.recorded``."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone

from minzheng.assistance import messages
from minzheng.assistance.ability.models import AbilityLevelRecord
from minzheng.assistance.codes import AbilityLevel
from minzheng.core import messages as core_messages
from minzheng.core.audit import audit_record, snapshot
from minzheng.core.models import User
from minzheng.core.scope import scope_for
from minzheng.people.models import Person

PERMISSION = "assistance.record_ability_level"


@transaction.atomic
def ability_level_record(*, actor: User, person: Person, level: str, assessed_on: dt.date,
                         assessor: str = "") -> AbilityLevelRecord:
    """Record the level an assessment found for ``person`` on ``assessed_on``; from that day it is
    the level the elder nursing subsidy reads."""
    if not scope_for(actor).contains(person.region_code):
        raise Http404(core_messages.NOT_FOUND)
    if not actor.has_perm(PERMISSION):
        raise PermissionDenied(core_messages.PERMISSION_DENIED)
    if level not in AbilityLevel.values:
        raise ValidationError({"level": [messages.ABILITY_LEVEL_INVALID]})
    if assessed_on > timezone.localdate():
        raise ValidationError({"assessed_on": [messages.ABILITY_DATE_FUTURE]})
    record = AbilityLevelRecord.objects.create(person=person, region_code=person.region_code, level=level,
                                               assessed_on=assessed_on, assessor=(assessor or "").strip()[:100],
                                               recorded_by=actor)
    audit_record(actor=actor, action="assistance.ability_level.recorded", obj=record,
                 after=snapshot(record, ["person", "level", "assessed_on", "assessor"]))
    return record
