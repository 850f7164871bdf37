"""Approving a run (maker ≠ checker), its differences from last month, the bank file, the bank's
return file and the re-issue of failed lines, and bank accounts as personal data."""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from openpyxl import load_workbook

from minzheng.benefits.enrollments import services as enrollment_services
from minzheng.benefits.models import BankAccount, PaymentLine, PaymentRun
from minzheng.benefits.payments import messages, selectors, services
from minzheng.benefits.programs.services import standard_add
from minzheng.core.models import AccessLog, AuditEntry
from tests.benefits.payments.conftest import enroll

ACCOUNT = "6222021202001234567"


def start(actor, period="2025-01", region="330502"):  # type: ignore[no-untyped-def]
    return services.payment_run_start(actor=actor, program_code="dibao", period=period, region_prefix=region)


def approved_run(personas, period="2025-01"):  # type: ignore[no-untyped-def]
    run = start(personas.wuxing_officer, period)
    return services.payment_run_approve(actor=personas.city_admin, run=run)


def test_the_maker_cannot_approve_their_own_run(regions, dibao, personas) -> None:
    enroll(dibao)
    run = start(personas.wuxing_officer)
    with pytest.raises(ValidationError) as caught:
        services.payment_run_approve(actor=personas.wuxing_officer, run=run)
    assert caught.value.message_dict == {"approved_by": [messages.RUN_APPROVE_OWN]}
    run = services.payment_run_approve(actor=personas.city_admin, run=run)
    assert run.status == PaymentRun.Status.APPROVED and run.approved_by == personas.city_admin
    assert AuditEntry.objects.filter(action="benefits.payment_run.approved", object_id=str(run.pk)).count() == 1


def test_approving_twice_is_refused_in_chinese(regions, dibao, personas) -> None:
    enroll(dibao)
    run = approved_run(personas)
    with pytest.raises(ValidationError) as caught:
        services.payment_run_approve(actor=personas.anji_officer, run=run)
    assert "不能重复审核" in caught.value.message_dict["status"][0]


def test_a_township_officer_may_not_approve(regions, dibao, personas) -> None:
    enroll(dibao)
    run = start(personas.wuxing_officer)
    with pytest.raises(PermissionDenied):
        services.payment_run_approve(actor=personas.aishan_officer, run=run)


def test_the_differences_from_last_month_list_new_stopped_and_changed_lines(regions, dibao, personas) -> None:
    stays = enroll(dibao, amount="1000.00", persons=2)
    stops = enroll(dibao, amount="400.00")
    start(personas.wuxing_officer, "2024-12")
    enrollment_services.enrollment_terminate(actor=None, enrollment=stops, reason="收入超标",
                                             stop_month=dt.date(2025, 1, 1), on=dt.date(2024, 12, 20))
    arrives = enroll(dibao, amount="300.00", approved_on=dt.date(2024, 12, 10))
    standard_add(actor=personas.city_admin, program=dibao, region_prefix="3305", effective_from=dt.date(2025, 1, 1),
                 amount="1200.00")
    diff = selectors.run_differences(run=start(personas.wuxing_officer, "2025-01"))
    assert diff.has_previous and diff.previous_period == dt.date(2024, 12, 1)
    assert (diff.new.count, diff.new.amount) == (1, Decimal("410.00"))  # 300 + 2 × 55 (persons=2)
    assert [row["enrollment_id"] for row in diff.new.sample] == [arrives.pk]
    assert (diff.stopped.count, diff.stopped.amount) == (1, Decimal("400.00"))
    assert (diff.changed.count, diff.changed.amount) == (1, Decimal("110.00"))
    assert diff.changed.sample[0]["enrollment_id"] == stays.pk


def test_the_bank_file_carries_the_account_in_clear_and_the_id_number_masked_and_is_logged(
        regions, dibao, personas) -> None:
    enrollment = enroll(dibao, amount="812.37")
    payee = enrollment.household.head
    services.bank_account_set(actor=personas.wuxing_officer, person=payee, bank_name="湖州农商银行",
                              account_number=ACCOUNT)
    enroll(dibao, amount="100.00")  # no account registered
    run = approved_run(personas)
    export = services.payment_run_export(actor=personas.wuxing_officer, run=run, fmt="xlsx")
    rows = list(load_workbook(io.BytesIO(export.content)).active.iter_rows(values_only=True))
    assert rows[0][:6] == ("明细编号", "收款人姓名", "身份证号", "开户银行", "银行账号", "金额")
    mine = next(r for r in rows[1:] if r[1] == payee.name)
    assert mine[2] == payee.id_number_masked and "*" in mine[2]
    assert (mine[3], mine[4], mine[5]) == ("湖州农商银行", ACCOUNT, "812.37")
    assert any(r[3] == "未登记银行账户" for r in rows[1:])
    assert AccessLog.objects.filter(kind="export", field="bank_account", actor=personas.wuxing_officer).count() == 2
    run.refresh_from_db()
    assert run.status == PaymentRun.Status.EXPORTED
    text = b"".join(services.payment_run_export(actor=personas.wuxing_officer, run=run, fmt="csv").chunks)
    assert ACCOUNT in text.decode("utf-8-sig")


