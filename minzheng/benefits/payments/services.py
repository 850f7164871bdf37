"""Writes on payment runs and bank accounts.

- ``payment_run_start``: check the program, the period and the region (Chinese errors keyed by
  field), find or create the one run for them (the database's unique constraint decides a race),
  and compute it, now or in a background task. Starting a run again resumes an interrupted one,
  adds the lines of a computed one that are missing (none when nothing changed), and leaves an
  approved one alone. Computing is many transactions, one per batch, by design (``compute``).
- ``payment_run_approve``: maker and checker are different people; a run is approved once.
- ``payment_run_export`` / ``payment_run_import_returns``: the bank file and the bank's answer,
  in ``bankfile``.
- ``bank_account_set`` / ``bank_account_reveal``: personal data, encrypted, revealed with
  ``people.reveal_pii`` and logged.

Each write records one audit entry ``benefits.payment_run.<verb>`` / ``benefits.bank_account.<verb>``.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from minzheng.benefits.money import parse_month
from minzheng.benefits.payments import bankfile, compute, messages
from minzheng.benefits.payments.models import BankAccount, PaymentRun
from minzheng.benefits.programs.models import Program
from minzheng.core import events
from minzheng.core.audit import access_record, audit_record, snapshot
from minzheng.core.dispatch import task_enqueue
from minzheng.core.models import AccessLog, Region, User
from minzheng.core.regions import Level, scope_prefix
from minzheng.core.scope import scope_for
from minzheng.people.models import Person

PERM_MANAGE = "benefits.manage_payments"
PERM_APPROVE = "benefits.approve_payments"
PERM_REVEAL = "people.reveal_pii"
RUN_FIELDS = ["program", "period", "region_prefix", "status", "line_count", "total_amount", "backpay_count",
              "reissue_count", "created_by", "approved_by"]
ACCOUNT_FIELDS = ["person", "bank_name", "account_masked", "active"]
BANK_NAME_MAX = 64
ACCOUNT_RE = re.compile(r"^\d{12,30}$")
PREFIX_LENGTHS = (4, 6, 9, 12)

logger = logging.getLogger(__name__)


# ---- checking the input --------------------------------------------------------------------


def clean_program(code: str) -> Program:
    code = (code or "").strip()
    if not code:
        raise ValidationError({"program": [messages.PROGRAM_REQUIRED]})
    program = Program.objects.filter(code=code).first()
    if program is None:
        raise ValidationError({"program": [messages.PROGRAM_UNKNOWN.format(code=code)]})
    return program


def clean_period(value: str | dt.date) -> dt.date:
    if isinstance(value, dt.date):
        return value.replace(day=1)
    text = (value or "").strip()
    if not text:
        raise ValidationError({"period": [messages.PERIOD_REQUIRED]})
    try:
        period = parse_month(text)
    except ValueError:
        raise ValidationError({"period": [messages.PERIOD_INVALID.format(value=text)]}) from None
    return period


def city_prefix() -> str:
    city = Region.objects.filter(level=Level.CITY).order_by("code").first()
    return scope_prefix(city.code) if city is not None else "33"


def clean_region(prefix: str, *, actor: User | None) -> str:
    """The run's region prefix: the actor's own scope when none is given; otherwise a region's
    prefix (4, 6, 9 or 12 digits) inside the actor's scope."""
    prefix = (prefix or "").strip()
    if not prefix:
        if actor is None:
            return city_prefix()
        scope = scope_for(actor)
        if scope.prefix is None:
            raise ValidationError({"region": [messages.REGION_OUT_OF_SCOPE.format(code="—")]})
        return scope.prefix
    if not prefix.isdigit() or len(prefix) not in PREFIX_LENGTHS:
        raise ValidationError({"region": [messages.REGION_INVALID]})
    if not Region.objects.filter(code=prefix.ljust(12, "0")).exists() and not (
            len(prefix) == 12 and Region.objects.filter(code=prefix).exists()):
        raise ValidationError({"region": [messages.REGION_UNKNOWN.format(code=prefix)]})
    if actor is not None and not scope_for(actor).contains(prefix.ljust(12, "0")):
        raise ValidationError({"region": [messages.REGION_OUT_OF_SCOPE.format(code=prefix)]})
    return prefix


def _require(actor: User | None, permission: str, message: str) -> None:
    # The command line acts as the system (actor None): whoever can run it owns the server.
    if actor is not None and not actor.has_perm(permission):
        raise PermissionDenied(message)


# ---- runs ----------------------------------------------------------------------------------


