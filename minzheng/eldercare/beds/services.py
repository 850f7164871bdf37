"""Writes on beds, stays, scans and the bed subsidy.

Each service runs in one transaction, checks its input (a Chinese ``ValidationError`` keyed by the
field), writes, and records one audit entry ``eldercare.<object>.<verb>`` in the same transaction.

- Beds and stays: the actor must see the home (an officer whose scope holds it, or a provider
  operator of its operator: otherwise 404) and hold ``eldercare.manage_beds``.
- ``bed_check_in`` / ``bed_check_out``: one open stay per bed and per person is a database
  constraint; a back-dated check-in that would overlap a closed stay is refused here, after
  locking the person and then the bed (always in that order, so two check-ins cannot deadlock),
  so no two stays of a bed or of a person overlap.
- The subsidy: ``bed_subsidy_run_start`` (``eldercare.manage_bed_subsidy``) finds or makes the one
  run of a month and region prefix and adds its missing lines (``compute``);
  ``bed_subsidy_run_approve`` (``eldercare.approve_bed_subsidy``) by someone other than its maker;
  ``bed_subsidy_rate_add`` (``eldercare.manage_bed_subsidy_rates``, the city) adds a rate.
"""

from __future__ import annotations

import datetime as dt
import re
import secrets
import unicodedata
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils import timezone

from minzheng.benefits.money import month_add, parse_month
from minzheng.core import messages as core_messages
from minzheng.core.audit import audit_record, snapshot
from minzheng.core.models import Region, User
from minzheng.core.scope import scope_for
from minzheng.eldercare.assessment.scoring import AbilityLevel
from minzheng.eldercare.beds import compute, messages
from minzheng.eldercare.beds.models import (
    Bed,
    BedKind,
    BedScan,
    BedSubsidyRate,
    BedSubsidyRun,
    CheckOutReason,
    Occupancy,
)
from minzheng.eldercare.beds.selectors import beds_visible, homes_visible
from minzheng.facilities.sites.models import Facility
from minzheng.people.models import Person

PERM_MANAGE = "eldercare.manage_beds"
PERM_SUBSIDY = "eldercare.manage_bed_subsidy"
PERM_APPROVE = "eldercare.approve_bed_subsidy"
PERM_RATES = "eldercare.manage_bed_subsidy_rates"

BED_FIELDS = ["facility", "room", "number", "kind", "code", "active"]
STAY_FIELDS = ["bed", "facility", "person", "checked_in_on", "checked_out_on", "check_out_reason", "note"]
RUN_FIELDS = ["period", "region_prefix", "status", "line_count", "home_count", "bed_days", "total_amount",
              "created_by", "approved_by"]
RATE_FIELDS = ["level", "region_prefix", "effective_from", "amount", "note"]

ROOM_MAX = 20
NUMBER_MAX = 10
BEDS_AT_ONCE = 200
NOTE_MAX = 200
RATE_MAX = Decimal("10000")
# Nothing in the registry goes back further; a date before it is a typing slip.
EARLIEST = dt.date(2000, 1, 1)
PREFIX_LENGTHS = (4, 6, 9, 12)
CODE_BYTES = 16  # secrets.token_urlsafe(16): 22 characters, 128 random bits


def new_code() -> str:
    """A bed's code: random, URL-safe, not derived from anything about the bed."""
    return secrets.token_urlsafe(CODE_BYTES)


# ---- who may ------------------------------------------------------------------------------------


def _authorize_home(actor: User, home: Facility) -> None:
    """404 for a home the actor cannot see (nobody learns it exists), 403 without the power."""
    if actor is None or not homes_visible(user=actor).filter(pk=home.pk).exists():
        raise Http404(core_messages.NOT_FOUND)
    if not actor.has_perm(PERM_MANAGE):
        raise PermissionDenied(messages.PERMISSION_MANAGE)


def _authorize_bed(actor: User, bed: Bed) -> None:
    if actor is None or not beds_visible(user=actor).filter(pk=bed.pk).exists():
        raise Http404(core_messages.NOT_FOUND)
    if not actor.has_perm(PERM_MANAGE):
        raise PermissionDenied(messages.PERMISSION_MANAGE)


def _require(actor: User | None, permission: str, message: str) -> None:
    if actor is None or not actor.has_perm(permission):
        raise PermissionDenied(message)


# ---- beds ---------------------------------------------------------------------------------------


def _text(value: Any) -> str:
    return unicodedata.normalize("NFKC", str(value or "")).strip()


