"""Writes on home eldercare beds (家庭养老床位). Each runs in one transaction, checks its input (a
Chinese ``ValidationError`` keyed by the field at fault), writes, records one audit entry
``eldercare.home_bed.<verb>`` / ``eldercare.home_bed_device.<verb>`` and returns what it wrote; a
refusal writes nothing.

- ``home_bed_sign``: a contract between an elder and a provider (a care home or a community care
  centre the actor sees: an officer whose scope holds it, or a provider operator of its operator;
  otherwise 404), with its service plan. The actor holds ``eldercare.manage_home_beds``; an
  officer signs only for elders living in their scope (a provider operator, for any elder: the
  contract is then read by the elder's officers too). The elder is 60 or over and alive on the
  start day, qualifies (``selectors.eligibility_of``), has no open contract (one per elder, a
  unique index decides a race) and lies in no care-home bed that day.
- ``home_bed_end``: ends a running contract on a day (the end day is not a service day), with a
  reason; the devices in the home are removed that day.
- ``home_bed_device_add``: a device installed in the home of a running contract.
- ``home_bed_device_remove``: a device taken out of the home (broken, replaced), on a day; its
  serial is then free for another home.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils import timezone

from minzheng.core import messages as core_messages
from minzheng.core.audit import audit_record, snapshot
from minzheng.core.models import User
from minzheng.core.scope import scope_for
from minzheng.eldercare.assessment.scoring import AbilityLevel
from minzheng.eldercare.home_beds import messages, selectors
from minzheng.eldercare.home_beds.models import (
    VISITS_MAX,
    DeviceKind,
    EndReason,
    HomeBed,
    HomeBedDevice,
    HomeBedPlanItem,
    HomeBedStatus,
)
from minzheng.eldercare.home_services.models import ServiceKind
from minzheng.facilities.operators.selectors import operator_ids_of
from minzheng.facilities.sites.models import Facility
from minzheng.facilities.sites.selectors import facilities_visible
from minzheng.people.models import Person

PERM_MANAGE = selectors.PERM_MANAGE
BED_FIELDS = [
    "person",
    "provider",
    "region_code",
    "started_on",
    "ended_on",
    "status",
    "eligibility",
    "ability_level",
    "end_reason",
    "end_note",
]
DEVICE_FIELDS = ["home_bed", "kind", "serial", "installed_on", "removed_on"]
NOTE_MAX = 200
SERIAL_MAX = 40
SERIAL_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9-]{0,39}$")
# A contract may be signed ahead of the month it starts; further ahead is a typing slip.
AHEAD_DAYS = 62
# Home eldercare beds began in Zhejiang in 2019 (浙江省家庭养老床位试点); earlier is a slip.
EARLIEST = dt.date(2019, 1, 1)


def _text(value: Any) -> str:
    return unicodedata.normalize("NFKC", str(value or "")).strip()


def _day(value: Any, errors: dict[str, list[str]], field: str, required: str, invalid: str) -> dt.date | None:
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    if value is None or value == "":
        errors[field] = [required]
        return None
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(_text(value))
    except ValueError:
        errors[field] = [invalid]
        return None


def _authorize(actor: User, *, provider: Facility) -> None:
    """404 for a site the actor cannot see (nobody learns it exists), 403 without the power."""
    if actor is None or not facilities_visible(user=actor).filter(pk=provider.pk).exists():
        raise Http404(core_messages.NOT_FOUND)
    if not actor.has_perm(PERM_MANAGE):
        raise PermissionDenied(messages.PERMISSION)


def _authorize_bed(actor: User, home_bed: HomeBed) -> None:
    if actor is None or not selectors.home_beds_visible(user=actor).filter(pk=home_bed.pk).exists():
        raise Http404(core_messages.NOT_FOUND)
    if not actor.has_perm(PERM_MANAGE):
        raise PermissionDenied(messages.PERMISSION)


def plan_clean(plan: Mapping[str, Any]) -> dict[str, int]:
    """The plan as {kind: visits a month}, kinds with no visits left out; a ``ValidationError``
    on ``plan`` naming the kind at fault."""
    labels = dict(ServiceKind.choices)
    out: dict[str, int] = {}
    for kind, raw in plan.items():
        if kind not in labels:
            raise ValidationError({"plan": [messages.PLAN_KIND_INVALID.format(kind=kind)]})
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            continue
        text = unicodedata.normalize("NFKC", str(raw)).strip()  # 0 is a number, not a blank
        if (
            isinstance(raw, bool)
            or not (isinstance(raw, int) or text.isdigit())
            or not 0 <= int(text) <= VISITS_MAX
        ):
            raise ValidationError(
                {"plan": [messages.PLAN_VISITS_INVALID.format(kind=labels[kind], max=VISITS_MAX)]}
            )
        if int(text):
            out[kind] = int(text)
    if not out:
        raise ValidationError({"plan": [messages.PLAN_REQUIRED]})
    return out


def _person_errors(actor: User, person: Person, on: dt.date) -> tuple[list[str], str, str]:
    """Why ``person`` may not have a home bed from ``on`` (the first reason), and their
    eligibility and ability level."""
    if operator_ids_of(actor) is None and not scope_for(actor).contains(person.region_code):
        return [messages.PERSON_OUT_OF_SCOPE.format(name=person.name)], "", ""
    if person.death_date is not None and person.death_date <= on:
        return [messages.PERSON_DECEASED.format(name=person.name, date=person.death_date.isoformat())], "", ""
    if not selectors.is_elder(person=person, on=on):
        return [messages.PERSON_UNDER_AGE.format(name=person.name, age=selectors.ELDER_AGE)], "", ""
    eligibility, level = selectors.eligibility_of(person=person, on=on)
    if not eligibility:
        said = messages.LEVEL_OF.format(level=AbilityLevel(level).label) if level else messages.LEVEL_NONE
        return [messages.PERSON_NOT_ELIGIBLE.format(name=person.name, level=said)], "", level
    current = selectors.open_home_bed_of(person=person)
    if current is not None:
        return (
            [
                messages.PERSON_HAS_HOME_BED.format(
                    name=person.name, provider=current.provider.name, start=current.started_on.isoformat()
                )
            ],
            "",
            level,
        )
    stay = selectors.care_home_stay_of(person=person, on=on)
    if stay is not None:
        return (
            [
                messages.PERSON_IN_CARE_HOME.format(
                    name=person.name, home=stay.facility.name, start=stay.checked_in_on.isoformat()
                )
            ],
            "",
            level,
        )
    return [], eligibility, level


@transaction.atomic
def home_bed_sign(
    *,
    actor: User,
    provider: Facility,
    person: Person | None,
    started_on: dt.date | str,
    plan: Mapping[str, Any],
) -> HomeBed:
    """Sign a home bed contract with its plan (see the module's docstring)."""
    _authorize(actor, provider=provider)
    errors: dict[str, list[str]] = {}
    if provider.kind not in selectors.PROVIDER_KINDS:
        errors["provider"] = [messages.PROVIDER_KIND.format(kind=provider.get_kind_display())]
    elif provider.status != Facility.Status.OPEN:
        errors["provider"] = [
            messages.PROVIDER_CLOSED.format(name=provider.name, status=provider.get_status_display())
        ]
    start = _day(started_on, errors, "started_on", messages.STARTED_ON_REQUIRED, messages.STARTED_ON_INVALID)
    if start is not None:
        if start > timezone.localdate() + dt.timedelta(days=AHEAD_DAYS):
            errors["started_on"] = [messages.STARTED_ON_TOO_LATE.format(days=AHEAD_DAYS)]
        elif start < EARLIEST:
            errors["started_on"] = [messages.STARTED_ON_TOO_EARLY.format(earliest=EARLIEST.isoformat())]
    visits: dict[str, int] = {}
    try:
        visits = plan_clean(plan)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    eligibility = level = ""
    if person is None:
        errors["person"] = [messages.PERSON_REQUIRED]
    elif start is not None and "started_on" not in errors:
        # One signing at a time per elder: the second waits here and then sees the first.
        person = Person.objects.select_for_update().get(pk=person.pk)
        refusal, eligibility, level = _person_errors(actor, person, start)
        if refusal:
            errors["person"] = refusal
    if errors:
        raise ValidationError(errors)
    assert person is not None and start is not None
    bed = HomeBed(
        person=person,
        provider=provider,
        region_code=person.region_code,
        started_on=start,
        status=HomeBedStatus.ACTIVE,
        eligibility=eligibility,
        ability_level=level,
        signed_by=actor,
        signed_at=timezone.now(),
    )
    try:
        with transaction.atomic():
            bed.save()
    except IntegrityError:
        current = selectors.open_home_bed_of(person=person)
        if current is None:
            raise
        raise ValidationError(
            {
                "person": [
                    messages.PERSON_HAS_HOME_BED.format(
                        name=person.name, provider=current.provider.name, start=current.started_on.isoformat()
                    )
                ]
            }
        ) from None
    HomeBedPlanItem.objects.bulk_create(
        [HomeBedPlanItem(home_bed=bed, kind=kind, visits_per_month=n) for kind, n in sorted(visits.items())]
    )
    audit_record(
        actor=actor,
        action="eldercare.home_bed.signed",
        obj=bed,
        object_repr=f"{person.name} 家庭养老床位 @{provider.name} {start.isoformat()}起",
        after={**snapshot(bed, BED_FIELDS), "plan": dict(sorted(visits.items()))},
    )
    return bed


@transaction.atomic
def home_bed_end(
    *, actor: User, home_bed: HomeBed, ended_on: dt.date | str, reason: str, note: str = ""
) -> HomeBed:
    """End a running contract on ``ended_on`` (its last service day is the day before); its
    devices still in the home are removed that day."""
    _authorize_bed(actor, home_bed)
    bed = HomeBed.objects.select_for_update().select_related("person", "provider").get(pk=home_bed.pk)
    if bed.ended_on is not None:
        raise ValidationError({"__all__": [messages.ALREADY_ENDED.format(date=bed.ended_on.isoformat())]})
    errors: dict[str, list[str]] = {}
    end = _day(ended_on, errors, "ended_on", messages.ENDED_ON_REQUIRED, messages.ENDED_ON_INVALID)
    if end is not None:
        if end < bed.started_on:
            errors["ended_on"] = [messages.ENDED_ON_BEFORE_START.format(start=bed.started_on.isoformat())]
        elif end > timezone.localdate():
            errors["ended_on"] = [messages.ENDED_ON_FUTURE]
    if reason not in EndReason.values:
        errors["end_reason"] = [messages.END_REASON_INVALID]
    note = _text(note)
    if len(note) > NOTE_MAX:
        errors["end_note"] = [messages.NOTE_TOO_LONG.format(max=NOTE_MAX)]
    elif reason == EndReason.OTHER and not note:
        errors["end_note"] = [messages.END_NOTE_REQUIRED]
    if errors:
        raise ValidationError(errors)
    assert end is not None
    before = snapshot(bed, BED_FIELDS)
    bed.ended_on, bed.status, bed.end_reason, bed.end_note, bed.ended_by = (
        end,
        HomeBedStatus.ENDED,
        reason,
        note,
        actor,
    )
    bed.save(update_fields=["ended_on", "status", "end_reason", "end_note", "ended_by"])
    # A device installed after the end day (a slip) is removed on the day it was installed.
    removed = 0
    for device in HomeBedDevice.objects.filter(home_bed=bed, removed_on__isnull=True):
        device.removed_on = max(end, device.installed_on)
        device.save(update_fields=["removed_on"])
        removed += 1
    audit_record(
        actor=actor,
        action="eldercare.home_bed.ended",
        obj=bed,
        object_repr=f"{bed.person.name} 家庭养老床位 @{bed.provider.name} {end.isoformat()}终止",
        before=before,
        after={**snapshot(bed, BED_FIELDS), "devices_removed": removed},
    )
    return bed


@transaction.atomic
def home_bed_device_add(
    *, actor: User, home_bed: HomeBed, kind: str, serial: str, installed_on: dt.date | str
) -> HomeBedDevice:
    """Record a device installed in the home of a running contract. A serial in use in another
    home (same kind, not removed) is refused."""
    _authorize_bed(actor, home_bed)
    bed = HomeBed.objects.select_related("person").get(pk=home_bed.pk)
    if bed.ended_on is not None:
        raise ValidationError({"__all__": [messages.DEVICE_ON_ENDED]})
    errors: dict[str, list[str]] = {}
    if kind not in DeviceKind.values:
        errors["kind"] = [messages.DEVICE_KIND_INVALID]
    serial = _text(serial).upper()
    if not serial:
        errors["serial"] = [messages.SERIAL_REQUIRED]
    elif not SERIAL_PATTERN.match(serial):
        errors["serial"] = [messages.SERIAL_INVALID.format(max=SERIAL_MAX)]
    day = _day(
        installed_on, errors, "installed_on", messages.INSTALLED_ON_REQUIRED, messages.INSTALLED_ON_INVALID
    )
    if day is not None and not bed.started_on <= day <= timezone.localdate():
        errors["installed_on"] = [messages.INSTALLED_ON_RANGE.format(start=bed.started_on.isoformat())]
    if errors:
        raise ValidationError(errors)
    assert day is not None
    in_use = ValidationError(
        {"serial": [messages.SERIAL_IN_USE.format(kind=DeviceKind(kind).label, serial=serial)]}
    )
    if HomeBedDevice.objects.filter(kind=kind, serial=serial, removed_on__isnull=True).exists():
        raise in_use
    try:
        with transaction.atomic():
            device = HomeBedDevice.objects.create(
                home_bed=bed, kind=kind, serial=serial, installed_on=day, installed_by=actor
            )
    except IntegrityError:
        raise in_use from None
    audit_record(
        actor=actor,
        action="eldercare.home_bed_device.installed",
        obj=device,
        region_code=bed.region_code,
        object_repr=f"{bed.person.name} {device}",
        after=snapshot(device, DEVICE_FIELDS),
    )
    return device


@transaction.atomic
def home_bed_device_remove(*, actor: User, device: HomeBedDevice, removed_on: dt.date | str) -> HomeBedDevice:
    """Record that a device was taken out of the home on ``removed_on`` (not before it was
    installed, not in the future). A device is removed once."""
    _authorize_bed(actor, device.home_bed)
    found = HomeBedDevice.objects.select_for_update().select_related("home_bed__person").get(pk=device.pk)
    if found.removed_on is not None:
        raise ValidationError(
            {"__all__": [messages.DEVICE_ALREADY_REMOVED.format(date=found.removed_on.isoformat())]}
        )
    errors: dict[str, list[str]] = {}
    day = _day(removed_on, errors, "removed_on", messages.REMOVED_ON_REQUIRED, messages.REMOVED_ON_INVALID)
    if day is not None and not found.installed_on <= day <= timezone.localdate():
        errors["removed_on"] = [messages.REMOVED_ON_RANGE.format(installed=found.installed_on.isoformat())]
    if errors:
        raise ValidationError(errors)
    before = snapshot(found, DEVICE_FIELDS)
    found.removed_on = day
    found.save(update_fields=["removed_on"])
    audit_record(
        actor=actor,
        action="eldercare.home_bed_device.removed",
        obj=found,
        region_code=found.home_bed.region_code,
        object_repr=f"{found.home_bed.person.name} {found}",
        before=before,
        after=snapshot(found, DEVICE_FIELDS),
    )
    return found
