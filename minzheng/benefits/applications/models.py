"""Applications and their economic checks.

An **Application** asks for one program for one beneficiary, a household or a person (exactly one:
a CheckConstraint), and carries the beneficiary's ``region_code`` for the scope. Its status moves
only through the services in ``applications.services`` (the state machine in
``applications.states``)::

    submitted → economic_check → township_review → public_notice → enrolled (monthly programs)
                                        ↑                 │         approved (one-off programs)
                                        └── objection ────┤
                       township_review / public_notice ───┴──→ refused (reason in writing)

Each transition stamps its time, writes an audit entry ``benefits.application.<verb>`` and appends
a ``TimelineEntry`` (append-only). A beneficiary has at most one open application per program
(partial UniqueConstraints).

Deadlines (working days, ``benefits.workdays``): ``due_on`` is 25 working days after receipt,
``limit_on`` 40; ``decision_due_on`` 10 working days after the notice ends;
``refusal_notice_due_on`` 3 working days after a refusal. They are stored, so the work queues
filter them in SQL.

An **EconomicCheck** (家庭经济状况核对) belongs to one application: the assets, the members
(``CheckMember``, counted or not, with the reason) and their monthly income items
(``IncomeItem``), and the assessment of the program's policy stored beside them (eligibility,
household income, counted members, standard, amount, reasons), with the params it used.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q

from minzheng.benefits.enrollments.models import one_beneficiary
from minzheng.core.models import AppendOnlyModel
from minzheng.people.models import Membership


class Application(models.Model):
    class Channel(models.TextChoices):
        TOWNSHIP = "township", "乡镇受理"
        ONLINE = "online", "网上申请"

    class Status(models.TextChoices):
        SUBMITTED = "submitted", "已受理"
        ECONOMIC_CHECK = "economic_check", "经济状况核对"
        TOWNSHIP_REVIEW = "township_review", "乡镇审核"
        PUBLIC_NOTICE = "public_notice", "公示中"
        ENROLLED = "enrolled", "已批准纳入"
        APPROVED = "approved", "已批准"
        REFUSED = "refused", "不予批准"
        # The applicant (or the last living member of the household) died while it was open.
        CLOSED = "closed", "终止办理"

    OPEN = (Status.SUBMITTED, Status.ECONOMIC_CHECK, Status.TOWNSHIP_REVIEW, Status.PUBLIC_NOTICE)

    program = models.ForeignKey("benefits.Program", on_delete=models.PROTECT, related_name="applications",
                                verbose_name="项目")
    household = models.ForeignKey("people.Household", null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="benefit_applications", verbose_name="家庭户")
    person = models.ForeignKey("people.Person", null=True, blank=True, on_delete=models.PROTECT,
                               related_name="benefit_applications", verbose_name="申请人")
    region_code = models.CharField("区划代码", max_length=12, db_index=True)
    channel = models.CharField("申请渠道", max_length=16, choices=Channel.choices, default=Channel.TOWNSHIP)
    reason = models.TextField("申请理由", blank=True)
    status = models.CharField("状态", max_length=20, choices=Status.choices, default=Status.SUBMITTED)
    submitted_at = models.DateTimeField("受理时间")
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="+", verbose_name="受理人")
    due_on = models.DateField("办结期限", help_text="受理后25个工作日")
    limit_on = models.DateField("最长期限", help_text="受理后40个工作日")
    check_started_at = models.DateTimeField("核对开始时间", null=True, blank=True)
    checked_at = models.DateTimeField("核对完成时间", null=True, blank=True)
    township_opinion = models.TextField("乡镇审核意见", blank=True)
    notice_started_on = models.DateField("公示开始日期", null=True, blank=True)
    notice_ends_on = models.DateField("公示结束日期", null=True, blank=True)
    notice_round = models.PositiveSmallIntegerField("公示次数", default=0)
    decision_due_on = models.DateField("审批期限", null=True, blank=True, help_text="公示期满后10个工作日")
    decided_at = models.DateTimeField("审批时间", null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+", verbose_name="审批人")
    approved_amount = models.DecimalField("核定金额", max_digits=14, decimal_places=2, null=True, blank=True)
    refusal_reason = models.TextField("不予批准理由", blank=True)
    refusal_notice_due_on = models.DateField("不予批准通知期限", null=True, blank=True)
    refusal_notified_at = models.DateTimeField("通知送达时间", null=True, blank=True)
    enrollment = models.OneToOneField("benefits.Enrollment", null=True, blank=True, on_delete=models.PROTECT,
                                      related_name="application", verbose_name="待遇")
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = "救助申请"
        ordering = ["-submitted_at", "-id"]
        permissions = [
            ("handle_application", "可受理、核对、审核与公示救助申请"),
            ("decide_application", "可审批救助申请"),
        ]
        indexes = [
            models.Index(fields=["status", "region_code"], name="application_status_rc"),
            models.Index(fields=["due_on", "region_code"], name="application_due_rc"),
            # The list of a scope, newest first, 50 a page: walked in this order and stopped after
            # a page, instead of joining a county's every application to sort them (16 -> 1 ms
            # of the database's CPU at scale 1.0, on the load test's most opened page).
            models.Index(fields=["-submitted_at", "-id"], name="application_submitted"),
        ]
        constraints = [
            models.CheckConstraint(name="application_one_beneficiary", condition=one_beneficiary()),
            models.UniqueConstraint(
                fields=["program", "household"], name="application_one_open_per_household",
                condition=Q(household__isnull=False,
                            status__in=["submitted", "economic_check", "township_review", "public_notice"])),
            models.UniqueConstraint(
                fields=["program", "person"], name="application_one_open_per_person",
                condition=Q(person__isnull=False,
                            status__in=["submitted", "economic_check", "township_review", "public_notice"])),
            models.CheckConstraint(name="application_refusal_has_reason",
                                   condition=~Q(status="refused") | ~Q(refusal_reason="")),
            models.CheckConstraint(name="application_region_code_12_digits",
                                   condition=Q(region_code__regex=r"^\d{12}$")),
        ]

    def __str__(self) -> str:
        return f"{self.program} · {self.beneficiary}（{self.pk}）"

    @property
    def beneficiary(self) -> object:
        return self.household if self.household_id else self.person

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN


class TimelineEntry(AppendOnlyModel):
    """One step of an application, written once by the service that made it."""

    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="timeline",
                                    verbose_name="申请")
    at = models.DateTimeField("时间")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+",
                              verbose_name="经办人")
    actor_name = models.CharField("经办人账号", max_length=150)
    action = models.CharField("环节", max_length=32)
    from_status = models.CharField("原状态", max_length=20, blank=True)
    to_status = models.CharField("新状态", max_length=20)
    note = models.TextField("意见", blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "申请办理记录"
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.application_id} {self.action}"


class Objection(models.Model):
    """An objection raised during a public notice. Recording it sends the case back to review."""

    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="objections",
                                    verbose_name="申请")
    notice_round = models.PositiveSmallIntegerField("公示次数")
    raised_by = models.CharField("异议人", max_length=50, blank=True, help_text="可匿名")
    content = models.TextField("异议内容")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT,
                                    related_name="+", verbose_name="登记人")
    recorded_at = models.DateTimeField("登记时间")

    class Meta:
        verbose_name = verbose_name_plural = "公示异议"
        ordering = ["recorded_at", "id"]

    def __str__(self) -> str:
        return f"{self.application_id} 第{self.notice_round}次公示异议"


class EconomicCheck(models.Model):
    application = models.OneToOneField(Application, on_delete=models.CASCADE, related_name="economic_check",
                                       verbose_name="申请")
    month = models.DateField("核对月份")
    deposits = models.DecimalField("存款及有价证券（元）", max_digits=14, decimal_places=2, default=Decimal("0.00"))
    vehicles = models.PositiveSmallIntegerField("机动车（辆）", default=0)
    houses = models.PositiveSmallIntegerField("住房（套）", default=0)
    household_income = models.DecimalField("家庭月收入（元）", max_digits=14, decimal_places=2)
    counted_members = models.PositiveSmallIntegerField("共同生活家庭成员（人）")
    standard = models.DecimalField("适用标准（元/月）", max_digits=14, decimal_places=2)
    eligible = models.BooleanField("符合条件")
    monthly_amount = models.DecimalField("核定月金额（元）", max_digits=14, decimal_places=2)
    reasons = models.JSONField("认定说明", default=list)
    params = models.JSONField("所用参数", default=dict)
    review_interval_months = models.PositiveSmallIntegerField("复核周期（月）", default=12)
    checked_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT,
                                   related_name="+", verbose_name="核对人")
    checked_at = models.DateTimeField("核对时间")

    class Meta:
        verbose_name = verbose_name_plural = "家庭经济状况核对"
        constraints = [
            models.CheckConstraint(name="economic_check_not_negative",
                                   condition=Q(deposits__gte=0, household_income__gte=0, monthly_amount__gte=0)),
        ]

    def __str__(self) -> str:
        return f"{self.application_id} 核对"

    @property
    def per_capita_income(self) -> Decimal:
        """Unrounded, as the policy computed it; pages show it to 2 places."""
        return self.household_income / self.counted_members if self.counted_members else Decimal("0.00")


class CheckMember(models.Model):
    # The registry's relationships: a member checked is usually a member registered.
    Relationship = Membership.Relationship

    economic_check = models.ForeignKey(EconomicCheck, on_delete=models.CASCADE, related_name="members",
                              verbose_name="核对")
    person = models.ForeignKey("people.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                               verbose_name="人员")
    name = models.CharField("姓名", max_length=50)
    relationship = models.CharField("与申请人关系", max_length=16, choices=Relationship.choices)
    age = models.PositiveSmallIntegerField("年龄", null=True, blank=True)
    deceased = models.BooleanField("已故", default=False)
    lives_together = models.BooleanField("长期共同生活", default=True)
    dependent = models.BooleanField("不能独立生活或在读", default=False,
                                    help_text="成年子女：不能独立生活，或全日制本科及以下在读")
    work_capable = models.BooleanField("有劳动能力", default=False)
    income_stable = models.BooleanField("收入稳定", default=True)
    counted = models.BooleanField("计入共同生活家庭成员")
    not_counted_reason = models.CharField("不计入原因", max_length=100, blank=True)
    monthly_income = models.DecimalField("月收入合计（元）", max_digits=14, decimal_places=2)

    class Meta:
        verbose_name = verbose_name_plural = "核对家庭成员"
        ordering = ["economic_check_id", "id"]

    def __str__(self) -> str:
        return self.name


class IncomeItem(models.Model):
    class Kind(models.TextChoices):
        WAGE = "wage", "工资性收入"
        BUSINESS = "business", "经营净收入"
        PROPERTY = "property", "财产净收入"
        TRANSFER = "transfer", "转移净收入"

    member = models.ForeignKey(CheckMember, on_delete=models.CASCADE, related_name="income_items",
                               verbose_name="成员")
    kind = models.CharField("收入类别", max_length=16, choices=Kind.choices)
    monthly_amount = models.DecimalField("月均金额（元）", max_digits=14, decimal_places=2)

    class Meta:
        verbose_name = verbose_name_plural = "收入项目"
        constraints = [
            models.CheckConstraint(name="income_item_not_negative", condition=Q(monthly_amount__gte=0)),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.monthly_amount}"
