"""A run's differences from last month are computed once, when it finishes computing, and kept on
the run: the preview and the API read them there. Starting the run again (new enrollments,
re-issues) refreshes them; a repeat that changes nothing keeps them; last month's lines changing
afterwards (a bank return) is said on a run not yet approved, and an approved run keeps what its
approver read."""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from minzheng.benefits.models import PaymentLine, PaymentRun
from minzheng.benefits.payments import selectors, services
from tests.benefits.payments.conftest import enroll

STALE = "上月发放记录又有变化"


def start(actor, period="2025-01", region="330502"):  # type: ignore[no-untyped-def]
    return services.payment_run_start(actor=actor, program_code="dibao", period=period, region_prefix=region)


def client_for(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    return client


def no_recompute(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(**kwargs):  # type: ignore[no-untyped-def]
        raise AssertionError("the differences were computed again")

    monkeypatch.setattr(selectors, "run_differences", refuse)


def returns(run: PaymentRun, *, failed: PaymentLine, actor) -> None:  # type: ignore[no-untyped-def]
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["明细编号", "回盘结果", "失败原因"])
    for line in PaymentLine.objects.filter(run=run):
        writer.writerow([line.pk, "失败" if line.pk == failed.pk else "成功", "账户已销户" if line.pk == failed.pk else ""])
    services.payment_run_import_returns(actor=actor, run=run, filename="回盘.csv", data=out.getvalue().encode())


def test_a_computed_run_keeps_its_differences_and_reads_them_back_as_computed(regions, dibao, personas) -> None:
    enroll(dibao, amount="700.00")
    start(personas.wuxing_officer, "2024-12")
    enroll(dibao, amount="300.00", approved_on=dt.date(2024, 12, 10))
    run = start(personas.wuxing_officer, "2025-01")
    assert run.differences["new"]["count"] == 1 and run.differences["new"]["amount"] == "300.00"
    assert "payee" not in run.differences["new"]["sample"][0]  # names are looked up when read, not copied
    assert selectors.run_differences_stored(run=run) == selectors.run_differences(run=run)


def test_the_preview_page_and_the_api_read_the_kept_differences(regions, dibao, personas, monkeypatch) -> None:
    enroll(dibao, amount="1145.00")
    run = start(personas.wuxing_officer)
    no_recompute(monkeypatch)
    client = client_for(personas.city_admin)
    page = client.get(reverse("benefit_payments:detail", args=[run.pk])).content.decode()
    assert "与上月（2024年12月）的差异" in page and "1 笔，1,145.00 元" in page and STALE not in page
    detail = client.get(f"/api/benefits/payment-runs/{run.pk}/").json()
    assert detail["differences"]["new"] == {"count": 1, "amount": "1145.00"}
    assert detail["differences"]["stale"] is False


def test_a_run_started_again_with_a_new_enrollment_refreshes_its_differences(regions, dibao, personas) -> None:
    enroll(dibao, amount="500.00")
    run = start(personas.wuxing_officer)
    assert run.differences["new"]["count"] == 1
    late = enroll(dibao, amount="250.00")
    run = start(personas.wuxing_officer)
    assert run.line_count == 2
    stored = selectors.run_differences_stored(run=run)
    assert (stored.new.count, stored.new.amount) == (2, Decimal("750.00"))
    assert late.pk in [row["enrollment_id"] for row in stored.new.sample]


def test_a_repeat_start_that_adds_nothing_keeps_the_differences_without_computing_them(
        regions, dibao, personas, monkeypatch) -> None:
    enroll(dibao, amount="500.00")
    first = start(personas.wuxing_officer)
    no_recompute(monkeypatch)
    again = start(personas.wuxing_officer)
    assert again.computed_at > first.computed_at
    assert again.differences == {**first.differences, "as_of": again.differences["as_of"]}
    checked = [dt.datetime.fromisoformat(run.differences["as_of"]) for run in (first, again)]
    assert checked[1] > checked[0]  # the same figures, checked again now


def test_a_bank_return_on_last_month_is_flagged_until_the_run_is_started_again_with_the_reissue(
        regions, dibao, personas) -> None:
    enroll(dibao, amount="500.00")
    failed = enroll(dibao, amount="650.00")
    january = services.payment_run_approve(actor=personas.city_admin, run=start(personas.wuxing_officer, "2025-01"))
    services.payment_run_export(actor=personas.wuxing_officer, run=january, fmt="csv")
    february = start(personas.wuxing_officer, "2025-02")
    assert february.differences["new"]["count"] == 0 and february.differences["reissue"]["count"] == 0
    returns(january, failed=PaymentLine.objects.get(run=january, enrollment=failed), actor=personas.wuxing_officer)
    stale = selectors.run_differences_stored(run=PaymentRun.objects.get(pk=february.pk))
    assert stale.stale and stale.new.count == 0  # the figures as computed, said to be out of date
    page = client_for(personas.city_admin).get(reverse("benefit_payments:detail", args=[february.pk]))
    assert STALE in page.content.decode()
    february = start(personas.wuxing_officer, "2025-02")
    fresh = selectors.run_differences_stored(run=february)
    assert not fresh.stale and (fresh.reissue.count, fresh.reissue.amount) == (1, Decimal("650.00"))
    assert [row["enrollment_id"] for row in fresh.reissue.sample] == [failed.pk]
    assert fresh.new.count == 0  # the re-issue is last month's line again
    assert fresh == selectors.run_differences(run=february)


def test_last_months_run_taking_in_a_late_enrollment_is_flagged_until_this_run_is_started_again(
        regions, dibao, personas) -> None:
    enroll(dibao, amount="500.00")
    start(personas.wuxing_officer, "2024-12")
    january = start(personas.wuxing_officer, "2025-01")
    assert not selectors.run_differences_stored(run=january).stale
    late = enroll(dibao, amount="300.00")  # approved in November: paid from December
    start(personas.wuxing_officer, "2024-12")  # December, not approved yet, takes it in
    assert selectors.run_differences_stored(run=PaymentRun.objects.get(pk=january.pk)).stale
    january = start(personas.wuxing_officer, "2025-01")
    fresh = selectors.run_differences_stored(run=january)
    assert not fresh.stale and january.line_count == 2 and fresh.new.count == 0
    assert fresh == selectors.run_differences(run=january)
    assert PaymentLine.objects.filter(enrollment=late).count() == 2


def test_a_restart_that_adds_nothing_computes_again_when_last_months_lines_changed(regions, dibao, personas) -> None:
    enroll(dibao, amount="500.00")
    january = start(personas.city_admin, "2025-01", region="3305")  # city-wide, before any December run
    assert january.differences["new"]["count"] == 1 and not january.differences["has_previous"]
    start(personas.wuxing_officer, "2024-12")  # the county's December run, made afterwards
    assert selectors.run_differences_stored(run=PaymentRun.objects.get(pk=january.pk)).stale
    january = start(personas.city_admin, "2025-01", region="3305")
    assert january.line_count == 1  # nothing to add to January itself
    fresh = selectors.run_differences_stored(run=january)
    assert not fresh.stale and fresh.has_previous and fresh.new.count == 0
    assert fresh == selectors.run_differences(run=january)


def test_an_approved_run_keeps_the_differences_its_approver_read(regions, dibao, personas) -> None:
    enroll(dibao, amount="500.00")
    failed = enroll(dibao, amount="650.00")
    january = services.payment_run_approve(actor=personas.city_admin, run=start(personas.wuxing_officer, "2025-01"))
    services.payment_run_export(actor=personas.wuxing_officer, run=january, fmt="csv")
    february = start(personas.wuxing_officer, "2025-02")
    read = selectors.run_differences_stored(run=february)
    february = services.payment_run_approve(actor=personas.city_admin, run=february)
    returns(january, failed=PaymentLine.objects.get(run=january, enrollment=failed), actor=personas.wuxing_officer)
    kept = selectors.run_differences_stored(run=PaymentRun.objects.get(pk=february.pk))
    assert kept == read and not kept.stale
    assert selectors.run_differences(run=february).new.count == 1  # what a fresh join would say now


def test_a_run_computed_before_differences_were_kept_is_compared_on_reading(regions, dibao, personas) -> None:
    enroll(dibao, amount="500.00")
    run = start(personas.wuxing_officer)
    PaymentRun.objects.filter(pk=run.pk).update(differences=None)
    run.refresh_from_db()
    assert selectors.run_differences_stored(run=run) == selectors.run_differences(run=run)
    page = client_for(personas.city_admin).get(reverse("benefit_payments:detail", args=[run.pk])).content.decode()
    assert "1 笔，500.00 元" in page


def test_a_run_still_computing_shows_no_differences(regions, dibao, personas) -> None:
    enroll(dibao, amount="500.00")
    run = start(personas.wuxing_officer)
    PaymentRun.objects.filter(pk=run.pk).update(status=PaymentRun.Status.COMPUTING)
    run.refresh_from_db()
    assert selectors.run_differences_stored(run=run) is None
    assert client_for(personas.city_admin).get(f"/api/benefits/payment-runs/{run.pk}/").json()["differences"] is None
