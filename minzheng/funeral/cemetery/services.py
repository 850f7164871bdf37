"""Writes of the smart cemetery.

Each service runs in one transaction, checks its input (a Chinese ``ValidationError`` keyed by the
field, naming the field and the reason; nothing is written when one fails), writes, and records
one audit entry ``funeral.<object>.<verb>`` in the same transaction. The actor must hold
``funeral.manage_cemetery`` and see the facility (otherwise 404, like any out-of-scope record).

- ``plots_create``: a section's plots in one batch (rows × numbers), within the area limits.
- ``plot_reserve`` / ``plot_reservation_cancel`` / ``plot_purchase``: the plot row is locked
  (``select_for_update``) before its status is read, so two sales of one plot cannot both pass;
  ``PlotSale.plot`` being one-to-one is the database's last word.
- ``plot_interment_record``: the second of a double plot, or the first of a pre-purchase.
- ``use_period_renew``: the next 20-year cycle from the old end (``periods``).
- ``renewal_reminders_record``: the scheduled job; one reminder per period, ever.
- ``eco_burial_record``, ``conversion_project_create`` / ``_start`` / ``_complete``.
"""

from __future__ import annotations

import datetime as dt
import secrets
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.http import Http404

from minzheng.core import messages as core_messages
from minzheng.core.audit import audit_record, snapshot
from minzheng.core.models import User
from minzheng.core.scope import scope_for
from minzheng.facilities.sites.models import Facility
from minzheng.funeral.cemetery import messages, periods
from minzheng.funeral.cemetery.models import (
    AREA_LIMITS,
    FACILITY_KINDS,
    ConversionProject,
    EcoBurial,
    EcoBurialKind,
    Interment,
    Plot,
    PlotKind,
    PlotSale,
    PlotStatus,
    ProjectStatus,
    RenewalReminder,
    UsePeriod,
    capacity,
)
from minzheng.funeral.cemetery.selectors import PERM_MANAGE, renewal_notice_days, today
from minzheng.people.models import Person

SECTION_MAX = 20
ROW_MAX = 500
NUMBER_MAX = 2000
PLOTS_AT_ONCE = 1000
PLACE_MAX = 100
NOTE_MAX = 200
PLAN_MAX = 300
RESERVATION_DAYS_MAX = 90
PRICE_MAX = Decimal("10000000")
# Nothing in the registry goes back further; an earlier date is a typing slip.
EARLIEST = dt.date(1950, 1, 1)
CODE_BYTES = 16  # secrets.token_urlsafe(16): 22 characters, 128 random bits

PLOT_FIELDS = ["facility", "section", "row", "number", "kind", "area", "status", "reserved_until", "reserved_for"]
PROJECT_FIELDS = ["facility", "plan", "status", "started_on", "completed_on"]


def _plain(values: dict[str, Any]) -> dict[str, Any]:
    """Dates and amounts as the text the audit log stores (it is JSON)."""
    def one(v: Any) -> Any:
        if isinstance(v, (list, tuple)):
            return [one(x) for x in v]
        return str(v) if isinstance(v, (dt.date, Decimal)) else v
    return {k: one(v) for k, v in values.items()}


def new_code() -> str:
    """A plot's code: random and URL-safe, so nobody walks the plots by guessing."""
    return secrets.token_urlsafe(CODE_BYTES)


# ---- checks shared by the services --------------------------------------------------------------

def _require(actor: User | None) -> None:
    if actor is None or not actor.has_perm(PERM_MANAGE):
        raise PermissionDenied(messages.NO_PERMISSION)


def _in_scope(actor: User, region_code: str) -> None:
    if not scope_for(actor).contains(region_code):
        raise Http404(core_messages.NOT_FOUND)


def _authorize(actor: User, region_code: str) -> None:
    _require(actor)
    _in_scope(actor, region_code)


def _fail(errors: dict[str, list[str]]) -> None:
    if errors:
        raise ValidationError(errors)