RANGE_RE = re.compile(r"^(\d{1,4})\s*[-~～—至]\s*(\d{1,4})$")


def parse_numbers(value: Any) -> list[str]:
    """Bed numbers as typed: one (``3``, ``A2``), a list (``1,2,5`` or ``1、2、5``), a range
    (``1-4``), or a mix. Full-width characters are forgiven. Raises ``ValidationError`` on
    ``number`` naming the piece that is wrong."""
    if isinstance(value, (list, tuple)):
        pieces = [_text(v) for v in value]
    else:
        pieces = [p.strip() for p in re.split(r"[,，、;；\s]+", _text(value)) if p.strip()] if _text(value) else []
    if not pieces or not any(pieces):
        raise ValidationError({"number": [messages.NUMBERS_REQUIRED]})
    out: list[str] = []
    for piece in pieces:
        found = RANGE_RE.match(piece)
        if found:
            low, high = int(found.group(1)), int(found.group(2))
            if low > high or high - low >= BEDS_AT_ONCE:
                raise ValidationError({"number": [messages.NUMBERS_INVALID.format(value=piece, max=NUMBER_MAX)]})
            out.extend(str(n) for n in range(low, high + 1))
        elif 0 < len(piece) <= NUMBER_MAX and re.fullmatch(r"[0-9A-Za-z+\-]+", piece):
            out.append(piece.upper())
        else:
            raise ValidationError({"number": [messages.NUMBERS_INVALID.format(value=piece, max=NUMBER_MAX)]})
        if len(out) > BEDS_AT_ONCE:
            raise ValidationError({"number": [messages.NUMBERS_TOO_MANY.format(max=BEDS_AT_ONCE)]})
    repeated = sorted({n for n in out if out.count(n) > 1})
    if repeated:
        raise ValidationError({"number": [messages.NUMBERS_REPEATED.format(numbers="、".join(repeated))]})
    return out


def _check_home(home: Facility, errors: dict[str, list[str]]) -> None:
    if home.kind != Facility.Kind.CARE_HOME:
        errors["facility"] = [messages.FACILITY_NOT_CARE_HOME.format(kind=home.get_kind_display())]
    elif home.status == Facility.Status.CLOSED:
        errors["facility"] = [messages.FACILITY_CLOSED]


@transaction.atomic
def beds_create(*, actor: User, home: Facility, room: str, numbers: str | list[str], kind: str) -> list[Bed]:
    """Add beds to a care home: one room, one or more numbers (``parse_numbers``), one kind. Each
    gets its own random code. All or nothing: a number already in use in the room refuses the
    lot. One audit entry per bed."""
    _authorize_home(actor, home)
    errors: dict[str, list[str]] = {}
    _check_home(home, errors)
    room = _text(room)
    if not room:
        errors["room"] = [messages.ROOM_REQUIRED]
    elif len(room) > ROOM_MAX:
        errors["room"] = [messages.ROOM_TOO_LONG.format(max=ROOM_MAX)]
    if kind not in BedKind.values:
        errors["kind"] = [messages.KIND_INVALID]
    parsed: list[str] = []
    try:
        parsed = parse_numbers(numbers)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if room and parsed and "room" not in errors:
        taken = sorted(Bed.objects.filter(facility=home, room=room, number__in=parsed, active=True)
                       .values_list("number", flat=True))
        if taken:
            errors["number"] = [messages.NUMBERS_TAKEN.format(room=room, numbers="、".join(taken))]
    if errors:
        raise ValidationError(errors)
    beds = [Bed(facility=home, region_code=home.region_code, room=room, number=number, kind=kind, code=new_code(),
                created_by=actor) for number in parsed]
    try:
        with transaction.atomic():
            for bed in beds:
                bed.save()
    except IntegrityError as exc:  # the same numbers added at the same moment by someone else
        raise ValidationError({"number": [messages.NUMBERS_TAKEN.format(room=room, numbers="、".join(parsed))]}) \
            from exc
    for bed in beds:
        audit_record(actor=actor, action="eldercare.bed.created", obj=bed, object_repr=f"{home.name} {bed}",
                     after=snapshot(bed, [f for f in BED_FIELDS if f != "code"]))
    return beds


