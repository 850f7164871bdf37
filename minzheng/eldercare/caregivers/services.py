"""Writes on the caregiver registry (养老护理员). Each runs in one transaction, checks its input (a
Chinese ``ValidationError`` keyed by the field at fault, every fault at once), writes, records one
audit entry ``eldercare.caregiver.<verb>`` / ``eldercare.caregiver_award.added`` /
``eldercare.allowance_standard.added`` and returns what it wrote; a refusal writes nothing.

- ``caregiver_register``: a person in post at a care home or a community care centre the actor
  sees (else 404), with ``eldercare.manage_caregivers``; with a certificate (level, number and
  date together) or none (an uncertified care worker). ``region_code`` is the employer's.
- ``caregiver_level_change``: a new certificate (an upgrade, or a correction) of one in post.
- ``caregiver_leave``: the day they leave; the row stays, for past months' allowance and counts.
- ``caregiver_award_add``: a prize of a skill competition.
- ``allowance_standard_add`` (``eldercare.manage_caregiver_allowance``, within the actor's scope):
  a new monthly amount of one tier from a month on; rows are never overwritten.

The allowance itself is granted and paid through the benefits engine: ``caregivers.allowance``.
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

from minzheng.benefits.applications.counting import age_on
from minzheng.benefits.money import parse_month
from minzheng.core import messages as core_messages
from minzheng.core.audit import audit_record, snapshot
from minzheng.core.models import Region, User
from minzheng.core.scope import scope_for
from minzheng.eldercare.caregivers import messages, selectors
from minzheng.eldercare.caregivers.models import (
    AllowanceStandard,
    AwardLevel,
    Caregiver,
    CaregiverAward,
    CertificateLevel,
)
from minzheng.facilities.sites.models import Facility
from minzheng.facilities.sites.selectors import facilities_visible
from minzheng.people.models import Person

PERM_MANAGE = selectors.PERM_MANAGE
PERM_ALLOWANCE = selectors.PERM_ALLOWANCE
CAREGIVER_FIELDS = [
    "person",
    "employer",
    "region_code",
    "level",
    "certificate_number",
    "certified_on",
    "started_on",
    "left_on",
]
AWARD_FIELDS = ["caregiver", "name", "level", "rank", "awarded_on"]
STANDARD_FIELDS = ["level", "min_years", "region_prefix", "effective_from", "amount", "note"]
# Nothing in the registry goes back further; a date before it is a typing slip.
EARLIEST = dt.date(1960, 1, 1)
WORKING_AGE = 16  # the legal minimum working age (劳动法 art. 15)
NUMBER_RE = re.compile(r"^[0-9A-Za-z-]{1,40}$")
AWARD_NAME_MAX, AWARD_RANK_MAX = 100, 30
YEARS_MAX = 60
AMOUNT_MAX = Decimal("10000.00")
NOTE_MAX = 200
PREFIX_LENGTHS = (4, 6, 9, 12)
FEN = Decimal("0.01")


def _text(value: Any) -> str:
    return "" if value is None else str(value).strip()


def _date(
    value: Any, *, key: str, label: str, errors: dict[str, list[str]], required: str = ""
) -> dt.date | None:
    """A date of the form, checked: not in the future, not before ``EARLIEST``. Faults go to ``errors``."""
    if value is None or value == "":
        if required:
            errors[key] = [required]
        return None
    if not isinstance(value, dt.date):
        try:
            value = dt.date.fromisoformat(_text(value))
        except ValueError:
            errors[key] = [messages.DATE_INVALID.format(field=label)]
            return None
    if value > timezone.localdate():
        errors[key] = [messages.DATE_FUTURE.format(field=label)]
    elif value < EARLIEST:
        errors[key] = [messages.DATE_TOO_EARLY.format(field=label, earliest=EARLIEST.isoformat())]
    return value


def _certificate(
    *, level: Any, number: Any, certified_on: Any, errors: dict[str, list[str]]
) -> tuple[str, str, dt.date | None]:
    """(level, number, date) checked together: all three, or none of them."""
    level, number = _text(level), _text(number).upper()
    if level and level not in CertificateLevel.values:
        errors["level"] = [messages.LEVEL_INVALID]
    day = _date(certified_on, key="certified_on", label="发证日期", errors=errors)
    if not level:
        if number or day is not None:
            errors["certificate_number"] = [messages.NUMBER_WITHOUT_LEVEL]
        return "", "", None
    if not number:
        errors["certificate_number"] = [messages.NUMBER_REQUIRED]
    elif not NUMBER_RE.match(number):
        errors["certificate_number"] = [messages.NUMBER_INVALID]
    if day is None and "certified_on" not in errors:
        errors["certified_on"] = [messages.CERTIFIED_REQUIRED]
    return level, number, day


def _number_free(number: str, *, caregiver: Caregiver | None, errors: dict[str, list[str]]) -> None:
    if not number:
        return
    taken = Caregiver.objects.select_related("person").filter(certificate_number=number)
    if caregiver is not None:
        taken = taken.exclude(pk=caregiver.pk)
    other = taken.first()
    if other is not None:
        errors["certificate_number"] = [messages.NUMBER_TAKEN.format(name=other.person.name, pk=other.pk)]


def _authorize(actor: User | None, caregiver: Caregiver | None = None) -> None:
    if actor is None or not actor.has_perm(PERM_MANAGE):
        raise PermissionDenied(messages.PERMISSION_MANAGE)
    if (
        caregiver is not None
        and not selectors.caregivers_visible(user=actor).filter(pk=caregiver.pk).exists()
    ):
        raise Http404(core_messages.NOT_FOUND)


def _employer(actor: User, employer: Facility | None, errors: dict[str, list[str]]) -> None:
    """404 for a site the actor cannot see (nobody learns it exists); a site of another kind, or
    closed, refused on its field."""
    if employer is None:
        errors["employer"] = [messages.EMPLOYER_REQUIRED]
        return
    if not facilities_visible(user=actor).filter(pk=employer.pk).exists():
        raise Http404(core_messages.NOT_FOUND)
    if employer.kind not in selectors.EMPLOYER_KINDS:
        errors["employer"] = [messages.EMPLOYER_KIND.format(kind=employer.get_kind_display())]
    elif employer.status == Facility.Status.CLOSED:
        errors["employer"] = [messages.EMPLOYER_CLOSED]


def _save(obj: Any, errors_key: str, message: str) -> None:
    """Save under a savepoint: a race that breaks a unique constraint is refused on its field."""
    try:
        with transaction.atomic():
            obj.save()
    except IntegrityError as exc:
        raise ValidationError({errors_key: [message]}) from exc


@transaction.atomic
def caregiver_register(
    *,
    actor: User,
    person: Person | None,
    employer: Facility | None,
    started_on: dt.date | str | None,
    level: str = "",
    certificate_number: str = "",
    certified_on: dt.date | str | None = None,
) -> Caregiver:
    """Register a person in post at a care home or community care centre. A person already in post
    (anywhere) is refused: they leave first. A dead person is refused, as is a start before the
    person was 16."""
    _authorize(actor)
    errors: dict[str, list[str]] = {}
    _employer(actor, employer, errors)
    started = _date(
        started_on, key="started_on", label="从业起始日期", errors=errors, required=messages.STARTED_REQUIRED
    )
    level, number, certified = _certificate(
        level=level, number=certificate_number, certified_on=certified_on, errors=errors
    )
    if person is None:
        errors["person"] = [messages.PERSON_REQUIRED]
    else:
        if person.status == Person.Status.DECEASED:
            errors["person"] = [messages.PERSON_DECEASED.format(name=person.name)]
        else:
            active = selectors.caregiver_active_of(person=person)
            if active is not None:
                errors["person"] = [
                    messages.PERSON_ACTIVE.format(
                        name=person.name, employer=active.employer.name, pk=active.pk
                    )
                ]
        if (
            started is not None
            and "started_on" not in errors
            and age_on(person.birth_date, started) < WORKING_AGE
        ):
            errors["started_on"] = [messages.PERSON_TOO_YOUNG.format(age=WORKING_AGE)]
    _number_free(number, caregiver=None, errors=errors)
    if errors:
        raise ValidationError(errors)
    assert person is not None and employer is not None and started is not None
    caregiver = Caregiver(
        person=person,
        employer=employer,
        region_code=employer.region_code,
        level=level,
        certificate_number=number,
        certified_on=certified,
        started_on=started,
    )
    _save(
        caregiver, "person", messages.PERSON_ACTIVE.format(name=person.name, employer=employer.name, pk="—")
    )
    audit_record(
        actor=actor,
        action="eldercare.caregiver.registered",
        obj=caregiver,
        after=snapshot(caregiver, CAREGIVER_FIELDS),
        object_repr=f"{person.name} @{employer.name}",
    )
    return caregiver


def _in_post(caregiver: Caregiver) -> None:
    if caregiver.left_on is not None:
        raise ValidationError({"left_on": [messages.NOT_ACTIVE.format(date=caregiver.left_on.isoformat())]})


@transaction.atomic
def caregiver_level_change(
    *,
    actor: User,
    caregiver: Caregiver,
    level: str,
    certificate_number: str = "",
    certified_on: dt.date | str | None = None,
) -> Caregiver:
    """A new certificate for a caregiver in post (an upgrade, or a correction); blank takes the
    certificate away (revoked). The allowance follows from the next month granted."""
    _authorize(actor, caregiver)
    caregiver = Caregiver.objects.select_for_update().select_related("person").get(pk=caregiver.pk)
    _in_post(caregiver)
    errors: dict[str, list[str]] = {}
    level, number, certified = _certificate(
        level=level, number=certificate_number, certified_on=certified_on, errors=errors
    )
    if not errors and (level, number, certified) == (
        caregiver.level,
        caregiver.certificate_number,
        caregiver.certified_on,
    ):
        errors["level"] = [
            messages.LEVEL_SAME.format(level=caregiver.get_level_display() or "未持证", number=number or "—")
        ]
    _number_free(number, caregiver=caregiver, errors=errors)
    if errors:
        raise ValidationError(errors)
    before = snapshot(caregiver, CAREGIVER_FIELDS)
    caregiver.level, caregiver.certificate_number, caregiver.certified_on = level, number, certified
    _save(caregiver, "certificate_number", messages.NUMBER_TAKEN.format(name="—", pk="—"))
    audit_record(
        actor=actor,
        action="eldercare.caregiver.level_changed",
        obj=caregiver,
        before=before,
        after=snapshot(caregiver, CAREGIVER_FIELDS),
        object_repr=caregiver.person.name,
    )
    return caregiver


@transaction.atomic
def caregiver_leave(*, actor: User, caregiver: Caregiver, left_on: dt.date | str | None) -> Caregiver:
    """The caregiver leaves the post on ``left_on`` (their first day away). The row stays: past
    months' allowance and indicators still find them; the allowance stops from the month after."""
    _authorize(actor, caregiver)
    caregiver = Caregiver.objects.select_for_update().select_related("person").get(pk=caregiver.pk)
    _in_post(caregiver)
    errors: dict[str, list[str]] = {}
    day = _date(left_on, key="left_on", label="离职日期", errors=errors, required=messages.LEFT_REQUIRED)
    if day is not None and "left_on" not in errors and day < caregiver.started_on:
        errors["left_on"] = [messages.LEFT_BEFORE_START.format(date=caregiver.started_on.isoformat())]
    if errors:
        raise ValidationError(errors)
    before = snapshot(caregiver, CAREGIVER_FIELDS)
    caregiver.left_on = day
    caregiver.save(update_fields=["left_on", "updated_at"])
    audit_record(
        actor=actor,
        action="eldercare.caregiver.left",
        obj=caregiver,
        before=before,
        after=snapshot(caregiver, CAREGIVER_FIELDS),
        object_repr=caregiver.person.name,
    )
    return caregiver


