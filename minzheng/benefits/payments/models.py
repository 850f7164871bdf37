"""Payment runs (发放批次), their lines, and the bank accounts money is paid into.

A **PaymentRun** is one program's monthly run for one period and one region prefix (the city
``3305`` or a county ``330502``). Two starts of the same run find one row: (program, period,
region_prefix) is unique in the database. It is computed in batches of enrollments (``cursor``
is the last enrollment id done), so a run whose worker died resumes where it stopped.
Status: computing → computed (待审核) → approved (maker ≠ checker) → exported (bank file made).

A **PaymentLine** is the money for one enrollment and one month. At most one line that has not
failed exists per (enrollment, period): a partial UniqueConstraint, so a second run, a
concurrent run or a resumed run adds nothing. A line the bank returned as failed leaves that
constraint, and the next run re-issues it as a new line (``kind='reissue'``, ``reissue_of``).
``kind='backpay'`` marks a month paid late (the enrollment was recorded after that month's run).
Amounts are Decimal yuan with 2 places and never negative (CheckConstraint); a run's
``total_amount`` is the SUM of its lines, written once the lines are complete, and so are its
``differences`` from the previous month, which the approver reads.

A **BankAccount** is personal data on the person: the account number is stored only encrypted
(AES-GCM, ``core.pii``) with a blind index for exact lookup and a masked form for every page.
A person has at most one active account (the one a run pays into).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from minzheng.core import pii


class BankAccount(models.Model):
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="bank_accounts",
                               verbose_name="开户人")
    region_code = models.CharField("区划代码", max_length=12, db_index=True)
    bank_name = models.CharField("开户银行", max_length=64)
    # The purpose each <name>_cipher/_digest pair is sealed under (core.keys rotates them by it).
    sealed_purposes = {"account": "bank_account"}
    account_cipher = models.TextField("银行账号（密文）")
    account_digest = models.CharField("银行账号索引", max_length=64, db_index=True)
    account_masked = models.CharField("银行账号", max_length=40)
    active = models.BooleanField("在用", default=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+", verbose_name="登记人")
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "银行账户"
        ordering = ["region_code", "id"]
        constraints = [
            models.UniqueConstraint(fields=["person"], condition=Q(active=True), name="bank_account_one_active"),
            models.CheckConstraint(name="bank_account_region_code_12_digits",
                                   condition=Q(region_code__regex=r"^\d{12}$")),
        ]

    def __str__(self) -> str:
        return f"{self.bank_name} {self.account_masked}"

    @property
    def account_number(self) -> str:
        """The clear number. Callers log the reveal (``services.bank_account_reveal``)."""
        return pii.unseal("bank_account", self.account_cipher)

    def set_account_number(self, value: str) -> None:
        sealed = pii.seal("bank_account", value)
        self.account_cipher, self.account_digest, self.account_masked = sealed.cipher, sealed.digest, sealed.masked


class PaymentRun(models.Model):
    class Status(models.TextChoices):
        COMPUTING = "computing", "计算中"
        COMPUTED = "computed", "待审核"
        APPROVED = "approved", "已审核"
        EXPORTED = "exported", "已导出银行文件"

    program = models.ForeignKey("benefits.Program", on_delete=models.PROTECT, related_name="payment_runs",
                                verbose_name="项目")
    period = models.DateField("发放月份", help_text="每月1日")
    region_prefix = models.CharField("发放范围（区划代码前缀）", max_length=12)
    # The prefix padded to 12 digits: the scope helper finds a county's runs by it, and a
    # county officer does not see the city-wide run (330500000000 is outside 330502…).
    region_code = models.CharField("区划代码", max_length=12, db_index=True)
    status = models.CharField("状态", max_length=16, choices=Status.choices, default=Status.COMPUTING)
    cursor = models.BigIntegerField("已计算至待遇编号", default=0)
    batches_total = models.PositiveIntegerField("批次数", default=0)
    batches_done = models.PositiveIntegerField("已完成批次", default=0)
    worker = models.CharField("计算进程", max_length=64, blank=True)
    heartbeat = models.DateTimeField("计算进程心跳", null=True, blank=True)
    line_count = models.PositiveIntegerField("明细笔数", default=0)
    total_amount = models.DecimalField("发放总额", max_digits=16, decimal_places=2, default=0)
    backpay_count = models.PositiveIntegerField("补发笔数", default=0)
    reissue_count = models.PositiveIntegerField("重发笔数", default=0)
    error_message = models.CharField("错误", max_length=200, blank=True)
    task_id = models.CharField("后台任务", max_length=64, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+", verbose_name="制单人")
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    computed_at = models.DateTimeField("计算完成时间", null=True, blank=True)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+", verbose_name="审核人")
    approved_at = models.DateTimeField("审核时间", null=True, blank=True)
    exported_at = models.DateTimeField("导出时间", null=True, blank=True)
    # The differences from last month (selectors.differences_record), written with the totals when
    # the run finishes computing: the preview reads them here rather than join 200,000 lines with
    # last month's on every view. Null while computing the first time, and for runs computed
    # before they were kept (the preview then computes them).
    differences = models.JSONField("与上月的差异", null=True, blank=True, editable=False)

    class Meta:
        verbose_name = verbose_name_plural = "发放批次"
        ordering = ["-period", "region_code", "-id"]
        permissions = [("manage_payments", "可生成发放批次、导出银行文件、导入回盘"),
                       ("approve_payments", "可审核发放批次")]
        constraints = [
            models.UniqueConstraint(fields=["program", "period", "region_prefix"], name="payment_run_one_per_scope"),
            models.CheckConstraint(name="payment_run_total_not_negative", condition=Q(total_amount__gte=0)),
            models.CheckConstraint(name="payment_run_region_prefix_digits",
                                   condition=Q(region_prefix__regex=r"^\d{2,12}$")),
        ]

    def __str__(self) -> str:
        return f"{self.program} {self.period:%Y-%m} {self.region_prefix}"

    @property
    def percent(self) -> int:
        if self.status != self.Status.COMPUTING:
            return 100
        return int(100 * self.batches_done / self.batches_total) if self.batches_total else 0


class PaymentLine(models.Model):
    class Kind(models.TextChoices):
        REGULAR = "regular", "当月"
        BACKPAY = "backpay", "补发"
        REISSUE = "reissue", "重发"

    class Status(models.TextChoices):
        PENDING = "pending", "待发放"
        PAID = "paid", "已到账"
        FAILED = "failed", "发放失败"

    run = models.ForeignKey(PaymentRun, on_delete=models.PROTECT, related_name="lines", verbose_name="发放批次")
    # Indexed by the composite indexes below, not one index each: every index costs a city-wide run.
    # ``program`` and ``payee`` are copies of the enrollment's (its program; the person or the
    # household's head), written only by the run from the enrollment row itself: they carry no
    # database constraint of their own, which would be two more look-ups per line on PostgreSQL.
    program = models.ForeignKey("benefits.Program", on_delete=models.PROTECT, related_name="+", verbose_name="项目",
                                db_index=False, db_constraint=False)
    enrollment = models.ForeignKey("benefits.Enrollment", on_delete=models.PROTECT, related_name="payment_lines",
                                   verbose_name="待遇", db_index=False)
    period = models.DateField("所属月份")
    region_code = models.CharField("区划代码", max_length=12)
    amount = models.DecimalField("金额", max_digits=14, decimal_places=2)
    standard = models.DecimalField("当月标准", max_digits=14, decimal_places=2, null=True, blank=True)
    persons = models.PositiveIntegerField("保障人数", default=1)
    kind = models.CharField("类型", max_length=16, choices=Kind.choices, default=Kind.REGULAR)
    status = models.CharField("状态", max_length=16, choices=Status.choices, default=Status.PENDING)
    payee = models.ForeignKey("people.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                              verbose_name="收款人", db_index=False, db_constraint=False)
    reissue_of = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                                   verbose_name="重发原明细", db_index=False)
    failure_reason = models.CharField("失败原因", max_length=200, blank=True)
    returned_at = models.DateTimeField("回盘时间", null=True, blank=True)
    created_at = models.DateTimeField("生成时间")

    class Meta:
        verbose_name = verbose_name_plural = "发放明细"
        ordering = ["run", "region_code", "id"]
        indexes = [
            models.Index(fields=["region_code", "period"], name="payment_line_region_period"),
            models.Index(fields=["program", "period", "region_code"], name="payment_line_program_period"),
        ]
        constraints = [
            # Also the index every run probes for "already paid" (NOT (status = 'failed') in the SQL,
            # the same predicate, so that SQLite and PostgreSQL both use this partial index).
            models.UniqueConstraint(fields=["enrollment", "period"], condition=~Q(status="failed"),
                                    name="payment_line_one_per_enrollment_period"),
            models.CheckConstraint(name="payment_line_amount_not_negative", condition=Q(amount__gte=0)),
        ]

    def __str__(self) -> str:
        return f"{self.enrollment_id} {self.period:%Y-%m} {self.amount}"
