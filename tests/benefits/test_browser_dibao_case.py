"""One dibao (最低生活保障) case from application to its first payment line, in Debian's chromium on
a phone (390×844), through the real pages as the staff use them:

1. the township officer (爱山街道) takes in the application of a household of the township,
   starts the economic check, records the members' incomes and the assets, and starts the notice;
2. the 7-day notice ends (the clock is moved in the database; see ``notice_has_run``);
3. the county officer (吴兴区) finds the case in the approval queue and approves it: the household
   is enrolled from the next month with (standard − per-capita income) × members;
4. the county officer makes that month's payment run (a background task: immediate under
   pytest), the city administrator checks and approves it (maker ≠ checker), the maker records
   the payee's bank account and downloads the bank file.

Each step asserts what the user sees; the end asserts the one payment line in the database.
A console error (a CSP violation, a failed script) or a page wider than the phone fails it.
"""

from __future__ import annotations

import csv
import datetime as dt
import importlib
import io
import json
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone

from minzheng.benefits.applications.models import Application
from minzheng.benefits.applications.services import DECISION_WORKDAYS, NOTICE_DAYS
from minzheng.benefits.applications.views import DONE, SUBMITTED
from minzheng.benefits.models import Enrollment, PaymentLine, PaymentRun, Program
from minzheng.benefits.money import month_add, month_start, yuan
from minzheng.benefits.payments.views import ACCOUNT_SAVED, RUN_APPROVED, RUN_STARTED
from minzheng.benefits.programs.selectors import standard_for
from minzheng.benefits.workdays import workdays_add
from minzheng.core.idnumber import make_id_number
from minzheng.core.masking import mask_id_number
from minzheng.core.models import AuditEntry
from tests.benefits.factories import programs_reseed
from tests.core.api.support import static_root_exists  # noqa: F401  (autouse fixture)
from tests.factories import HouseholdFactory, PersonFactory
from tests.personas import MY_VILLAGE, build_personas
from tests.web.browser import chromium, log_in
from tests.web.test_browser_phone import MEASURE, PHONE

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOT = "/tmp/dibao-case-{step}.png"

# What the township officer types in the economic check: the head's wage and the spouse's
# pension (a transfer income); the child, a full-time student of 21, has none.
HEAD_WAGE = Decimal("1200.00")
SPOUSE_PENSION = Decimal("650.50")
DEPOSITS = Decimal("20000.00")
MEMBERS = 3
ACCOUNT = "6222021205001234567"


@pytest.fixture
def browser(monkeypatch: pytest.MonkeyPatch) -> Iterator[object]:
    yield from chromium(monkeypatch)


def programs_as_migrated() -> None:
    """The programs, standards and params the migrations seed: a live-server test before this one
    has flushed every table. Both seeds are idempotent."""
    from django.apps import apps

    programs_reseed()
    importlib.import_module("minzheng.benefits.migrations.0003_payments").follow_standard(apps, None)


def shown(amount: Decimal) -> str:
    """An amount as the pages print it (``floatformat:2|intcomma``)."""
    return f"{amount:,.2f}"


def notice_has_run(application: Application) -> None:
    """Let the 7-day notice end without waiting a week. The pages, the selectors and the services
    all read the real date (``timezone.localdate()``), in the live server's thread too, and the
    project freezes no clock anywhere; monkeypatching ``services._today`` (as the view tests do)
    would let the service approve, but the page would still hide the approve button and the queue
    would still list the case as in notice. So the notice is put where it would stand had it been
    posted a week and a day ago: started today − 8, ended yesterday, the decision due 10 working
    days after its end, as ``application_notice_start`` computes them. Nothing else moves (no
    objection came in those days), so the page then shows a notice that began before the receipt
    time; approval reads only the notice's end."""
    started = timezone.localdate() - dt.timedelta(days=NOTICE_DAYS + 1)
    ends = started + dt.timedelta(days=NOTICE_DAYS)
    Application.objects.filter(pk=application.pk).update(
        notice_started_on=started, notice_ends_on=ends, decision_due_on=workdays_add(ends, DECISION_WORKDAYS))


