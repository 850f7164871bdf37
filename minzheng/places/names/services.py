"""Writes on place names: the naming workflow for rural roads and bridges, the place-name
heritage list, and the countable place-name work.

The naming workflow (乡村著名行动):

    submitted ──township review──▶ township_approved ──county approval──▶ approved ──▶ published
        └───────── reject (reason) ──────┴────────────── reject (reason) ──▶ rejected

- A village worker proposes for their own village, a township officer for their township, a
  county officer or the city administrator for any township in their scope.
- The township review is done by the township's officer or anyone above it; the county
  approval by the county's officer or the city administrator; the same people publish.
- Approving a road creates its ``Road``, the record that standard addresses use. Bridges carry
  no addresses: the published proposal is their record.

Every service runs in one transaction, checks the actor's permission (``places.manage_place_names``)
and jurisdiction, locks the row it changes, writes one audit entry per object it writes, and
returns the object. A proposal outside the actor's scope answers 404, exactly as if it did not
exist; a proposal the actor can see but may not act on answers 403 with the reason.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils import timezone

from minzheng.core import messages as core_messages
from minzheng.core.audit import audit_record, snapshot
from minzheng.core.models import Region, User
from minzheng.core.regions import Level
from minzheng.core.scope import Scope, scope_for
from minzheng.places import codes, messages
from minzheng.places.addresses.models import Road
from minzheng.places.addresses.services import lock_township, next_road_serials
from minzheng.places.matching import road_names_rebuild
from minzheng.places.names import rules as naming_rules
from minzheng.places.names.models import HeritageBatch, HeritageEntry, NamingProposal, PlaceNameWork

PERMISSION = "places.manage_place_names"
CITY_REGION = "330500000000"
# Scope prefix lengths: city 4, county 6, township 9, village 12.
COUNTY_PREFIX, TOWNSHIP_PREFIX = 6, 9
PROPOSAL_FIELDS = ["name", "kind", "region_code", "village_code", "reason", "pinyin", "status", "reviewed_by",
                   "reviewed_at", "approved_by", "approved_at", "published_on", "rejection_reason", "road"]
ROAD_FIELDS = ["code", "region_code", "name", "kind", "pinyin", "status"]
BATCH_FIELDS = ["name", "region_code", "published_on"]
ENTRY_FIELDS = ["batch", "name", "category", "region_code", "location", "history", "protection", "lng", "lat"]
WORK_FIELDS = ["kind", "name", "region_code", "year", "note"]
BATCH_NAME_RE = re.compile(r"^第[一二三四五六七八九十]{1,3}批$")
WORK_YEAR_MIN = 2000


# ---- guards ------------------------------------------------------------------------------------

def _require_permission(actor: User) -> Scope:
    if not actor.has_perm(PERMISSION):
        raise PermissionDenied(messages.NAMING_NOT_PERMITTED)
    return scope_for(actor)


def proposal_visible(scope: Scope, proposal: NamingProposal) -> bool:
    """A proposal belongs to its township and, when it names one, to its village: a village
    worker sees the proposals of their own village."""
    return scope.contains(proposal.region_code) or scope.contains(proposal.village_code)


def can_review(user: User, proposal: NamingProposal) -> bool:
    """The township's officer or anyone above it (a village's scope never contains a township)."""
    return user.has_perm(PERMISSION) and scope_for(user).contains(proposal.region_code)


def can_approve(user: User, proposal: NamingProposal) -> bool:
    """The county's officer or the city administrator."""
    scope = scope_for(user)
    return (user.has_perm(PERMISSION) and scope.prefix is not None and len(scope.prefix) <= COUNTY_PREFIX
            and scope.contains(proposal.region_code))


def _locked(actor: User, proposal: NamingProposal) -> NamingProposal:
    """The proposal's current row, locked for this transaction, or 404 when the actor cannot
    see it. Two officers acting at once are serialised here, so nothing is decided twice."""
    scope = _require_permission(actor)
    row = NamingProposal.objects.select_for_update().filter(pk=proposal.pk).first()
    if row is None or not proposal_visible(scope, row):
        raise Http404(core_messages.NOT_FOUND)
    return row


def _now_local_date() -> dt.date:
    return timezone.localdate()


# ---- naming workflow ---------------------------------------------------------------------------