def clean_day(value: Any, *, key: str, label: str, errors: dict[str, list[str]], future_ok: bool = False,
              earliest: dt.date = EARLIEST) -> dt.date | None:
    """A date from a form or a caller, with the field's own message when it is missing or absurd."""
    if value in (None, ""):
        errors.setdefault(key, []).append(messages.DATE_REQUIRED.format(label=label))
        return None
    if not isinstance(value, dt.date):
        try:
            value = dt.date.fromisoformat(str(value).strip())
        except ValueError:
            errors.setdefault(key, []).append(messages.DATE_BAD.format(label=label))
            return None
    if not future_ok and value > today():
        errors.setdefault(key, []).append(messages.DATE_IN_FUTURE.format(label=label))
    elif value < earliest:
        errors.setdefault(key, []).append(messages.DATE_TOO_EARLY.format(label=label, earliest=earliest))
    return value


def _area(value: Any, kind: str, errors: dict[str, list[str]]) -> Decimal | None:
    if value in (None, ""):
        if kind != PlotKind.NICHE:
            errors.setdefault("area", []).append(messages.AREA_REQUIRED)
        return None
    try:
        area = Decimal(str(value).strip())
    except InvalidOperation:
        errors.setdefault("area", []).append(messages.AREA_BAD)
        return None
    if not area.is_finite() or area != area.quantize(Decimal("0.01")) or area >= 1000:
        errors.setdefault("area", []).append(messages.AREA_BAD)
        return None
    if area <= 0:
        errors.setdefault("area", []).append(messages.AREA_NOT_POSITIVE)
        return None
    limit = AREA_LIMITS.get(kind)
    if limit is not None and area > limit:
        errors.setdefault("area", []).append(messages.AREA_OVER_LIMIT.format(
            kind=PlotKind(kind).label, limit=limit, area=area))
    return area


def _range(start: Any, end: Any, top: int) -> tuple[int, int] | None:
    try:
        a, b = int(start), int(end)
    except (TypeError, ValueError):
        return None
    return (a, b) if 1 <= a <= b <= top else None


def _lock_plot(plot: Plot) -> Plot:
    return Plot.objects.select_for_update().get(pk=plot.pk)


def _person_check(person: Person | None, *, key: str, label: str, errors: dict[str, list[str]]) -> None:
    if person is None:
        errors.setdefault(key, []).append(messages.PERSON_REQUIRED.format(label=label))


# ---- plots --------------------------------------------------------------------------------------