def test_a_dibao_case_from_application_to_its_first_payment_line(live_server, browser) -> None:  # type: ignore[no-untyped-def]
    from playwright.sync_api import expect

    programs_as_migrated()
    build_personas()
    head = PersonFactory(name="沈建华", region_code=MY_VILLAGE)
    household = HouseholdFactory(region_code=MY_VILLAGE, head=head, address_text="仪凤桥路8号")
    spouse = PersonFactory(name="陆美芳", region_code=MY_VILLAGE)
    student = PersonFactory(name="沈晓雨", region_code=MY_VILLAGE,
                            raw_id_number=make_id_number("330502", dt.date(2005, 9, 1), 7))
    for person, relationship in ((spouse, "spouse"), (student, "child")):
        household.memberships.create(person=person, relationship=relationship, region_code=MY_VILLAGE)
    dibao = Program.objects.get(code="dibao")
    today = timezone.localdate()
    standard = standard_for(program=dibao, region_code=MY_VILLAGE, month=month_start(today))
    assert standard is not None
    income = HEAD_WAGE + SPOUSE_PENSION
    per_capita = income / MEMBERS
    # At the seeded standard, (1,145.00 − 616.83…) × 3 = 1,584.50: what the pages must show and the
    # bank must pay. Worked out here from the figures typed, not read from the application.
    amount = yuan((standard.amount - per_capita) * MEMBERS)
    first_month = month_add(month_start(today), 1)  # approved today: paid from next month

    base = live_server.url
    context = browser.new_context(locale="zh-CN", viewport=PHONE, device_scale_factor=1)
    page = context.new_page()
    page.set_default_timeout(15_000)
    console_errors: list[str] = []
    page.on("console", lambda message: console_errors.append(message.text) if message.type == "error" else None)
    messages = page.locator("#messages")
    too_wide: dict[str, Any] = {}

    def fits(step: str) -> None:
        """The page fits the phone and a finger (the phone test's measure); a screenshot where not."""
        found = page.evaluate(MEASURE)
        if found["scrollWidth"] > found["innerWidth"] or found["overflowing"] or found["small"]:
            too_wide[f"{step} {page.url}"] = found
            page.screenshot(path=SCREENSHOT.format(step=step), full_page=True)

    def menu_to(link: str) -> None:
        """On a phone the navigation is folded behind the menu button."""
        page.get_by_role("button", name="菜单").click()
        page.get_by_role("navigation", name="主导航").get_by_role("link", name=link).click()

    def log_out() -> None:
        page.get_by_role("button", name="菜单").click()
        page.get_by_role("button", name="退出").click()
        page.wait_for_url("**/login/")

    # ---- 1. The township officer takes in the application and prepares it --------------------
    log_in(page, base, "aishan_officer")
    menu_to("家庭户")  # the application form asks for the household's number: look it up first
    page.locator("#id_q").fill("沈建华")
    found = page.locator("#results tbody tr", has_text="沈建华")
    expect(found).to_have_count(1)
    number = found.locator('td[data-label="户编号"]').inner_text().strip()
    assert number == str(household.pk)
    menu_to("救助申请")
    page.get_by_role("link", name="受理申请").click()
    page.get_by_label("救助项目").select_option(label="最低生活保障")
    page.get_by_label("家庭户编号").fill(number)
    page.get_by_label("申请理由").fill("户主因病长期服药，妻子退休金低，女儿在读大学")
    fits("submit")
    page.get_by_role("button", name="受理").click()
    application = Application.objects.get(household=household, program=dibao)
    page.wait_for_url(f"{base}/benefits/applications/{application.pk}/")
    expect(messages).to_contain_text(SUBMITTED.format(pk=application.pk, due=application.due_on.isoformat()))
    expect(page.locator("h1")).to_contain_text(f"最低生活保障申请 {application.pk}")
    expect(page.locator("h1")).to_contain_text("已受理")
    expect(page.locator("main")).to_contain_text(f"沈建华户（家庭户 {household.pk}）")
    fits("submitted")

    page.get_by_role("button", name="开始经济状况核对").click()
    expect(messages).to_contain_text(DONE["check_started"])
    page.get_by_role("link", name="登记核对结果").click()
    page.wait_for_url(f"{base}/benefits/applications/{application.pk}/check/")
    page.get_by_label("存款及有价证券（元）").fill(str(DEPOSITS))
    page.get_by_label("机动车（辆）").fill("0")
    page.get_by_label("住房（套）").fill("1")
    members = {person.name: page.locator("section.card", has=page.get_by_role("heading", name=person.name))
               for person in (head, spouse, student)}
    expect(members["沈建华"].get_by_label("与申请人关系")).to_have_value("self")
    members["沈建华"].get_by_label("工资性收入（元/月）").fill(str(HEAD_WAGE))
    expect(members["陆美芳"].get_by_label("与申请人关系")).to_have_value("spouse")
    members["陆美芳"].get_by_label("转移净收入（元/月）").fill(str(SPOUSE_PENSION))
    # An adult child counts only if they cannot live on their own or study full time.
    expect(members["沈晓雨"].get_by_label("与申请人关系")).to_have_value("child")
    members["沈晓雨"].get_by_label("成年子女不能独立生活或全日制在读").check()
    fits("check")
    page.get_by_role("button", name="保存核对结果").click()
    page.wait_for_url(f"{base}/benefits/applications/{application.pk}/")
    expect(messages).to_contain_text(DONE["checked"])
    check = page.locator("section.card", has=page.get_by_role("heading", name="家庭经济状况核对"))
    expect(check).to_contain_text("符合条件")
    expect(check).to_contain_text(f"共同生活家庭成员{MEMBERS}人")
    expect(check).to_contain_text(f"家庭月收入{shown(income)}元")
    expect(check).to_contain_text(f"人均月收入{shown(yuan(per_capita))}元")
    expect(check).to_contain_text(f"适用标准{shown(standard.amount)}元/月")
    expect(check).to_contain_text(f"核定月金额{shown(amount)}元")
    expect(check).to_contain_text(f"存款 {shown(DEPOSITS)}元 · 机动车 0辆 · 住房 1套")
    expect(check.locator("tr", has_text="沈晓雨").locator('td[data-label="是否计入"]')).to_have_text("计入")
    fits("checked")

    page.get_by_label("乡镇审核意见").fill("经入户调查，家庭收入、财产情况属实")
    page.get_by_role("button", name="审核通过，开始公示（7天）").click()
    application.refresh_from_db()
    assert application.status == Application.Status.PUBLIC_NOTICE
    assert application.notice_ends_on is not None
    expect(messages).to_contain_text(DONE["notice_started"].format(ends=application.notice_ends_on.isoformat()))
    expect(page.locator("main")).to_contain_text(
        f"{application.notice_started_on:%Y-%m-%d} 至 {application.notice_ends_on:%Y-%m-%d}（第1次公示）")
    log_out()

    # ---- 2. While the notice runs the county cannot approve; then it ends ----------------------
    log_in(page, base, "wuxing_officer")
    menu_to("救助申请")
    page.get_by_role("link", name="区县审批").click()
    in_notice = page.locator("section.card", has=page.get_by_role("heading", name="公示中"))
    expect(in_notice).to_contain_text(f"沈建华户（{application.pk}）")
    expect(page.locator("section.card", has=page.get_by_role("heading", name="公示期满待审批"))).to_contain_text(
        "没有待审批的申请。")
    in_notice.get_by_role("link", name=f"沈建华户（{application.pk}）").click()
    expect(page.get_by_role("button", name="不予批准")).to_be_visible()
    expect(page.get_by_role("button", name="批准（")).to_have_count(0)  # the notice has not ended

    notice_has_run(application)

    # ---- 3. The county officer approves from the approval queue --------------------------------
    menu_to("救助申请")
    page.get_by_role("link", name="区县审批").click()
    ready = page.locator("section.card", has=page.get_by_role("heading", name="公示期满待审批"))
    expect(ready).to_contain_text(f"沈建华户（{application.pk}）")
    fits("approvals")
    ready.get_by_role("link", name=f"沈建华户（{application.pk}）").click()
    approve = page.get_by_role("button", name=f"批准（{shown(amount)}元/月）")
    expect(approve).to_be_visible()
    fits("ready")
    dialogs: list[str] = []

    def accept(dialog) -> None:  # type: ignore[no-untyped-def]
        dialogs.append(dialog.message)
        dialog.accept()

    page.once("dialog", accept)  # the button asks first (data-confirm); the officer says yes
    approve.click()
    expect(messages).to_have_text(DONE["approved"])
    assert dialogs == ["确认批准？批准后自次月起发放。"]
    decision = page.locator("section.card", has=page.get_by_role("heading", name="审批决定"))
    expect(decision).to_contain_text(f"{shown(amount)}元/月，自{first_month.year}年{first_month.month}月起发放")
    expect(page.locator("h1")).to_contain_text("已批准纳入")
    page.get_by_role("link", name="家庭救助记录").click()
    enrolled = page.locator("section.card", has=page.get_by_role("heading", name="救助待遇"))
    expect(enrolled).to_contain_text("沈建华户 · 3人")
    expect(enrolled).to_contain_text(f"{shown(amount)}元")
    expect(enrolled).to_contain_text(f"{first_month:%Y-%m}起")
    fits("household")

    # ---- 4. The county officer makes the run; the city administrator approves it ---------------
    menu_to("发放批次")
    page.get_by_role("link", name="生成发放批次").click()
    page.get_by_label("救助项目").select_option(label="最低生活保障")
    page.get_by_label("发放月份").fill(f"{first_month:%Y-%m}")
    fits("run-create")
    page.get_by_role("button", name="生成").click()
    run = PaymentRun.objects.get(program=dibao, period=first_month)
    page.wait_for_url(f"{base}/benefits/payments/{run.pk}/")
    expect(messages).to_contain_text(RUN_STARTED)
    heading = page.locator("h1")
    expect(heading).to_contain_text(f"最低生活保障 {first_month.year}年{first_month.month}月发放批次")
    expect(heading).to_contain_text("待审核")  # computed by the task already
    expect(page.locator("main")).to_contain_text(f"合计{shown(amount)} 元")
    expect(page.locator("main")).to_contain_text(f"新增1 笔，{shown(amount)} 元")
    expect(page.get_by_role("button", name="审核通过")).to_have_count(0)  # not for its maker
    fits("run-made")
    log_out()

    log_in(page, base, "city_admin")
    menu_to("发放批次")
    page.get_by_role("link", name=f"最低生活保障（{run.pk}）").click()
    expect(page.locator("main")).to_contain_text("制单wuxing_officer")
    page.get_by_role("button", name="审核通过").click()
    expect(messages).to_contain_text(RUN_APPROVED)
    expect(heading).to_contain_text("已审核")
    expect(page.locator("main")).to_contain_text("审核city_admin")
    log_out()

    # ---- 5. The maker reads the line, records the payee's account, downloads the bank file ------
    log_in(page, base, "wuxing_officer")
    menu_to("发放批次")
    page.get_by_role("link", name=f"最低生活保障（{run.pk}）").click()
    line = page.locator("section.card", has=page.get_by_role("heading", name="明细")).locator("tbody tr")
    expect(line).to_have_count(1)
    expect(line).to_contain_text("沈建华")
    expect(line).to_contain_text(head.id_number_masked)
    expect(line).not_to_contain_text(head.id_number)
    expect(line).to_contain_text(f"{first_month:%Y-%m}")
    expect(line).to_contain_text("当月")
    expect(line).to_contain_text(shown(amount))
    expect(line).to_contain_text("待发放")
    fits("run-approved")
    line.get_by_role("link", name="沈建华").click()
    page.get_by_label("开户银行").fill("湖州银行")
    page.get_by_label("银行账号").fill(ACCOUNT)
    page.get_by_role("button", name="保存").click()
    expect(messages).to_contain_text(ACCOUNT_SAVED)
    expect(page.locator("main")).to_contain_text(mask_id_number(ACCOUNT))
    expect(page.locator("main")).not_to_contain_text(ACCOUNT)
    fits("account")

    menu_to("发放批次")
    page.get_by_role("link", name=f"最低生活保障（{run.pk}）").click()
    with page.expect_download() as csv_download:
        page.get_by_role("link", name="导出 CSV").click()
    download = csv_download.value
    assert download.suggested_filename.endswith(".csv")
    rows = list(csv.reader(io.StringIO(Path(download.path()).read_text(encoding="utf-8-sig"))))
    assert rows[0][:6] == ["明细编号", "收款人姓名", "身份证号", "开户银行", "银行账号", "金额"]
    payment = PaymentLine.objects.get(run=run)
    # The bank needs the account in clear, never the ID number.
    assert rows[1:] == [[str(payment.pk), "沈建华", head.id_number_masked, "湖州银行", ACCOUNT, str(amount),
                         f"{first_month:%Y-%m}", "当月", MY_VILLAGE]]
    with page.expect_download() as xlsx_download:
        page.get_by_role("link", name="导出银行文件（xlsx）").click()
    assert xlsx_download.value.suggested_filename.endswith(".xlsx")
    assert Path(xlsx_download.value.path()).read_bytes()[:2] == b"PK"  # a zip: an Office Open XML workbook
    page.reload()
    expect(heading).to_contain_text("已导出银行文件")

    # ---- The database: one enrollment, one line for it and its first month, the right amount ---
    enrollment = Enrollment.objects.get(household=household, program=dibao)
    assert (enrollment.status, enrollment.start_month, enrollment.approved_on) == (
        Enrollment.Status.ACTIVE, first_month, today)
    assert (enrollment.monthly_amount, enrollment.persons) == (amount, MEMBERS)
    application.refresh_from_db()
    assert (application.status, application.enrollment_id, application.approved_amount) == (
        Application.Status.ENROLLED, enrollment.pk, amount)
    lines = PaymentLine.objects.filter(enrollment=enrollment, period=first_month)
    assert list(lines.values_list("run_id", "kind", "amount", "payee_id", "status")) == [
        (run.pk, PaymentLine.Kind.REGULAR, amount, head.pk, PaymentLine.Status.PENDING)]
    run.refresh_from_db()
    assert (run.status, run.line_count, run.total_amount) == (PaymentRun.Status.EXPORTED, 1, amount)
    assert run.created_by.username == "wuxing_officer" and run.approved_by.username == "city_admin"
    audit = set(AuditEntry.objects.filter(action__startswith="benefits.").values_list("action", "actor_name"))
    assert audit == {
        *((f"benefits.application.{verb}", "aishan_officer")
          for verb in ("submitted", "check_started", "checked", "notice_started")),
        ("benefits.application.approved", "wuxing_officer"), ("benefits.enrollment.created", "wuxing_officer"),
        ("benefits.payment_run.created", "wuxing_officer"), ("benefits.payment_run.computed", "wuxing_officer"),
        ("benefits.payment_run.approved", "city_admin"), ("benefits.bank_account.set", "wuxing_officer"),
        ("benefits.payment_run.exported", "wuxing_officer"),
    }

    assert too_wide == {}, json.dumps(too_wide, ensure_ascii=False, indent=1)
    assert console_errors == []
    context.close()