def _find_or_create(*, actor: User | None, program: Program, period: dt.date, region_prefix: str) -> PaymentRun:
    existing = PaymentRun.objects.filter(program=program, period=period, region_prefix=region_prefix).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            run = PaymentRun.objects.create(program=program, period=period, region_prefix=region_prefix,
                                            region_code=region_prefix.ljust(12, "0"), created_by=actor)
            audit_record(actor=actor, action="benefits.payment_run.created", obj=run, region_code=run.region_code,
                         after=snapshot(run, RUN_FIELDS))
            return run
    except IntegrityError:
        # Another start created it a moment ago: this start is the same run.
        return PaymentRun.objects.get(program=program, period=period, region_prefix=region_prefix)


def payment_run_start(
    *,
    actor: User | None,
    program_code: str,
    period: str | dt.date,
    region_prefix: str = "",
    background: bool = False,
    batch_size: int = compute.BATCH_SIZE,
    on_batch: compute.OnBatch | None = None,
) -> PaymentRun:
    """The one run of ``program_code`` for ``period`` in ``region_prefix``, computed.

    Idempotent: a second start finds the same run and adds no line that exists; two concurrent
    starts make one run (unique constraint) and one of them computes (a claimed row). An
    interrupted run continues from its cursor. With ``background`` the computation is queued as a
    task and the run is returned at once, still computing."""
    _require(actor, PERM_MANAGE, messages.PERMISSION_MANAGE)
    program = clean_program(program_code)
    period_month = clean_period(period)
    prefix = clean_region(region_prefix, actor=actor)
    run = _find_or_create(actor=actor, program=program, period=period_month, region_prefix=prefix)
    if run.status == PaymentRun.Status.COMPUTED:
        # Computed, not yet approved: look again for lines that are missing (an enrollment
        # approved since); those that exist are skipped.
        PaymentRun.objects.filter(pk=run.pk, status=PaymentRun.Status.COMPUTED).update(
            status=PaymentRun.Status.COMPUTING, cursor=0, batches_done=0, batches_total=0)
    elif run.status != PaymentRun.Status.COMPUTING:
        return run
    if background:
        with transaction.atomic():
            result = task_enqueue("minzheng.benefits.payments.tasks.compute_payment_run", run.pk)
            PaymentRun.objects.filter(pk=run.pk).update(task_id=str(result.id))
    else:
        payment_run_compute(run_id=run.pk, batch_size=batch_size, on_batch=on_batch)
    run.refresh_from_db()
    return run


def payment_run_compute(*, run_id: int, batch_size: int = compute.BATCH_SIZE,
                        on_batch: compute.OnBatch | None = None) -> bool:
    """Compute a run (the task's body). False when another worker holds it."""
    done = compute.compute(run_id, batch_size=batch_size, on_batch=on_batch)
    if done:
        run = PaymentRun.objects.get(pk=run_id)
        audit_record(actor=run.created_by, action="benefits.payment_run.computed", obj=run,
                     region_code=run.region_code, after=snapshot(run, RUN_FIELDS))
    return done


def _not_computing(run: PaymentRun, action: str) -> None:
    if run.status == PaymentRun.Status.COMPUTING:
        raise ValidationError({"status": [messages.RUN_STILL_COMPUTING.format(
            done=run.batches_done, total=run.batches_total, action=action)]})


@transaction.atomic
def payment_run_approve(*, actor: User, run: PaymentRun) -> PaymentRun:
    """Approve a computed run. Refused to its creator (maker ≠ checker), to a run still
    computing, and to a run already approved (the conditional update decides a race).

    Once the approval commits, ``core.events.payment_run_approved`` tells the domain apps (the
    love cards credit the eldercare service subsidy); a listener's failure is logged and leaves
    the approval as it is."""
    _require(actor, PERM_APPROVE, messages.PERMISSION_APPROVE)
    run = PaymentRun.objects.select_related("approved_by").get(pk=run.pk)
    _not_computing(run, "审核")
    if run.approved_at is not None:
        who = run.approved_by.get_username() if run.approved_by else "—"
        raise ValidationError({"status": [messages.RUN_ALREADY_APPROVED.format(
            at=timezone.localtime(run.approved_at).strftime("%Y-%m-%d %H:%M"), by=who)]})
    if run.created_by_id is not None and run.created_by_id == actor.pk:
        raise ValidationError({"approved_by": [messages.RUN_APPROVE_OWN]})
    before = snapshot(run, RUN_FIELDS)
    now = timezone.now()
    changed = PaymentRun.objects.filter(pk=run.pk, status=PaymentRun.Status.COMPUTED, approved_at__isnull=True).update(
        status=PaymentRun.Status.APPROVED, approved_by=actor, approved_at=now)
    if changed != 1:
        raise ValidationError({"status": [messages.RUN_ALREADY_APPROVED.format(at="—", by="—")]})
    run.refresh_from_db()
    audit_record(actor=actor, action="benefits.payment_run.approved", obj=run, region_code=run.region_code,
                 before=before, after=snapshot(run, RUN_FIELDS))
    transaction.on_commit(lambda: _announce_approved(run=run, actor=actor))
    return run