@transaction.atomic
def bed_retire(*, actor: User, bed: Bed, reason: str) -> Bed:
    """Take a bed out of use (removed, merged, added in error): its code stops answering and its
    number may be used again. Refused while someone occupies it."""
    _authorize_bed(actor, bed)
    row = Bed.objects.select_for_update().get(pk=bed.pk)
    reason = _text(reason)
    if not row.active:
        raise ValidationError({"bed": [messages.BED_RETIRED]})
    if not reason:
        raise ValidationError({"reason": [messages.RETIRE_REASON_REQUIRED]})
    if len(reason) > NOTE_MAX:
        raise ValidationError({"reason": [messages.NOTE_TOO_LONG.format(max=NOTE_MAX)]})
    if Occupancy.objects.filter(bed=row, checked_out_on__isnull=True).exists():
        raise ValidationError({"bed": [messages.BED_OCCUPIED_RETIRE]})
    before = snapshot(row, ["active"])
    row.active, row.retired_at = False, timezone.now()
    row.save(update_fields=["active", "retired_at"])
    audit_record(actor=actor, action="eldercare.bed.retired", obj=row, object_repr=f"{row.facility.name} {row}",
                 before=before, after={**snapshot(row, ["active"]), "reason": reason})
    return row


@transaction.atomic
def bed_scan_record(*, actor: User, bed: Bed, channel: str = "web") -> BedScan:
    """Record that a member of staff who may keep the bed scanned its code (or confirmed it through
    the API): the subsidy's integrity check asks whether a paid bed was seen in its month."""
    _authorize_bed(actor, bed)
    scan = BedScan.objects.create(bed=bed, region_code=bed.region_code, scanned_by=actor, scanned_at=timezone.now(),
                                  channel="api" if channel == "api" else "web")
    audit_record(actor=actor, action="eldercare.bed.scanned", obj=bed, object_repr=f"{bed.facility.name} {bed}",
                 after={"channel": scan.channel})
    return scan


# ---- stays --------------------------------------------------------------------------------------


def clean_day(value: Any, *, field: str, label: str, earliest: dt.date = EARLIEST) -> dt.date:
    """A date a stay begins or ends: given, a date, not in the future, not absurdly early."""
    if value in (None, ""):
        raise ValidationError({field: [messages.ON_REQUIRED.format(field=label)]})
    if isinstance(value, dt.datetime):
        value = value.date()
    if not isinstance(value, dt.date):
        try:
            value = dt.date.fromisoformat(str(value).strip())
        except ValueError:
            raise ValidationError({field: [messages.ON_INVALID.format(field=label)]}) from None
    if value > timezone.localdate():
        raise ValidationError({field: [messages.ON_FUTURE.format(field=label)]})
    if value < earliest:
        raise ValidationError({field: [messages.ON_TOO_EARLY.format(field=label, earliest=earliest.isoformat())]})
    return value


def _note(note: Any) -> str:
    note = _text(note)
    if len(note) > NOTE_MAX:
        raise ValidationError({"note": [messages.NOTE_TOO_LONG.format(max=NOTE_MAX)]})
    return note


def _bed_words(stay: Occupancy) -> tuple[str, str]:
    return stay.facility.name, str(stay.bed)


def _span(stay: Occupancy) -> tuple[str, str]:
    return stay.checked_in_on.isoformat(), stay.checked_out_on.isoformat() if stay.checked_out_on else "今"