@transaction.atomic
def plots_create(*, actor: User, facility: Facility, section: str, row_from: int, row_to: int,
                 number_from: int, number_to: int, kind: str, area: Decimal | str | None) -> list[Plot]:
    """A section's plots, rows ``row_from``–``row_to`` × numbers ``number_from``–``number_to``, all
    of one kind and area, each with its own random code. None is written if any place is taken."""
    _authorize(actor, facility.region_code)
    errors: dict[str, list[str]] = {}
    if facility.kind not in FACILITY_KINDS:
        errors["facility"] = [messages.FACILITY_NOT_CEMETERY]
    elif facility.status == Facility.Status.CLOSED:
        errors["facility"] = [messages.FACILITY_CLOSED]
    section = (section or "").strip()
    if not section:
        errors["section"] = [messages.SECTION_REQUIRED]
    elif len(section) > SECTION_MAX:
        errors["section"] = [messages.SECTION_TOO_LONG.format(max=SECTION_MAX)]
    if kind not in PlotKind.values:
        errors["kind"] = [messages.KIND_UNKNOWN]
    elif facility.kind in FACILITY_KINDS and kind not in FACILITY_KINDS[facility.kind]:
        errors["kind"] = [messages.KIND_NOT_FOR_FACILITY.format(
            facility=facility.get_kind_display(),
            kinds="、".join(PlotKind(k).label for k in FACILITY_KINDS[facility.kind]))]
    plot_area = _area(area, kind, errors) if kind in PlotKind.values else None
    rows = _range(row_from, row_to, ROW_MAX)
    if rows is None:
        errors["row_from"] = [messages.ROW_RANGE_BAD.format(max=ROW_MAX)]
    numbers = _range(number_from, number_to, NUMBER_MAX)
    if numbers is None:
        errors["number_from"] = [messages.NUMBER_RANGE_BAD.format(max=NUMBER_MAX)]
    if rows and numbers:
        count = (rows[1] - rows[0] + 1) * (numbers[1] - numbers[0] + 1)
        if count > PLOTS_AT_ONCE:
            errors["number_to"] = [messages.TOO_MANY_AT_ONCE.format(max=PLOTS_AT_ONCE, count=count)]
    _fail(errors)
    assert rows and numbers
    taken = list(Plot.objects.filter(facility=facility, section=section, row__range=rows, number__range=numbers)
                 .order_by("row", "number").values_list("row", "number")[:10])
    if taken:
        raise ValidationError({"number_from": [messages.PLACES_TAKEN.format(
            section=section, places="、".join(f"{r}排{n}号" for r, n in taken))]})
    plots = [Plot(facility=facility, region_code=facility.region_code, section=section, row=r, number=n, kind=kind,
                  area=plot_area, code=new_code())
             for r in range(rows[0], rows[1] + 1) for n in range(numbers[0], numbers[1] + 1)]
    try:
        with transaction.atomic():
            Plot.objects.bulk_create(plots)
    except IntegrityError as exc:  # another officer added some of these places meanwhile
        raise ValidationError({"number_from": [messages.PLACES_TAKEN.format(section=section, places="（刚被占用）")]}) \
            from exc
    audit_record(actor=actor, action="funeral.plots.created", obj=facility, region_code=facility.region_code,
                 after=_plain({"section": section, "rows": list(rows), "numbers": list(numbers), "kind": kind,
                        "area": plot_area, "count": len(plots)}),
                 object_repr=f"{facility.name} {section}区 {len(plots)}个墓穴")
    return plots


def _holder_for(*, plot: Plot, day: dt.date) -> int | None:
    """Who holds a live reservation of the plot, or None."""
    if plot.status == PlotStatus.RESERVED and plot.reserved_until is not None and plot.reserved_until >= day:
        return plot.reserved_for_id
    return None


@transaction.atomic
def plot_reserve(*, actor: User, plot: Plot, person: Person | None, until: dt.date | str) -> Plot:
    """Hold an available plot for a person until a day (at most ``RESERVATION_DAYS_MAX`` ahead)."""
    _authorize(actor, plot.region_code)
    locked = _lock_plot(plot)
    day = today()
    errors: dict[str, list[str]] = {}
    _person_check(person, key="person", label="预订人", errors=errors)
    if person is not None and person.status == Person.Status.DECEASED:
        errors["person"] = [messages.RESERVER_DECEASED]
    end = clean_day(until, key="until", label="预订保留至", errors=errors, future_ok=True)
    if end is not None and end < day:
        errors["until"] = [messages.RESERVE_UNTIL_PAST]
    latest = day + dt.timedelta(days=RESERVATION_DAYS_MAX)
    if end is not None and end > latest:
        errors["until"] = [messages.RESERVE_UNTIL_TOO_FAR.format(days=RESERVATION_DAYS_MAX, latest=latest)]
    if locked.status == PlotStatus.SOLD:
        errors["plot"] = [messages.PLOT_SOLD]
    elif (holder := _holder_for(plot=locked, day=day)) is not None and person is not None and holder != person.pk:
        errors["plot"] = [messages.PLOT_RESERVED_FOR_OTHER.format(until=locked.reserved_until)]
    _fail(errors)
    before = snapshot(locked, PLOT_FIELDS)
    locked.status, locked.reserved_until, locked.reserved_for = PlotStatus.RESERVED, end, person
    locked.save(update_fields=["status", "reserved_until", "reserved_for"])
    audit_record(actor=actor, action="funeral.plot.reserved", obj=locked, before=before,
                 after=snapshot(locked, PLOT_FIELDS), object_repr=f"{locked.facility.name} {locked}")
    return locked


