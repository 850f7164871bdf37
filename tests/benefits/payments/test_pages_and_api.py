"""The payment pages and API: scoped, thin, Chinese; the page starts the run as a background task
and polls its progress; bank accounts are masked, revealed with the permission and logged."""

from __future__ import annotations

import csv
import io

from django.test import Client
from django.urls import reverse

from minzheng.benefits.models import PaymentLine, PaymentRun
from minzheng.benefits.payments import messages, services
from minzheng.core.models import AccessLog
from tests.benefits.payments.conftest import enroll


def client_for(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    return client


def test_a_county_officer_starts_a_run_from_the_page_and_sees_its_progress_and_preview(regions, dibao, personas) -> None:
    enroll(dibao, amount="1145.00")
    client = client_for(personas.wuxing_officer)
    assert client.get(reverse("benefit_payments:create")).status_code == 200
    response = client.post(reverse("benefit_payments:create"), {"program": "dibao", "period": "2025-01", "region": ""})
    run = PaymentRun.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("benefit_payments:detail", args=[run.pk])
    assert run.region_prefix == "330502" and run.status == PaymentRun.Status.COMPUTED  # the immediate task backend
    page = client.get(response["Location"]).content.decode()
    assert "与上月（2024年12月）的差异" in page and "1,145.00" in page
    progress = client.get(reverse("benefit_payments:progress", args=[run.pk]), HTTP_HX_REQUEST="true")
    assert progress.headers.get("HX-Refresh") == "true"  # computed: the poll reloads the page
    PaymentRun.objects.filter(pk=run.pk).update(status=PaymentRun.Status.COMPUTING, batches_total=4, batches_done=1)
    line = client.get(reverse("benefit_payments:progress", args=[run.pk]), HTTP_HX_REQUEST="true").content.decode()
    assert "已完成 1 / 4 批" in line and 'hx-trigger="every 1s"' in line


def test_the_page_names_a_bad_period_and_an_out_of_scope_region(regions, dibao, personas) -> None:
    client = client_for(personas.wuxing_officer)
    response = client.post(reverse("benefit_payments:create"), {"program": "dibao", "period": "2024-13",
                                                                "region": "330523"})
    body = response.content.decode()
    assert response.status_code == 400
    assert messages.PERIOD_INVALID.format(value="2024-13") in body
    assert PaymentRun.objects.count() == 0


def test_a_county_officer_cannot_see_another_county_run(regions, dibao, personas) -> None:
    enroll(dibao, region_code="330523001001")
    run = services.payment_run_start(actor=personas.anji_officer, program_code="dibao", period="2025-01")
    client = client_for(personas.wuxing_officer)
    assert client.get(reverse("benefit_payments:detail", args=[run.pk])).status_code == 404
    assert str(run.pk) not in client.get(reverse("benefit_payments:list")).content.decode().split("发放批次")[-1]
    assert client_for(personas.aishan_officer).get(reverse("benefit_payments:list")).status_code == 403


def test_approve_export_and_import_returns_through_the_pages(regions, dibao, personas) -> None:
    enroll(dibao, amount="500.00")
    run = services.payment_run_start(actor=personas.wuxing_officer, program_code="dibao", period="2025-01")
    maker = client_for(personas.wuxing_officer)
    maker.post(reverse("benefit_payments:approve", args=[run.pk]))
    assert PaymentRun.objects.get(pk=run.pk).approved_at is None
    checker = client_for(personas.city_admin)
    checker.post(reverse("benefit_payments:approve", args=[run.pk]))
    assert PaymentRun.objects.get(pk=run.pk).status == PaymentRun.Status.APPROVED
    export = maker.get(reverse("benefit_payments:export", args=[run.pk]) + "?format=csv")
    assert export.status_code == 200 and "attachment" in export["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(b"".join(export.streaming_content).decode("utf-8-sig"))))
    line = PaymentLine.objects.get(run=run)
    assert rows[1][0] == str(line.pk) and rows[1][5] == "500.00"
    upload = io.BytesIO(f"明细编号,回盘结果,失败原因\n{line.pk},失败,户名不符\n".encode())
    upload.name = "回盘.csv"
    response = maker.post(reverse("benefit_payments:returns", args=[run.pk]), {"file": upload})
    assert response.status_code == 302
    assert PaymentLine.objects.get(pk=line.pk).status == PaymentLine.Status.FAILED


def test_a_bank_account_page_masks_the_number_and_a_reveal_is_logged(regions, dibao, personas) -> None:
    person = enroll(dibao).household.head
    client = client_for(personas.wuxing_officer)
    url = reverse("benefit_payments:accounts", args=[person.pk])
    assert client.post(url, {"bank_name": "湖州银行", "account_number": "6222000011112222"}).status_code == 302
    page = client.get(url).content.decode()
    assert "622200******2222" in page and "6222000011112222" not in page
    account = person.bank_accounts.get()
    revealed = client.post(reverse("benefit_payments:reveal", args=[account.pk]))
    assert "6222000011112222" in revealed.content.decode()
    assert AccessLog.objects.filter(kind="reveal", field="bank_account", actor=personas.wuxing_officer).count() == 1
    worker = client_for(personas.village_worker)
    assert worker.post(reverse("benefit_payments:reveal", args=[account.pk])).status_code == 403


def test_the_api_starts_lists_reads_and_approves_runs_with_chinese_errors(regions, dibao, personas) -> None:
    enroll(dibao, amount="812.37")
    maker, checker = client_for(personas.wuxing_officer), client_for(personas.city_admin)
    bad = maker.post("/api/benefits/payment-runs/", {"program": "dibao", "period": "2024-13"},
                     content_type="application/json")
    assert bad.status_code == 400 and bad.json() == {"period": [messages.PERIOD_INVALID.format(value="2024-13")]}
    unknown = maker.post("/api/benefits/payment-runs/", {"program": "nosuch", "period": "2025-01"},
                         content_type="application/json")
    assert unknown.json() == {"program": [messages.PROGRAM_UNKNOWN.format(code="nosuch")]}
    created = maker.post("/api/benefits/payment-runs/", {"program": "dibao", "period": "2025-01"},
                         content_type="application/json")
    assert created.status_code == 202
    run_id = created.json()["id"]
    detail = maker.get(f"/api/benefits/payment-runs/{run_id}/").json()
    assert detail["total_amount"] == "812.37" and detail["differences"]["new"]["count"] == 1
    assert [r["id"] for r in maker.get("/api/benefits/payment-runs/").json()["results"]] == [run_id]
    own = maker.post(f"/api/benefits/payment-runs/{run_id}/approve/")
    assert own.status_code == 400 and own.json() == {"approved_by": [messages.RUN_APPROVE_OWN]}
    assert checker.post(f"/api/benefits/payment-runs/{run_id}/approve/").json()["status"] == "approved"
    twice = checker.post(f"/api/benefits/payment-runs/{run_id}/approve/")
    assert twice.status_code == 400 and "不能重复审核" in twice.json()["status"][0]
    assert client_for(personas.anji_officer).get(f"/api/benefits/payment-runs/{run_id}/").status_code == 404