@transaction.atomic
def bed_check_in(*, actor: User, bed: Bed, person: Person | None, on: dt.date | str, note: str = "") -> Occupancy:
    """Check ``person`` into ``bed`` from ``on`` (today or earlier).

    Refused: a retired bed or a closed home; a person not found (``id_number``) or deceased; a
    date in the future, before birth or before the home opened; a bed someone occupies, a
    person who occupies a bed (one open stay each: also database constraints); and, for a
    back-dated check-in, any earlier stay of the bed or the person that ends after ``on``."""
    _authorize_bed(actor, bed)
    if person is None:
        raise ValidationError({"id_number": [messages.ID_NUMBER_UNKNOWN]})
    day = clean_day(on, field="checked_in_on", label="入住日期")
    note = _note(note)
    # Lock the person, then the bed (the same order everywhere): two check-ins of one person, or
    # into one bed, take turns here, and the overlap checks below see each other's stays.
    person = Person.objects.select_for_update().get(pk=person.pk)
    bed = Bed.objects.select_for_update().select_related("facility").get(pk=bed.pk)
    home = bed.facility
    errors: dict[str, list[str]] = {}
    if not bed.active:
        errors["bed"] = [messages.BED_RETIRED]
    elif home.status == Facility.Status.CLOSED:
        errors["bed"] = [messages.FACILITY_CLOSED]
    if person.status == Person.Status.DECEASED:
        errors["person"] = [messages.PERSON_DECEASED.format(
            name=person.name, date=person.death_date.isoformat() if person.death_date else "—")]
    if day < person.birth_date:
        errors["checked_in_on"] = [messages.PERSON_BORN_AFTER]
    elif home.opened_on is not None and day < home.opened_on:
        errors["checked_in_on"] = [messages.ON_BEFORE_OPENED.format(date=home.opened_on.isoformat())]
    if errors:
        raise ValidationError(errors)

    stays = Occupancy.objects.select_related("facility", "bed")
    held = stays.filter(person=person, checked_out_on__isnull=True).first()
    if held is not None:
        name, where = _bed_words(held)
        raise ValidationError({"person": [messages.PERSON_IN_BED.format(
            home=name, bed=where, since=held.checked_in_on.isoformat())]})
    taken = stays.filter(bed=bed, checked_out_on__isnull=True).first()
    if taken is not None:
        raise ValidationError({"bed": [messages.BED_IN_USE.format(since=taken.checked_in_on.isoformat())]})
    # The new stay runs from ``day`` on, open-ended: any closed stay that ends after ``day``
    # overlaps it (stays are half-open, so one ending on ``day`` does not).
    earlier = stays.filter(person=person, checked_out_on__gt=day).order_by("checked_in_on").first()
    if earlier is not None:
        start, end = _span(earlier)
        name, where = _bed_words(earlier)
        raise ValidationError({"checked_in_on": [messages.PERSON_OVERLAP.format(start=start, end=end, home=name,
                                                                                 bed=where)]})
    earlier = stays.filter(bed=bed, checked_out_on__gt=day).order_by("checked_in_on").first()
    if earlier is not None:
        start, end = _span(earlier)
        raise ValidationError({"checked_in_on": [messages.BED_OVERLAP.format(start=start, end=end)]})

    stay = Occupancy(bed=bed, facility=home, person=person, region_code=home.region_code, checked_in_on=day,
                     note=note, checked_in_by=actor)
    try:
        with transaction.atomic():
            stay.save()
    except IntegrityError as exc:  # cannot happen under the locks above; the constraint is the last word
        raise ValidationError({"bed": [messages.BED_IN_USE.format(since=day.isoformat())]}) from exc
    if bed.region_code != home.region_code:
        # The home's region was corrected since the bed was added: the bed follows it.
        Bed.objects.filter(pk=bed.pk).update(region_code=home.region_code)
    audit_record(actor=actor, action="eldercare.occupancy.checked_in", obj=stay,
                 object_repr=f"{home.name} {bed} · {person.name}", after=snapshot(stay, STAY_FIELDS))
    return stay


@transaction.atomic
def bed_check_out(*, actor: User, occupancy: Occupancy, on: dt.date | str, reason: str, note: str = "") -> Occupancy:
    """Close a stay on ``on`` (the day of leaving, not a bed-day), with its reason. A check-out
    may be back-dated to the day of check-in, never before it or after today."""
    _authorize_bed(actor, occupancy.bed)
    stay = Occupancy.objects.select_for_update().select_related("person", "bed", "facility").get(pk=occupancy.pk)
    if stay.checked_out_on is not None:
        raise ValidationError({"checked_out_on": [messages.ALREADY_CHECKED_OUT.format(
            date=stay.checked_out_on.isoformat())]})
    errors: dict[str, list[str]] = {}
    day: dt.date | None = None
    try:
        day = clean_day(on, field="checked_out_on", label="退住日期")
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if day is not None and day < stay.checked_in_on:
        errors["checked_out_on"] = [messages.CHECK_OUT_BEFORE_IN.format(date=stay.checked_in_on.isoformat())]
    if reason not in CheckOutReason.values:
        errors["check_out_reason"] = [messages.REASON_INVALID]
    try:
        note = _note(note)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    else:
        if reason == CheckOutReason.OTHER and not note:
            errors["note"] = [messages.REASON_NOTE_REQUIRED]
    if errors:
        raise ValidationError(errors)
    before = snapshot(stay, STAY_FIELDS)
    stay.checked_out_on, stay.check_out_reason, stay.checked_out_by = day, reason, actor
    if note:
        stay.note = note
    stay.save(update_fields=["checked_out_on", "check_out_reason", "checked_out_by", "note"])
    audit_record(actor=actor, action="eldercare.occupancy.checked_out", obj=stay,
                 object_repr=f"{stay.facility.name} {stay.bed} · {stay.person.name}", before=before,
                 after=snapshot(stay, STAY_FIELDS))
    return stay