@transaction.atomic
def plot_reservation_cancel(*, actor: User, plot: Plot) -> Plot:
    _authorize(actor, plot.region_code)
    locked = _lock_plot(plot)
    if locked.status != PlotStatus.RESERVED:
        raise ValidationError({"plot": [messages.PLOT_NOT_RESERVED]})
    before = snapshot(locked, PLOT_FIELDS)
    locked.status, locked.reserved_until, locked.reserved_for = PlotStatus.AVAILABLE, None, None
    locked.save(update_fields=["status", "reserved_until", "reserved_for"])
    audit_record(actor=actor, action="funeral.plot.reservation_cancelled", obj=locked, before=before,
                 after=snapshot(locked, PLOT_FIELDS), object_repr=f"{locked.facility.name} {locked}")
    return locked


def _deceased_check(deceased: Person, *, plot: Plot, on: dt.date | None, label: str,
                    errors: dict[str, list[str]]) -> None:
    if deceased.status != Person.Status.DECEASED:
        errors.setdefault("deceased", []).append(messages.DECEASED_NOT_DECEASED)
        return
    if Interment.objects.filter(person=deceased).exists():
        errors.setdefault("deceased", []).append(messages.DECEASED_ALREADY_BURIED)
    if on is not None and deceased.death_date and on < deceased.death_date:
        errors.setdefault("interred_on", []).append(messages.DATE_BEFORE_DEATH.format(
            label=label, death=deceased.death_date))


def _price(value: Any, errors: dict[str, list[str]]) -> Decimal | None:
    try:
        price = Decimal(str(value).strip())
    except (InvalidOperation, TypeError):
        errors["price"] = [messages.PRICE_BAD]
        return None
    if not price.is_finite() or price < 0 or price != price.quantize(Decimal("0.01")) or price > PRICE_MAX:
        errors["price"] = [messages.PRICE_BAD]
        return None
    return price


@transaction.atomic
def plot_purchase(*, actor: User, plot: Plot, holder: Person | None, sold_on: dt.date | str,
                  price: Decimal | str, deceased: Person | None = None,
                  interred_on: dt.date | str | None = None) -> PlotSale:
    """Sell a plot to ``holder`` and open its first 20-year use period (from the day after the
    sale). A single plot or a niche is bought for the deceased laid in it; a double plot may be
    bought ahead (no deceased yet). The plot must be available, or reserved for this holder."""
    _authorize(actor, plot.region_code)
    locked = _lock_plot(plot)
    errors: dict[str, list[str]] = {}
    day = clean_day(sold_on, key="sold_on", label="购买日期", errors=errors)
    amount = _price(price, errors)
    _person_check(holder, key="holder", label="使用权人", errors=errors)
    if holder is not None and holder.status == Person.Status.DECEASED:
        errors["holder"] = [messages.HOLDER_DECEASED]
    laid_on = None
    if deceased is None:
        if locked.kind not in (PlotKind.ASH_DOUBLE, PlotKind.BODY_DOUBLE):
            errors["deceased"] = [messages.DECEASED_REQUIRED_SINGLE]
    else:
        if holder is not None and deceased.pk == holder.pk:
            errors["deceased"] = [messages.DECEASED_IS_HOLDER]
        if interred_on or day:  # a bad purchase date is reported once, on its own field
            laid_on = clean_day(interred_on or day, key="interred_on", label="安葬日期", errors=errors)
        if laid_on is not None and day is not None and laid_on < day:
            errors["interred_on"] = [messages.DATE_BEFORE_SALE.format(label="安葬日期", sold=day)]
        _deceased_check(deceased, plot=locked, on=laid_on, label="安葬日期", errors=errors)
    if locked.status == PlotStatus.SOLD:
        errors["plot"] = [messages.PLOT_SOLD]
    elif (reserved := _holder_for(plot=locked, day=today())) is not None and (holder is None or reserved != holder.pk):
        errors["plot"] = [messages.PLOT_RESERVED_FOR_OTHER.format(until=locked.reserved_until)]
    _fail(errors)
    assert day is not None and holder is not None and amount is not None
    before = snapshot(locked, PLOT_FIELDS)
    try:
        with transaction.atomic():
            sale = PlotSale.objects.create(plot=locked, region_code=locked.region_code, holder=holder, sold_on=day,
                                           price=amount, created_by=actor)
    except IntegrityError as exc:
        raise ValidationError({"plot": [messages.PLOT_SOLD]}) from exc
    start, end = periods.first_period(day)
    UsePeriod.objects.create(plot=locked, region_code=locked.region_code, cycle=1, starts_on=start, ends_on=end,
                             created_by=actor)
    if deceased is not None:
        Interment.objects.create(plot=locked, region_code=locked.region_code, person=deceased, interred_on=laid_on)
    locked.status, locked.reserved_until, locked.reserved_for = PlotStatus.SOLD, None, None
    locked.save(update_fields=["status", "reserved_until", "reserved_for"])
    audit_record(actor=actor, action="funeral.plot.sold", obj=locked, before=before,
                 after=_plain({**snapshot(locked, PLOT_FIELDS), "holder": holder.pk, "sold_on": day, "price": amount,
                        "deceased": deceased.pk if deceased else None, "period": [start, end]}),
                 object_repr=f"{locked.facility.name} {locked}")
    return sale


