"""What home eldercare beds (家庭养老床位) do when the registry records a death or revokes one
recorded by mistake (``core.events``).

A dead elder's running contract ends: the death day is its last service day, so the end day is the
day after (the devices still in the home are removed that day, as ``home_bed_end`` does). A
revocation runs the contract again and puts the removed devices back, unless another contract was
signed since (then an officer decides)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction

from minzheng.core.audit import audit_record, snapshot
from minzheng.eldercare.home_beds.models import EndReason, HomeBed, HomeBedDevice, HomeBedStatus
from minzheng.eldercare.home_beds.services import BED_FIELDS
from minzheng.people.selectors import death_effects_to_reopen
from minzheng.people.services import death_effect_left_for_hand, death_effect_record, death_effect_reopened

APP, KIND = "eldercare", "home_bed_ended"


@transaction.atomic
def home_bed_end_on_death(sender: Any, *, person: Any, death_date: dt.date, actor: Any = None,
                          **kwargs: Any) -> None:
    bed = (HomeBed.objects.select_for_update(of=("self",)).select_related("provider")
           .filter(person=person, ended_on__isnull=True).first())
    if bed is None:
        return
    before = snapshot(bed, BED_FIELDS)
    end = max(death_date + dt.timedelta(days=1), bed.started_on)
    bed.ended_on, bed.status, bed.end_reason, bed.end_note, bed.ended_by = (
        end, HomeBedStatus.ENDED, EndReason.DIED, "", actor)
    bed.save(update_fields=["ended_on", "status", "end_reason", "end_note", "ended_by"])
    devices = list(HomeBedDevice.objects.filter(home_bed=bed, removed_on__isnull=True).values_list("pk", flat=True))
    for device in HomeBedDevice.objects.filter(pk__in=devices):
        device.removed_on = max(end, device.installed_on)
        device.save(update_fields=["removed_on"])
    audit_record(actor=actor, action="eldercare.home_bed.ended", obj=bed,
                 object_repr=f"{person.name} 家庭养老床位 @{bed.provider.name} {end.isoformat()}终止",
                 before=before, after={**snapshot(bed, BED_FIELDS), "devices_removed": len(devices)})
    death_effect_record(person=person, app=APP, kind=KIND, object_id=bed.pk,
                        label=f"家庭养老床位（{bed.provider.name}）服务终止", before={"devices": devices})


@transaction.atomic
def home_bed_reopen_on_revocation(sender: Any, *, person: Any, death_date: dt.date, actor: Any = None,
                                  **kwargs: Any) -> None:
    for effect in death_effects_to_reopen(person=person, app=APP, kind=KIND):
        bed = HomeBed.objects.select_for_update(of=("self",)).select_related("provider").filter(
            pk=effect.object_id).first()
        if bed is None or bed.end_reason != EndReason.DIED:
            death_effect_left_for_hand(effect=effect, note="家庭养老床位已变更，请人工核实")
            continue
        if HomeBed.objects.filter(person=person, ended_on__isnull=True).exists():
            death_effect_left_for_hand(effect=effect, note="本人已另签家庭养老床位，请人工核实")
            continue
        before = snapshot(bed, BED_FIELDS)
        bed.ended_on, bed.status, bed.end_reason, bed.end_note, bed.ended_by = None, HomeBedStatus.ACTIVE, "", "", None
        bed.save(update_fields=["ended_on", "status", "end_reason", "end_note", "ended_by"])
        HomeBedDevice.objects.filter(pk__in=effect.before.get("devices", [])).update(removed_on=None)
        audit_record(actor=actor, action="eldercare.home_bed.reopened", obj=bed,
                     object_repr=f"{person.name} 家庭养老床位 @{bed.provider.name}", before=before,
                     after={**snapshot(bed, BED_FIELDS), "reason": "死亡登记撤销"})
        death_effect_reopened(effect=effect, note="家庭养老床位已恢复服务")