@transaction.atomic
def caregiver_award_add(
    *, actor: User, caregiver: Caregiver, name: str, level: str, rank: str, awarded_on: dt.date | str | None
) -> CaregiverAward:
    """A prize of a skill competition, or an honour. The same prize (name and day) twice is refused."""
    _authorize(actor, caregiver)
    errors: dict[str, list[str]] = {}
    name, rank, level = _text(name), _text(rank), _text(level)
    if not name or len(name) > AWARD_NAME_MAX:
        errors["name"] = [messages.AWARD_NAME_REQUIRED.format(max=AWARD_NAME_MAX)]
    if level not in AwardLevel.values:
        errors["level"] = [messages.AWARD_LEVEL_INVALID]
    if not rank or len(rank) > AWARD_RANK_MAX:
        errors["rank"] = [messages.AWARD_RANK_REQUIRED.format(max=AWARD_RANK_MAX)]
    day = _date(
        awarded_on,
        key="awarded_on",
        label="获奖日期",
        errors=errors,
        required=messages.DATE_INVALID.format(field="获奖日期"),
    )
    if (
        not errors
        and day is not None
        and CaregiverAward.objects.filter(caregiver=caregiver, name=name, awarded_on=day).exists()
    ):
        errors["name"] = [messages.AWARD_EXISTS.format(date=day, name=name)]
    if errors or day is None:
        raise ValidationError(errors)
    award = CaregiverAward(
        caregiver=caregiver,
        region_code=caregiver.region_code,
        name=name,
        level=level,
        rank=rank,
        awarded_on=day,
        created_by=actor,
    )
    _save(award, "name", messages.AWARD_EXISTS.format(date=day, name=name))
    audit_record(
        actor=actor,
        action="eldercare.caregiver_award.added",
        obj=award,
        after=snapshot(award, AWARD_FIELDS),
        object_repr=f"{caregiver.person.name} {name} {rank}",
    )
    return award