def _location(scope: Scope, township_code: str, village_code: str
              ) -> tuple[Region | None, Region | None, dict[str, list[str]]]:
    """The township and (optional) village a proposal is filed under, checked against the
    division table and the actor's scope."""
    township_code, village_code = (township_code or "").strip(), (village_code or "").strip()
    errors: dict[str, list[str]] = {}
    # A village worker files for their own village unless they say otherwise.
    if not village_code and not township_code and scope.prefix is not None and len(scope.prefix) == 12:
        village_code = scope.prefix
    village = None
    if village_code:
        village = Region.objects.filter(code=village_code, level=Level.VILLAGE).first()
        if village is None or (township_code and village.parent_id != township_code):
            errors["village"] = [messages.NAMING_VILLAGE_INVALID]
            village = None
        elif not township_code:
            township_code = village.parent_id or ""
    township = None
    if not township_code:
        errors.setdefault("township", [messages.NAMING_TOWNSHIP_REQUIRED])
    else:
        township = Region.objects.filter(code=township_code, level=Level.TOWNSHIP).first()
        if township is None:
            errors["township"] = [messages.NAMING_TOWNSHIP_INVALID]
    if scope.prefix is not None and len(scope.prefix) == 12 and village is None and "village" not in errors:
        errors["village"] = [messages.NAMING_VILLAGE_REQUIRED]
    where = village or township
    if where is not None and "village" not in errors and not scope.contains(where.code):
        errors["village" if village is not None else "township"] = [messages.NAMING_REGION_OUT_OF_SCOPE]
    return township, village, errors


@transaction.atomic
def naming_propose(*, actor: User, name: str, kind: str, reason: str, township_code: str = "",
                   village_code: str = "", pinyin: str = "") -> NamingProposal:
    """File a proposal. Every rule of ``naming_rules`` is checked and every failing field is
    reported at once; nothing is written unless all pass. Pinyin is generated when blank."""
    scope = _require_permission(actor)
    township, village, errors = _location(scope, township_code, village_code)
    # Uniqueness is checked only where the actor may file: it says nothing about other townships.
    checked = naming_rules.check_proposal(name=name, kind=kind, reason=reason, pinyin=pinyin,
                                          township_code=township.code if township and not errors else "")
    for key, reasons in checked.errors.items():
        errors.setdefault(key, []).extend(reasons)
    if errors:
        raise ValidationError(errors)
    assert township is not None
    proposal = NamingProposal(name=checked.name, kind=kind, region_code=township.code,
                              village_code=village.code if village else "", reason=checked.reason,
                              pinyin=checked.pinyin, proposed_by=actor)
    try:
        with transaction.atomic():
            proposal.save()
    except IntegrityError as exc:
        # Another officer filed the same name a moment ago: the partial unique index caught it.
        raise ValidationError({"name": naming_rules.check_unique(checked.name, kind, township.code) or [
            messages.NAMING_NAME_DUPLICATE_PROPOSAL.format(kind=proposal.get_kind_display(), status="办理中")]}) from exc
    audit_record(actor=actor, action="places.naming.proposed", obj=proposal,
                 after=snapshot(proposal, PROPOSAL_FIELDS))
    return proposal


def _decision_reason(approve: bool, reason: str) -> str:
    reason = (reason or "").strip()
    if not approve and not reason:
        raise ValidationError({"reason": [messages.NAMING_REJECTION_REASON_REQUIRED]})
    if len(reason) > naming_rules.REASON_MAX:
        raise ValidationError({"reason": [messages.NAMING_REASON_TOO_LONG.format(max=naming_rules.REASON_MAX)]})
    return reason


@transaction.atomic
def naming_township_review(*, actor: User, proposal: NamingProposal, approve: bool,
                           reason: str = "") -> NamingProposal:
    """The township's decision: approve (on to the county) or reject with a reason."""
    row = _locked(actor, proposal)
    if not can_review(actor, row):
        raise PermissionDenied(messages.NAMING_REVIEW_LEVEL)
    if row.status == NamingProposal.Status.REJECTED:
        raise ValidationError(messages.NAMING_ALREADY_REJECTED)
    if row.status != NamingProposal.Status.SUBMITTED:
        raise ValidationError(messages.NAMING_ALREADY_REVIEWED)
    reason = _decision_reason(approve, reason)
    before = snapshot(row, PROPOSAL_FIELDS)
    row.reviewed_by, row.reviewed_at = actor, timezone.now()
    if approve:
        row.status = NamingProposal.Status.TOWNSHIP_APPROVED
    else:
        row.status, row.rejection_reason = NamingProposal.Status.REJECTED, reason
    row.save(update_fields=["status", "reviewed_by", "reviewed_at", "rejection_reason"])
    audit_record(actor=actor, action="places.naming.township_approved" if approve else "places.naming.township_rejected",
                 obj=row, before=before, after={**snapshot(row, PROPOSAL_FIELDS), "comment": reason})
    return row


