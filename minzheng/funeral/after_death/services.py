"""Writes of the after-death one thing (身后一件事).

- ``checklist_open_for_death``: the checklist of a registered death, one row per active
  notification item, opened by the ``person_died`` receiver in the death's transaction; again for
  the same death it changes nothing.
- ``checklist_close_for_revocation``: a revoked death needs no more notices: the items still
  waiting become 不适用; those already sent stay as they are, for the officer to correct.
- ``checklist_item_update``: the officer records where a department's item stands (audited).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from minzheng.core.audit import audit_record, snapshot
from minzheng.core.models import User
from minzheng.funeral.after_death import messages
from minzheng.funeral.after_death.models import ChecklistItem, ChecklistStatus, NotificationItem
from minzheng.funeral.deaths.models import DeathRegistration

PERM_MANAGE = "funeral.manage_after_death"
FIELDS = ["status", "note"]
NOTE_MAX = 200


@transaction.atomic
def checklist_open_for_death(*, actor: User | None, registration: DeathRegistration) -> list[ChecklistItem]:
    """The registration's checklist, opened once: items it has already are left as they are."""
    have = set(ChecklistItem.objects.filter(registration=registration).values_list("item_id", flat=True))
    new = [ChecklistItem(registration=registration, item=item, region_code=registration.region_code)
           for item in NotificationItem.objects.filter(active=True).exclude(pk__in=have)]
    if not new:
        return []
    ChecklistItem.objects.bulk_create(new)
    audit_record(actor=actor, action="funeral.after_death.checklist_opened", obj=registration,
                 object_repr=f"{registration.person.name} 身后一件事通知清单",
                 after={"items": [row.item.name for row in new]})
    return new


@transaction.atomic
def checklist_close_for_revocation(*, actor: User | None, registration: DeathRegistration) -> int:
    """Items still waiting are not needed any more; returns how many were set to 不适用."""
    waiting = ChecklistItem.objects.filter(registration=registration, status=ChecklistStatus.PENDING)
    names = list(waiting.values_list("item__name", flat=True))
    if not names:
        return 0
    waiting.update(status=ChecklistStatus.NOT_APPLICABLE, note=messages.REVOKED_NOTE, updated_by=actor,
                   updated_at=timezone.now())
    audit_record(actor=actor, action="funeral.after_death.checklist_closed", obj=registration,
                 object_repr=f"{registration.person.name} 身后一件事通知清单",
                 after={"not_applicable": names, "reason": messages.REVOKED_NOTE})
    return len(names)


@transaction.atomic
def checklist_item_update(*, actor: User, item: ChecklistItem, status: Any, note: Any = "") -> ChecklistItem:
    """Set where one department's item stands. 不适用 needs a reason; a revoked death's list is
    read-only."""
    row = ChecklistItem.objects.select_for_update().select_related("registration__person", "item").get(pk=item.pk)
    if not row.registration.in_force:
        raise ValidationError({"__all__": [messages.REVOKED_READ_ONLY]})
    status, note = str(status or "").strip(), " ".join(str(note or "").split())
    errors: dict[str, list[str]] = {}
    if status not in ChecklistStatus.values:
        errors["status"] = [messages.STATUS_INVALID]
    if len(note) > NOTE_MAX:
        errors["note"] = [messages.NOTE_TOO_LONG.format(max=NOTE_MAX)]
    elif status == ChecklistStatus.NOT_APPLICABLE and not note:
        errors["note"] = [messages.NOTE_REQUIRED_NOT_APPLICABLE]
    if errors:
        raise ValidationError(errors)
    before = snapshot(row, FIELDS)
    row.status, row.note, row.updated_by, row.updated_at = status, note, actor, timezone.now()
    row.save(update_fields=["status", "note", "updated_by", "updated_at"])
    audit_record(actor=actor, action="funeral.after_death.item_updated", obj=row,
                 object_repr=f"{row.registration.person.name} · {row.item.name}", before=before,
                 after=snapshot(row, FIELDS))
    return row