@transaction.atomic
def plot_interment_record(*, actor: User, plot: Plot, deceased: Person | None,
                          interred_on: dt.date | str) -> Interment:
    """Lay a deceased person in a sold plot that has room (a double plot takes two)."""
    _authorize(actor, plot.region_code)
    locked = _lock_plot(plot)
    errors: dict[str, list[str]] = {}
    laid_on = clean_day(interred_on, key="interred_on", label="安葬日期", errors=errors)
    _person_check(deceased, key="deceased", label="逝者", errors=errors)
    sale = PlotSale.objects.filter(plot=locked).first()
    if sale is None:
        errors["plot"] = [messages.PLOT_NOT_SOLD]
    elif Interment.objects.filter(plot=locked).count() >= capacity(locked.kind):
        errors["deceased"] = [messages.PLOT_FULL.format(capacity=capacity(locked.kind))]
    if sale is not None and laid_on is not None and laid_on < sale.sold_on:
        errors["interred_on"] = [messages.DATE_BEFORE_SALE.format(label="安葬日期", sold=sale.sold_on)]
    if deceased is not None:
        _deceased_check(deceased, plot=locked, on=laid_on, label="安葬日期", errors=errors)
    _fail(errors)
    assert deceased is not None and laid_on is not None
    interment = Interment.objects.create(plot=locked, region_code=locked.region_code, person=deceased,
                                         interred_on=laid_on)
    audit_record(actor=actor, action="funeral.plot.interred", obj=locked,
                 after=_plain({"deceased": deceased.pk, "interred_on": laid_on}),
                 object_repr=f"{locked.facility.name} {locked}")
    return interment