def _road_create(*, actor: User, proposal: NamingProposal) -> Road:
    """The road an approved name becomes, coded under its township. The serial comes from the
    addresses area's allocator (unique across the township and its villages, under the township
    lock), and the matcher's keys are rewritten in the same transaction, so the new road can be
    matched as soon as the approval commits."""
    lock_township(proposal.region_code)
    (serial,) = next_road_serials(proposal.region_code)
    road = Road.objects.create(code=codes.road_code(proposal.region_code, serial), region_code=proposal.region_code,
                               name=proposal.name, kind=Road.Kind.ROAD, pinyin=proposal.pinyin, aliases=[])
    audit_record(actor=actor, action="places.road.created", obj=road, after=snapshot(road, ROAD_FIELDS))
    road_names_rebuild(road_ids=[road.pk])
    return road


@transaction.atomic
def naming_county_approve(*, actor: User, proposal: NamingProposal, approve: bool,
                          reason: str = "") -> NamingProposal:
    """The county's decision. Approving a road creates its ``Road`` in the same transaction;
    a road of the same name registered since the proposal was filed stops the approval."""
    row = _locked(actor, proposal)
    if not can_approve(actor, row):
        raise PermissionDenied(messages.NAMING_APPROVE_LEVEL)
    status = row.status
    if status == NamingProposal.Status.SUBMITTED:
        raise ValidationError(messages.NAMING_REVIEW_FIRST)
    if status in (NamingProposal.Status.APPROVED, NamingProposal.Status.PUBLISHED):
        raise ValidationError(messages.NAMING_ALREADY_APPROVED)
    if status == NamingProposal.Status.REJECTED:
        raise ValidationError(messages.NAMING_ALREADY_REJECTED)
    reason = _decision_reason(approve, reason)
    before = snapshot(row, PROPOSAL_FIELDS)
    if not approve:
        row.status, row.rejection_reason = NamingProposal.Status.REJECTED, reason
        row.save(update_fields=["status", "rejection_reason"])
        audit_record(actor=actor, action="places.naming.county_rejected", obj=row, before=before,
                     after={**snapshot(row, PROPOSAL_FIELDS), "comment": reason})
        return row
    if row.kind == NamingProposal.Kind.ROAD:
        clash = naming_rules.check_unique(row.name, row.kind, row.region_code, proposals=False)
        if clash:
            raise ValidationError({"name": clash})
        row.road = _road_create(actor=actor, proposal=row)
    row.status, row.approved_by, row.approved_at = NamingProposal.Status.APPROVED, actor, timezone.now()
    row.save(update_fields=["status", "approved_by", "approved_at", "road"])
    audit_record(actor=actor, action="places.naming.approved", obj=row, before=before,
                 after={**snapshot(row, PROPOSAL_FIELDS), "comment": reason})
    return row


@transaction.atomic
def naming_publish(*, actor: User, proposal: NamingProposal, published_on: dt.date | None = None) -> NamingProposal:
    """Publish an approved name (公告). From then on it appears in public lists."""
    row = _locked(actor, proposal)
    if not can_approve(actor, row):
        raise PermissionDenied(messages.NAMING_PUBLISH_LEVEL)
    if row.status == NamingProposal.Status.PUBLISHED:
        raise ValidationError(messages.NAMING_ALREADY_PUBLISHED)
    if row.status == NamingProposal.Status.REJECTED:
        raise ValidationError(messages.NAMING_ALREADY_REJECTED)
    if row.status != NamingProposal.Status.APPROVED:
        raise ValidationError(messages.NAMING_NOT_APPROVED.format(status=row.get_status_display()))
    published_on = published_on or _now_local_date()
    approved_on = timezone.localdate(row.approved_at) if row.approved_at else None
    if approved_on and published_on < approved_on:
        raise ValidationError({"published_on": [messages.NAMING_PUBLISH_DATE_EARLY.format(approved=approved_on)]})
    before = snapshot(row, PROPOSAL_FIELDS)
    row.status, row.published_on = NamingProposal.Status.PUBLISHED, published_on
    row.save(update_fields=["status", "published_on"])
    audit_record(actor=actor, action="places.naming.published", obj=row, before=before,
                 after=snapshot(row, PROPOSAL_FIELDS))
    return row


