"""Writes on digital doorplates: plates, bulk installation, the service catalogue and the
problem reports that come in from the public page.

Every service checks its input (Chinese messages naming the field, from ``places.messages``),
runs in one transaction, and writes its audit entry in that transaction.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
import secrets
import unicodedata
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import URLValidator
from django.db import IntegrityError, connection, transaction
from django.db.models import F
from django.utils import timezone

from minzheng.core import messages as core_messages
from minzheng.core.audit import audit_record, snapshot
from minzheng.core.dispatch import task_enqueue
from minzheng.core.models import Region, User
from minzheng.core.pii import seal
from minzheng.core.rate_limits import hourly_hit
from minzheng.core.regions import CODE_RE, Level
from minzheng.core.scope import scope_for
from minzheng.places import messages
from minzheng.places.addresses.models import Address
from minzheng.places.doorplates.models import (
    Department,
    Doorplate,
    DoorplateBatch,
    DoorplateService,
    PlateReport,
)
from minzheng.places.doorplates.selectors import CATALOGUE_VERSION_KEY, PLATES_VERSION_KEY

logger = logging.getLogger(__name__)

# 16 random bytes, 22 URL-safe characters: 128 bits, far beyond any enumeration.
TOKEN_BYTES = 16
EARLIEST_INSTALL = dt.date(2000, 1, 1)
REMOVE_REASON_MAX = 200
BATCH_CHUNK = 2000
BATCH_STALE_AFTER = dt.timedelta(hours=1)

PERM_MANAGE = "places.manage_doorplates"
PERM_CATALOGUE = "places.manage_catalogue"
PERM_REPORTS = "places.handle_plate_reports"

PLATE_FIELDS = ["address", "region_code", "installed_on", "status"]


def new_token() -> str:
    """A fresh plate token. Random, never derived from the address: the address code is
    public-ish and sequential, and a token built from it would let anyone walk every plate."""
    return secrets.token_urlsafe(TOKEN_BYTES)


def _require(actor: User | None, perm: str) -> None:
    if actor is None or not actor.has_perm(perm):
        raise PermissionDenied(core_messages.PERMISSION_DENIED)


def _clean_installed_on(value: Any) -> dt.date:
    if value in (None, ""):
        raise ValidationError({"installed_on": [messages.DOORPLATE_INSTALLED_ON_REQUIRED]})
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, str):
        try:
            value = dt.date.fromisoformat(value)
        except ValueError as exc:
            raise ValidationError({"installed_on": [messages.DOORPLATE_INSTALLED_ON_INVALID]}) from exc
    if value > timezone.localdate():
        raise ValidationError({"installed_on": [messages.DOORPLATE_INSTALLED_ON_FUTURE]})
    if value < EARLIEST_INSTALL:
        raise ValidationError({"installed_on": [
            messages.DOORPLATE_INSTALLED_ON_TOO_EARLY.format(earliest=f"{EARLIEST_INSTALL:%Y年%m月%d日}")]})
    return value


# ---- single plates --------------------------------------------------------------------------


def doorplate_create(*, actor: User, address: Address | None, installed_on: Any) -> Doorplate:
    """Put a plate on an address in the actor's scope, with a new random token.

    An address has at most one plate: a second create is refused with ``DOORPLATE_EXISTS``. A
    plate that was removed is installed again with a *new* token, so the old printed code stays
    dead. Raises ``ValidationError`` keyed by ``address`` or ``installed_on``.
    """
    _require(actor, PERM_MANAGE)
    if address is None:
        raise ValidationError({"address": [messages.DOORPLATE_ADDRESS_REQUIRED]})
    if not scope_for(actor).contains(address.region_code):
        raise ValidationError({"address": [messages.DOORPLATE_ADDRESS_NOT_FOUND]})
    if address.status != Address.Status.ACTIVE:
        raise ValidationError({"address": [messages.DOORPLATE_ADDRESS_RETIRED]})
    installed_on = _clean_installed_on(installed_on)
    with transaction.atomic():
        existing = Doorplate.objects.select_for_update().filter(address=address).first()
        if existing is not None and existing.status == Doorplate.Status.ACTIVE:
            raise ValidationError({"address": [
                messages.DOORPLATE_EXISTS.format(installed_on=f"{existing.installed_on:%Y-%m-%d}")]})
        if existing is not None:
            before = snapshot(existing, PLATE_FIELDS)
            existing.token = new_token()
            existing.installed_on = installed_on
            existing.region_code = address.region_code
            existing.status = Doorplate.Status.ACTIVE
            existing.save(update_fields=["token", "installed_on", "region_code", "status"])
            plates_changed()
            audit_record(actor=actor, action="places.doorplate.reinstalled", obj=existing, before=before,
                         after=snapshot(existing, PLATE_FIELDS))
            return existing
        try:
            # A savepoint, so that losing a race to a concurrent create leaves the outer
            # transaction usable for the clear message below.
            with transaction.atomic():
                plate = Doorplate.objects.create(address=address, region_code=address.region_code,
                                                 installed_on=installed_on, token=new_token())
        except IntegrityError as exc:
            raise ValidationError({"address": [
                messages.DOORPLATE_EXISTS.format(installed_on=f"{installed_on:%Y-%m-%d}")]}) from exc
        plates_changed()
        audit_record(actor=actor, action="places.doorplate.created", obj=plate,
                     after=snapshot(plate, PLATE_FIELDS))
    return plate


def doorplate_remove(*, actor: User, doorplate: Doorplate, reason: str = "") -> Doorplate:
    """Take a plate down. Its token stops working at once; the row stays for the record."""
    _require(actor, PERM_MANAGE)
    if not scope_for(actor).contains(doorplate.region_code):
        raise PermissionDenied(core_messages.PERMISSION_DENIED)
    reason = (reason or "").strip()
    if len(reason) > REMOVE_REASON_MAX:
        raise ValidationError({"reason": [messages.DOORPLATE_REMOVE_REASON_TOO_LONG.format(max=REMOVE_REASON_MAX)]})
    with transaction.atomic():
        plate = Doorplate.objects.select_for_update().get(pk=doorplate.pk)
        if plate.status == Doorplate.Status.REMOVED:
            raise ValidationError(messages.DOORPLATE_ALREADY_REMOVED)
        before = snapshot(plate, PLATE_FIELDS)
        plate.status = Doorplate.Status.REMOVED
        plate.save(update_fields=["status"])
        plates_changed()
        audit_record(actor=actor, action="places.doorplate.removed", obj=plate, before=before,
                     after={**snapshot(plate, PLATE_FIELDS), "reason": reason})
    return plate


# ---- bulk installation ----------------------------------------------------------------------


def _village(actor: User, code: str) -> Region:
    code = (code or "").strip()
    if not code:
        raise ValidationError({"village": [messages.BATCH_VILLAGE_REQUIRED]})
    if not CODE_RE.match(code):
        raise ValidationError({"village": [messages.BATCH_VILLAGE_INVALID]})
    region = Region.objects.filter(code=code).first()
    if region is None or not scope_for(actor).contains(code):
        raise ValidationError({"village": [messages.BATCH_VILLAGE_NOT_FOUND]})
    if region.level != Level.VILLAGE:
        raise ValidationError({"village": [messages.BATCH_VILLAGE_INVALID]})
    return region


def doorplate_batch_create(*, actor: User, village_code: str, installed_on: Any = None) -> DoorplateBatch:
    """Ask for plates on every active address of a village that has none; a background task
    does the work (``doorplate_batch_run``). One unfinished batch per village at a time."""
    _require(actor, PERM_MANAGE)
    region = _village(actor, village_code)
    installed_on = _clean_installed_on(installed_on or timezone.localdate())
    with transaction.atomic():
        # A village takes seconds; a batch unfinished after an hour lost its worker (a crash, a
        # restart). Give it up, so that it does not block the village for ever.
        DoorplateBatch.objects.filter(
            region_code=region.code, status__in=DoorplateBatch.UNFINISHED,
            created_at__lt=timezone.now() - BATCH_STALE_AFTER,
        ).update(status=DoorplateBatch.Status.FAILED, error_message=messages.BATCH_STALE, finished_at=timezone.now())
        try:
            with transaction.atomic():
                batch = DoorplateBatch.objects.create(region_code=region.code, installed_on=installed_on,
                                                      requested_by=actor)
        except IntegrityError as exc:
            raise ValidationError({"village": [messages.BATCH_ALREADY_RUNNING]}) from exc
        audit_record(actor=actor, action="places.doorplate.bulk_requested", obj=batch,
                     object_repr=f"{region.full_name or region.name} 批量安装",
                     after={"region_code": region.code, "installed_on": installed_on.isoformat()})
        # The database task backend writes the task in this same transaction, so a worker never
        # sees the task without its batch (see core.dispatch).
        result = task_enqueue("minzheng.places.doorplates.tasks.run_doorplate_batch", str(batch.pk))
        DoorplateBatch.objects.filter(pk=batch.pk).update(task_id=str(result.id))
    batch.refresh_from_db()
    return batch


def _addresses_without_plate(village_code: str) -> Any:
    return (Address.objects.filter(region_code=village_code, status=Address.Status.ACTIVE, doorplate__isnull=True)
            .order_by("id").values_list("id", flat=True))


def _plate_columns() -> list[str]:
    columns = {field.name: field.column for field in Doorplate._meta.concrete_fields}
    return [columns[name] for name in ("address", "token", "region_code", "installed_on", "status", "created_at")]


def insert_plates(rows: list[tuple[int, str, dt.date]]) -> int:
    """Insert plates for ``(address_id, region_code, installed_on)`` rows with fresh tokens, in
    one ``executemany``. Returns how many rows were new.

    Addresses that already have a plate are skipped by the database (``ON CONFLICT DO NOTHING``
    on the unique address, on SQLite and PostgreSQL alike), so a repeat or a race with a single
    create changes nothing. Plain SQL rather than ``bulk_create``: building a model instance per
    row was most of the time of a city-wide run.
    """
    if not rows:
        return 0
    ops = connection.ops
    now = ops.adapt_datetimefield_value(timezone.now())
    columns = ", ".join(ops.quote_name(c) for c in _plate_columns())
    sql = (f"INSERT INTO {ops.quote_name(Doorplate._meta.db_table)} ({columns}) "
           "VALUES (%s, %s, %s, %s, %s, %s) ON CONFLICT DO NOTHING")
    active = Doorplate.Status.ACTIVE.value
    params = [(a, new_token(), r, ops.adapt_datefield_value(d), active, now) for a, r, d in rows]
    with connection.cursor() as cursor:
        cursor.executemany(sql, params)
        # Both drivers sum the affected rows over an executemany; a skipped row counts 0.
        return max(cursor.rowcount, 0)


def doorplate_batch_run(*, batch_id: Any, chunk: int = BATCH_CHUNK) -> str:
    """The work of a batch (run by the task): claim it, then install plates chunk by chunk,
    updating the progress after each chunk. Idempotent: a second run of the same village finds
    no address without a plate and creates nothing."""
    claimed = DoorplateBatch.objects.filter(pk=batch_id, status=DoorplateBatch.Status.PENDING).update(
        status=DoorplateBatch.Status.RUNNING, started_at=timezone.now())
    if claimed != 1:
        return "skipped"
    batch = DoorplateBatch.objects.select_related("requested_by").get(pk=batch_id)
    try:
        pending = list(_addresses_without_plate(batch.region_code))
        DoorplateBatch.objects.filter(pk=batch.pk).update(total=len(pending))
        created = 0
        for start in range(0, len(pending), chunk):
            ids = pending[start:start + chunk]
            with transaction.atomic():
                n = insert_plates([(a, batch.region_code, batch.installed_on) for a in ids])
                created += n
                DoorplateBatch.objects.filter(pk=batch.pk).update(processed=F("processed") + len(ids),
                                                                  created=F("created") + n)
                plates_changed()
    except Exception:
        logger.exception("doorplate batch %s failed", batch_id)
        DoorplateBatch.objects.filter(pk=batch.pk).update(
            status=DoorplateBatch.Status.FAILED, error_message=messages.BATCH_FAILED, finished_at=timezone.now())
        raise
    with transaction.atomic():
        DoorplateBatch.objects.filter(pk=batch.pk).update(status=DoorplateBatch.Status.DONE,
                                                          finished_at=timezone.now())
        batch.refresh_from_db()
        audit_record(actor=batch.requested_by, action="places.doorplate.bulk_installed", obj=batch,
                     object_repr=str(batch),
                     after={"region_code": batch.region_code, "installed_on": batch.installed_on.isoformat(),
                            "addresses": batch.total, "created": batch.created})
    return DoorplateBatch.Status.DONE


# ---- the service catalogue ------------------------------------------------------------------

NAME_MAX = {"department": 60, "service": 80}
DESCRIPTION_MAX = 200
PHONE_RE = re.compile(r"^\d[\d-]{1,18}\d$")
_url_validator = URLValidator(schemes=["http", "https"])
DEPARTMENT_FIELDS = ["name", "phone", "url", "sort", "active"]
SERVICE_FIELDS = ["department", "name", "description", "url", "phone", "region_code", "sort", "active"]


def catalogue_changed() -> None:
    """Make the public pages drop their cached services sections, once the change commits."""
    _bump_on_commit(CATALOGUE_VERSION_KEY)


def plates_changed() -> None:
    """Make the counts of installed plates be counted again, once the change commits."""
    _bump_on_commit(PLATES_VERSION_KEY)


def _bump_on_commit(key: str) -> None:
    def bump() -> None:
        try:
            cache.incr(key)
        except ValueError:  # no version yet (or evicted): any new value is a new key
            cache.set(key, secrets.randbelow(2**31) + 2, timeout=None)

    transaction.on_commit(bump)


def _clean_name(value: Any, kind: str) -> str:
    name = (value or "").strip()
    if not name:
        raise ValidationError({"name": [messages.CATALOGUE_NAME_REQUIRED]})
    if len(name) > NAME_MAX[kind]:
        raise ValidationError({"name": [messages.CATALOGUE_NAME_TOO_LONG.format(max=NAME_MAX[kind])]})
    return name


def _clean_contact(phone: Any, url: Any, *, required: bool) -> tuple[str, str]:
    phone = unicodedata.normalize("NFKC", phone or "").strip().replace(" ", "")
    url = (url or "").strip()
    errors: dict[str, list[str]] = {}
    if phone and not PHONE_RE.match(phone):
        errors["phone"] = [messages.CATALOGUE_PHONE_INVALID]
    if url:
        try:
            _url_validator(url)
        except ValidationError:
            errors["url"] = [messages.CATALOGUE_URL_INVALID]
    if required and not phone and not url and not errors:
        errors["url"] = [messages.CATALOGUE_CONTACT_REQUIRED]
    if errors:
        raise ValidationError(errors)
    return phone, url


def _clean_sort(value: Any) -> int:
    try:
        sort = int(value or 0)
    except (TypeError, ValueError) as exc:
        raise ValidationError({"sort": [messages.CATALOGUE_SORT_INVALID]}) from exc
    if not 0 <= sort <= 9999:
        raise ValidationError({"sort": [messages.CATALOGUE_SORT_INVALID]})
    return sort


def _clean_service_region(actor: User, code: Any) -> str:
    code = (code or "").strip()
    if not CODE_RE.match(code):
        raise ValidationError({"region_code": [messages.CATALOGUE_REGION_INVALID]})
    if not scope_for(actor).contains(code) or not Region.objects.filter(code=code).exists():
        raise ValidationError({"region_code": [messages.CATALOGUE_REGION_NOT_FOUND]})
    return code


def department_create(*, actor: User, name: str, phone: str = "", url: str = "", sort: Any = 0) -> Department:
    _require(actor, PERM_CATALOGUE)
    name = _clean_name(name, "department")
    phone, url = _clean_contact(phone, url, required=False)
    sort = _clean_sort(sort)
    with transaction.atomic():
        if Department.objects.filter(name=name).exists():
            raise ValidationError({"name": [messages.CATALOGUE_DEPARTMENT_TAKEN.format(name=name)]})
        department = Department.objects.create(name=name, phone=phone, url=url, sort=sort)
        audit_record(actor=actor, action="places.department.created", obj=department,
                     after=snapshot(department, DEPARTMENT_FIELDS))
        catalogue_changed()
    return department


def department_update(*, actor: User, department: Department, name: str, phone: str = "", url: str = "",
                      sort: Any = 0, active: bool = True) -> Department:
    _require(actor, PERM_CATALOGUE)
    name = _clean_name(name, "department")
    phone, url = _clean_contact(phone, url, required=False)
    sort = _clean_sort(sort)
    with transaction.atomic():
        department = Department.objects.select_for_update().get(pk=department.pk)
        if Department.objects.filter(name=name).exclude(pk=department.pk).exists():
            raise ValidationError({"name": [messages.CATALOGUE_DEPARTMENT_TAKEN.format(name=name)]})
        before = snapshot(department, DEPARTMENT_FIELDS)
        department.name, department.phone, department.url = name, phone, url
        department.sort, department.active = sort, bool(active)
        department.save()
        audit_record(actor=actor, action="places.department.updated", obj=department, before=before,
                     after=snapshot(department, DEPARTMENT_FIELDS))
        catalogue_changed()
    return department


def department_deactivate(*, actor: User, department: Department) -> Department:
    """Hide a department, and so all its services, from every doorplate page."""
    _require(actor, PERM_CATALOGUE)
    with transaction.atomic():
        department = Department.objects.select_for_update().get(pk=department.pk)
        if not department.active:
            raise ValidationError(messages.CATALOGUE_ALREADY_INACTIVE)
        department.active = False
        department.save(update_fields=["active"])
        audit_record(actor=actor, action="places.department.deactivated", obj=department,
                     before={"active": True}, after={"active": False})
        catalogue_changed()
    return department


def _service_values(actor: User, *, department: Department | None, name: Any, region_code: Any, url: Any,
                    phone: Any, description: Any, sort: Any) -> dict[str, Any]:
    errors: dict[str, list[str]] = {}
    values: dict[str, Any] = {}
    checks: list[tuple[str, Callable[[], Any]]] = [
        ("name", lambda: _clean_name(name, "service")),
        ("region_code", lambda: _clean_service_region(actor, region_code)),
        ("contact", lambda: _clean_contact(phone, url, required=True)),
        ("sort", lambda: _clean_sort(sort)),
    ]
    # Check every field, so the form shows every reason at once.
    for key, check in checks:
        try:
            values[key] = check()
        except ValidationError as exc:
            for field, msgs in exc.message_dict.items():
                errors.setdefault(field, []).extend(msgs)
    if department is None:
        errors["department"] = [messages.CATALOGUE_DEPARTMENT_REQUIRED]
    elif not department.active:
        errors["department"] = [messages.CATALOGUE_DEPARTMENT_INACTIVE]
    description = (description or "").strip()
    if len(description) > DESCRIPTION_MAX:
        errors["description"] = [messages.CATALOGUE_DESCRIPTION_TOO_LONG.format(max=DESCRIPTION_MAX)]
    if errors:
        raise ValidationError(errors)
    phone, url = values.pop("contact")
    return {**values, "department": department, "phone": phone, "url": url, "description": description}


def service_create(*, actor: User, department: Department | None, name: str, region_code: str,
                   url: str = "", phone: str = "", description: str = "", sort: Any = 0) -> DoorplateService:
    """Add a service to the catalogue. It applies to every address inside ``region_code``."""
    _require(actor, PERM_CATALOGUE)
    values = _service_values(actor, department=department, name=name, region_code=region_code, url=url,
                             phone=phone, description=description, sort=sort)
    with transaction.atomic():
        if DoorplateService.objects.filter(department=values["department"], name=values["name"],
                                           region_code=values["region_code"]).exists():
            raise ValidationError({"name": [messages.CATALOGUE_SERVICE_TAKEN.format(name=values["name"])]})
        service = DoorplateService.objects.create(**values)
        audit_record(actor=actor, action="places.doorplate_service.created", obj=service,
                     after=snapshot(service, SERVICE_FIELDS))
        catalogue_changed()
    return service


def service_update(*, actor: User, service: DoorplateService, department: Department | None, name: str,
                   region_code: str, url: str = "", phone: str = "", description: str = "", sort: Any = 0,
                   active: bool = True) -> DoorplateService:
    _require(actor, PERM_CATALOGUE)
    values = _service_values(actor, department=department, name=name, region_code=region_code, url=url,
                             phone=phone, description=description, sort=sort)
    with transaction.atomic():
        service = DoorplateService.objects.select_for_update().get(pk=service.pk)
        if DoorplateService.objects.filter(department=values["department"], name=values["name"],
                                           region_code=values["region_code"]).exclude(pk=service.pk).exists():
            raise ValidationError({"name": [messages.CATALOGUE_SERVICE_TAKEN.format(name=values["name"])]})
        before = snapshot(service, SERVICE_FIELDS)
        for key, value in values.items():
            setattr(service, key, value)
        service.active = bool(active)
        service.save()
        audit_record(actor=actor, action="places.doorplate_service.updated", obj=service, before=before,
                     after=snapshot(service, SERVICE_FIELDS))
        catalogue_changed()
    return service


def service_deactivate(*, actor: User, service: DoorplateService) -> DoorplateService:
    _require(actor, PERM_CATALOGUE)
    with transaction.atomic():
        service = DoorplateService.objects.select_for_update().get(pk=service.pk)
        if not service.active:
            raise ValidationError(messages.CATALOGUE_ALREADY_INACTIVE)
        service.active = False
        service.save(update_fields=["active"])
        audit_record(actor=actor, action="places.doorplate_service.deactivated", obj=service,
                     before={"active": True}, after={"active": False})
        catalogue_changed()
    return service


# ---- reports from the public page -----------------------------------------------------------

REPORT_TEXT_MAX = 500
RESOLUTION_MAX = 500
MOBILE_RE = re.compile(r"^1[3-9]\d{9}$")
LANDLINE_RE = re.compile(r"^0\d{2,3}\d{7,8}$")


class ReportRateLimited(Exception):
    """Too many reports from one client on one plate within the window."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        super().__init__(messages.REPORT_RATE_LIMITED.format(limit=limit))