def test_an_unapproved_run_cannot_be_exported(regions, dibao, personas) -> None:
    enroll(dibao)
    run = start(personas.wuxing_officer)
    with pytest.raises(ValidationError) as caught:
        services.payment_run_export(actor=personas.wuxing_officer, run=run, fmt="csv")
    assert caught.value.message_dict == {"status": [messages.RUN_NOT_APPROVED]}


def _returns(rows: list[tuple[object, ...]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["明细编号", "回盘结果", "失败原因"])
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def test_failed_lines_from_the_return_file_are_reissued_by_the_next_run(regions, dibao, personas) -> None:
    paid, failed = enroll(dibao, amount="500.00"), enroll(dibao, amount="650.00")
    run = approved_run(personas)
    services.payment_run_export(actor=personas.wuxing_officer, run=run, fmt="csv")
    lines = {line.enrollment_id: line for line in PaymentLine.objects.filter(run=run)}
    counts = services.payment_run_import_returns(
        actor=personas.wuxing_officer, run=run, filename="回盘.csv",
        data=_returns([(lines[paid.pk].pk, "成功", ""), (lines[failed.pk].pk, "失败", "账户已销户")]))
    assert counts == {"paid": 1, "failed": 1}
    assert PaymentLine.objects.get(pk=lines[failed.pk].pk).failure_reason == "账户已销户"
    february = start(personas.wuxing_officer, "2025-02")
    reissued = PaymentLine.objects.get(run=february, kind="reissue")
    assert (reissued.enrollment_id, reissued.period, reissued.amount) == (failed.pk, dt.date(2025, 1, 1),
                                                                          Decimal("650.00"))
    assert reissued.reissue_of_id == lines[failed.pk].pk
    assert february.reissue_count == 1 and february.line_count == 3
    assert start(personas.wuxing_officer, "2025-02").line_count == 3  # re-issued once only


def test_a_return_file_with_unknown_lines_changes_nothing_and_names_row_and_column(regions, dibao, personas) -> None:
    enroll(dibao)
    run = approved_run(personas)
    services.payment_run_export(actor=personas.wuxing_officer, run=run, fmt="csv")
    line = PaymentLine.objects.get(run=run)
    with pytest.raises(ValidationError) as caught:
        services.payment_run_import_returns(actor=personas.wuxing_officer, run=run, filename="回盘.csv",
                                            data=_returns([(line.pk, "失败", ""), (999999, "成功", ""),
                                                           (line.pk + 1000, "也许", "")]))
    errors = caught.value.message_dict["file"]
    assert errors[0] == messages.RETURN_NOT_IMPORTED.format(count=2)
    assert messages.RETURN_LINE_UNKNOWN.format(row=3, column="明细编号", value=999999) in errors
    assert messages.RETURN_RESULT_INVALID.format(row=4, column="回盘结果", value="也许") in errors
    assert PaymentLine.objects.get(pk=line.pk).status == PaymentLine.Status.PENDING


def test_bank_accounts_are_encrypted_masked_and_revealed_only_with_the_permission_and_logged(
        regions, dibao, personas) -> None:
    person = enroll(dibao).household.head
    account = services.bank_account_set(actor=personas.wuxing_officer, person=person, bank_name="中国农业银行",
                                        account_number="6228 4800 1234 5678 901")
    stored = BankAccount.objects.get(pk=account.pk)
    assert "62284800123456789" not in stored.account_cipher and stored.account_masked == "622848*********8901"
    assert BankAccount.objects.filter(account_digest=stored.account_digest).count() == 1
    with pytest.raises(PermissionDenied):
        services.bank_account_reveal(actor=personas.village_worker, account=stored)
    assert services.bank_account_reveal(actor=personas.wuxing_officer, account=stored) == "6228480012345678901"
    assert AccessLog.objects.filter(kind="reveal", field="bank_account", subject_id=str(person.pk)).count() == 1
    replaced = services.bank_account_set(actor=personas.wuxing_officer, person=person, bank_name="湖州银行",
                                         account_number="6222000011112222")
    assert list(BankAccount.objects.filter(person=person, active=True)) == [replaced]


def test_a_bad_bank_account_is_refused_naming_the_field(regions, dibao, personas) -> None:
    person = enroll(dibao).household.head
    with pytest.raises(ValidationError) as caught:
        services.bank_account_set(actor=personas.wuxing_officer, person=person, bank_name="", account_number="12ab")
    assert caught.value.message_dict == {"bank_name": [messages.BANK_NAME_REQUIRED],
                                         "account_number": [messages.BANK_ACCOUNT_INVALID]}