@transaction.atomic
def use_period_renew(*, actor: User, plot: Plot) -> UsePeriod:
    """Add the next 20-year cycle after the current one, from its end; allowed from the notice
    days before that end on (and after it, for a period that ran out unrenewed)."""
    _authorize(actor, plot.region_code)
    locked = _lock_plot(plot)
    current = UsePeriod.objects.select_for_update().filter(plot=locked, renewed=False).first()
    if current is None:
        raise ValidationError({"plot": [messages.RENEW_NOT_SOLD]})
    notice = renewal_notice_days()
    if current.ends_on > today() + dt.timedelta(days=notice):
        raise ValidationError({"plot": [messages.RENEW_TOO_EARLY.format(end=current.ends_on, days=notice)]})
    start, end = periods.next_period(current.ends_on)
    current.renewed = True
    current.save(update_fields=["renewed"])
    renewed = UsePeriod.objects.create(plot=locked, region_code=locked.region_code, cycle=current.cycle + 1,
                                       starts_on=start, ends_on=end, created_by=actor)
    audit_record(actor=actor, action="funeral.use_period.renewed", obj=locked,
                 before=_plain({"cycle": current.cycle, "ends_on": current.ends_on}),
                 after=_plain({"cycle": renewed.cycle, "starts_on": start, "ends_on": end}),
                 object_repr=f"{locked.facility.name} {locked}")
    return renewed


@transaction.atomic
def renewal_reminders_record(*, as_of: dt.date | None = None, days: int | None = None) -> int:
    """The scheduled job: a reminder for every current use period that ends within the notice
    days of ``as_of`` (today) and has none yet, set-based. Run twice, the second run writes
    nothing (one reminder per period is a unique constraint, and the query skips those)."""
    day = as_of or today()
    notice = renewal_notice_days() if days is None else days
    due = (UsePeriod.objects.filter(renewed=False, ends_on__lte=day + dt.timedelta(days=notice),
                                    reminder__isnull=True)
           .values_list("pk", "region_code", "ends_on"))
    reminders = [RenewalReminder(use_period_id=pk, region_code=region, due_on=ends, recorded_on=day)
                 for pk, region, ends in due.iterator()]
    if not reminders:
        return 0
    RenewalReminder.objects.bulk_create(reminders, batch_size=2000, ignore_conflicts=True)
    audit_record(actor=None, action="funeral.renewal_reminders.recorded", obj=reminders[0].use_period,
                 region_code="330500000000", after=_plain({"as_of": day, "days": notice, "count": len(reminders)}),
                 object_repr=f"续期提醒 {len(reminders)} 条")
    return len(reminders)


# ---- eco burials --------------------------------------------------------------------------------

@transaction.atomic
def eco_burial_record(*, actor: User, person: Person | None, kind: str, buried_on: dt.date | str, place: str,
                      facility: Facility | None = None, note: str = "") -> EcoBurial:
    """A 节地生态安葬 of a deceased registry person. It belongs to the facility's region when it
    took place in a cemetery or columbarium, else to the deceased's own region; either must be
    in the actor's scope."""
    _require(actor)
    if facility is not None:
        _in_scope(actor, facility.region_code)
    errors: dict[str, list[str]] = {}
    if kind not in EcoBurialKind.values:
        errors["kind"] = [messages.ECO_KIND_UNKNOWN]
    place = (place or "").strip()
    if not place:
        errors["place"] = [messages.PLACE_REQUIRED]
    elif len(place) > PLACE_MAX:
        errors["place"] = [messages.PLACE_TOO_LONG.format(max=PLACE_MAX)]
    note = (note or "").strip()
    if len(note) > NOTE_MAX:
        errors["note"] = [messages.NOTE_TOO_LONG.format(max=NOTE_MAX)]
    if facility is not None and facility.kind not in FACILITY_KINDS:
        errors["facility"] = [messages.FACILITY_NOT_CEMETERY]
    day = clean_day(buried_on, key="buried_on", label="安葬日期", errors=errors)
    _person_check(person, key="person", label="逝者", errors=errors)
    if person is not None:
        if person.status != Person.Status.DECEASED:
            errors["person"] = [messages.DECEASED_NOT_DECEASED]
        elif EcoBurial.objects.filter(person=person).exists():
            errors["person"] = [messages.ECO_ALREADY]
        elif day is not None and person.death_date and day < person.death_date:
            errors["buried_on"] = [messages.DATE_BEFORE_DEATH.format(label="安葬日期", death=person.death_date)]
        if facility is None and not scope_for(actor).contains(person.region_code):
            errors.setdefault("facility", []).append(messages.REGION_OUT_OF_SCOPE)
    _fail(errors)
    assert person is not None and day is not None
    burial = EcoBurial(kind=kind, person=person, buried_on=day, place=place, facility=facility, note=note,
                       region_code=facility.region_code if facility is not None else person.region_code,
                       created_by=actor)
    try:
        with transaction.atomic():
            burial.save()
    except IntegrityError as exc:
        raise ValidationError({"person": [messages.ECO_ALREADY]}) from exc
    audit_record(actor=actor, action="funeral.eco_burial.recorded", obj=burial,
                 after=_plain({"kind": kind, "person": person.pk, "buried_on": day, "place": place,
                        "facility": facility.pk if facility else None}))
    return burial