def report_rate_limit() -> int:
    return int(getattr(settings, "MINZHENG_PLATE_REPORTS_PER_HOUR", 5))


def clean_contact_phone(value: Any) -> str:
    """An optional phone for a call back: an 11-digit mobile, or a landline with its area code.
    Full-width digits, spaces and dashes are forgiven."""
    raw = unicodedata.normalize("NFKC", value or "").strip()
    digits = re.sub(r"[\s\-()（）]", "", raw)
    if not digits:
        return ""
    if MOBILE_RE.match(digits) or LANDLINE_RE.match(digits):
        return digits
    raise ValidationError({"contact": [messages.REPORT_CONTACT_INVALID]})


def _clean_report(kind: Any, text: Any, contact: Any) -> tuple[str, str, str]:
    errors: dict[str, list[str]] = {}
    if kind not in PlateReport.Kind.values:
        errors["kind"] = [messages.REPORT_KIND_INVALID]
    text = (text or "").strip()
    if not text:
        errors["text"] = [messages.REPORT_TEXT_REQUIRED]
    elif len(text) > REPORT_TEXT_MAX:
        errors["text"] = [messages.REPORT_TEXT_TOO_LONG.format(max=REPORT_TEXT_MAX, length=len(text))]
    try:
        phone = clean_contact_phone(contact)
    except ValidationError as exc:
        errors.update(exc.message_dict)
        phone = ""
    if errors:
        raise ValidationError(errors)
    return str(kind), text, phone