def _announce_approved(*, run: PaymentRun, actor: User) -> None:
    # After the commit: the approval stands whatever a listener does, so a listener's error is
    # logged here, with the run to credit again by hand (`minzheng love_cards credit --run`).
    for receiver, result in events.payment_run_approved.send_robust(sender=PaymentRun, run=run, actor=actor):
        if isinstance(result, Exception):
            logger.error("payment run %s approved, but listener %s failed: %r", run.pk,
                         getattr(receiver, "__qualname__", receiver), result, exc_info=result)


def payment_run_export(*, actor: User, run: PaymentRun, fmt: str, channel: str = "web") -> Any:
    """The bank file of an approved run (``bankfile.Export``); logged as an audit entry and one
    access-log row per person whose account it carries."""
    _require(actor, PERM_MANAGE, messages.PERMISSION_MANAGE)
    if fmt not in ("xlsx", "csv"):
        raise ValidationError({"format": [messages.EXPORT_FORMAT_INVALID]})
    if run.status not in (PaymentRun.Status.APPROVED, PaymentRun.Status.EXPORTED):
        _not_computing(run, "导出")
        raise ValidationError({"status": [messages.RUN_NOT_APPROVED]})
    with transaction.atomic():
        export = bankfile.bank_file(run=run, fmt=fmt, actor=actor, channel=channel)
        before = snapshot(run, RUN_FIELDS)
        PaymentRun.objects.filter(pk=run.pk).update(status=PaymentRun.Status.EXPORTED,
                                                    exported_at=run.exported_at or timezone.now())
        run.refresh_from_db()
        audit_record(actor=actor, action="benefits.payment_run.exported", obj=run, region_code=run.region_code,
                     before=before, after={**snapshot(run, RUN_FIELDS), "format": fmt, "rows": export.rows})
    return export


@transaction.atomic
def payment_run_import_returns(*, actor: User, run: PaymentRun, data: bytes, filename: str) -> dict[str, int]:
    """Read the bank's return file and mark its lines paid or failed, all or nothing: a file
    with any bad row (unknown line, bad result, wrong amount) changes nothing and names every
    bad row and column. Failed lines are re-issued by the program's next run."""
    _require(actor, PERM_MANAGE, messages.PERMISSION_MANAGE)
    if run.status != PaymentRun.Status.EXPORTED:
        raise ValidationError({"status": [messages.RUN_NOT_EXPORTED]})
    counts = bankfile.apply_returns(run=run, data=data, filename=filename)
    audit_record(actor=actor, action="benefits.payment_run.returns_imported", obj=run, region_code=run.region_code,
                 after={"file": filename[:100], **counts})
    return counts


# ---- bank accounts -------------------------------------------------------------------------


@transaction.atomic
def bank_account_set(*, actor: User | None, person: Person, bank_name: str, account_number: str) -> BankAccount:
    """Record the account a person is paid into; it replaces their active one. The number is
    stored only encrypted, with its blind index and masked form."""
    bank_name = (bank_name or "").strip()
    number = re.sub(r"[\s-]", "", account_number or "")
    errors: dict[str, list[str]] = {}
    if not bank_name:
        errors["bank_name"] = [messages.BANK_NAME_REQUIRED]
    elif len(bank_name) > BANK_NAME_MAX:
        errors["bank_name"] = [messages.BANK_NAME_TOO_LONG.format(max=BANK_NAME_MAX)]
    if not number:
        errors["account_number"] = [messages.BANK_ACCOUNT_REQUIRED]
    elif not ACCOUNT_RE.match(number):
        errors["account_number"] = [messages.BANK_ACCOUNT_INVALID]
    if person.status == Person.Status.DECEASED:
        errors["person"] = [messages.BANK_PERSON_DECEASED]
    if errors:
        raise ValidationError(errors)
    previous = BankAccount.objects.select_for_update().filter(person=person, active=True).first()
    before = snapshot(previous, ACCOUNT_FIELDS) if previous is not None else None
    if previous is not None:
        BankAccount.objects.filter(pk=previous.pk).update(active=False)
    account = BankAccount(person=person, region_code=person.region_code, bank_name=bank_name, created_by=actor)
    account.set_account_number(number)
    account.save()
    audit_record(actor=actor, action="benefits.bank_account.set", obj=account, region_code=person.region_code,
                 before=before, after=snapshot(account, ACCOUNT_FIELDS))
    return account


@transaction.atomic
def bank_account_reveal(*, actor: User, account: BankAccount, channel: str = "web") -> str:
    """The clear account number, logged in the access log like an ID number's reveal."""
    if not actor.has_perm(PERM_REVEAL):
        raise PermissionDenied(messages.BANK_REVEAL_PERMISSION)
    access_record(actor=actor, kind=AccessLog.Kind.REVEAL, subject=account.person, field="bank_account",
                  channel=channel)
    return account.account_number