# ---- conversion projects ------------------------------------------------------------------------

@transaction.atomic
def conversion_project_create(*, actor: User, facility: Facility, plan: str) -> ConversionProject:
    """A planned 生态化改造 of an old cemetery."""
    _authorize(actor, facility.region_code)
    errors: dict[str, list[str]] = {}
    if facility.kind != "cemetery":
        errors["facility"] = [messages.PROJECT_ONLY_CEMETERY]
    plan = (plan or "").strip()
    if not plan:
        errors["plan"] = [messages.PLAN_REQUIRED]
    elif len(plan) > PLAN_MAX:
        errors["plan"] = [messages.PLAN_TOO_LONG.format(max=PLAN_MAX)]
    _fail(errors)
    project = ConversionProject.objects.create(facility=facility, region_code=facility.region_code, plan=plan,
                                               created_by=actor)
    audit_record(actor=actor, action="funeral.conversion.created", obj=project,
                 after=snapshot(project, PROJECT_FIELDS))
    return project


def _lock_project(project: ConversionProject) -> ConversionProject:
    return ConversionProject.objects.select_for_update().get(pk=project.pk)


@transaction.atomic
def conversion_project_start(*, actor: User, project: ConversionProject,
                             started_on: dt.date | str) -> ConversionProject:
    _authorize(actor, project.region_code)
    locked = _lock_project(project)
    errors: dict[str, list[str]] = {}
    day = clean_day(started_on, key="started_on", label="开工日期", errors=errors)
    if locked.status != ProjectStatus.PLANNED:
        errors["started_on"] = [messages.PROJECT_ALREADY_STARTED]
    _fail(errors)
    before = snapshot(locked, PROJECT_FIELDS)
    locked.status, locked.started_on = ProjectStatus.UNDERWAY, day
    locked.save(update_fields=["status", "started_on"])
    audit_record(actor=actor, action="funeral.conversion.started", obj=locked, before=before,
                 after=snapshot(locked, PROJECT_FIELDS))
    return locked


@transaction.atomic
def conversion_project_complete(*, actor: User, project: ConversionProject,
                                completed_on: dt.date | str) -> ConversionProject:
    _authorize(actor, project.region_code)
    locked = _lock_project(project)
    errors: dict[str, list[str]] = {}
    day = clean_day(completed_on, key="completed_on", label="完工日期", errors=errors)
    if locked.status == ProjectStatus.PLANNED:
        errors["completed_on"] = [messages.PROJECT_NOT_STARTED]
    elif locked.status == ProjectStatus.COMPLETED:
        errors["completed_on"] = [messages.PROJECT_ALREADY_COMPLETED]
    elif day is not None and locked.started_on is not None and day < locked.started_on:
        errors["completed_on"] = [messages.COMPLETED_BEFORE_START.format(started=locked.started_on)]
    _fail(errors)
    before = snapshot(locked, PROJECT_FIELDS)
    locked.status, locked.completed_on = ProjectStatus.COMPLETED, day
    locked.save(update_fields=["status", "completed_on"])
    audit_record(actor=actor, action="funeral.conversion.completed", obj=locked, before=before,
                 after=snapshot(locked, PROJECT_FIELDS))
    return locked