# ---- heritage list -----------------------------------------------------------------------------

def heritage_may_manage(user: User) -> bool:
    """The heritage list is the city's: only staff with the naming permission and a city-wide
    scope maintain it. Pages offer the maintenance link by this same rule."""
    scope = scope_for(user)
    return user.has_perm(PERMISSION) and scope.prefix is not None and len(scope.prefix) <= 4


def _require_city(actor: User) -> Scope:
    scope = _require_permission(actor)
    if not heritage_may_manage(actor):
        raise PermissionDenied(messages.HERITAGE_CITY_ONLY)
    return scope


@transaction.atomic
def heritage_batch_create(*, actor: User, name: str, published_on: dt.date | None,
                          region_code: str = CITY_REGION) -> HeritageBatch:
    """A new batch of the city's protection list (第四批 …). City administrator only."""
    _require_city(actor)
    name = (name or "").strip()
    errors: dict[str, list[str]] = {}
    if not BATCH_NAME_RE.match(name):
        errors["name"] = [messages.HERITAGE_BATCH_NAME_INVALID]
    elif HeritageBatch.objects.filter(name=name).exists():
        errors["name"] = [messages.HERITAGE_BATCH_EXISTS.format(name=name)]
    if published_on is None:
        errors["published_on"] = [messages.HERITAGE_BATCH_DATE_REQUIRED]
    if errors or published_on is None:
        raise ValidationError(errors)
    batch = HeritageBatch.objects.create(name=name, published_on=published_on, region_code=region_code)
    audit_record(actor=actor, action="places.heritage.batch_created", obj=batch, after=snapshot(batch, BATCH_FIELDS))
    return batch


def _coordinate(value: Any, low: int, high: int) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        number = Decimal(str(value).strip())
    except InvalidOperation as exc:
        raise ValueError from exc
    if not number.is_finite() or not low <= number <= high:
        raise ValueError
    return number.quantize(Decimal("0.0000001"))


def _clean_entry(scope: Scope, values: dict[str, Any], *, exclude_pk: int | None = None) -> dict[str, Any]:
    """An entry's fields, checked and tidied; every failing field reported at once."""
    errors: dict[str, list[str]] = {}
    out = dict(values)
    for key in ("name", "category", "location", "history", "region_code"):
        out[key] = (out.get(key) or "").strip()
    name_max = HeritageEntry._meta.get_field("name").max_length or 40
    if not out["name"]:
        errors["name"] = [messages.HERITAGE_NAME_REQUIRED]
    elif len(out["name"]) > name_max:
        errors["name"] = [messages.HERITAGE_NAME_TOO_LONG.format(max=name_max)]
    if not out["category"]:
        errors["category"] = [messages.HERITAGE_CATEGORY_REQUIRED]
    if not out["location"]:
        errors["location"] = [messages.HERITAGE_LOCATION_REQUIRED]
    if not out["history"]:
        errors["history"] = [messages.HERITAGE_HISTORY_REQUIRED]
    if not (scope.contains(out["region_code"]) and Region.objects.filter(code=out["region_code"]).exists()):
        errors["region_code"] = [messages.HERITAGE_REGION_INVALID]
    if out.get("protection") not in HeritageEntry.Protection.values:
        errors["protection"] = [messages.HERITAGE_PROTECTION_INVALID]
    for key, low, high, message in (("lng", -180, 180, messages.ADDRESS_LNG_INVALID),
                                    ("lat", -90, 90, messages.ADDRESS_LAT_INVALID)):
        try:
            out[key] = _coordinate(out.get(key), low, high)
        except ValueError:
            errors[key] = [message]
    if "lng" not in errors and "lat" not in errors and (out["lng"] is None) != (out["lat"] is None):
        errors["lat"] = [messages.ADDRESS_COORDINATES_PAIR]
    if "name" not in errors and "region_code" not in errors:
        same = HeritageEntry.objects.filter(batch=out["batch"], name=out["name"], region_code=out["region_code"])
        if exclude_pk is not None:
            same = same.exclude(pk=exclude_pk)
        if same.exists():
            errors["name"] = [messages.HERITAGE_ENTRY_EXISTS.format(name=out["name"])]
    if errors:
        raise ValidationError(errors)
    return out


