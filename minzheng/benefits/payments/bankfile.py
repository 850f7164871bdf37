"""The bank file of a run, and the bank's return file.

The bank file has one row per line: its number (明细编号, which the return file quotes back), the
payee's name, the ID number **masked**, the bank and the account number **in clear** (the one
column the bank needs to pay), the amount and the month. Every person whose account it carries
gets an access-log row (kind ``export``), written in one statement.

The return file names each line by its number with a result (成功 / 失败) and, for a failure, a
reason. It is applied all or nothing: an unknown line, a line of another run, a repeated line, a
bad result or an amount that differs is reported by row and column, and nothing is written.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone

from minzheng.benefits.payments import messages
from minzheng.benefits.payments.models import BankAccount, PaymentLine, PaymentRun
from minzheng.core import tabular
from minzheng.core.models import AccessLog, User
from minzheng.people.models import Person

HEADERS = ["明细编号", "收款人姓名", "身份证号", "开户银行", "银行账号", "金额", "所属月份", "类型", "区划代码"]
NO_ACCOUNT = "未登记银行账户"
CHUNK = 5_000
RETURN_MAX_BYTES = 50 * 1024 * 1024
RETURN_MAX_ROWS = 1_000_000
RESULT_PAID = ("成功", "已到账", "success", "ok", "paid")
RESULT_FAILED = ("失败", "退回", "failed", "fail")
RETURN_COLUMNS = (
    tabular.Column("line", "明细编号", aliases=("编号", "line"), required=True),
    tabular.Column("result", "回盘结果", aliases=("结果", "状态", "result"), required=True),
    tabular.Column("reason", "失败原因", aliases=("原因", "reason")),
    tabular.Column("amount", "金额", aliases=("amount",)),
)


@dataclass
class Export:
    filename: str
    content_type: str
    rows: int
    content: bytes | None = None
    chunks: Iterator[bytes] | None = None


def _lines(run: PaymentRun) -> Iterator[tuple[Any, ...]]:
    """The file's rows, in chunks of lines with their payees and active accounts."""
    kinds = dict(PaymentLine.Kind.choices)
    last = 0
    while True:
        chunk = list(PaymentLine.objects.filter(run=run, id__gt=last).order_by("id")
                     .values_list("id", "payee_id", "amount", "period", "kind", "region_code")[:CHUNK])
        if not chunk:
            return
        payees = {p for _, p, *_ in chunk if p}
        people, masked = {}, {}
        for pk, name, id_masked in Person.objects.filter(id__in=payees).values_list("id", "name", "id_number_masked"):
            people[pk], masked[pk] = name, id_masked
        accounts = {a.person_id: a for a in BankAccount.objects.filter(person_id__in=payees, active=True)}
        for line_id, payee, amount, period, kind, region_code in chunk:
            account = accounts.get(payee)
            yield (line_id, people.get(payee, ""), masked.get(payee, ""),
                   account.bank_name if account else NO_ACCOUNT,
                   account.account_number if account else "", f"{Decimal(amount):.2f}", f"{period:%Y-%m}",
                   kinds.get(kind, kind), region_code)
        last = chunk[-1][0]


def _log_export(*, run: PaymentRun, actor: User, channel: str) -> None:
    now_repr = f"{run} 银行文件"
    payees = PaymentLine.objects.filter(run=run, payee__isnull=False).values_list("payee_id", "region_code").distinct()
    rows = [AccessLog(actor=actor, actor_name=actor.get_username(), kind=AccessLog.Kind.EXPORT,
                      subject_type="people.person", subject_id=str(payee), subject_repr=now_repr[:200],
                      field="bank_account", region_code=region_code, channel=channel)
            for payee, region_code in payees]
    AccessLog.objects.bulk_create(rows, batch_size=CHUNK)


def bank_file(*, run: PaymentRun, fmt: str, actor: User, channel: str = "web") -> Export:
    _log_export(run=run, actor=actor, channel=channel)
    name = f"发放明细_{run.program.code}_{run.period:%Y%m}_{run.region_prefix}"
    rows = PaymentLine.objects.filter(run=run).count()
    if fmt == "xlsx":
        content = tabular.xlsx_bytes(headers=HEADERS, rows=_lines(run), sheet_title="发放明细",
                                     widths=[10, 10, 20, 16, 24, 12, 10, 8, 14])
        return Export(f"{name}.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", rows,
                      content=content)
    return Export(f"{name}.csv", "text/csv; charset=utf-8", rows, chunks=tabular.csv_chunks(headers=HEADERS,
                                                                                            rows=_lines(run)))