def plate_report_submit(*, doorplate: Doorplate, kind: str, text: str, contact: str = "",
                        client: str = "") -> PlateReport:
    """A problem reported by whoever scanned the plate (no login). The contact phone is sealed
    (encrypted, only the masked form readable). At most ``report_rate_limit()`` reports per hour
    per client and plate: beyond that ``ReportRateLimited``, and nothing is written."""
    kind, text, phone = _clean_report(kind, text, contact)
    limit = report_rate_limit()
    if hourly_hit(prefix="places:plate-report", client=f"{client}|{doorplate.token}") > limit:
        raise ReportRateLimited(limit)
    sealed = seal("phone", phone)
    with transaction.atomic():
        report = PlateReport.objects.create(doorplate=doorplate, region_code=doorplate.region_code, kind=kind,
                                            text=text, contact_cipher=sealed.cipher, contact_masked=sealed.masked)
        audit_record(actor=None, action="places.plate_report.submitted", obj=report,
                     object_repr=f"{report.get_kind_display()} · {doorplate.address.full_text}"[:200],
                     after={"doorplate": doorplate.pk, "kind": kind, "text": text, "phone": sealed.masked})
    return report


def _handle(*, actor: User, report: PlateReport, status: str, resolution: str, action: str) -> PlateReport:
    _require(actor, PERM_REPORTS)
    if not scope_for(actor).contains(report.region_code):
        raise PermissionDenied(core_messages.PERMISSION_DENIED)
    resolution = (resolution or "").strip()
    if len(resolution) > RESOLUTION_MAX:
        raise ValidationError({"resolution": [messages.REPORT_RESOLUTION_TOO_LONG.format(max=RESOLUTION_MAX)]})
    if status == PlateReport.Status.DISMISSED and not resolution:
        # Turning a resident away needs a reason someone can read back later.
        raise ValidationError({"resolution": [messages.REPORT_RESOLUTION_REQUIRED]})
    with transaction.atomic():
        report = PlateReport.objects.select_for_update().get(pk=report.pk)
        if report.status != PlateReport.Status.OPEN:
            raise ValidationError(messages.REPORT_NOT_OPEN)
        report.status, report.resolution = status, resolution
        report.handled_by, report.handled_at = actor, timezone.now()
        report.save(update_fields=["status", "resolution", "handled_by", "handled_at"])
        audit_record(actor=actor, action=action, obj=report, before={"status": PlateReport.Status.OPEN},
                     after={"status": status, "resolution": resolution})
    return report


def plate_report_resolve(*, actor: User, report: PlateReport, resolution: str = "") -> PlateReport:
    return _handle(actor=actor, report=report, status=PlateReport.Status.RESOLVED, resolution=resolution,
                   action="places.plate_report.resolved")


def plate_report_dismiss(*, actor: User, report: PlateReport, resolution: str) -> PlateReport:
    return _handle(actor=actor, report=report, status=PlateReport.Status.DISMISSED, resolution=resolution,
                   action="places.plate_report.dismissed")