@transaction.atomic
def heritage_entry_create(*, actor: User, batch: HeritageBatch, name: str, category: str, region_code: str,
                          location: str, history: str, protection: str = HeritageEntry.Protection.PROTECTED,
                          lng: Any = None, lat: Any = None) -> HeritageEntry:
    """Add a place name to a batch of the protection list. City administrator only."""
    scope = _require_city(actor)
    values = _clean_entry(scope, {"batch": batch, "name": name, "category": category, "region_code": region_code,
                                  "location": location, "history": history, "protection": protection,
                                  "lng": lng, "lat": lat})
    entry = HeritageEntry.objects.create(**values)
    audit_record(actor=actor, action="places.heritage.entry_created", obj=entry, after=snapshot(entry, ENTRY_FIELDS))
    return entry


@transaction.atomic
def heritage_entry_update(*, actor: User, entry: HeritageEntry, **changes: Any) -> HeritageEntry:
    """Correct an entry or change its protection status. Fields not given keep their values."""
    scope = _require_city(actor)
    row = HeritageEntry.objects.select_for_update().filter(pk=entry.pk).first()
    if row is None:
        raise Http404(core_messages.NOT_FOUND)
    unknown = set(changes) - set(ENTRY_FIELDS)
    if unknown:
        raise TypeError(f"unknown heritage fields: {sorted(unknown)}")
    before = snapshot(row, ENTRY_FIELDS)
    values = _clean_entry(scope, {**{k: getattr(row, k) for k in ENTRY_FIELDS}, **changes}, exclude_pk=row.pk)
    for key, value in values.items():
        setattr(row, key, value)
    row.save()
    audit_record(actor=actor, action="places.heritage.entry_updated", obj=row, before=before,
                 after=snapshot(row, ENTRY_FIELDS))
    return row


# ---- countable place-name work -----------------------------------------------------------------

@transaction.atomic
def place_name_work_record(*, actor: User, kind: str, name: str, region_code: str, year: int,
                           note: str = "") -> PlaceNameWork:
    """Record one piece of place-name work (a signage product, a culture route, a culture hall),
    so that the year's figures are counts of records. Township officers and above."""
    scope = _require_permission(actor)
    if scope.prefix is None or len(scope.prefix) > TOWNSHIP_PREFIX:
        raise PermissionDenied(messages.WORK_LEVEL)
    name, region_code, note = (name or "").strip(), (region_code or "").strip(), (note or "").strip()
    errors: dict[str, list[str]] = {}
    if kind not in PlaceNameWork.Kind.values:
        errors["kind"] = [messages.WORK_KIND_INVALID]
    name_max = PlaceNameWork._meta.get_field("name").max_length or 100
    if not name:
        errors["name"] = [messages.WORK_NAME_REQUIRED]
    elif len(name) > name_max:
        errors["name"] = [messages.WORK_NAME_TOO_LONG.format(max=name_max)]
    if not Region.objects.filter(code=region_code).exists():
        errors["region_code"] = [messages.WORK_REGION_INVALID]
    elif not scope.contains(region_code):
        errors["region_code"] = [core_messages.REGION_OUT_OF_SCOPE]
    year_max = _now_local_date().year + 1
    if not isinstance(year, int) or not WORK_YEAR_MIN <= year <= year_max:
        errors["year"] = [messages.WORK_YEAR_INVALID.format(min=WORK_YEAR_MIN, max=year_max)]
    note_max = PlaceNameWork._meta.get_field("note").max_length or 300
    if len(note) > note_max:
        errors["note"] = [messages.WORK_NOTE_TOO_LONG.format(max=note_max)]
    if not errors and PlaceNameWork.objects.filter(kind=kind, name=name, region_code=region_code).exists():
        errors["name"] = [messages.WORK_DUPLICATE.format(kind=PlaceNameWork.Kind(kind).label, name=name)]
    if errors:
        raise ValidationError(errors)
    work = PlaceNameWork.objects.create(kind=kind, name=name, region_code=region_code, year=year, note=note)
    audit_record(actor=actor, action="places.place_name_work.recorded", obj=work, after=snapshot(work, WORK_FIELDS))
    return work