# ---- the subsidy --------------------------------------------------------------------------------


def clean_period(value: Any) -> dt.date:
    """The month a run pays: ``YYYY-MM`` (or a date), already over, not before 2000."""
    if isinstance(value, dt.date):
        period = value.replace(day=1)
    else:
        text = _text(value)
        if not text:
            raise ValidationError({"period": [messages.PERIOD_REQUIRED]})
        try:
            period = parse_month(text)
        except ValueError:
            raise ValidationError({"period": [messages.PERIOD_INVALID.format(value=text)]}) from None
    if period < EARLIEST:
        raise ValidationError({"period": [messages.PERIOD_TOO_EARLY.format(earliest=EARLIEST.strftime("%Y-%m"))]})
    if month_add(period, 1) > timezone.localdate():
        # Bed-days are counted to the month's last night: a month not over would pay days to come.
        raise ValidationError({"period": [messages.PERIOD_NOT_OVER.format(month=period.strftime("%Y-%m"))]})
    return period


def clean_region(prefix: Any, *, actor: User) -> str:
    """The run's region prefix: the actor's own scope when none is given; otherwise a region's
    prefix (4, 6, 9 or 12 digits) inside the actor's scope."""
    prefix = _text(prefix)
    scope = scope_for(actor)
    if not prefix:
        if scope.prefix is None:
            raise ValidationError({"region": [messages.REGION_OUT_OF_SCOPE.format(code="—")]})
        return scope.prefix
    if not prefix.isdigit() or len(prefix) not in PREFIX_LENGTHS:
        raise ValidationError({"region": [messages.REGION_INVALID]})
    if not Region.objects.filter(code=prefix.ljust(12, "0")).exists() and not (
            len(prefix) == 12 and Region.objects.filter(code=prefix).exists()):
        raise ValidationError({"region": [messages.REGION_UNKNOWN.format(code=prefix)]})
    if not scope.contains(prefix.ljust(12, "0")):
        raise ValidationError({"region": [messages.REGION_OUT_OF_SCOPE.format(code=prefix)]})
    return prefix


def _find_or_create(*, actor: User, period: dt.date, region_prefix: str) -> BedSubsidyRun:
    existing = BedSubsidyRun.objects.filter(period=period, region_prefix=region_prefix).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            run = BedSubsidyRun.objects.create(period=period, region_prefix=region_prefix,
                                               region_code=region_prefix.ljust(12, "0"), created_by=actor)
            audit_record(actor=actor, action="eldercare.bed_subsidy_run.created", obj=run,
                         after=snapshot(run, RUN_FIELDS))
            return run
    except IntegrityError:
        # Another start made it a moment ago: this start is the same run.
        return BedSubsidyRun.objects.get(period=period, region_prefix=region_prefix)


@transaction.atomic
def bed_subsidy_run_start(*, actor: User, period: str | dt.date, region_prefix: str = "") -> BedSubsidyRun:
    """The one run of ``period`` for ``region_prefix`` (the actor's scope when not given), with
    its lines.

    Idempotent: a second start finds the same run and adds only lines that are missing (none
    when nothing changed, so its totals stay); an approved run is left as it is. The totals are
    the database's sums of the lines, written with the status."""
    _require(actor, PERM_SUBSIDY, messages.PERMISSION_SUBSIDY)
    errors: dict[str, list[str]] = {}
    month = prefix = None
    try:
        month = clean_period(period)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    try:
        prefix = clean_region(region_prefix, actor=actor)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if errors or month is None or prefix is None:
        raise ValidationError(errors)
    run = _find_or_create(actor=actor, period=month, region_prefix=prefix)
    run = BedSubsidyRun.objects.select_for_update().get(pk=run.pk)
    if run.status == BedSubsidyRun.Status.APPROVED:
        return run
    before = snapshot(run, RUN_FIELDS)
    added = compute.insert_lines(run)
    totals = compute.run_totals(run)
    BedSubsidyRun.objects.filter(pk=run.pk).update(
        line_count=totals["lines"], home_count=totals["homes"], bed_days=totals["days"], total_amount=totals["total"],
        computed_at=timezone.now())
    run.refresh_from_db()
    audit_record(actor=actor, action="eldercare.bed_subsidy_run.computed", obj=run, before=before,
                 after={**snapshot(run, RUN_FIELDS), "added": added})
    return run