# ---- the allowance standards -----------------------------------------------------------------------


def clean_region_prefix(value: Any, *, actor: User) -> str:
    """A region prefix: 4, 6, 9 or 12 digits of a region inside the actor's scope."""
    prefix = _text(value)
    if not prefix.isdigit() or len(prefix) not in PREFIX_LENGTHS:
        raise ValidationError({"region_prefix": [messages.REGION_INVALID]})
    if not Region.objects.filter(code=prefix.ljust(12, "0")).exists() and not (
        len(prefix) == 12 and Region.objects.filter(code=prefix).exists()
    ):
        raise ValidationError({"region_prefix": [messages.REGION_UNKNOWN.format(code=prefix)]})
    if not scope_for(actor).contains(prefix.ljust(12, "0")):
        raise ValidationError({"region_prefix": [messages.REGION_OUT_OF_SCOPE.format(code=prefix)]})
    return prefix


def clean_month(value: Any, *, key: str = "month", message: str = messages.MONTH_INVALID) -> dt.date:
    if isinstance(value, dt.date):
        return value.replace(day=1)
    try:
        return parse_month(_text(value))
    except ValueError:
        raise ValidationError({key: [message.format(value=_text(value))]}) from None


def _amount(value: Any) -> Decimal:
    error = ValidationError({"amount": [messages.STANDARD_AMOUNT_INVALID.format(max=AMOUNT_MAX)]})
    try:
        amount = Decimal(_text(value))
    except (InvalidOperation, ValueError):
        raise error from None
    if not amount.is_finite() or amount < 0 or amount > AMOUNT_MAX or amount != amount.quantize(FEN):
        raise error
    return amount.quantize(FEN)