def _error(errors: list[str], message: str, **kwargs: Any) -> None:
    errors.append(message.format(**kwargs))


def apply_returns(*, run: PaymentRun, data: bytes, filename: str) -> dict[str, int]:
    if not data:
        raise ValidationError({"file": [messages.RETURN_FILE_REQUIRED]})
    try:
        tabular.check_upload(data, filename=filename or "", max_bytes=RETURN_MAX_BYTES)
        table = tabular.read_table(data, columns=RETURN_COLUMNS, max_rows=RETURN_MAX_ROWS)
    except tabular.TabularError as exc:
        raise ValidationError({"file": [exc.message]}) from exc
    errors: list[str] = []
    parsed: list[tuple[int, int, bool, str, str]] = []  # row, line id, failed, reason, amount
    line_col, result_col, amount_col = table.header("line"), table.header("result"), table.header("amount")
    for row, (line, result, reason, amount) in table.rows:
        if not line:
            _error(errors, messages.RETURN_LINE_REQUIRED, row=row, column=line_col)
            continue
        if not line.isdigit():
            _error(errors, messages.RETURN_LINE_UNKNOWN, row=row, column=line_col, value=line)
            continue
        outcome = result.strip().lower()
        if outcome not in RESULT_PAID and outcome not in RESULT_FAILED:
            _error(errors, messages.RETURN_RESULT_INVALID, row=row, column=result_col, value=result)
            continue
        parsed.append((row, int(line), outcome in RESULT_FAILED, reason.strip()[:200], amount.strip()))
    known: dict[int, Decimal] = {}
    statuses: dict[int, str] = {}
    wanted = [p[1] for p in parsed]
    for start in range(0, len(wanted), CHUNK):  # SQLite limits the parameters of one statement
        for pk, line_amount, status in PaymentLine.objects.filter(
                run=run, id__in=wanted[start:start + CHUNK]).values_list("id", "amount", "status"):
            known[pk], statuses[pk] = line_amount, status
    status_names = dict(PaymentLine.Status.choices)
    seen: set[int] = set()
    by_outcome: dict[tuple[bool, str], list[int]] = defaultdict(list)
    for row, line_id, failed, reason, amount in parsed:
        if line_id not in known:
            _error(errors, messages.RETURN_LINE_UNKNOWN, row=row, column=line_col, value=line_id)
            continue
        if line_id in seen:
            _error(errors, messages.RETURN_LINE_DUPLICATE, row=row, column=line_col, value=line_id)
            continue
        seen.add(line_id)
        if statuses[line_id] != PaymentLine.Status.PENDING:
            _error(errors, messages.RETURN_LINE_ALREADY_RETURNED, row=row, column=line_col, value=line_id,
                   status=status_names.get(statuses[line_id], statuses[line_id]))
            continue
        if amount:
            try:
                matches = Decimal(amount.replace(",", "")) == Decimal(known[line_id])
            except InvalidOperation:
                matches = False
            if not matches:
                _error(errors, messages.RETURN_AMOUNT_MISMATCH, row=row, column=amount_col, value=amount,
                       amount=f"{Decimal(known[line_id]):.2f}")
                continue
        by_outcome[(failed, (reason or messages.RETURN_FAILED_DEFAULT) if failed else "")].append(line_id)
    if errors:
        raise ValidationError({"file": [messages.RETURN_NOT_IMPORTED.format(count=len(errors)), *errors]})
    now = timezone.now()
    counts = {"paid": 0, "failed": 0}
    for (failed, reason), ids in by_outcome.items():
        status = PaymentLine.Status.FAILED if failed else PaymentLine.Status.PAID
        for start in range(0, len(ids), CHUNK):
            PaymentLine.objects.filter(id__in=ids[start:start + CHUNK], status=PaymentLine.Status.PENDING).update(
                status=status, failure_reason=reason, returned_at=now)
        counts["failed" if failed else "paid"] += len(ids)
    return counts