@transaction.atomic
def bed_subsidy_run_approve(*, actor: User, run: BedSubsidyRun) -> BedSubsidyRun:
    """Approve a run. Refused to its maker (maker ≠ checker, also a database constraint) and to
    a run already approved (a conditional update decides a race)."""
    _require(actor, PERM_APPROVE, messages.PERMISSION_APPROVE)
    if not scope_for(actor).contains(run.region_code):
        raise Http404(core_messages.NOT_FOUND)
    row = BedSubsidyRun.objects.select_related("approved_by").get(pk=run.pk)
    if row.approved_at is not None:
        who = row.approved_by.get_username() if row.approved_by else "—"
        raise ValidationError({"status": [messages.RUN_ALREADY_APPROVED.format(
            at=timezone.localtime(row.approved_at).strftime("%Y-%m-%d %H:%M"), by=who)]})
    if row.created_by_id is not None and row.created_by_id == actor.pk:
        raise ValidationError({"approved_by": [messages.RUN_APPROVE_OWN]})
    before = snapshot(row, RUN_FIELDS)
    changed = BedSubsidyRun.objects.filter(pk=row.pk, status=BedSubsidyRun.Status.COMPUTED,
                                           approved_at__isnull=True).update(
        status=BedSubsidyRun.Status.APPROVED, approved_by=actor, approved_at=timezone.now())
    if changed != 1:
        raise ValidationError({"status": [messages.RUN_ALREADY_APPROVED.format(at="—", by="—")]})
    row.refresh_from_db()
    audit_record(actor=actor, action="eldercare.bed_subsidy_run.approved", obj=row, before=before,
                 after=snapshot(row, RUN_FIELDS))
    return row


def _amount(value: Any) -> Decimal:
    try:
        amount = Decimal(_text(value))
    except (InvalidOperation, ValueError):
        raise ValidationError({"amount": [messages.RATE_AMOUNT_INVALID.format(max=RATE_MAX)]}) from None
    if not amount.is_finite() or amount < 0 or amount > RATE_MAX or amount != amount.quantize(Decimal("0.01")):
        raise ValidationError({"amount": [messages.RATE_AMOUNT_INVALID.format(max=RATE_MAX)]})
    return amount.quantize(Decimal("0.01"))


@transaction.atomic
def bed_subsidy_rate_add(*, actor: User, level: str, region_prefix: str, effective_from: str | dt.date,
                         amount: str | Decimal, note: str = "") -> BedSubsidyRate:
    """A new rate per bed-day for an ability level, a region prefix and a month on. Rates are never
    overwritten: months already paid keep the rate they had."""
    _require(actor, PERM_RATES, messages.PERMISSION_RATES)
    errors: dict[str, list[str]] = {}
    if level not in AbilityLevel.values:
        errors["level"] = [messages.RATE_LEVEL_INVALID]
    prefix = None
    try:
        prefix = clean_region(region_prefix, actor=actor)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    month = None
    if isinstance(effective_from, dt.date):
        month = effective_from.replace(day=1)
    else:
        text = _text(effective_from)
        try:
            month = parse_month(text)
        except ValueError:
            errors["effective_from"] = [messages.RATE_MONTH_INVALID.format(value=text)]
    value = None
    try:
        value = _amount(amount)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    note = _text(note)
    if len(note) > NOTE_MAX:
        errors["note"] = [messages.RATE_NOTE_TOO_LONG.format(max=NOTE_MAX)]
    if not errors and month is not None and prefix is not None:
        existing = BedSubsidyRate.objects.filter(level=level, region_prefix=prefix, effective_from=month).first()
        if existing is not None:
            errors["effective_from"] = [messages.RATE_EXISTS.format(
                region=prefix, month=month.strftime("%Y-%m"), amount=existing.amount)]
    if errors or prefix is None or month is None or value is None:
        raise ValidationError(errors)
    try:
        with transaction.atomic():
            rate = BedSubsidyRate.objects.create(level=level, region_prefix=prefix, effective_from=month, amount=value,
                                                 note=note, created_by=actor)
    except IntegrityError as exc:
        raise ValidationError({"effective_from": [messages.RATE_EXISTS.format(
            region=prefix, month=month.strftime("%Y-%m"), amount=value)]}) from exc
    audit_record(actor=actor, action="eldercare.bed_subsidy_rate.added", obj=rate, region_code=str(prefix).ljust(12, "0"),
                 after=snapshot(rate, RATE_FIELDS))
    return rate