def _years(value: Any) -> int:
    text = _text(value)
    if not text.isdigit() or int(text) > YEARS_MAX:
        raise ValidationError({"min_years": [messages.STANDARD_YEARS_INVALID.format(max=YEARS_MAX)]})
    return int(text)


@transaction.atomic
def allowance_standard_add(
    *,
    actor: User,
    level: str,
    min_years: int | str,
    region_prefix: str,
    effective_from: str | dt.date,
    amount: str | Decimal,
    note: str = "",
) -> AllowanceStandard:
    """A new monthly allowance for a tier (level, from ``min_years`` full years of service), a region
    prefix and a month on. Never overwritten: months already paid keep what they were paid."""
    if actor is None or not actor.has_perm(PERM_ALLOWANCE):
        raise PermissionDenied(messages.PERMISSION_ALLOWANCE)
    errors: dict[str, list[str]] = {}
    values: dict[str, Any] = {}
    if level not in CertificateLevel.values:
        errors["level"] = [messages.STANDARD_LEVEL_INVALID]
    checks = {
        "min_years": lambda: _years(min_years),
        "region_prefix": lambda: clean_region_prefix(region_prefix, actor=actor),
        "effective_from": lambda: clean_month(
            effective_from, key="effective_from", message=messages.STANDARD_MONTH_INVALID
        ),
        "amount": lambda: _amount(amount),
    }
    for key, check in checks.items():
        try:
            values[key] = check()
        except ValidationError as exc:
            errors.update(exc.message_dict)
    note = _text(note)
    if len(note) > NOTE_MAX:
        errors["note"] = [messages.STANDARD_NOTE_TOO_LONG.format(max=NOTE_MAX)]
    if errors:
        raise ValidationError(errors)
    tier = {
        "level": level,
        "min_years": values["min_years"],
        "region_prefix": values["region_prefix"],
        "effective_from": values["effective_from"],
    }
    existing = AllowanceStandard.objects.filter(**tier).first()
    exists = messages.STANDARD_EXISTS.format(
        region=values["region_prefix"],
        month=values["effective_from"].strftime("%Y-%m"),
        amount=existing.amount if existing else values["amount"],
    )
    if existing is not None:
        raise ValidationError({"effective_from": [exists]})
    standard = AllowanceStandard(**tier, amount=values["amount"], note=note, created_by=actor)
    _save(standard, "effective_from", exists)
    audit_record(
        actor=actor,
        action="eldercare.allowance_standard.added",
        obj=standard,
        region_code=values["region_prefix"].ljust(12, "0"),
        after=snapshot(standard, STANDARD_FIELDS),
    )
    return standard
